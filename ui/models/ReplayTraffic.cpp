#include "models/ReplayTraffic.h"

#include <QSettings>

namespace ui {

namespace {
constexpr const char* key = "logs/showReplayTraffic";

QSettings settings()
{
    return QSettings(QStringLiteral("switchboard"), QStringLiteral("console"));
}
} // namespace

bool ReplayTraffic::shown()
{
    return settings().value(QLatin1String(key), false).toBool();
}

void ReplayTraffic::setShown(bool shown)
{
    settings().setValue(QLatin1String(key), shown);
}

} // namespace ui

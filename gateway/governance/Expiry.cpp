#include "governance/Expiry.h"

#include "governance/KeyJson.h"

#include <QDateTime>
#include <QTimeZone>

namespace gateway::governance {

namespace {
// Ten years: a longer key is a key that never expires, which says so with no expiry at all.
constexpr qint64 maxDurationMs = qint64(3653) * 24 * 3600 * 1000;
} // namespace

Result<qint64> parseExpiry(const QString& text, qint64 nowMs)
{
    const QString t = text.trimmed();
    if (t.size() >= 2 && t.size() <= 8) {
        qint64 unitMs = 0;
        switch (t.back().unicode()) {
        case 'm': unitMs = 60'000; break;
        case 'h': unitMs = 3'600'000; break;
        case 'd': unitMs = 86'400'000; break;
        case 'w': unitMs = 7 * 86'400'000LL; break;
        default: break;
        }
        bool digits = unitMs > 0;
        for (qsizetype i = 0; digits && i + 1 < t.size(); ++i)
            digits = t.at(i) >= QLatin1Char('0') && t.at(i) <= QLatin1Char('9');
        if (digits) {
            const qint64 count = t.chopped(1).toLongLong();
            if (count <= 0 || count > maxDurationMs / unitMs)
                return Result<qint64>::failure(
                    QStringLiteral("expiry \"%1\" must be more than nothing and at most ten "
                                   "years from now")
                        .arg(t));
            return nowMs + count * unitMs;
        }
    }
    QDateTime at = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (at.isValid() && at.timeSpec() == Qt::LocalTime)
        at.setTimeZone(QTimeZone::utc());
    if (!at.isValid())
        return Result<qint64>::failure(
            QStringLiteral("expiry \"%1\" is neither a duration such as 30d, 12h, 90m or 2w nor "
                           "an ISO 8601 time such as 2027-01-31T00:00:00Z")
                .arg(t.left(64)));
    const qint64 ms = at.toMSecsSinceEpoch();
    if (ms <= nowMs)
        return Result<qint64>::failure(QStringLiteral("expiry %1 is in the past").arg(isoTime(ms)));
    return ms;
}

} // namespace gateway::governance

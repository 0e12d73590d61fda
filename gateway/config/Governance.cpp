#include "config/Governance.h"

#include <cmath>

namespace gateway::config {

Nanos usdToNanos(double usd)
{
    return Nanos(std::llround(usd * double(nanosPerUsd)));
}

double nanosToUsd(Nanos nanos)
{
    return double(nanos) / double(nanosPerUsd);
}

QString periodName(Period period)
{
    switch (period) {
    case Period::Day: return QStringLiteral("day");
    case Period::Week: return QStringLiteral("week");
    case Period::Month: return QStringLiteral("month");
    case Period::Total: return QStringLiteral("total");
    }
    return {};
}

bool periodFromName(const QString& name, Period* period)
{
    for (Period p : {Period::Day, Period::Week, Period::Month, Period::Total}) {
        if (periodName(p) == name) {
            *period = p;
            return true;
        }
    }
    return false;
}

} // namespace gateway::config

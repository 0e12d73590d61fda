#include "governance/Periods.h"

namespace gateway::governance {

namespace {

constexpr qint64 msPerDay = 86'400'000;

// Floor division: days before 1970 are negative and still start at midnight.
qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", days_from_civil / civil_from_days). No time zone database and no
// allocation: this runs when a period rolls over on the request path.
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = floorDiv(y, 400);
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

void civilFromDays(qint64 z, qint64* year, unsigned* month)
{
    z += 719468;
    const qint64 era = floorDiv(z, 146097);
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = qint64(yoe) + era * 400 + (*month <= 2);
}

} // namespace

PeriodBounds periodBounds(config::Period period, qint64 nowMs)
{
    const qint64 day = floorDiv(nowMs, msPerDay);
    switch (period) {
    case config::Period::Day: return {day * msPerDay, (day + 1) * msPerDay};
    case config::Period::Week: {
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday.
        const qint64 monday = day - ((day % 7 + 7 + 3) % 7);
        return {monday * msPerDay, (monday + 7) * msPerDay};
    }
    case config::Period::Month: {
        qint64 year = 0;
        unsigned month = 0;
        civilFromDays(day, &year, &month);
        const qint64 first = daysFromCivil(year, month, 1);
        const qint64 next =
            month == 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
        return {first * msPerDay, next * msPerDay};
    }
    case config::Period::Total: return {0, 0};
    }
    return {0, 0};
}

} // namespace gateway::governance

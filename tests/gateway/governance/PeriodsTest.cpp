#include "governance/Periods.h"

#include <QDateTime>

#include <gtest/gtest.h>

using gateway::config::Period;
using gateway::governance::periodBounds;

namespace {

qint64 utc(const char* iso)
{
    QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    t.setTimeSpec(Qt::UTC);
    return t.toMSecsSinceEpoch();
}

} // namespace

TEST(Periods, DayRunsFromMidnightToMidnightUtc)
{
    const auto b = periodBounds(Period::Day, utc("2026-11-29T23:59:59.999"));
    EXPECT_EQ(b.startMs, utc("2026-11-29T00:00:00.000"));
    EXPECT_EQ(b.endMs, utc("2026-11-30T00:00:00.000"));
    EXPECT_EQ(periodBounds(Period::Day, utc("2026-11-30T00:00:00.000")).startMs,
              utc("2026-11-30T00:00:00.000"));
}

TEST(Periods, WeekStartsOnMonday)
{
    // 2026-11-29 is a Sunday: the last day of the week that began on Monday the 23rd.
    const auto sunday = periodBounds(Period::Week, utc("2026-11-29T12:00:00.000"));
    EXPECT_EQ(sunday.startMs, utc("2026-11-23T00:00:00.000"));
    EXPECT_EQ(sunday.endMs, utc("2026-11-30T00:00:00.000"));
    const auto monday = periodBounds(Period::Week, utc("2026-11-30T00:00:00.000"));
    EXPECT_EQ(monday.startMs, utc("2026-11-30T00:00:00.000"));
    // 1970-01-01 was a Thursday; its week began on Monday 1969-12-29.
    EXPECT_EQ(periodBounds(Period::Week, 0).startMs, utc("1969-12-29T00:00:00.000"));
}

TEST(Periods, MonthEndsOnTheFirstOfTheNextAcrossYearsAndLeapDays)
{
    const auto december = periodBounds(Period::Month, utc("2026-12-31T23:59:59.999"));
    EXPECT_EQ(december.startMs, utc("2026-12-01T00:00:00.000"));
    EXPECT_EQ(december.endMs, utc("2027-01-01T00:00:00.000"));
    const auto leap = periodBounds(Period::Month, utc("2028-02-29T10:00:00.000"));
    EXPECT_EQ(leap.startMs, utc("2028-02-01T00:00:00.000"));
    EXPECT_EQ(leap.endMs, utc("2028-03-01T00:00:00.000"));
    const auto february = periodBounds(Period::Month, utc("2027-02-28T10:00:00.000"));
    EXPECT_EQ(february.endMs, utc("2027-03-01T00:00:00.000"));
}

TEST(Periods, TotalNeverEnds)
{
    const auto b = periodBounds(Period::Total, utc("2026-11-29T12:00:00.000"));
    EXPECT_EQ(b.startMs, 0);
    EXPECT_EQ(b.endMs, 0);
    EXPECT_TRUE(b.holds(utc("2099-01-01T00:00:00.000")));
}

// When a key expires, as people write it: a duration from now, or an ISO 8601 time.

#include "governance/Expiry.h"

#include <gtest/gtest.h>

using gateway::governance::parseExpiry;

namespace {
// 2026-11-29T12:00:00Z: an anchored "now", never the wall clock.
constexpr qint64 now = 1'795'953'600'000;
constexpr qint64 minute = 60'000;
constexpr qint64 day = 24 * 60 * minute;
} // namespace

TEST(Expiry, DurationsCountFromNow)
{
    EXPECT_EQ(parseExpiry(QStringLiteral("30d"), now).value(), now + 30 * day);
    EXPECT_EQ(parseExpiry(QStringLiteral("12h"), now).value(), now + 12 * 60 * minute);
    EXPECT_EQ(parseExpiry(QStringLiteral("90m"), now).value(), now + 90 * minute);
    EXPECT_EQ(parseExpiry(QStringLiteral("2w"), now).value(), now + 14 * day);
    EXPECT_EQ(parseExpiry(QStringLiteral(" 1d "), now).value(), now + day);
}

TEST(Expiry, IsoTimesAreUtcUnlessTheySayOtherwise)
{
    EXPECT_EQ(parseExpiry(QStringLiteral("2027-01-31T00:00:00Z"), now).value(), 1'801'353'600'000);
    // No offset: UTC, not the zone the gateway runs in.
    EXPECT_EQ(parseExpiry(QStringLiteral("2027-01-31T00:00:00"), now).value(), 1'801'353'600'000);
    EXPECT_EQ(parseExpiry(QStringLiteral("2027-01-31T01:00:00+01:00"), now).value(),
              1'801'353'600'000);
}

TEST(Expiry, RefusesWhatIsNoFutureTime)
{
    for (const char* text : {"", "0d", "-1d", "30", "d", "30y", "30 d", "99999999d", "soon",
                             "2020-01-01T00:00:00Z", "2026-11-29T12:00:00Z", "2027-13-01"}) {
        const gateway::Result<qint64> at = parseExpiry(QString::fromLatin1(text), now);
        EXPECT_FALSE(at.ok()) << text;
        EXPECT_FALSE(at.error().isEmpty());
    }
    EXPECT_TRUE(parseExpiry(QStringLiteral("3652d"), now).ok()); // ten years, just
}

#include "store/Attempts.h"

#include <gtest/gtest.h>

#include <limits>

using namespace gateway::store;

namespace {
std::vector<Attempt> failover()
{
    return {{QStringLiteral("local-vllm"), QStringLiteral("llama3"), 0,
             QStringLiteral("upstream_connect"), 1.25},
            {QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 42}};
}
} // namespace

TEST(Attempts, AreWrittenAsCompactJsonWithEveryKey)
{
    EXPECT_EQ(attemptsToJson(failover()),
              QByteArray("[{\"backend\":\"local-vllm\",\"model\":\"llama3\",\"status\":0,"
                         "\"errorClass\":\"upstream_connect\",\"durationMs\":1.25},"
                         "{\"backend\":\"mock\",\"model\":\"mock-fast\",\"status\":200,"
                         "\"errorClass\":\"\",\"durationMs\":42}]"));
}

TEST(Attempts, NoneAreWrittenAsNothing)
{
    // An empty text is bound as NULL by the log writer.
    EXPECT_TRUE(attemptsToJson({}).isEmpty());
    EXPECT_TRUE(attemptsFromJson(QByteArray()).empty());
}

TEST(Attempts, RoundTrip)
{
    EXPECT_EQ(attemptsFromJson(attemptsToJson(failover())), failover());
    // Names that need escaping, and text beyond ASCII.
    const std::vector<Attempt> odd = {{QStringLiteral("a\"b\\c\nd\x01"),
                                       QStringLiteral("modèle/小"), 503,
                                       QStringLiteral("upstream_5xx"), 0.001}};
    EXPECT_EQ(attemptsFromJson(attemptsToJson(odd)), odd);
}

TEST(Attempts, TextsThatGrowMostWhenEscapedFitTheBufferSizedForThem)
{
    // Every control character grows sixfold (\u0001), the most any character can: a long name
    // of them, next to the largest numbers, must fit the buffer sized before writing.
    const QString controls(500, QChar(0x01));
    const QString wide(300, QChar(0x5c0f)); // three bytes of UTF-8 each
    const std::vector<Attempt> worst(
        maxAttempts, Attempt{controls, wide, std::numeric_limits<int>::min(), controls, 1e300});
    const QByteArray json = attemptsToJson(worst);
    EXPECT_EQ(json.count("\\u0001"), qsizetype(maxAttempts) * 1000);
    // The texts come back whole (the numbers are bounded when read).
    const std::vector<Attempt> back = attemptsFromJson(attemptsToJson({worst.front()}));
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].backend, controls);
    EXPECT_EQ(back[0].model, wide);
    EXPECT_EQ(back[0].errorClass, controls);
}

TEST(Attempts, DurationsThatJsonCannotHoldAreWrittenAsZero)
{
    const std::vector<Attempt> bad = {
        {QStringLiteral("a"), QString(), 0, QString(), std::numeric_limits<double>::quiet_NaN()},
        {QStringLiteral("b"), QString(), 0, QString(), std::numeric_limits<double>::infinity()},
        {QStringLiteral("c"), QString(), 0, QString(), -3}};
    const QByteArray json = attemptsToJson(bad);
    EXPECT_FALSE(json.contains("nan"));
    EXPECT_FALSE(json.contains("inf"));
    const std::vector<Attempt> back = attemptsFromJson(json);
    ASSERT_EQ(back.size(), 3u);
    for (const Attempt& a : back)
        EXPECT_EQ(a.durationMs, 0);
}

TEST(Attempts, DurationsAreWrittenToTheMicrosecondWithoutTrailingZeros)
{
    const auto written = [](double ms) {
        const QByteArray json =
            attemptsToJson({{QStringLiteral("b"), QStringLiteral("m"), 200, QString(), ms}});
        const qsizetype at = json.indexOf("\"durationMs\":") + 13;
        return json.mid(at, json.size() - at - 2);
    };
    EXPECT_EQ(written(0), "0");
    EXPECT_EQ(written(0.0004), "0");
    EXPECT_EQ(written(0.4), "0.4");
    EXPECT_EQ(written(0.05), "0.05");
    EXPECT_EQ(written(1.2345), "1.235");
    EXPECT_EQ(written(12), "12");
    EXPECT_EQ(written(1500.001), "1500.001");
    EXPECT_EQ(written(1e300), "1000000000000");
}

TEST(Attempts, GarbageReadsAsNone)
{
    for (const char* garbage :
         {"", "null", "{}", "42", "\"x\"", "[", "[{\"backend\":\"a\"}", "[1,2]",
          "[{\"backend\":\"a\"},\"b\"]", "not json", "[{\"backend\":\"a\"}] trailing"}) {
        EXPECT_TRUE(attemptsFromJson(QByteArray(garbage)).empty()) << garbage;
    }
    // Longer than the bound: not parsed at all.
    QByteArray huge = "[{\"backend\":\"" + QByteArray(maxAttemptsJsonBytes, 'x') + "\"}]";
    EXPECT_TRUE(attemptsFromJson(huge).empty());
}

TEST(Attempts, KeysOfTheWrongTypeTakeTheirDefaults)
{
    const std::vector<Attempt> a = attemptsFromJson(
        "[{\"backend\":7,\"model\":null,\"status\":\"503\",\"errorClass\":[],\"durationMs\":"
        "\"slow\"},{\"status\":99999,\"durationMs\":-5},{}]");
    ASSERT_EQ(a.size(), 3u);
    EXPECT_EQ(a[0], Attempt{});
    EXPECT_EQ(a[1], Attempt{});
    EXPECT_EQ(a[2], Attempt{});
}

TEST(Attempts, AreBoundedInNumber)
{
    std::vector<Attempt> many(maxAttempts + 10, Attempt{QStringLiteral("b"), QStringLiteral("m"),
                                                        502, QStringLiteral("upstream_5xx"), 1});
    const QByteArray json = attemptsToJson(many);
    EXPECT_EQ(json.count("\"backend\""), maxAttempts);
    EXPECT_EQ(attemptsFromJson(json).size(), size_t(maxAttempts));
    // A hand-made longer array is read up to the bound too.
    QByteArray longer = "[";
    for (int i = 0; i < maxAttempts + 5; ++i)
        longer += (i ? ",{}" : "{}");
    longer += "]";
    EXPECT_EQ(attemptsFromJson(longer).size(), size_t(maxAttempts));
}

TEST(Attempts, OutcomeCountsUpstreamFailuresAndAFallbackThatAnswered)
{
    const Attempt refused{QStringLiteral("local"), QStringLiteral("llama3"), 0,
                          QStringLiteral("upstream_connect"), 1};
    const Attempt overloaded{QStringLiteral("cloud"), QStringLiteral("gpt"), 503,
                             QStringLiteral("upstream_5xx"), 3};
    const Attempt answered{QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 42};
    const Attempt cancelled{QStringLiteral("mock"), QStringLiteral("mock-fast"), 0,
                            QStringLiteral("client_closed"), 5};

    EXPECT_EQ(outcomeOf({}).failedAttempts, 0);
    EXPECT_FALSE(outcomeOf({}).servedByFallback);
    EXPECT_FALSE(outcomeOf({answered}).servedByFallback);

    const AttemptOutcome failedOver = outcomeOf({refused, overloaded, answered});
    EXPECT_EQ(failedOver.failedAttempts, 2);
    EXPECT_TRUE(failedOver.servedByFallback);

    // Every target failed: errors, but nothing served.
    const AttemptOutcome exhausted = outcomeOf({refused, overloaded});
    EXPECT_EQ(exhausted.failedAttempts, 2);
    EXPECT_FALSE(exhausted.servedByFallback);

    // The client went away during the fallback: not the upstream's failure, and not served.
    const AttemptOutcome gone = outcomeOf({refused, cancelled});
    EXPECT_EQ(gone.failedAttempts, 1);
    EXPECT_FALSE(gone.servedByFallback);
}

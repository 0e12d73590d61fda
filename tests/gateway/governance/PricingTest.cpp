#include "governance/Pricing.h"

#include <gtest/gtest.h>

using gateway::api::Usage;
using gateway::config::Pricing;
using gateway::governance::costOf;
using gateway::governance::PriceTable;
using gateway::governance::pricingFor;

namespace {
PriceTable tableOf(const char* json)
{
    auto parsed = PriceTable::parse(QByteArray(json));
    EXPECT_TRUE(parsed.ok()) << qPrintable(parsed.error());
    return parsed.ok() ? parsed.value() : PriceTable();
}

QString parseError(const QByteArray& json)
{
    auto parsed = PriceTable::parse(json);
    return parsed.ok() ? QString() : parsed.error();
}

Usage usage(qint64 prompt, qint64 completion, qint64 cacheRead = 0, qint64 cacheWrite = 0,
            qint64 reasoning = 0)
{
    Usage u;
    u.promptTokens = prompt;
    u.completionTokens = completion;
    u.cacheReadTokens = cacheRead;
    u.cacheWriteTokens = cacheWrite;
    u.reasoningTokens = reasoning;
    return u;
}

Pricing price(double input, double output, double cached = -1, double write = -1,
              double reasoning = -1)
{
    Pricing p;
    p.inputPer1M = input;
    p.outputPer1M = output;
    p.cachedInputPer1M = cached;
    p.cacheWritePer1M = write;
    p.reasoningPer1M = reasoning;
    return p;
}
} // namespace

TEST(PriceTable, ShippedTableParsesAndPricesWellKnownModels)
{
    const PriceTable& shipped = PriceTable::shipped();
    EXPECT_GE(shipped.entries().size(), 20);
    const auto gpt4o = shipped.find(QStringLiteral("gpt-4o"));
    ASSERT_TRUE(gpt4o);
    EXPECT_EQ(gpt4o->inputPer1M, 2.5);
    EXPECT_EQ(gpt4o->cachedInputPer1M, 1.25);
    const auto sonnet =
        shipped.find(QStringLiteral("us.anthropic.claude-sonnet-4-5-20250929-v1:0"));
    ASSERT_TRUE(sonnet);
    // Anthropic: 5-minute cache writes at 1.25x input, cache reads at 0.1x.
    EXPECT_EQ(sonnet->cacheWritePer1M, sonnet->inputPer1M * 1.25);
    EXPECT_DOUBLE_EQ(sonnet->cachedInputPer1M, sonnet->inputPer1M * 0.1);
    // The mock's models are not priced: they cost 0 unless models[].pricing says otherwise.
    EXPECT_FALSE(shipped.find(QStringLiteral("mock-fast")));
    EXPECT_FALSE(shipped.find(QStringLiteral("mock-smart")));
    // Loaded once: the same object on every call.
    EXPECT_EQ(&PriceTable::shipped(), &shipped);
}

TEST(PriceTable, ParseRefusesWhatIsNotAPriceTable)
{
    EXPECT_TRUE(parseError("{").contains(QStringLiteral("not JSON")));
    EXPECT_TRUE(parseError("[]").contains(QStringLiteral("JSON object")));
    EXPECT_TRUE(parseError("{}").contains(QStringLiteral("models")));
    EXPECT_TRUE(parseError(R"({"models": [], "asOf": "x"})").contains(QStringLiteral("models")));
    EXPECT_TRUE(parseError(R"({"models": {}, "extra": 1})").contains(QStringLiteral("extra")));
    EXPECT_TRUE(parseError(R"({"models": {}, "asOf": 2026})").contains(QStringLiteral("asOf")));
    EXPECT_TRUE(parseError(R"({"models": {"m": 3}})").contains(QStringLiteral("\"m\"")));
    EXPECT_TRUE(parseError(R"({"models": {"m": {"inputPer1M": 1}}})")
                    .contains(QStringLiteral("outputPer1M")));
    EXPECT_TRUE(parseError(R"({"models": {"m": {"inputPer1M": -1, "outputPer1M": 1}}})")
                    .contains(QStringLiteral("models.\"m\".inputPer1M")));
    EXPECT_TRUE(parseError(R"({"models": {"m": {"inputPer1M": "1", "outputPer1M": 1}}})")
                    .contains(QStringLiteral("inputPer1M")));
    EXPECT_TRUE(parseError(R"({"models": {"m": {"inputPer1M": 1, "outputPer1M": 1e7}}})")
                    .contains(QStringLiteral("outputPer1M")));
    EXPECT_TRUE(parseError(R"({"models": {"m": {"inputPer1M": 1, "outputPer1M": 1,
                               "cachedInputPer1M": null}}})")
                    .contains(QStringLiteral("cachedInputPer1M")));
    EXPECT_TRUE(parseError(R"({"models": {"m": {"inputPer1M": 1, "outputPer1M": 1, "input": 1}}})")
                    .contains(QStringLiteral("unknown field \"input\"")));
    EXPECT_TRUE(parseError(R"({"models": {"M": {"inputPer1M": 1, "outputPer1M": 1},
                                          "m": {"inputPer1M": 1, "outputPer1M": 1}}})")
                    .contains(QStringLiteral("twice")));
    EXPECT_TRUE(parseError(R"({"models": {"": {"inputPer1M": 1, "outputPer1M": 1}}})")
                    .contains(QStringLiteral("1 to")));
    // Bounded before it is parsed.
    EXPECT_TRUE(parseError(QByteArray(2 << 20, ' ')).contains(QStringLiteral("bytes")));
}

TEST(PriceTable, FindsAModelByItsNameAsProvidersAndRoutersSpellIt)
{
    const PriceTable table = tableOf(R"({"models": {
        "gpt-4o": {"inputPer1M": 2.5, "outputPer1M": 10},
        "gpt-4.1": {"inputPer1M": 2, "outputPer1M": 8},
        "claude-sonnet-4-5": {"inputPer1M": 3, "outputPer1M": 15},
        "claude-3-5-haiku": {"inputPer1M": 0.8, "outputPer1M": 4},
        "gemini-2.5-pro": {"inputPer1M": 1.25, "outputPer1M": 10},
        "gemini-2.0-flash": {"inputPer1M": 0.1, "outputPer1M": 0.4},
        "mistral-large": {"inputPer1M": 2, "outputPer1M": 6}}})");
    const auto inputOf = [&table](const char* model) {
        const auto p = table.find(QString::fromLatin1(model));
        return p ? p->inputPer1M : -1.0;
    };
    EXPECT_EQ(inputOf("gpt-4o"), 2.5);                    // exact
    EXPECT_EQ(inputOf("GPT-4o"), 2.5);                    // names are not case-sensitive
    EXPECT_EQ(inputOf("openai/gpt-4o"), 2.5);             // a router's prefix
    EXPECT_EQ(inputOf("models/gemini-2.5-pro"), 1.25);    // Gemini's resource name
    EXPECT_EQ(inputOf("anthropic.claude-sonnet-4-5"), 3); // Bedrock's vendor prefix
    EXPECT_EQ(inputOf("gpt-4o-2024-08-06"), 2.5);         // OpenAI's dated snapshot
    EXPECT_EQ(inputOf("claude-sonnet-4-5-20250929"), 3);  // Anthropic's dated snapshot
    EXPECT_EQ(inputOf("claude-sonnet-4-5@20250929"), 3);  // Vertex AI's
    EXPECT_EQ(inputOf("mistral-large-latest"), 2);        // -latest
    EXPECT_EQ(inputOf("gemini-2.0-flash-001"), 0.1);      // Gemini's stable version
    EXPECT_EQ(inputOf("anthropic.claude-3-5-haiku-20241022-v1:0"), 0.8);   // Bedrock: both
    EXPECT_EQ(inputOf("us.anthropic.claude-sonnet-4-5-20250929-v1:0"), 3); // and a region
    EXPECT_EQ(inputOf("gpt-4.1"), 2); // a model's own dot stays
    EXPECT_EQ(inputOf("gpt-4.1-2025-04-14"), 2);
    EXPECT_EQ(inputOf("gpt-4o-mini"), -1); // a longer name is another model, never a prefix
    EXPECT_EQ(inputOf("gpt-4"), -1);
    EXPECT_EQ(inputOf(""), -1);
    EXPECT_EQ(inputOf("llama3"), -1);
}

TEST(PriceTable, PricingForTakesTheAliasOverrideThenTheUpstreamModelThenTheAlias)
{
    const PriceTable table = tableOf(R"({"models": {
        "gpt-4o": {"inputPer1M": 2.5, "outputPer1M": 10},
        "smart": {"inputPer1M": 1, "outputPer1M": 2}}})");
    gateway::config::ModelAlias alias;
    alias.alias = QStringLiteral("smart");
    EXPECT_EQ(pricingFor(&alias, QStringLiteral("gpt-4o-2024-08-06"), table)->inputPer1M, 2.5);
    EXPECT_EQ(pricingFor(&alias, QStringLiteral("unknown-model"), table)->inputPer1M, 1);
    alias.pricing = price(7, 9);
    EXPECT_EQ(pricingFor(&alias, QStringLiteral("gpt-4o"), table)->inputPer1M, 7);
    EXPECT_EQ(pricingFor(nullptr, QStringLiteral("gpt-4o"), table)->inputPer1M, 2.5);
    EXPECT_FALSE(pricingFor(nullptr, QStringLiteral("mock-fast"), table));
}

TEST(CostOf, IsExactInNanoDollars)
{
    // $10 per 1M tokens times 1000 tokens is exactly $0.01.
    EXPECT_EQ(costOf(price(10, 0), usage(1000, 0)), 10'000'000);
    EXPECT_EQ(costOf(price(0, 10), usage(0, 1000)), 10'000'000);
    // Prices that are no binary fractions still add up exactly: 0.1 + 0.2 dollars-ish.
    EXPECT_EQ(costOf(price(0.1, 0.2), usage(1'000'000, 1'000'000)), 300'000'000);
    EXPECT_EQ(costOf(price(0.075, 0.3), usage(3, 7)), 2325); // 75 and 300 nanos a token
    // Fractions of a nano-dollar are rounded once, half up, over the whole request.
    EXPECT_EQ(costOf(price(0.0001, 0), usage(4, 0)), 0);      // 0.4 nanos
    EXPECT_EQ(costOf(price(0.0001, 0.0001), usage(3, 2)), 1); // 0.3 + 0.2
    // A hundred requests of $0.01 add up to exactly $1.00.
    gateway::config::Nanos sum = 0;
    for (int i = 0; i < 100; ++i)
        sum += costOf(price(2.5, 10), usage(2000, 500));
    EXPECT_EQ(sum, gateway::config::nanosPerUsd);
    // Huge counts neither overflow nor wrap.
    EXPECT_EQ(costOf(price(1e6, 1e6), usage(std::numeric_limits<qint64>::max(), 1)),
              std::numeric_limits<gateway::config::Nanos>::max());
}

TEST(CostOf, PricesCacheReadsAtTheCachedInputPriceNotTheFullInputRate)
{
    // LiteLLM #11364: 10,000 prompt tokens of which 8,000 were read from OpenAI's cache, on
    // gpt-4o ($2.50 input, $1.25 cached): 2,000 x 2.5 + 8,000 x 1.25 = $0.015, not $0.025.
    const Pricing gpt4o = price(2.5, 10, 1.25);
    EXPECT_EQ(costOf(gpt4o, usage(10'000, 0, 8'000)), 15'000'000);
    // Without a cached price, cache reads cost the input price.
    EXPECT_EQ(costOf(price(2.5, 10), usage(10'000, 0, 8'000)), 25'000'000);
}

TEST(CostOf, PricesEveryPartOnceAtItsOwnPrice)
{
    // Anthropic's Sonnet: $3 input, $3.75 cache write, $0.30 cache read, $15 output; a
    // reasoning price apart for the test ($20).
    const Pricing p = price(3, 15, 0.3, 3.75, 20);
    // 1,000 prompt tokens: 200 read, 300 written, 500 plain; 400 completion: 100 reasoning.
    const gateway::config::Nanos expected = 500 * 3000 + 200 * 300 + 300 * 3750 + 300 * 15000 +
                                            100 * 20000; // nanos per token = $ per 1M x 1000
    EXPECT_EQ(costOf(p, usage(1000, 400, 200, 300, 100)), expected);
    // Cache writes without a price cost the input price; reasoning without one the output's.
    EXPECT_EQ(costOf(price(3, 15), usage(1000, 400, 0, 300, 100)), 1000 * 3000 + 400 * 15000);
    // Parts larger than their whole (a provider's inconsistent report) never go negative.
    EXPECT_EQ(costOf(p, usage(100, 10, 200, 0, 50)), 200 * 300 + 50 * 20000);
    // Unknown counts (-1) cost nothing.
    EXPECT_EQ(costOf(p, Usage()), 0);
}

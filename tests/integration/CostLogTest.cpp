// The cost of a request through the engine lands in its log row and the rollups (issue 12).
#include "support/EngineFixture.h"
#include "support/TestHttp.h"

using namespace testhttp;

namespace {
// mock-fast answers with reported usage; the alias "priced" prices it per models[].pricing.
const QByteArray pricedConfig = R"({
  "schemaVersion": 1,
  "backends": [{ "name": "mock", "type": "mock", "models": [
    { "name": "mock-fast", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 24 }
  ]}],
  "models": [
    { "alias": "priced", "targets": [{ "backend": "mock", "model": "mock-fast" }],
      "pricing": { "inputPer1M": 1000, "outputPer1M": 2000 } },
    { "alias": "free", "targets": [{ "backend": "mock", "model": "mock-fast" }] }
  ]
})";
} // namespace

TEST_F(EngineFixture, ALogRowCarriesTheCostOfItsUsageAtTheAliasPrice)
{
    startEngine(pricedConfig);
    ASSERT_EQ(post(port, "/v1/chat/completions",
                   R"({"model":"priced","messages":[{"role":"user","content":"hello"}]})")
                  .status,
              200);
    ASSERT_EQ(post(port, "/v1/chat/completions",
                   R"({"model":"free","messages":[{"role":"user","content":"hello"}]})")
                  .status,
              200);
    const qint64 prompt = sql(QStringLiteral("SELECT prompt_tokens FROM requests WHERE "
                                             "model = 'priced'"));
    const qint64 completion = sql(QStringLiteral("SELECT completion_tokens FROM requests WHERE "
                                                 "model = 'priced'"));
    ASSERT_GT(prompt, 0);
    ASSERT_GT(completion, 0);
    EXPECT_EQ(sql(QStringLiteral("SELECT usage_estimated FROM requests WHERE model = 'priced'")),
              0);
    // $1000 and $2000 per 1M tokens: a million and two million nano-dollars a token.
    const qint64 expectedNanos = prompt * 1'000'000 + completion * 2'000'000;
    EXPECT_EQ(sql(QStringLiteral("SELECT CAST(ROUND(cost * 1e9) AS INTEGER) FROM requests "
                                 "WHERE model = 'priced'")),
              expectedNanos);
    EXPECT_EQ(sql(QStringLiteral("SELECT CAST(ROUND(SUM(cost) * 1e9) AS INTEGER) FROM "
                                 "usage_rollups WHERE model = 'priced'")),
              expectedNanos);
    // mock-fast is in no price table: the unpriced alias costs nothing.
    EXPECT_EQ(sql(QStringLiteral("SELECT cost = 0 FROM requests WHERE model = 'free'")), 1);
    // The gateway runs open (no key): the governance columns are empty.
    EXPECT_EQ(sql(QStringLiteral("SELECT COUNT(*) FROM requests WHERE key_id IS NULL AND "
                                 "key_name IS NULL AND tenant IS NULL")),
              2);
    EXPECT_EQ(sql(QStringLiteral("SELECT COUNT(*) FROM usage_rollups WHERE tenant = ''")), 2);
}

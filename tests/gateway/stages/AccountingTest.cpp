#include "stages/Accounting.h"

#include "pipeline/RequestContext.h"

#include <gtest/gtest.h>

using gateway::pipeline::RequestContext;
using gateway::stages::account;

namespace {
gateway::config::ModelAlias pricedAlias()
{
    gateway::config::ModelAlias alias;
    alias.alias = QStringLiteral("priced");
    gateway::config::Pricing p;
    p.inputPer1M = 10;
    p.outputPer1M = 20;
    p.cachedInputPer1M = 1;
    alias.pricing = p;
    return alias;
}
} // namespace

TEST(Accounting, PricesTheReportedUsageOnceWithoutEstimating)
{
    const gateway::config::ModelAlias alias = pricedAlias();
    RequestContext ctx;
    ctx.alias = &alias;
    ctx.status = 200;
    ctx.usage.promptTokens = 1000;
    ctx.usage.cacheReadTokens = 500;
    ctx.usage.completionTokens = 100;
    account(ctx);
    EXPECT_TRUE(ctx.accounted);
    EXPECT_FALSE(ctx.usageEstimated);
    EXPECT_EQ(ctx.costNanos, 500 * 10'000 + 500 * 1'000 + 100 * 20'000);
    // Idempotent: a second call (the limits stage, then the record stage) changes nothing,
    // even when the usage changed in between.
    ctx.usage.completionTokens = 5000;
    account(ctx);
    EXPECT_EQ(ctx.costNanos, 500 * 10'000 + 500 * 1'000 + 100 * 20'000);
}

TEST(Accounting, EstimatesUsageTheUpstreamDidNotReportAsRecordDidBefore)
{
    const gateway::config::ModelAlias alias = pricedAlias();
    RequestContext ctx;
    ctx.alias = &alias;
    ctx.status = 200;
    ctx.request.body = QByteArray(400, 'x'); // not parsed: its bytes count, four a token
    ctx.contentChunks = 7;                   // one token a chunk
    account(ctx);
    EXPECT_TRUE(ctx.usageEstimated);
    EXPECT_EQ(ctx.usage.promptTokens, gateway::api::estimateTokens(qint64(400)));
    EXPECT_EQ(ctx.usage.completionTokens, 7);
    EXPECT_EQ(ctx.costNanos, ctx.usage.promptTokens * 10'000 + 7 * 20'000);
}

TEST(Accounting, EstimatesNothingForARequestThatGotNoAnswer)
{
    const gateway::config::ModelAlias alias = pricedAlias();
    RequestContext ctx;
    ctx.alias = &alias;
    ctx.status = 502;
    ctx.request.body = QByteArray(400, 'x');
    account(ctx);
    EXPECT_FALSE(ctx.usageEstimated);
    EXPECT_FALSE(ctx.usage.known());
    EXPECT_EQ(ctx.costNanos, 0);
}

TEST(Accounting, CostsNothingWithoutAPrice)
{
    gateway::config::ModelAlias alias;
    alias.alias = QStringLiteral("fast");
    RequestContext ctx;
    ctx.alias = &alias;
    ctx.upstreamModel = QStringLiteral("mock-fast");
    ctx.status = 200;
    ctx.usage.promptTokens = 1000;
    ctx.usage.completionTokens = 1000;
    account(ctx);
    EXPECT_EQ(ctx.costNanos, 0);
}

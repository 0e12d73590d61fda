#include "stages/Accounting.h"

#include "governance/Pricing.h"
#include "pipeline/RequestContext.h"

namespace gateway::stages {

void account(pipeline::RequestContext& ctx)
{
    if (ctx.accounted)
        return;
    ctx.accounted = true;
    // Where the upstream reported no usage, count (DESIGN.md, step 5): the prompt's text where
    // the canonical form exists already, else the body's size.
    ctx.usageEstimated = !ctx.usage.known() && (ctx.status == 200 || ctx.contentChunks > 0);
    if (ctx.usageEstimated) {
        ctx.usage.promptTokens = ctx.request.hasCanonical()
                                     ? api::estimateTokens(ctx.request.canonical().promptText())
                                     : api::estimateTokens(ctx.request.body.size());
        if (ctx.usage.completionTokens < 0)
            ctx.usage.completionTokens = ctx.contentChunks; // about one token per chunk
    }
    const std::optional<config::Pricing> pricing =
        governance::pricingFor(ctx.alias, ctx.upstreamModel);
    // An unknown count (-1) prices as none.
    ctx.costNanos = pricing ? governance::costOf(*pricing, ctx.usage) : 0;
}

} // namespace gateway::stages

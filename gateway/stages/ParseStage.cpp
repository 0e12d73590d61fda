#include "stages/ParseStage.h"

#include "pipeline/RequestContext.h"

namespace gateway::stages {

ParseStage::ParseStage(state::StageCounters& counters) : m_invalid(counters.counter("invalid")) {}

pipeline::Verdict ParseStage::onRequest(pipeline::RequestContext& ctx) const
{
    api::DialectError error;
    const api::Endpoint endpoint = ctx.request.endpoint;
    if (!ctx.dialect->parse(endpoint, std::move(ctx.request.body), &ctx.request, &error)) {
        m_invalid.fetch_add(1, std::memory_order_relaxed);
        ctx.replyError(error.status, "invalid_request", error.message, nullptr,
                       error.param.isEmpty() ? nullptr : error.param.constData());
        return pipeline::Verdict::Reply;
    }
    api::EncodeOptions options;
    options.traceId = ctx.traceId;
    options.headers = {{QByteArrayLiteral("x-request-id"), ctx.traceId}};
    ctx.encoder = ctx.dialect->encoder(ctx.request, options);
    return pipeline::Verdict::Continue;
}

} // namespace gateway::stages

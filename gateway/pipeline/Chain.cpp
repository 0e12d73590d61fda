#include "pipeline/Chain.h"

#include "pipeline/Runtime.h"

namespace gateway::pipeline {

void RequestContext::replyError(int s, const QByteArray& errorClassName, const QByteArray& body)
{
    replyStatus = s;
    errorClass = errorClassName;
    replyBody = body;
}

void Chain::run(const std::shared_ptr<RequestContext>& ctx)
{
    const auto& stages = ctx->runtime->stages;
    while (ctx->nextStage < stages.size() && !ctx->finished) {
        const Stage& stage = *stages[ctx->nextStage++];
        switch (stage.run(*ctx)) {
        case Verdict::Continue: continue;
        case Verdict::Reply: {
            ctx->status = ctx->replyStatus;
            http::HeaderList headers{{"x-request-id", ctx->traceId}};
            ctx->exchange->respond(ctx->replyStatus, "application/json", ctx->replyBody, headers);
            finish(*ctx);
            return;
        }
        case Verdict::Pause:
            if (!ctx->finished)
                ctx->self = ctx;
            return;
        }
    }
    if (!ctx->finished)
        finish(*ctx);
}

void Chain::resume(RequestContext& ctx)
{
    std::shared_ptr<RequestContext> keep = ctx.shared_from_this();
    ctx.services->retired.push_back(std::move(ctx.self));
    run(keep);
}

void Chain::finish(RequestContext& ctx)
{
    if (ctx.finished)
        return;
    ctx.finished = true;
    ctx.exchange->setAbortHandler({});
    ctx.runtime->recorder->run(ctx);
    // The call that just ended may be on the stack: release it (and the context) later.
    if (ctx.work)
        ctx.services->retired.push_back(std::move(ctx.work));
    if (ctx.self)
        ctx.services->retired.push_back(std::move(ctx.self));
}

} // namespace gateway::pipeline

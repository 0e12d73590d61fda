#include "pipeline/Chain.h"

#include "Clock.h"
#include "metrics/Metrics.h"
#include "pipeline/Runtime.h"

namespace gateway::pipeline {

namespace {
std::atomic<int> aliveContexts{0};
}

RequestContext::RequestContext()
{
    aliveContexts.fetch_add(1, std::memory_order_relaxed);
}

int RequestContext::alive()
{
    return aliveContexts.load(std::memory_order_relaxed);
}

RequestContext::~RequestContext()
{
    aliveContexts.fetch_sub(1, std::memory_order_relaxed);
    if (!finished && services && services->registry)
        services->registry->inFlight().fetch_sub(1, std::memory_order_release);
}

void RequestContext::replyError(int s, const QByteArray& errorClassName, QByteArrayView message,
                                const char* code, const char* param)
{
    replyStatus = s;
    errorClass = errorClassName;
    replyBody = dialect->errorBody(s, message, code, param);
}

bool Chain::admit(RequestContext& ctx)
{
    for (const auto& stage : ctx.runtime->stages) {
        if (stage->onRequestHeaders(ctx) != Verdict::Continue) {
            ctx.status = ctx.replyStatus;
            return false;
        }
    }
    return true;
}

void Chain::run(const std::shared_ptr<RequestContext>& ctx)
{
    const auto& stages = ctx->runtime->stages;
    while (ctx->nextStage < stages.size() && !ctx->finished) {
        const Stage& stage = *stages[ctx->nextStage++];
        switch (stage.onRequest(*ctx)) {
        case Verdict::Continue: continue;
        case Verdict::Reply: sendReply(*ctx); return;
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

void Chain::sendReply(RequestContext& ctx)
{
    ctx.status = ctx.replyStatus;
    ctx.writer->respond(ctx.replyStatus, ctx.dialect->errorContentType(), ctx.replyBody,
                        {{"x-request-id", ctx.traceId}});
    finish(ctx);
}

void Chain::deliver(RequestContext& ctx, api::ResponseEvent& event)
{
    if (ctx.finished)
        return;
    for (const auto& stage : ctx.runtime->stages)
        stage->onResponseEvent(ctx, event);
    using T = api::ResponseEvent::Type;
    switch (event.type) {
    case T::TextDelta:
    case T::ToolCallDelta:
    case T::ReasoningDelta:
        ++ctx.contentChunks;
        if (!ctx.firstTokenNs && ctx.request.stream)
            ctx.firstTokenNs = monotonicNs();
        break;
    case T::Passthrough:
    case T::Start: // may carry the first pass-through payloads
    case T::End:   // may carry the last ones
        ctx.contentChunks += event.contentPayloads;
        if (!ctx.firstTokenNs && !event.payloads.empty())
            ctx.firstTokenNs = monotonicNs();
        break;
    case T::Usage: ctx.usage = event.usage; break;
    default: break;
    }
    if (!event.providerDetail.isEmpty())
        ctx.providerDetail = event.providerDetail;
    ctx.encoder->encode(event, *ctx.writer);
}

void Chain::abandon(RequestContext& ctx, int status, const QByteArray& errorClass)
{
    if (ctx.finished)
        return;
    // Set first: the work's last attempt is recorded with the request's reason.
    ctx.errorClass = errorClass;
    if (ctx.work)
        ctx.work->cancel();
    ctx.status = status;
    finish(ctx);
}

void Chain::interrupt(RequestContext& ctx, int status, const QByteArray& errorClass,
                      QByteArrayView message)
{
    if (ctx.finished)
        return;
    ctx.errorClass = errorClass;
    if (ctx.work)
        ctx.work->cancel(); // no upstream event may follow the error
    if (ctx.encoder) {
        api::ResponseEvent error =
            api::ResponseEvent::error(status, errorClass, message.toByteArray());
        deliver(ctx, error);
    } else if (ctx.writer && !ctx.writer->started()) {
        // Not parsed yet (no encoder): a plain error answer in the dialect's shape.
        ctx.writer->respond(status, ctx.dialect->errorContentType(),
                            ctx.dialect->errorBody(status, message, errorClass.constData()),
                            {{"x-request-id", ctx.traceId}});
    }
    // The status the client got: the error's, or the stream's (its head went out first).
    ctx.status = ctx.responseStatus != 0 ? ctx.responseStatus : status;
    finish(ctx);
}

void Chain::finish(RequestContext& ctx)
{
    if (ctx.finished)
        return;
    ctx.finished = true;
    for (const auto& stage : ctx.runtime->stages)
        stage->onComplete(ctx);
    // Last: once nothing is in flight, every record is in the log writer's queue.
    if (ctx.services->registry)
        ctx.services->registry->inFlight().fetch_sub(1, std::memory_order_release);
    // The call that just ended may be on the stack: release it (and the context) later.
    if (ctx.work)
        ctx.services->retired.push_back(std::move(ctx.work));
    if (ctx.self)
        ctx.services->retired.push_back(std::move(ctx.self));
}

} // namespace gateway::pipeline

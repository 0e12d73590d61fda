#pragma once

#include "pipeline/RequestContext.h"

#include <memory>

namespace gateway::pipeline {

// Runs a context's stages (DESIGN.md, "The request path's shape"): their header hooks at
// admission, their request hooks in order, their response-event hooks on each event before the
// dialect encodes it, and their completion hooks once at the end. The chain is what writes to
// the client; stages never do.
class Chain
{
public:
    // The header hooks, before the body is read. False when a stage refused: the refusal is in
    // ctx.replyStatus / ctx.replyBody (not yet sent).
    static bool admit(RequestContext& ctx);
    // The request hooks, from ctx->nextStage on.
    static void run(const std::shared_ptr<RequestContext>& ctx);
    // Continues after a paused stage.
    static void resume(RequestContext& ctx);
    // Sends a refusal (ctx.replyStatus/replyBody) and finishes.
    static void sendReply(RequestContext& ctx);
    // One response event: the stages' response hooks, then the dialect's encoder, which writes.
    static void deliver(RequestContext& ctx, api::ResponseEvent& event);
    // The client went away (or the gateway closed its connection): the work in progress is
    // cancelled and the request ends with status and errorClass (499 client_closed ...).
    static void abandon(RequestContext& ctx, int status, const QByteArray& errorClass);
    // The gateway stops before the response ended (the drain deadline passed), while the
    // client's connection is still open: the work in progress is cancelled and the client is
    // told, as for an upstream failure, through an error event of the given status: an error
    // response when nothing was sent yet, an SSE error event and a cut stream (no [DONE]) when
    // it was. The request ends with errorClass.
    static void interrupt(RequestContext& ctx, int status, const QByteArray& errorClass,
                          QByteArrayView message);
    // The response is complete, or was abandoned: the completion hooks run once, and the
    // context's work is released on the next turn of the loop.
    static void finish(RequestContext& ctx);
};

} // namespace gateway::pipeline

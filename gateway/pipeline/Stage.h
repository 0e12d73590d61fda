#pragma once

namespace gateway::api {
struct ResponseEvent;
}

namespace gateway::pipeline {

struct RequestContext;

// What a stage decided (the shape of Envoy's filter statuses, envoy/http/filter.h).
enum class Verdict {
    // Go on with the next stage.
    Continue,
    // Stop: the stage has called ctx.replyError(), whose answer the chain sends to the client in
    // the request's dialect; later stages do not run, the completion hooks do.
    Reply,
    // Stop for now: the stage started asynchronous work and will call Chain::resume(ctx) (go on
    // with the next stage) or end the response through the chain later. It must not block the
    // thread meanwhile. (onRequest only.)
    Pause,
};

// One step of the request path: a small class with an immutable configuration, shared by all
// worker threads, so no hook may change the stage, only the context. Its counters live in the
// engine's SharedState (they outlive a reload). Stages never write to the client: the chain
// does. Every hook has a default that does nothing, so a stage overrides only what it needs.
class Stage
{
public:
    virtual ~Stage() = default;
    virtual const char* name() const = 0;

    // The request's headers are complete; its body has not been read (and no 100 Continue was
    // sent). A stage may refuse here (401, 403, 429 ...) before the client uploads anything.
    // Continue or Reply.
    virtual Verdict onRequestHeaders(RequestContext&) const { return Verdict::Continue; }
    // The whole request is parsed (ctx.request).
    virtual Verdict onRequest(RequestContext&) const { return Verdict::Continue; }
    // A response event on its way to the client, before the dialect encodes it. A stage may
    // change it (a guard redacts text) or read it (a cache stores the answer).
    virtual void onResponseEvent(RequestContext&, api::ResponseEvent&) const {}
    // The response is over (complete, failed or abandoned): accounting after the last byte.
    // Runs once per request, in stage order, whatever happened.
    virtual void onComplete(RequestContext&) const {}
};

} // namespace gateway::pipeline

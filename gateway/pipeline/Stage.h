#pragma once

namespace gateway::pipeline {

struct RequestContext;

// What a stage decided (the shape of Envoy's filter statuses, envoy/http/filter.h).
enum class Verdict {
    // Go on with the next stage.
    Continue,
    // Stop: the stage has set ctx.replyStatus and ctx.replyBody, which are sent to the client;
    // later stages do not run, the record stage does.
    Reply,
    // Stop for now: the stage started asynchronous work and will call Chain::resume(ctx) (go on
    // with the next stage) or Chain::finish(ctx) (the response is complete) later. It must not
    // block the thread meanwhile.
    Pause,
};

// One step of the request path. A stage is a small class with an immutable configuration,
// shared by all worker threads: run() must not change the stage, only the context.
class Stage
{
public:
    virtual ~Stage() = default;
    virtual const char* name() const = 0;
    virtual Verdict run(RequestContext& ctx) const = 0;
};

} // namespace gateway::pipeline

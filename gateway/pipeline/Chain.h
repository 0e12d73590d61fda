#pragma once

#include "pipeline/RequestContext.h"

#include <memory>

namespace gateway::pipeline {

// Runs a context's stages in order (DESIGN.md, "Life of a request", step 4).
class Chain
{
public:
    // Starts at ctx->nextStage.
    static void run(const std::shared_ptr<RequestContext>& ctx);
    // Continues after a paused stage.
    static void resume(RequestContext& ctx);
    // The response is complete (or the client went away): run the recorder once and release the
    // context's work on the next turn of the loop.
    static void finish(RequestContext& ctx);
};

} // namespace gateway::pipeline

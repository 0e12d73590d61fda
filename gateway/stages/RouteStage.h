#pragma once

#include "pipeline/Stage.h"

namespace gateway::stages {

// Maps the model alias to its targets, or "backend/model" (when no alias has that name) to one
// backend's model. The first target is tried first; the invoke stage moves
// to the next one when a target fails before any output reached the client.
class RouteStage : public pipeline::Stage
{
public:
    const char* name() const override { return "route"; }
    pipeline::Verdict run(pipeline::RequestContext& ctx) const override;

    // Points ctx at target number index of its alias.
    static void selectTarget(pipeline::RequestContext& ctx, int index);

private:
    static bool routeToBackend(pipeline::RequestContext& ctx);
};

} // namespace gateway::stages

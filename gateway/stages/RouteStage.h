#pragma once

#include "pipeline/Stage.h"
#include "state/SharedState.h"

namespace gateway::stages {

// Makes the request's plan of targets: the alias's targets in order, or the one backend model
// that "backend/model" names (when no alias has that name). The invoke stage asks the plan for
// the next target when one fails before any output reached the client.
class RouteStage : public pipeline::Stage
{
public:
    explicit RouteStage(state::StageCounters& counters);
    const char* name() const override { return "route"; }
    pipeline::Verdict onRequest(pipeline::RequestContext& ctx) const override;

private:
    static bool routeToBackend(pipeline::RequestContext& ctx);
    std::atomic<quint64>& m_modelNotFound;
    std::atomic<quint64>& m_direct;
};

} // namespace gateway::stages

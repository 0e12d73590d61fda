#pragma once

#include "pipeline/Stage.h"
#include "state/SharedState.h"

namespace gateway::stages {

// Reads the body with the request's inbound dialect into ctx.request, or answers 400 the way
// that API does (invalid JSON, a missing model, two model keys ...). Then makes the dialect's
// response encoder.
class ParseStage : public pipeline::Stage
{
public:
    explicit ParseStage(state::StageCounters& counters);
    const char* name() const override { return "parse"; }
    pipeline::Verdict onRequest(pipeline::RequestContext& ctx) const override;

private:
    std::atomic<quint64>& m_invalid;
};

} // namespace gateway::stages

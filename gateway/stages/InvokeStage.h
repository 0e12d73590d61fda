#pragma once

#include "pipeline/Stage.h"
#include "state/SharedState.h"

namespace gateway::stages {

// Calls the planned targets through their provider adapters and hands the answer's events to
// the chain, which encodes them in the client's dialect. An OpenAI-format backend serving an
// OpenAI client relays bytes (pass-through) unless a stage wants events.
//
// A target that fails before the client saw a byte (connection error, timeout, 429 or 5xx) is
// replaced by the plan's next target; every attempt is kept on the context for the log. An
// upstream 401/403 (the backend's own key is wrong) reaches the client as 502
// upstream_auth_error, never as an error about the client's key. A client that goes away
// cancels the upstream call.
class InvokeStage : public pipeline::Stage
{
public:
    explicit InvokeStage(state::StageCounters& counters);
    const char* name() const override { return "invoke"; }
    pipeline::Verdict onRequest(pipeline::RequestContext& ctx) const override;

    struct Counters
    {
        std::atomic<quint64>& failovers;
        std::atomic<quint64>& upstreamAuthErrors;
        std::atomic<quint64>& exhausted; // no target left
    };

private:
    Counters m_counters;
};

} // namespace gateway::stages

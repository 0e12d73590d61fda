#pragma once

#include "pipeline/Stage.h"

namespace gateway::stages {

// Calls the chosen backend through its provider adapter and relays the answer in the inbound
// dialect: JSON, or SSE "data:" events flushed one upstream read at a time and ended with
// "data: [DONE]". Usage comes from the provider (streams always ask for it; the usage-only chunk
// is dropped unless the client asked for it); where none comes, it is counted.
//
// A target that fails before the client saw a byte (connection error, timeout, 429 or 5xx) is
// replaced by the alias's next target. A client that goes away cancels the upstream call.
class InvokeStage : public pipeline::Stage
{
public:
    const char* name() const override { return "invoke"; }
    pipeline::Verdict run(pipeline::RequestContext& ctx) const override;
};

} // namespace gateway::stages

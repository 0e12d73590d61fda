#pragma once

#include "pipeline/Stage.h"

namespace gateway::stages {

// Reads the inbound dialect (OpenAI) into the canonical request, or answers 400 the way OpenAI
// does (invalid JSON, a missing model, a messages that is not a non-empty array ...).
class ParseStage : public pipeline::Stage
{
public:
    const char* name() const override { return "parse"; }
    pipeline::Verdict run(pipeline::RequestContext& ctx) const override;
};

} // namespace gateway::stages

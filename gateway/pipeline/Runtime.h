#pragma once

#include "Result.h"
#include "config/Config.h"
#include "http/BrowserGuard.h"
#include "pipeline/Stage.h"
#include "providers/Provider.h"

#include <QHash>

#include <memory>
#include <vector>

namespace gateway::state {
class SharedState;
}

namespace gateway::pipeline {

class StageRegistry;

// Everything built from one config: an immutable snapshot. A reload builds a new Runtime and
// swaps it in; requests in flight keep the one they started with (DESIGN.md, "Threading").
// What must outlive a reload lives in the SharedState, not here.
struct Runtime
{
    config::Config config;
    QHash<QString, std::shared_ptr<const providers::Provider>> providers; // by backend name
    std::vector<std::unique_ptr<Stage>> stages;                           // in order
    http::BrowserGuard browser; // server.cors and server.allowedHosts

    static Result<std::shared_ptr<const Runtime>>
    build(const config::Config& config, const StageRegistry& stages,
          const providers::ProviderRegistry& providers, state::SharedState& shared);
};

} // namespace gateway::pipeline

#include "pipeline/Runtime.h"

#include "stages/InvokeStage.h"
#include "stages/ParseStage.h"
#include "stages/RecordStage.h"
#include "stages/RouteStage.h"

namespace gateway::pipeline {

Result<std::shared_ptr<const Runtime>> Runtime::build(const config::Config& config)
{
    auto runtime = std::make_shared<Runtime>();
    runtime->config = config;
    for (const config::Backend& backend : config.backends) {
        auto provider = providers::makeProvider(backend);
        if (!provider)
            return Result<std::shared_ptr<const Runtime>>::failure(
                QStringLiteral("backend %1: no adapter for its type").arg(backend.name));
        runtime->providers.insert(backend.name, std::move(provider));
    }
    // The order of the request path (DESIGN.md, step 4). Later issues add authentication,
    // limits, cache, transforms and guards between parse and route.
    runtime->stages.push_back(std::make_unique<stages::ParseStage>());
    runtime->stages.push_back(std::make_unique<stages::RouteStage>());
    runtime->stages.push_back(std::make_unique<stages::InvokeStage>());
    runtime->recorder = std::make_unique<stages::RecordStage>();
    return std::shared_ptr<const Runtime>(std::move(runtime));
}

} // namespace gateway::pipeline

#include "pipeline/Runtime.h"

#include "pipeline/StageRegistry.h"
#include "state/SharedState.h"

namespace gateway::pipeline {

Result<std::shared_ptr<const Runtime>> Runtime::build(const config::Config& config,
                                                      const StageRegistry& stages,
                                                      const providers::ProviderRegistry& providers,
                                                      state::SharedState& shared)
{
    auto runtime = std::make_shared<Runtime>();
    runtime->config = config;
    for (const config::Backend& backend : config.backends) {
        auto provider = providers.make(backend, shared);
        if (!provider)
            return Result<std::shared_ptr<const Runtime>>::failure(
                QStringLiteral("backend %1: no adapter for its type").arg(backend.name));
        runtime->providers.insert(backend.name, std::move(provider));
    }
    runtime->stages = stages.build(config, shared);
    http::BrowserPolicy browser;
    for (const QString& origin : config.server.cors.allowedOrigins)
        browser.allowedOrigins.push_back(origin.toUtf8());
    for (const QString& host : config.server.allowedHosts)
        browser.allowedHosts.push_back(host.toUtf8());
    browser.loopbackListener = http::isLoopbackHost(config.server.host.toUtf8());
    browser.maxAgeSecs = config.server.cors.maxAgeSecs;
    runtime->browser = http::BrowserGuard(std::move(browser));
    return std::shared_ptr<const Runtime>(std::move(runtime));
}

} // namespace gateway::pipeline

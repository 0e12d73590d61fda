#include "Registries.h"

#include "api/anthropic/AnthropicDialect.h"
#include "api/openai/OpenAiDialect.h"
#include "api/responses/ResponsesDialect.h"
#include "providers/anthropic/AnthropicProvider.h"
#include "providers/azure/AzureAddressing.h"
#include "providers/bedrock/BedrockProvider.h"
#include "providers/gemini/GeminiProvider.h"
#include "providers/mock/MockProvider.h"
#include "providers/ollama/OllamaProvider.h"
#include "providers/openai/OpenAiCompatibleProvider.h"
#include "stages/InvokeStage.h"
#include "stages/LimitStage.h"
#include "stages/ParseStage.h"
#include "stages/RecordStage.h"
#include "stages/ResponsesStage.h"
#include "stages/RouteStage.h"

namespace gateway {

namespace {

void addRoutes(api::RouteTable& routes)
{
    using api::Endpoint;
    using api::RouteKind;
    const api::Dialect* openAi = &api::OpenAiDialect::instance();
    routes.setFallbackDialect(openAi);
    // OpenAI's paths, with and without /v1 (clients differ in where their base URL ends).
    for (const char* prefix : {"/v1", ""}) {
        routes.add("POST", QByteArray(prefix) + "/chat/completions",
                   {RouteKind::Api, openAi, Endpoint::ChatCompletions});
        routes.add("POST", QByteArray(prefix) + "/completions",
                   {RouteKind::Api, openAi, Endpoint::Completions});
        routes.add("POST", QByteArray(prefix) + "/embeddings",
                   {RouteKind::Api, openAi, Endpoint::Embeddings});
        routes.add("GET", QByteArray(prefix) + "/models", {RouteKind::ModelList, openAi, {}});
        routes.add("GET", QByteArray(prefix) + "/models/{id}",
                   {RouteKind::ModelRetrieve, openAi, {}});
    }
    // Anthropic's Messages API (clients such as Claude Code add a query, "?beta=true": the
    // table matches the path without it).
    const api::Dialect* anthropic = &api::AnthropicDialect::instance();
    routes.add("POST", "/v1/messages", {RouteKind::Api, anthropic, Endpoint::ChatCompletions});
    routes.add(
        "POST", "/v1/messages/count_tokens",
        {RouteKind::CountTokens, &api::AnthropicDialect::countTokens(), Endpoint::ChatCompletions});
    routes.addClientHeader("anthropic-version", anthropic);
    // OpenAI's Responses API, with and without /v1 too. "{id}" takes the rest of the path:
    // GET .../{id}/input_items is told apart by the responses stage.
    const api::Dialect* responses = &api::ResponsesDialect::instance();
    for (const char* prefix : {"/v1", ""}) {
        const QByteArray path = QByteArray(prefix) + "/responses";
        routes.add("POST", path, {RouteKind::Api, responses, Endpoint::ChatCompletions});
        routes.add("GET", path + "/{id}", {RouteKind::Api, responses, Endpoint::ResponseRetrieve});
        routes.add("DELETE", path + "/{id}", {RouteKind::Api, responses, Endpoint::ResponseDelete});
    }
    routes.add("GET", "/healthz", {RouteKind::Health, openAi, {}});
    routes.add("GET", "/metrics", {RouteKind::Metrics, openAi, {}});
}

template <typename S> pipeline::StageFactory counted()
{
    return [](const pipeline::StageEnvironment& env) { return std::make_unique<S>(env.counters); };
}

void addStages(pipeline::StageRegistry& stages)
{
    // The order of the request path (DESIGN.md, step 4). Authentication, limits, cache,
    // transforms and guards go between parse and route as their issues land.
    stages.add("parse", counted<stages::ParseStage>());
    // Limits, quotas and budgets (after "auth", which names the caller).
    stages.add("limits", [](const pipeline::StageEnvironment& env) {
        return std::make_unique<stages::LimitStage>(env.config, env.counters);
    });
    stages.add("responses", counted<stages::ResponsesStage>());
    stages.add("route", counted<stages::RouteStage>());
    stages.add("invoke", counted<stages::InvokeStage>());
    stages.add("record", [](const pipeline::StageEnvironment&) {
        return std::make_unique<stages::RecordStage>();
    });
}

void addProviders(providers::ProviderRegistry& providers)
{
    using config::BackendType;
    providers.add(BackendType::Mock, [](const config::Backend& b, state::SharedState& shared) {
        return std::make_shared<providers::MockProvider>(b, shared);
    });
    providers.add(BackendType::OpenAiCompatible, [](const config::Backend& b, state::SharedState&) {
        return std::make_shared<providers::OpenAiCompatibleProvider>(b);
    });
    providers.add(BackendType::Gemini, [](const config::Backend& b, state::SharedState&) {
        return std::make_shared<providers::GeminiProvider>(b);
    });
    providers.add(BackendType::Ollama, [](const config::Backend& b, state::SharedState&) {
        return std::make_shared<providers::OllamaProvider>(b);
    });
    // Azure OpenAI: OpenAI's wire format at Azure's addresses; Bedrock: Converse, SigV4-signed.
    providers.add(BackendType::AzureOpenAi, [](const config::Backend& b, state::SharedState&) {
        return std::make_shared<providers::OpenAiCompatibleProvider>(
            b, std::make_shared<providers::azure::AzureAddressing>(b));
    });
    providers.add(BackendType::Bedrock, [](const config::Backend& b, state::SharedState&) {
        return std::make_shared<providers::BedrockProvider>(b);
    });
    providers.add(BackendType::Anthropic, [](const config::Backend& b, state::SharedState&) {
        return std::make_shared<providers::AnthropicProvider>(b);
    });
}

} // namespace

Registries Registries::makeBuiltin()
{
    Registries r;
    addRoutes(r.routes);
    addStages(r.stages);
    addProviders(r.providers);
    return r;
}

const Registries& Registries::builtin()
{
    static const Registries registries = makeBuiltin();
    return registries;
}

} // namespace gateway

#include "providers/ollama/OllamaProvider.h"

#include "providers/RefusedCall.h"
#include "providers/TranslatedCall.h"
#include "providers/ollama/OllamaWire.h"

namespace gateway::providers {

OllamaProvider::OllamaProvider(const config::Backend& backend) : m_endpoint(backend)
{
    if (!backend.apiKey.isEmpty())
        m_authorization = "Bearer " + backend.apiKey;
}

std::unique_ptr<ProviderCall> OllamaProvider::start(const CallRequest& call,
                                                    const CallEnvironment& environment,
                                                    ResponseSink* sink) const
{
    const api::ChatRequest& request = call.request;
    const ollama::RequestBody body = ollama::requestBody(request.canonical(), call.upstreamModel);
    if (!body.error.isEmpty())
        return std::make_unique<RefusedCall>(sink, body.error);
    http::HeaderList headers;
    headers.reserve(2);
    headers.emplace_back("Accept", request.stream ? "application/x-ndjson" : "application/json");
    if (!m_authorization.isEmpty())
        headers.emplace_back("Authorization", m_authorization);
    auto upstreamCall = std::make_unique<TranslatedCall>(
        environment,
        std::make_unique<ollama::OllamaDecoder>(QString::fromLatin1(environment.traceId.left(16))),
        call.upstreamModel, request.stream, sink);
    upstreamCall->send(m_endpoint.origin(), m_endpoint.request("POST", "/api/chat", headers,
                                                               body.body, environment.traceId));
    return upstreamCall;
}

} // namespace gateway::providers

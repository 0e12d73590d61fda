#include "providers/anthropic/AnthropicProvider.h"

#include "providers/RefusedCall.h"
#include "providers/TranslatedCall.h"
#include "providers/anthropic/AnthropicDecoder.h"
#include "providers/anthropic/AnthropicWire.h"

namespace gateway::providers {

namespace {

using api::ResponseEvent;

QByteArray pathAfterBase(const QByteArray& basePath)
{
    return basePath.endsWith("/v1") ? QByteArray("/messages") : QByteArray("/v1/messages");
}

} // namespace

AnthropicProvider::AnthropicProvider(const config::Backend& backend)
    : m_endpoint(backend), m_path(pathAfterBase(backend.basePath)), m_apiKey(backend.apiKey),
      m_version(backend.anthropicVersion.toLatin1())
{}

std::unique_ptr<ProviderCall> AnthropicProvider::start(const CallRequest& call,
                                                       const CallEnvironment& environment,
                                                       ResponseSink* sink) const
{
    const api::ChatRequest& request = call.request;
    const Result<QByteArray> body = anthropic::requestBody(request.canonical(), call.upstreamModel);
    if (!body)
        return std::make_unique<RefusedCall>(sink, body.error());
    http::HeaderList headers;
    headers.reserve(3);
    if (!m_apiKey.isEmpty())
        headers.emplace_back("x-api-key", m_apiKey);
    if (!m_version.isEmpty())
        headers.emplace_back("anthropic-version", m_version);
    headers.emplace_back("Accept", request.stream ? "text/event-stream" : "application/json");
    auto upstreamCall = std::make_unique<TranslatedCall>(
        environment, std::make_unique<anthropic::AnthropicDecoder>(), call.upstreamModel,
        request.stream, sink);
    upstreamCall->send(m_endpoint.origin(), m_endpoint.request("POST", m_path, headers,
                                                               body.value(), environment.traceId));
    return upstreamCall;
}

} // namespace gateway::providers

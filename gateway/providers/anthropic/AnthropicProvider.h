#pragma once

#include "providers/Provider.h"
#include "providers/UpstreamEndpoint.h"

namespace gateway::providers {

// Backends of type "anthropic": Anthropic's Messages API (POST /v1/messages) under a base URL,
// api.anthropic.com by default, or a proxy that speaks it. The canonical request is translated
// into a Messages body (anthropic/AnthropicWire.h), the answer, streamed or whole, back into
// response events (anthropic/AnthropicDecoder.h); TranslatedCall does the HTTP.
//
// Headers ("Messages", "Versions"): x-api-key with the backend's key (when it has one),
// anthropic-version (backend.anthropicVersion: 2023-06-01 unless the config says otherwise;
// not sent when set to ""), and Accept. A request the Messages API cannot serve (n > 1,
// embeddings, a JSON response_format) ends with a 400 Error event without an upstream call.
class AnthropicProvider : public Provider
{
public:
    explicit AnthropicProvider(const config::Backend& backend);

    api::WireFormat wireFormat() const override { return api::WireFormat::Neutral; }
    std::unique_ptr<ProviderCall> start(const CallRequest& call, const CallEnvironment& environment,
                                        ResponseSink* sink) const override;

    // The path after the base URL's: /v1/messages, or /messages when the base URL already
    // ends in /v1 (as OpenAI-style base URLs do).
    const QByteArray& messagesPath() const { return m_path; }

private:
    UpstreamEndpoint m_endpoint;
    QByteArray m_path;
    QByteArray m_apiKey; // never logged
    QByteArray m_version;
};

} // namespace gateway::providers

#pragma once

#include "providers/Provider.h"
#include "providers/UpstreamEndpoint.h"

namespace gateway::providers {

// Ollama's native chat API (backend type "ollama"): POST {baseUrl}/api/chat, answers streamed
// as newline-delimited JSON. The canonical request goes out in Ollama's shape and the answers
// come back as response events (ollama/OllamaWire.h). An apiKey, when set, goes as a bearer
// token (an Ollama behind an authenticating proxy, or ollama.com). Ollama's OpenAI-compatible
// /v1 route is an openai-compatible backend instead.
class OllamaProvider : public Provider
{
public:
    explicit OllamaProvider(const config::Backend& backend);

    api::WireFormat wireFormat() const override { return api::WireFormat::Neutral; }
    std::unique_ptr<ProviderCall> start(const CallRequest& call, const CallEnvironment& environment,
                                        ResponseSink* sink) const override;

private:
    UpstreamEndpoint m_endpoint;
    QByteArray m_authorization; // "Bearer <key>" or empty; never logged
};

} // namespace gateway::providers

#pragma once

#include "providers/Provider.h"
#include "providers/UpstreamEndpoint.h"
#include "providers/openai/OpenAiAddressing.h"

namespace gateway::providers {

// Any server that speaks OpenAI's HTTP API under a base URL: OpenAI, Mistral, Groq, Together,
// vLLM, the llama.cpp server, LM Studio, Ollama's /v1.
//
// For an OpenAI client (pass-through) the body goes upstream as the client sent it, with the
// model rewritten in place and usage requested for streams, and the answer's bytes are relayed
// as they arrive while usage is read on the way. For other clients the body is built from the
// canonical request and the answer is decoded into response events. The config may add
// headers and query parameters to every call and drop fields the server refuses (dropParams).
// Where the calls go and how they are authorised is the addressing policy's (OpenAiAddressing):
// Bearer and the base URL's paths by default; Azure OpenAI has its own (providers/azure/).
class OpenAiCompatibleProvider : public Provider
{
public:
    // addressing: null for OpenAI's (BearerAddressing with the backend's key).
    explicit OpenAiCompatibleProvider(const config::Backend& backend,
                                      std::shared_ptr<const OpenAiAddressing> addressing = nullptr);

    api::WireFormat wireFormat() const override { return api::WireFormat::OpenAi; }
    std::unique_ptr<ProviderCall> start(const CallRequest& call, const CallEnvironment& environment,
                                        ResponseSink* sink) const override;

private:
    // The body without the config's dropParams (a JSON round trip: only for backends that
    // list some).
    QByteArray withoutDroppedParams(const QByteArray& body) const;

    UpstreamEndpoint m_endpoint;
    QStringList m_dropParams;
    std::shared_ptr<const OpenAiAddressing> m_addressing;
};

} // namespace gateway::providers

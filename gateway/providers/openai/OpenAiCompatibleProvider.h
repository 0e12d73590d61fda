#pragma once

#include "providers/Provider.h"
#include "providers/UpstreamEndpoint.h"

namespace gateway::providers {

// Any server that speaks OpenAI's HTTP API under a base URL: OpenAI, Mistral, Groq, Together,
// vLLM, the llama.cpp server, LM Studio, Ollama's /v1.
//
// For an OpenAI client (pass-through) the body goes upstream as the client sent it, with the
// model rewritten in place and usage requested for streams, and the answer's bytes are relayed
// as they arrive while usage is read on the way. For other clients the body is built from the
// canonical request and the answer is decoded into response events. The config may add
// headers and query parameters to every call and drop fields the server refuses (dropParams).
class OpenAiCompatibleProvider : public Provider
{
public:
    explicit OpenAiCompatibleProvider(const config::Backend& backend);

    api::WireFormat wireFormat() const override { return api::WireFormat::OpenAi; }
    std::unique_ptr<ProviderCall> start(const CallRequest& call, const CallEnvironment& environment,
                                        ResponseSink* sink) const override;

private:
    // The body without the config's dropParams (a JSON round trip: only for backends that
    // list some).
    QByteArray withoutDroppedParams(const QByteArray& body) const;

    UpstreamEndpoint m_endpoint;
    QStringList m_dropParams;
    QByteArray m_authorization; // "Bearer <key>" or empty; never logged
};

} // namespace gateway::providers

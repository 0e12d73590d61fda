#pragma once

#include "providers/Provider.h"

namespace gateway::providers {

// Any server that speaks OpenAI's HTTP API under a base URL: OpenAI, Mistral, Groq, Together,
// vLLM, the llama.cpp server, LM Studio, Ollama's /v1. The body is passed through with the
// model rewritten (and usage requested for streams); answers are relayed as they arrive.
class OpenAiCompatibleProvider : public Provider
{
public:
    explicit OpenAiCompatibleProvider(const config::Backend& backend);

    std::unique_ptr<ProviderCall> start(const api::ChatRequest& request,
                                        const QString& upstreamModel,
                                        const CallEnvironment& environment,
                                        ProviderSink* sink) const override;

private:
    upstream::Origin m_origin;
    QByteArray m_basePath;
    QByteArray m_hostHeader;
    QByteArray m_authorization; // "Bearer <key>" or empty; never logged
};

} // namespace gateway::providers

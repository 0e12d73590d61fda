#pragma once

#include "providers/Provider.h"

#include <QHash>

#include <atomic>
#include <memory>

namespace gateway::providers {

// The built-in offline backend. Deterministic (the text depends only on the model, the prompt
// and the request's sequence number per model) and without network. Per model it sets the
// latency to the first token, tokens per second, answer length, stream chunking, embedding
// size, and injected failures (a status for a share of requests, or a reset mid-stream).
//
// Its answers are protocol-neutral events, or, with the backend's format (config::MockFormat),
// bytes in that provider's wire format read back by that provider's decoder (MockWire.h): a
// "mock Anthropic" refuses what the Anthropic adapter refuses, and its answers, failures
// (in Anthropic's error shape) and stream breaks take the path a real Anthropic backend's take.
class MockProvider : public Provider
{
public:
    MockProvider(const config::Backend& backend, state::SharedState& shared);

    // Answers reach the caller as protocol-neutral events, in every format: every inbound
    // dialect encodes them itself.
    api::WireFormat wireFormat() const override { return api::WireFormat::Neutral; }
    std::unique_ptr<ProviderCall> start(const CallRequest& call, const CallEnvironment& environment,
                                        ResponseSink* sink) const override;

    // The SharedState key of a model's request counter.
    static QString sharedKey(const QString& backend, const QString& model);

    // The deterministic answer text of `tokens` words for a prompt (exposed for tests).
    static QStringList answerWords(const QString& model, const QString& prompt, int tokens);

private:
    config::Backend m_backend;
    // Requests seen per model, for deterministic failure injection. Shared by all workers and
    // kept in the engine's SharedState.
    QHash<QString, std::shared_ptr<std::atomic<quint64>>> m_counters;
    std::shared_ptr<std::atomic<quint64>> m_defaultCounter;
};

} // namespace gateway::providers

#pragma once

#include "providers/Provider.h"
#include "providers/UpstreamEndpoint.h"

#include <QSet>

#include <mutex>

namespace gateway::providers {

// Google's Gemini API (backend type "gemini"): POST {baseUrl}/models/{model}:generateContent,
// or :streamGenerateContent?alt=sse for streams, authenticated by the x-goog-api-key header.
// The canonical request goes out as a GenerateContentRequest and the answers come back as
// response events (gemini/GeminiWire.h); a request Gemini cannot take (an image URL it cannot
// fetch, tool arguments that are not an object) is refused with a 400 before any call.
class GeminiProvider : public Provider
{
public:
    explicit GeminiProvider(const config::Backend& backend);

    api::WireFormat wireFormat() const override { return api::WireFormat::Neutral; }
    std::unique_ptr<ProviderCall> start(const CallRequest& call, const CallEnvironment& environment,
                                        ResponseSink* sink) const override;

private:
    // Says once per backend and set of keys which JSON Schema keys Gemini's Schema does not
    // take and were removed (every request would say it again).
    void warnDroppedKeys(const QStringList& keys) const;

    QString m_name;
    UpstreamEndpoint m_endpoint;
    QByteArray m_apiKey; // never logged
    mutable std::mutex m_warnedMutex;
    mutable QSet<QString> m_warned;
};

} // namespace gateway::providers

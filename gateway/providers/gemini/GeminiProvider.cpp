#include "providers/gemini/GeminiProvider.h"

#include "providers/RefusedCall.h"
#include "providers/TranslatedCall.h"
#include "providers/gemini/GeminiWire.h"

namespace gateway::providers {

GeminiProvider::GeminiProvider(const config::Backend& backend)
    : m_name(backend.name), m_endpoint(backend), m_apiKey(backend.apiKey)
{}

void GeminiProvider::warnDroppedKeys(const QStringList& keys) const
{
    const QString joined = keys.join(QLatin1String(", "));
    {
        const std::lock_guard lock(m_warnedMutex);
        if (m_warned.contains(joined))
            return;
        m_warned.insert(joined);
    }
    qWarning("switchboard: backend '%s' (gemini): removed JSON Schema keys that Gemini's Schema "
             "does not take from tool parameters or the response schema: %s",
             qPrintable(m_name), qPrintable(joined));
}

std::unique_ptr<ProviderCall> GeminiProvider::start(const CallRequest& call,
                                                    const CallEnvironment& environment,
                                                    ResponseSink* sink) const
{
    const api::ChatRequest& request = call.request;
    const gemini::RequestBody body = gemini::requestBody(request.canonical());
    if (!body.error.isEmpty())
        return std::make_unique<RefusedCall>(sink, body.error);
    if (!body.droppedSchemaKeys.isEmpty())
        warnDroppedKeys(body.droppedSchemaKeys);
    http::HeaderList headers;
    headers.reserve(2);
    headers.emplace_back("Accept", request.stream ? "text/event-stream" : "application/json");
    if (!m_apiKey.isEmpty())
        headers.emplace_back("x-goog-api-key", m_apiKey);
    auto upstreamCall = std::make_unique<TranslatedCall>(
        environment,
        std::make_unique<gemini::GeminiDecoder>(QString::fromLatin1(environment.traceId.left(16))),
        call.upstreamModel, request.stream, sink);
    upstreamCall->send(m_endpoint.origin(),
                       m_endpoint.request("POST",
                                          gemini::requestPath(call.upstreamModel, request.stream),
                                          headers, body.body, environment.traceId));
    return upstreamCall;
}

} // namespace gateway::providers

#include "providers/anthropic/AnthropicProvider.h"

#include "providers/TranslatedCall.h"
#include "providers/anthropic/AnthropicDecoder.h"
#include "providers/anthropic/AnthropicWire.h"

#include <QTimer>

namespace gateway::providers {

namespace {

using api::ResponseEvent;

// A request the Messages API cannot serve: one 400 Error event, from the event loop (never
// from inside start(), whose caller is not ready for an answer yet), and no upstream call.
class RefusedCall : public ProviderCall
{
public:
    RefusedCall(const QString& reason, ResponseSink* sink) : m_sink(sink)
    {
        m_error = ResponseEvent::error(400, "unsupported_by_backend", reason.toUtf8());
        // The reason travels as the body too: that is what a client's error message quotes
        // for an upstream status.
        m_error.body = m_error.message;
        m_error.contentType = "text/plain; charset=utf-8";
        m_timer.setSingleShot(true);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            ResponseEvent error = m_error;
            m_sink->onEvent(error);
        });
        m_timer.start(0);
    }

    void cancel() override { m_timer.stop(); }

private:
    ResponseSink* m_sink;
    ResponseEvent m_error;
    QTimer m_timer;
};

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
        return std::make_unique<RefusedCall>(body.error(), sink);
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

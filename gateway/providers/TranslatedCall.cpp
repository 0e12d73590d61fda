#include "providers/TranslatedCall.h"

#include <algorithm>

namespace gateway::providers {

using api::ResponseEvent;

namespace {

// An error answer is held whole (it may be replaced by the next target's); real error bodies
// are a few hundred bytes.
constexpr qsizetype maxErrorBodyBytes = 1 << 20;

} // namespace

const char* upstreamErrorCode(upstream::ErrorKind kind)
{
    switch (kind) {
    case upstream::ErrorKind::Connect: return "upstream_connect";
    case upstream::ErrorKind::Tls: return "upstream_tls";
    case upstream::ErrorKind::Timeout: return "upstream_timeout";
    case upstream::ErrorKind::Protocol: return "upstream_protocol";
    case upstream::ErrorKind::TooLarge: return "upstream_too_large";
    case upstream::ErrorKind::Reset: return "upstream_reset";
    case upstream::ErrorKind::Saturated: return "upstream_saturated";
    }
    return "upstream_error";
}

TranslatedCall::TranslatedCall(const CallEnvironment& environment,
                               std::unique_ptr<WireDecoder> decoder, QString model, bool stream,
                               ResponseSink* sink)
    : m_client(environment.client), m_decoder(std::move(decoder)), m_model(std::move(model)),
      m_stream(stream), m_sink(sink), m_bodyReserved(environment.budget)
{}

TranslatedCall::~TranslatedCall()
{
    cancel();
}

void TranslatedCall::send(const upstream::Origin& origin, QByteArray request)
{
    m_id = m_client->send(origin, std::move(request), this);
}

void TranslatedCall::cancel()
{
    if (m_id)
        m_client->cancel(std::exchange(m_id, 0));
    m_sink = &m_nullSink;
}

void TranslatedCall::pauseReading()
{
    if (m_id)
        m_client->pauseReading(m_id);
}

void TranslatedCall::resumeReading()
{
    if (m_id)
        m_client->resumeReading(m_id);
}

void TranslatedCall::onResponseHead(int status, const upstream::HeaderList& headers)
{
    m_status = status;
    for (const auto& [name, value] : headers)
        if (name == "content-type")
            m_contentType = value.toByteArray();
    m_headers = passedOnHeaders(headers);
    // A stream starts with its first content, not with its head: an error the provider reports
    // before any (Anthropic's overloaded_error, a Gemini safety block) or bytes that break the
    // format then reach the client as a clean error status, and the next target can still
    // take over.
    if (m_stream && status >= 200 && status < 300)
        m_streaming = m_startPending = true;
}

void TranslatedCall::onResponseBody(const char* data, size_t length)
{
    if (m_streaming) {
        QString error;
        if (!m_decoder->feed(QByteArrayView(data, qsizetype(length)), m_events, &error))
            fail(upstream::ErrorKind::Protocol, error);
        return;
    }
    const bool success = m_status >= 200 && m_status < 300;
    if (!success && m_body.size() + qsizetype(length) > maxErrorBodyBytes) {
        fail(upstream::ErrorKind::TooLarge,
             QStringLiteral("an upstream answer with status %1 is larger than %2 bytes")
                 .arg(m_status)
                 .arg(maxErrorBodyBytes));
        return;
    }
    m_body.append(data, qsizetype(length));
    m_bodyReserved.resize(m_body.size());
}

void TranslatedCall::onResponseFlush()
{
    if (m_streaming)
        deliver();
}

void TranslatedCall::onResponseComplete()
{
    m_id = 0;
    if (m_streaming) {
        QString error;
        if (!m_decoder->finish(m_events, &error)) {
            if (deliver())
                emitEvent(ResponseEvent::error(0, "upstream_protocol", error.toUtf8()));
            return;
        }
        if (!deliver())
            return;
        // An answer without content (maybe usage only) starts here.
        if (m_startPending && !(emitStart() && deliver()))
            return;
        emitEvent(ResponseEvent::end());
        return;
    }
    if (m_status < 200 || m_status >= 300) {
        ResponseEvent error =
            ResponseEvent::error(m_status, QByteArray(), m_decoder->errorMessage(m_status, m_body));
        error.body = m_body;
        error.contentType = m_contentType;
        error.headers = m_headers;
        // A delay the body gives reaches clients as the header they act on.
        const bool hasRetryAfter =
            std::any_of(m_headers.begin(), m_headers.end(),
                        [](const auto& header) { return header.first == "retry-after"; });
        if (!hasRetryAfter) {
            const QByteArray seconds = m_decoder->retryAfter(m_status, m_body);
            if (!seconds.isEmpty())
                error.headers.emplace_back("retry-after", seconds);
        }
        emitEvent(std::move(error));
        return;
    }
    QString problem;
    if (!m_decoder->decodeWhole(m_body, m_events, &problem)) {
        m_events.clear();
        emitEvent(ResponseEvent::error(0, "upstream_protocol", problem.toUtf8()));
        return;
    }
    // An error the provider reports inside a 200 answer (a safety block) comes before Start.
    if (!m_events.empty() && m_events.front().type == ResponseEvent::Type::Error) {
        emitEvent(std::move(m_events.front()));
        return;
    }
    ResponseEvent start = ResponseEvent::start(m_model, false);
    start.headers = m_headers;
    if (emitEvent(std::move(start)) && deliver())
        emitEvent(ResponseEvent::end());
}

void TranslatedCall::onResponseError(upstream::ErrorKind kind, const QString& message)
{
    m_id = 0;
    m_events.clear();
    emitEvent(ResponseEvent::error(0, upstreamErrorCode(kind), message.toUtf8()));
}

bool TranslatedCall::emitEvent(ResponseEvent event)
{
    m_sink->onEvent(event);
    return m_sink != &m_nullSink;
}

bool TranslatedCall::emitStart()
{
    m_startPending = false;
    ResponseEvent start = ResponseEvent::start(m_model, true);
    start.headers = m_headers;
    return emitEvent(std::move(start));
}

bool TranslatedCall::deliver()
{
    // Usage may come first (Anthropic's message_start): it waits with a pending Start.
    const auto first = std::find_if(m_events.begin(), m_events.end(), [](const auto& e) {
        return e.type != ResponseEvent::Type::Usage;
    });
    if (m_startPending && first == m_events.end())
        return true;
    if (m_startPending && first->type == ResponseEvent::Type::Error) {
        ResponseEvent error = std::move(*first);
        m_events.clear();
        emitEvent(std::move(error));
        cancel();
        return false;
    }
    if (m_events.empty())
        return true;
    // One read's events (and a pending Start) leave in one write: a stream of small deltas is
    // not a system call each. A cancelled call does not end the batch: its sink may be gone,
    // and the connection ends batching at its next request.
    m_sink->batchBegins();
    const bool open = deliverEvents();
    if (open)
        m_sink->batchEnds();
    return open;
}

bool TranslatedCall::deliverEvents()
{
    if (m_startPending && !emitStart())
        return false;
    std::vector<ResponseEvent> events;
    events.swap(m_events);
    for (ResponseEvent& event : events) {
        const bool error = event.type == ResponseEvent::Type::Error;
        if (!emitEvent(std::move(event)))
            return false;
        if (error) {
            // The answer is over for the client; nothing after it may follow.
            cancel();
            return false;
        }
    }
    return true;
}

void TranslatedCall::fail(upstream::ErrorKind kind, const QString& message)
{
    if (const upstream::CallId id = std::exchange(m_id, 0))
        m_client->cancel(id);
    m_events.clear();
    emitEvent(ResponseEvent::error(0, upstreamErrorCode(kind), message.toUtf8()));
    m_sink = &m_nullSink;
}

} // namespace gateway::providers

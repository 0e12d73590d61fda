#include "providers/openai/OpenAiCompatibleProvider.h"

#include "api/openai/OpenAiDialect.h"
#include "http/BufferBudget.h"
#include "http/SseDecoder.h"
#include "providers/TranslatedCall.h"
#include "providers/openai/OpenAiWire.h"
#include "upstream/Client.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstring>

namespace gateway::providers {

namespace {

// Header text every call and answer carry, as shared static data: no allocation per request.
const QByteArray& applicationJson()
{
    static const QByteArray type = QByteArrayLiteral("application/json");
    return type;
}

using api::ResponseEvent;

// A non-200 answer is held whole (it may be replaced by the next target's); real error bodies
// are a few hundred bytes.
constexpr qsizetype maxErrorBodyBytes = 1 << 20;
// A relayed answer keeps this much of its end: OpenAI puts the usage object last.
constexpr qsizetype usageTailBytes = 16 * 1024;
// A relayed answer whose provider facts are read (AnswerObserver) is copied up to this size;
// chat answers are far smaller, and a larger one is relayed without them.
constexpr qsizetype maxObservedBytes = 1 << 20;

// Cheap test before parsing a chunk: once asked, OpenAI sends "usage":null in every chunk and
// an object only in the last one. memmem, not QByteArrayView::indexOf: Qt 6.4 searches with a
// byte-at-a-time rolling hash, 7 % of a worker's time when relaying streams (bench/RESULTS.md).
bool mayCarryUsage(QByteArrayView payload)
{
    static constexpr char key[] = "\"usage\":";
    const void* found = memmem(payload.data(), size_t(payload.size()), key, sizeof key - 1);
    if (!found)
        return false;
    qsizetype at = static_cast<const char*>(found) - payload.data() + qsizetype(sizeof key - 1);
    while (at < payload.size() && payload[at] == ' ')
        ++at;
    return at < payload.size() && payload[at] == '{';
}

class OpenAiCompatibleCall : public ProviderCall, public upstream::ResponseHandler
{
public:
    OpenAiCompatibleCall(upstream::Client* client, const CallRequest& call, ResponseSink* sink,
                         http::BufferBudget* budget, std::unique_ptr<AnswerObserver> observer)
        : m_client(client), m_endpoint(call.request.endpoint), m_stream(call.request.stream),
          m_includeUsage(call.request.includeUsage), m_passthrough(call.passthrough),
          m_model(call.upstreamModel), m_sink(sink), m_bodyReserved(budget),
          m_observer(std::move(observer))
    {}

    ~OpenAiCompatibleCall() override { cancel(); }

    void cancel() override
    {
        if (m_id)
            m_client->cancel(std::exchange(m_id, 0));
        m_sink = &m_nullSink;
    }

    void pauseReading() override
    {
        if (m_id)
            m_client->pauseReading(m_id);
    }

    void resumeReading() override
    {
        if (m_id)
            m_client->resumeReading(m_id);
    }

    void send(const upstream::Origin& origin, QByteArray request)
    {
        m_id = m_client->send(origin, std::move(request), this);
    }

    void onResponseHead(int status, const upstream::HeaderList& headers) override
    {
        m_status = status;
        for (const auto& [name, value] : headers) {
            if (name == "content-type") {
                m_sse = value.startsWith("text/event-stream");
                m_contentType =
                    value == applicationJson() ? applicationJson() : value.toByteArray();
            } else if (name == "content-length") {
                bool ok = false;
                m_contentLength = value.trimmed().toLongLong(&ok);
                if (!ok || m_contentLength < 0)
                    m_contentLength = -1;
            }
        }
        m_headers = passedOnHeaders(headers);
        if (m_stream && m_sse && status == 200) {
            m_streaming = true;
            if (m_passthrough) {
                // Started at the end of this read, with what it brought: the head and the
                // first payloads leave in one write.
                m_startPending = true;
                return;
            }
            ResponseEvent start = ResponseEvent::start(m_model, true);
            start.headers = m_headers;
            emitEvent(std::move(start));
        } else if (m_passthrough && status == 200 && !m_sse) {
            // Relayed as it arrives, with back-pressure, instead of held whole (a 30 MB answer
            // to a client that does not read held 30 MB).
            m_relaying = true;
            emitEvent(ResponseEvent::start(m_model, false));
        }
    }

    void onResponseBody(const char* data, size_t length) override
    {
        if (m_relaying) {
            // Gathered per upstream read and passed on at its end (onResponseFlush), so that
            // an answer that arrives in one read leaves in one write with its head.
            m_pending.append(data, qsizetype(length));
            if (m_observer)
                observeRelayed(data, length);
            return;
        }
        if (!m_streaming) {
            if (m_status != 200 && m_body.size() + qsizetype(length) > maxErrorBodyBytes) {
                fail(upstream::ErrorKind::TooLarge,
                     QStringLiteral("an upstream answer with status %1 is larger than %2 bytes")
                         .arg(m_status)
                         .arg(maxErrorBodyBytes));
                return;
            }
            m_body.append(data, qsizetype(length));
            m_bodyReserved.resize(m_body.size());
            return;
        }
        if (!m_decoder.feed(data, length, m_events))
            fail(upstream::ErrorKind::TooLarge,
                 QStringLiteral("an upstream stream event is larger than 4 MiB"));
    }

    void onResponseFlush() override
    {
        if (m_startPending) {
            startStream();
            return;
        }
        if (m_streaming)
            deliverStream();
        else if (m_relaying && !m_pending.isEmpty())
            relayPiece(false);
    }

    void onResponseComplete() override
    {
        m_id = 0;
        if (m_streaming) {
            m_decoder.finish(m_events);
            if (m_startPending && !startStream())
                return;
            if (m_passthrough) {
                // The last payloads ride on End: they, [DONE] and the end leave in one write.
                ResponseEvent end = ResponseEvent::end();
                if (!relayPayloads(&end) || !emitPendingDetail())
                    return;
                emitEvent(std::move(end));
                return;
            }
            deliverStream();
            if (m_sink == &m_nullSink || !emitPendingDetail())
                return;
            emitEvent(ResponseEvent::end());
            return;
        }
        if (m_relaying) {
            api::Usage usage;
            if (!m_relayStarted) { // the whole answer came in one read: one write
                usage = api::OpenAiDialect::responseUsage(m_pending);
                if (!relayPiece(true))
                    return;
            } else {
                if (!m_pending.isEmpty() && !relayPiece(false))
                    return;
                usage = api::OpenAiDialect::responseUsage(m_tail);
            }
            if (m_observer && !m_observedOverflow)
                m_observer->observeAnswer(m_observed);
            if (usage.known() && !emitUsage(usage))
                return;
            if (!emitPendingDetail())
                return;
            emitEvent(ResponseEvent::end());
            return;
        }
        if (m_status != 200) {
            ResponseEvent error =
                ResponseEvent::error(m_status, QByteArray(), openai::errorMessage(m_body));
            error.body = m_body;
            error.contentType = m_contentType;
            error.headers = m_headers;
            error.bodyInDialect = m_passthrough && openai::isErrorObject(m_body);
            emitEvent(std::move(error));
            return;
        }
        if (m_passthrough) {
            emitEvent(ResponseEvent::start(m_model, false));
            ResponseEvent whole;
            whole.type = ResponseEvent::Type::Passthrough;
            whole.status = 200;
            whole.body = m_body;
            whole.contentType = m_contentType;
            whole.headers = m_headers;
            emitEvent(std::move(whole));
            const api::Usage usage = api::OpenAiDialect::responseUsage(m_body);
            if (m_observer)
                m_observer->observeAnswer(m_body);
            if (usage.known() && !emitUsage(usage))
                return;
            if (!emitPendingDetail())
                return;
            emitEvent(ResponseEvent::end());
            return;
        }
        std::vector<ResponseEvent> events;
        if (!openai::decodeAnswer(m_endpoint, m_body, events)) {
            emitEvent(ResponseEvent::error(0, "upstream_protocol",
                                           "the backend's answer is not a JSON object"));
            return;
        }
        if (m_observer)
            m_observer->observeAnswer(m_body);
        for (ResponseEvent& e : events) {
            if (e.type == ResponseEvent::Type::Start)
                e.headers = m_headers;
            if (e.type == ResponseEvent::Type::End && !emitPendingDetail())
                return;
            attachDetail(e);
            if (!emitEvent(std::move(e)))
                return;
        }
    }

    void onResponseError(upstream::ErrorKind kind, const QString& message) override
    {
        m_id = 0;
        emitEvent(ResponseEvent::error(0, upstreamErrorCode(kind), message.toUtf8()));
    }

private:
    // False once the call was cancelled from inside the sink.
    bool emitEvent(ResponseEvent event)
    {
        m_sink->onEvent(event);
        return m_sink != &m_nullSink;
    }

    bool emitUsage(const api::Usage& usage)
    {
        ResponseEvent event = ResponseEvent::usageEvent(usage);
        attachDetail(event);
        return emitEvent(std::move(event));
    }

    // The observer's facts ride on the next Usage or Finish event (the log row keeps them).
    void attachDetail(ResponseEvent& event)
    {
        if (!m_observer)
            return;
        if (event.type == ResponseEvent::Type::Usage)
            m_lastUsage = event.usage;
        else if (event.type != ResponseEvent::Type::Finish)
            return;
        event.providerDetail = m_observer->takeDetail();
    }

    // Facts that came after the last Usage event (or with no usage at all) go on one more
    // Usage event, with the usage already reported: the last Usage event is the one that
    // counts, so the counts stay as they were. False once cancelled.
    bool emitPendingDetail()
    {
        if (!m_observer)
            return true;
        ResponseEvent event = ResponseEvent::usageEvent(m_lastUsage);
        event.providerDetail = m_observer->takeDetail();
        return event.providerDetail.isEmpty() || emitEvent(std::move(event));
    }

    void observeRelayed(const char* data, size_t length)
    {
        if (m_observedOverflow || m_observed.size() + qsizetype(length) > maxObservedBytes) {
            m_observedOverflow = true;
            m_observed.clear();
            return;
        }
        m_observed.append(data, qsizetype(length));
    }

    // Passes on what the relay gathered: the whole answer (one respond) when it is all here
    // and nothing was passed on yet, else a piece of a flow-controlled body.
    bool relayPiece(bool whole)
    {
        // The end of what was passed on, for the usage object at the end of the answer.
        if (!whole) {
            m_tail.append(m_pending);
            if (m_tail.size() > 2 * usageTailBytes)
                m_tail.remove(0, m_tail.size() - usageTailBytes);
        }
        ResponseEvent piece;
        piece.type = ResponseEvent::Type::Passthrough;
        piece.bodyPiece = !whole;
        piece.status = 200;
        piece.body = std::exchange(m_pending, QByteArray());
        piece.contentType = m_contentType;
        piece.contentLength = m_contentLength;
        piece.headers = m_headers;
        m_relayStarted = true;
        return emitEvent(std::move(piece));
    }

    // The deferred Start of a pass-through stream, with the payloads of the first read.
    bool startStream()
    {
        m_startPending = false;
        ResponseEvent start = ResponseEvent::start(m_model, true);
        start.headers = m_headers;
        if (!relayPayloads(&start))
            return false;
        const bool open = emitEvent(std::move(start)); // its payloads point into m_events
        m_events.clear();
        return open;
    }

    void deliverStream()
    {
        if (m_events.empty())
            return;
        if (m_passthrough)
            relayPayloads();
        else
            decodePayloads();
        m_events.clear();
    }

    // The pass-through fast path: the payloads go to the client as they came, but for the
    // gateway's own [DONE] at the end and the usage-only chunk the client did not ask for. They
    // go out as a Passthrough event, or on `into` (the End event). False once cancelled.
    bool relayPayloads(ResponseEvent* into = nullptr)
    {
        ResponseEvent relay;
        relay.type = ResponseEvent::Type::Passthrough;
        ResponseEvent& target = into ? *into : relay;
        target.payloads.reserve(m_events.size());
        for (const http::SseDecoder::Event& e : m_events) {
            const QByteArrayView payload(e.data);
            if (payload == "[DONE]")
                continue;
            if (m_observer)
                m_observer->observeChunk(payload);
            if (mayCarryUsage(payload)) {
                const api::OpenAiDialect::ChunkInfo info =
                    api::OpenAiDialect::inspectChunk(payload);
                if (info.usage.known() && !emitUsage(info.usage))
                    return false;
                if (info.choicesEmpty && !m_includeUsage)
                    continue;
            } else {
                ++target.contentPayloads;
            }
            target.payloads.push_back(payload);
        }
        if (!into && !relay.payloads.empty())
            return emitEvent(std::move(relay));
        return true;
    }

    void decodePayloads()
    {
        std::vector<ResponseEvent> events;
        for (const http::SseDecoder::Event& e : m_events) {
            if (e.data == "[DONE]")
                continue;
            events.clear();
            if (m_observer)
                m_observer->observeChunk(QByteArrayView(e.data));
            openai::decodeChunk(m_endpoint, QByteArrayView(e.data), events);
            for (ResponseEvent& event : events) {
                const bool error = event.type == ResponseEvent::Type::Error;
                attachDetail(event);
                if (!emitEvent(std::move(event)))
                    return;
                if (error) {
                    // The stream is over for the client; nothing after it may follow.
                    cancel();
                    return;
                }
            }
        }
    }

    void fail(upstream::ErrorKind kind, const QString& message)
    {
        const upstream::CallId id = m_id;
        m_id = 0;
        m_client->cancel(id);
        emitEvent(ResponseEvent::error(0, upstreamErrorCode(kind), message.toUtf8()));
    }

    // Takes the events of a cancelled call that is still unwinding.
    struct NullSink : ResponseSink
    {
        void onEvent(ResponseEvent&) override {}
    };
    NullSink m_nullSink;
    upstream::Client* m_client;
    api::Endpoint m_endpoint;
    bool m_stream;
    bool m_includeUsage;
    bool m_passthrough;
    QString m_model;
    ResponseSink* m_sink;
    upstream::CallId m_id = 0;
    int m_status = 0;
    bool m_sse = false;
    bool m_streaming = false;
    bool m_relaying = false;
    bool m_relayStarted = false;
    bool m_startPending = false; // a pass-through stream's head waits for the end of its read
    qint64 m_contentLength = -1;
    QByteArray m_contentType;
    http::HeaderList m_headers;
    QByteArray m_body;
    http::BufferBudget::Reservation m_bodyReserved; // m_body's share of the process's budget
    QByteArray m_tail;                              // the end of a relayed body, for its usage
    QByteArray m_pending;                           // relayed bytes of the current read
    http::SseDecoder m_decoder;
    std::vector<http::SseDecoder::Event> m_events;
    // Reads provider facts off the answer (Azure's content filter); null for plain OpenAI
    // backends, which then do none of this work.
    std::unique_ptr<AnswerObserver> m_observer;
    api::Usage m_lastUsage; // the last usage reported, for facts that come after it
    QByteArray m_observed;  // a relayed answer, for the observer (bounded)
    bool m_observedOverflow = false;
};

} // namespace

OpenAiCompatibleProvider::OpenAiCompatibleProvider(
    const config::Backend& backend, std::shared_ptr<const OpenAiAddressing> addressing)
    : m_endpoint(backend), m_dropParams(backend.dropParams),
      m_addressing(addressing ? std::move(addressing)
                              : std::make_shared<BearerAddressing>(backend.apiKey))
{}

QByteArray OpenAiCompatibleProvider::withoutDroppedParams(const QByteArray& body) const
{
    QJsonObject root = QJsonDocument::fromJson(body).object();
    for (const QString& field : m_dropParams)
        root.remove(field);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

std::unique_ptr<ProviderCall> OpenAiCompatibleProvider::start(const CallRequest& call,
                                                              const CallEnvironment& environment,
                                                              ResponseSink* sink) const
{
    const api::ChatRequest& request = call.request;
    // An OpenAI body is rewritten in place (the zero-copy relay); any other is built from the
    // canonical request.
    const bool openAiBody =
        request.dialect && request.dialect->wireFormat() == api::WireFormat::OpenAi;
    const QString model = m_addressing->bodyModel(call.upstreamModel);
    QByteArray body = openAiBody ? api::OpenAiDialect::upstreamBody(request, model)
                                 : openai::requestBody(request.canonical(), model);
    if (!m_dropParams.isEmpty())
        body = withoutDroppedParams(body);
    http::HeaderList headers;
    headers.reserve(2);
    static const QByteArray accept = QByteArrayLiteral("Accept");
    static const QByteArray eventStream = QByteArrayLiteral("text/event-stream");
    headers.emplace_back(accept, request.stream ? eventStream : applicationJson());
    m_addressing->appendAuthHeaders(headers);
    auto upstreamCall = std::make_unique<OpenAiCompatibleCall>(
        environment.client, call, sink, environment.budget, m_addressing->observer());
    upstreamCall->send(m_endpoint.origin(),
                       m_endpoint.request("POST",
                                          m_addressing->path(request.endpoint, call.upstreamModel),
                                          headers, body, environment.traceId));
    return upstreamCall;
}

} // namespace gateway::providers

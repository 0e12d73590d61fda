#include "providers/OpenAiCompatibleProvider.h"

#include "api/OpenAiDialect.h"
#include "config/ConfigLoader.h"
#include "http/SseDecoder.h"

namespace gateway::providers {

namespace {

// A non-200 answer is buffered whole (it may be replaced by the next target's); real error
// bodies are a few hundred bytes.
constexpr qsizetype maxBufferedBodyBytes = 1 << 20;
// A relayed answer keeps this much of its end: OpenAI puts the usage object last.
constexpr qsizetype usageTailBytes = 16 * 1024;

class OpenAiCompatibleCall : public ProviderCall, public upstream::ResponseHandler
{
public:
    OpenAiCompatibleCall(upstream::Client* client, bool stream, ProviderSink* sink,
                         http::BufferBudget* budget)
        : m_client(client), m_stream(stream), m_sink(sink), m_bodyReserved(budget)
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
        QByteArray contentType = "application/json";
        qint64 contentLength = -1;
        for (const auto& [name, value] : headers) {
            if (name == "content-type") {
                m_sse = value.startsWith("text/event-stream");
                contentType = value.toByteArray();
            } else if (name == "content-length") {
                bool ok = false;
                contentLength = value.toByteArray().trimmed().toLongLong(&ok);
                if (!ok || contentLength < 0)
                    contentLength = -1;
            }
        }
        if (m_stream && m_sse && status == 200) {
            m_streaming = true;
            m_sink->onStreamStart();
        } else if (status == 200 && !m_sse) {
            // Relayed as it arrives, with back-pressure, instead of held whole (a 30 MB answer
            // to a client that does not read held 30 MB).
            m_relaying = true;
            m_sink->onBodyStart(status, contentType, contentLength);
        }
    }

    void onResponseBody(const char* data, size_t length) override
    {
        if (m_relaying) {
            m_tail.append(data, qsizetype(length));
            if (m_tail.size() > 2 * usageTailBytes)
                m_tail.remove(0, m_tail.size() - usageTailBytes);
            m_sink->onBodyData(data, length);
            return;
        }
        if (!m_streaming) {
            if (m_body.size() + qsizetype(length) > maxBufferedBodyBytes) {
                finishWithFailure(upstream::ErrorKind::TooLarge,
                                  QStringLiteral("an upstream answer with status %1 is larger "
                                                 "than %2 bytes")
                                      .arg(m_status)
                                      .arg(maxBufferedBodyBytes));
                return;
            }
            m_body.append(data, qsizetype(length));
            m_bodyReserved.resize(m_body.size());
            return;
        }
        if (!m_decoder.feed(data, length, m_events))
            finishWithFailure(upstream::ErrorKind::TooLarge,
                              QStringLiteral("an upstream stream event is larger than 4 MiB"));
    }

    void onResponseFlush() override
    {
        if (m_streaming)
            deliver();
    }

    void onResponseComplete() override
    {
        m_id = 0;
        if (m_streaming) {
            m_decoder.finish(m_events);
            deliver();
            m_sink->onStreamEnd();
            return;
        }
        if (m_relaying) {
            m_sink->onBodyEnd(api::OpenAiDialect::responseUsage(m_tail));
            return;
        }
        const api::Usage usage =
            m_status == 200 ? api::OpenAiDialect::responseUsage(m_body) : api::Usage();
        m_sink->onComplete(m_status, m_body, usage);
    }

    void onResponseError(upstream::ErrorKind kind, const QString& message) override
    {
        m_id = 0;
        m_sink->onFailure(kind, message);
    }

private:
    void deliver()
    {
        if (m_events.empty())
            return;
        m_payloads.clear();
        for (const http::SseDecoder::Event& e : m_events)
            m_payloads.emplace_back(e.data);
        m_sink->onStreamEvents(m_payloads);
        m_events.clear();
    }

    void finishWithFailure(upstream::ErrorKind kind, const QString& message)
    {
        const upstream::CallId id = m_id;
        m_id = 0;
        m_client->cancel(id);
        m_sink->onFailure(kind, message);
    }

    // Takes the callbacks of a cancelled call that is still unwinding.
    struct NullSink : ProviderSink
    {
        void onComplete(int, const QByteArray&, const api::Usage&) override {}
        void onStreamStart() override {}
        void onStreamEvents(const std::vector<QByteArrayView>&) override {}
        void onStreamEnd() override {}
        void onBodyStart(int, const QByteArray&, qint64) override {}
        void onBodyData(const char*, size_t) override {}
        void onBodyEnd(const api::Usage&) override {}
        void onFailure(upstream::ErrorKind, const QString&) override {}
    };
    NullSink m_nullSink;
    upstream::Client* m_client;
    bool m_stream;
    ProviderSink* m_sink;
    upstream::CallId m_id = 0;
    int m_status = 0;
    bool m_sse = false;
    bool m_streaming = false;
    bool m_relaying = false;
    QByteArray m_body;
    http::BufferBudget::Reservation m_bodyReserved; // m_body's share of the process's budget
    QByteArray m_tail;                              // the end of a relayed body, for its usage
    http::SseDecoder m_decoder;
    std::vector<http::SseDecoder::Event> m_events;
    std::vector<QByteArrayView> m_payloads;
};

} // namespace

OpenAiCompatibleProvider::OpenAiCompatibleProvider(const config::Backend& backend)
{
    m_origin.tls = backend.tls;
    m_origin.host = backend.host;
    m_origin.port = backend.port;
    m_origin.caFile = backend.caFile;
    m_origin.finish();
    m_basePath = backend.basePath;
    // RFC 9110 7.2: the port is left out when it is the scheme's default.
    const bool defaultPort = backend.port == (backend.tls ? 443 : 80);
    const QString hostPort = config::ConfigLoader::formatListen(backend.host, backend.port);
    m_hostHeader =
        (defaultPort ? hostPort.left(hostPort.lastIndexOf(QLatin1Char(':'))) : hostPort).toLatin1();
    if (!backend.apiKey.isEmpty())
        m_authorization = "Bearer " + backend.apiKey;
}

std::unique_ptr<ProviderCall> OpenAiCompatibleProvider::start(const api::ChatRequest& request,
                                                              const QString& upstreamModel,
                                                              const CallEnvironment& environment,
                                                              ProviderSink* sink) const
{
    const QByteArray body = api::OpenAiDialect::upstreamBody(request, upstreamModel);
    QByteArray head;
    head.reserve(body.size() + 256);
    head += "POST ";
    head += m_basePath;
    head += api::endpointPath(request.endpoint);
    head += " HTTP/1.1\r\nHost: ";
    head += m_hostHeader;
    head += "\r\nContent-Type: application/json\r\nAccept: ";
    head += request.stream ? "text/event-stream" : "application/json";
    if (!m_authorization.isEmpty()) {
        head += "\r\nAuthorization: ";
        head += m_authorization;
    }
    if (!environment.traceId.isEmpty()) {
        head += "\r\nX-Request-Id: ";
        head += environment.traceId;
    }
    head += "\r\nContent-Length: ";
    head += QByteArray::number(body.size());
    head += "\r\n\r\n";
    head += body;
    auto call = std::make_unique<OpenAiCompatibleCall>(environment.client, request.stream, sink,
                                                       environment.budget);
    call->send(m_origin, std::move(head));
    return call;
}

} // namespace gateway::providers

#pragma once

#include "http/BufferBudget.h"
#include "providers/Provider.h"
#include "upstream/Client.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <vector>

namespace gateway::providers {

// A provider's wire format, read back: what an adapter whose answers are not in the client's
// dialect implements (Anthropic, Gemini, Bedrock, Ollama). It turns the answer's bytes into
// response events; TranslatedCall does the HTTP around it.
//
// A decoder emits the answer's content only: deltas, Usage, Finish, and Error for an error
// the provider reports inside a 200 answer (an Anthropic `error` event, a Gemini safety
// block). Start and End come from the call.
class WireDecoder
{
public:
    virtual ~WireDecoder() = default;
    // Bytes of a streamed answer as they arrive, split anywhere (inside a UTF-8 character, a
    // JSON string, a line or a frame). False, with *error for people, on bytes that break the
    // format (the call then ends with a 502).
    virtual bool feed(QByteArrayView bytes, std::vector<api::ResponseEvent>& out,
                      QString* error) = 0;
    // The streamed answer ended. False when it ended inside an event or before the format's
    // own end (a truncated stream).
    virtual bool finish(std::vector<api::ResponseEvent>& out, QString* error) = 0;
    // A whole (non-streamed) successful answer.
    virtual bool decodeWhole(QByteArrayView body, std::vector<api::ResponseEvent>& out,
                             QString* error) = 0;
    // The message of an error answer (status >= 300) in the provider's error shape; empty
    // when the body holds none.
    virtual QByteArray errorMessage(int status, QByteArrayView body) const = 0;
    // Whole seconds to wait before a retry, when the provider says so in its error body rather
    // than in a retry-after header (Google's RetryInfo); empty when it does not.
    virtual QByteArray retryAfter(int status, QByteArrayView body) const
    {
        Q_UNUSED(status);
        Q_UNUSED(body);
        return {};
    }
};

// One upstream call of a translating adapter: sends the request, reads the answer through its
// WireDecoder and hands the events to the sink: Start (with the upstream headers that pass
// on; a stream's when its first content is decoded), the decoder's events, End; or Error. A non-2xx
// answer is held whole (bounded) and becomes one Error event with the upstream's status, so that
// failover and the client's dialect can act on it. Flow control passes through to the upstream
// connection.
class TranslatedCall : public ProviderCall, public upstream::ResponseHandler
{
public:
    TranslatedCall(const CallEnvironment& environment, std::unique_ptr<WireDecoder> decoder,
                   QString model, bool stream, ResponseSink* sink);
    ~TranslatedCall() override;

    void send(const upstream::Origin& origin, QByteArray request);

    void cancel() override;
    void pauseReading() override;
    void resumeReading() override;

    void onResponseHead(int status, const upstream::HeaderList& headers) override;
    void onResponseBody(const char* data, size_t length) override;
    void onResponseFlush() override;
    void onResponseComplete() override;
    void onResponseError(upstream::ErrorKind kind, const QString& message) override;

private:
    bool emitEvent(api::ResponseEvent event); // false once cancelled
    bool deliver();                           // m_events to the sink; false once ended
    bool emitStart();                         // a stream's deferred Start; false once ended
    bool deliverEvents();                     // deliver()'s batch
    void fail(upstream::ErrorKind kind, const QString& message);

    struct NullSink : ResponseSink
    {
        void onEvent(api::ResponseEvent&) override {}
    };
    NullSink m_nullSink;
    upstream::Client* m_client;
    std::unique_ptr<WireDecoder> m_decoder;
    QString m_model;
    bool m_stream;
    ResponseSink* m_sink;
    upstream::CallId m_id = 0;
    int m_status = 0;
    bool m_streaming = false;
    bool m_startPending = false; // a stream whose Start waits for its first content
    QByteArray m_contentType;
    http::HeaderList m_headers;
    QByteArray m_body;
    http::BufferBudget::Reservation m_bodyReserved;
    std::vector<api::ResponseEvent> m_events;
};

// The error code of a failed upstream call (upstream_connect, upstream_timeout ...).
const char* upstreamErrorCode(upstream::ErrorKind kind);

} // namespace gateway::providers

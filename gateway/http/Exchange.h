#pragma once

#include "http/Request.h"

#include <QByteArray>

#include <functional>
#include <memory>

namespace gateway::http {

class BufferBudget;
class Connection;

// Why an exchange ended before its response did (the argument of the abort handler). Only
// ClientClosed is the client's doing (nginx's 499); the others are closes the gateway makes.
enum class AbortReason {
    ClientClosed, // the client closed its side or reset the connection
    SendTimeout,  // the client accepted no byte for server.limits.sendTimeoutMs (stalled)
    OutputLimit,  // pending output passed the hard safety cap (a writer ignored outputBlocked())
    Shutdown,     // the server closed every connection (stop, or drain timeout)
};

const char* abortReasonName(AbortReason reason);

using HeaderList = std::vector<std::pair<QByteArray, QByteArray>>;

// One request and its response on a connection: the seam between the transport and the
// request handler. The handler keeps a shared pointer while it works asynchronously; if the
// connection ends first, it detaches itself, isOpen() turns false, writes are dropped, and the
// abort callback runs once with the reason (so the handler can cancel its upstream call).
//
// Flow control (DESIGN.md, "the request path's shape"): a write never blocks and is never
// refused. The writer asks outputBlocked() after each write; while it is true, the writer stops
// producing (pauses its upstream) and waits for the drained handler. A connection thus holds at
// most server.limits.maxPendingWriteBytes plus the writer's last write.
//
// All methods must be called on the thread of the connection's worker.
class Exchange
{
public:
    Exchange(Connection* connection, Request request, qint64 startedNs);
    ~Exchange();

    const Request& request() const { return m_request; }
    Request& request() { return m_request; }
    // What RequestHandler::admit() returned in Admission::state for this request (may be null).
    const std::shared_ptr<void>& admissionState() const { return m_admissionState; }
    void setAdmissionState(std::shared_ptr<void> state) { m_admissionState = std::move(state); }
    // Takes the admission state out. A handler whose state refers to the exchange must take it:
    // left in place, the two would keep each other alive.
    std::shared_ptr<void> takeAdmissionState() { return std::move(m_admissionState); }
    // Admission::responseHeaders: sent with whatever response this exchange gets.
    void setResponseHeaders(HeaderList headers) { m_responseHeaders = std::move(headers); }
    qint64 startedNs() const { return m_startedNs; }
    bool isOpen() const { return m_connection != nullptr; }
    bool responseStarted() const { return m_started; }

    // A complete response. Extra headers are sent as given. The answer to a HEAD request is
    // the head alone, with the Content-Length the body would have (RFC 9110 9.3.2).
    void respond(int status, const QByteArray& contentType, const QByteArray& body,
                 const HeaderList& extra = {});

    // A response whose body is written piece by piece. contentLength >= 0 is sent as
    // Content-Length and the body must have exactly that many bytes (fewer at endBody() closes
    // the connection, so the client sees a truncated body, never a short one taken as whole;
    // bytes beyond it are dropped). contentLength < 0: chunked transfer coding for HTTP/1.1,
    // close-delimited for 1.0. Each write is sent at once: it is a flush.
    // `first` (may be empty) is the body's first piece, sent with the head in one write.
    void startBody(int status, const QByteArray& contentType, qint64 contentLength,
                   const HeaderList& extra = {}, QByteArrayView first = {});
    void writeBody(const char* data, size_t length);
    void writeBody(const QByteArray& data) { writeBody(data.constData(), size_t(data.size())); }
    // Ends the body; `last` (may be empty) is its final piece, sent with the end in one write.
    void endBody(QByteArrayView last = {});

    // A streamed response of unknown length: startBody(status, contentType, -1, extra).
    void startStream(int status, const QByteArray& contentType, const HeaderList& extra = {})
    {
        startBody(status, contentType, -1, extra);
    }
    void writeStream(const char* data, size_t length) { writeBody(data, length); }
    void writeStream(const QByteArray& data) { writeBody(data); }
    void endStream() { endBody(); }
    // Ends a body abnormally: output already written (an error event, say) is still delivered,
    // then the connection is closed without the terminating chunk, so the client sees a
    // truncated response rather than a clean end. The abort handler is not called (the writer
    // knows why it stopped).
    void abortStream();

    // Bytes written to this exchange that the client's kernel has not accepted yet (0 once the
    // response has ended or the connection closed).
    qsizetype pendingOutputBytes() const;
    // pendingOutputBytes() is over server.limits.maxPendingWriteBytes: stop writing until the
    // drained handler runs. Writes while blocked are still taken (and counted in the process's
    // BufferBudget), up to a hard safety cap far above the bound.
    bool outputBlocked() const;
    // Writes between the two leave together, in one write (Connection::setBatching).
    void beginBatch();
    void endBatch();
    // Called once after outputBlocked() was true, when pending output falls to at most half the
    // bound (or zero). Always from the event loop (the connection's write notifier), never
    // re-entrantly inside a write; the handler may write (and block again) or end the response.
    void setOutputDrainedHandler(std::function<void()> onDrained)
    {
        m_onDrained = std::move(onDrained);
    }

    // Called at most once, when the connection ends before the response did, with the reason.
    // With AbortReason::Shutdown (the server stops, e.g. its drain deadline passed) the
    // connection is still open while the handler runs: it may write a last word (an error
    // response or event) and end the response; the connection closes right after, so what
    // the kernel does not take at once is lost.
    void setAbortHandler(std::function<void(AbortReason)> onAbort)
    {
        m_onAbort = std::move(onAbort);
    }

    // The process-wide budget of buffered response bytes (null when the transport has none, in
    // tests): for a handler that must buffer a body whole to charge it.
    BufferBudget* bufferBudget() const { return m_budget; }

    // Called by the connection.
    void detach(AbortReason reason);
    // Runs the abort handler while the connection is still attached (see setAbortHandler).
    void interrupt(AbortReason reason);
    void outputDrained();
    void setBufferBudget(BufferBudget* budget) { m_budget = budget; }

private:
    void closeIfDraining();
    void appendKeepAlive(QByteArray& head) const;

    Connection* m_connection;
    Request m_request;
    std::shared_ptr<void> m_admissionState;
    HeaderList m_responseHeaders;
    qint64 m_startedNs;
    std::function<void(AbortReason)> m_onAbort;
    std::function<void()> m_onDrained;
    BufferBudget* m_budget = nullptr;
    qint64 m_remaining = -1;   // body bytes still owed under Content-Length; -1: no length
    QByteArray m_chunkScratch; // writeBody()'s chunk framing, kept between chunks
    bool m_started = false;
    bool m_finished = false;
    bool m_chunked = false;
};

// The answer of RequestHandler::admit().
struct Admission
{
    // Set (status != 0): refuse now with this complete response. The body is never handed on:
    // the connection sends the response with "Connection: close", reads and discards what the
    // client still sends (within ConnectionLimits::lingeringBytes and lingeringTimeoutMs, so
    // that the client reads the answer instead of a reset), then closes.
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    HeaderList headers;
    // Handed to handle() through Exchange::admissionState() when the request is accepted.
    std::shared_ptr<void> state;
    // Added to every response the accepted request gets, whoever writes it (CORS headers).
    HeaderList responseHeaders;

    bool refused() const { return status != 0; }
};

// The one interface between the transport and the gateway (qBittorrent's irequesthandler.h in
// spirit). Each worker thread owns one handler, created by the server's factory. Every method
// is called on that worker's thread.
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;

    // Called once per request as soon as its headers are complete: before "100 Continue" is
    // sent (RFC 9110 10.1.1) and before a body byte is read, so that a request that will be
    // refused (authentication, rate limits) costs neither the upload nor the buffer. `head`
    // has the method, target, path, headers and peer, and no body. It must answer at once
    // (no waiting): a refusal is sent as given; an accepted request continues to handle()
    // once its body is complete, carrying Admission::state. The default admits everything.
    virtual Admission admit(const Request& head)
    {
        (void)head;
        return {};
    }

    // A complete request. The handler answers through the exchange, now or later.
    virtual void handle(const std::shared_ptr<Exchange>& exchange) = 0;

    // The transport refused a request itself, before handle() (or admit()) could see it:
    // status and a short machine-readable reason: "bad_request", "bad_encoding",
    // "header_timeout", "body_timeout", "headers_too_large", "body_too_large",
    // "unsupported_encoding", "expectation_failed", "uri_too_long", "https_required",
    // "over_capacity", or one of the strict HTTP/1.1 refusals of RequestParser
    // ("bad_header_name", "obs_fold", "missing_host", "multiple_host", "bad_host", "bad_target",
    // "ambiguous_framing", "unsupported_transfer_coding"). `head` holds what was parsed and the
    // peer; it may be partial (empty method and path). Called before the response is written: it
    // records the rejection (metrics, request log) and returns extra headers for the response
    // (x-request-id). An admission refusal is the handler's own answer and does not come here.
    virtual HeaderList rejected(const Request& head, int status, QByteArrayView reason)
    {
        (void)head;
        (void)status;
        (void)reason;
        return {};
    }

    // The body of such a refusal, in the shape of the API the request was for (`message` is
    // for people). Empty: the server's own error shape (ServerOptions::errorBody).
    virtual QByteArray rejectionBody(const Request& head, int status, const char* message)
    {
        (void)head;
        (void)status;
        (void)message;
        return {};
    }
};

} // namespace gateway::http

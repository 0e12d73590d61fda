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
    qint64 startedNs() const { return m_startedNs; }
    bool isOpen() const { return m_connection != nullptr; }
    bool responseStarted() const { return m_started; }

    // A complete response. Extra headers are sent as given.
    void respond(int status, const QByteArray& contentType, const QByteArray& body,
                 const HeaderList& extra = {});

    // A response whose body is written piece by piece. contentLength >= 0 is sent as
    // Content-Length and the body must have exactly that many bytes (fewer at endBody() closes
    // the connection, so the client sees a truncated body, never a short one taken as whole;
    // bytes beyond it are dropped). contentLength < 0: chunked transfer coding for HTTP/1.1,
    // close-delimited for 1.0. Each write is sent at once: it is a flush.
    void startBody(int status, const QByteArray& contentType, qint64 contentLength,
                   const HeaderList& extra = {});
    void writeBody(const char* data, size_t length);
    void writeBody(const QByteArray& data) { writeBody(data.constData(), size_t(data.size())); }
    void endBody();

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
    // Called once after outputBlocked() was true, when pending output falls to at most half the
    // bound (or zero). Always from the event loop (the connection's write notifier), never
    // re-entrantly inside a write; the handler may write (and block again) or end the response.
    void setOutputDrainedHandler(std::function<void()> onDrained)
    {
        m_onDrained = std::move(onDrained);
    }

    // Called at most once, when the connection ends before the response did, with the reason.
    void setAbortHandler(std::function<void(AbortReason)> onAbort)
    {
        m_onAbort = std::move(onAbort);
    }

    // The process-wide budget of buffered response bytes (null when the transport has none, in
    // tests): for a handler that must buffer a body whole to charge it.
    BufferBudget* bufferBudget() const { return m_budget; }

    // Called by the connection.
    void detach(AbortReason reason);
    void outputDrained();
    void setBufferBudget(BufferBudget* budget) { m_budget = budget; }

private:
    Connection* m_connection;
    Request m_request;
    qint64 m_startedNs;
    std::function<void(AbortReason)> m_onAbort;
    std::function<void()> m_onDrained;
    BufferBudget* m_budget = nullptr;
    qint64 m_remaining = -1; // body bytes still owed under Content-Length; -1: no length
    bool m_started = false;
    bool m_finished = false;
    bool m_chunked = false;
};

// The one interface between the transport and the gateway (qBittorrent's irequesthandler.h in
// spirit). Each worker thread owns one handler, created by the server's factory.
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;
    virtual void handle(const std::shared_ptr<Exchange>& exchange) = 0;
};

} // namespace gateway::http

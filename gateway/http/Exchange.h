#pragma once

#include "http/Request.h"

#include <QByteArray>

#include <functional>
#include <memory>

namespace gateway::http {

class Connection;

using HeaderList = std::vector<std::pair<QByteArray, QByteArray>>;

// One request and its response on a connection: the seam between the transport and the
// request handler. The handler keeps a shared pointer while it works asynchronously; if the
// client goes away first, the connection detaches itself, isOpen() turns false, writes are
// dropped, and the abort callback runs once (so the handler can cancel its upstream call).
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

    // A streamed response (chunked transfer coding for HTTP/1.1, close-delimited for 1.0).
    // Each write is sent at once: it is a flush.
    void startStream(int status, const QByteArray& contentType, const HeaderList& extra = {});
    void writeStream(const char* data, size_t length);
    void writeStream(const QByteArray& data) { writeStream(data.constData(), size_t(data.size())); }
    void endStream();
    // Ends a stream abnormally: the connection is closed without the terminating chunk, so the
    // client sees a truncated response rather than a clean end.
    void abortStream();

    void setAbortHandler(std::function<void()> onAbort) { m_onAbort = std::move(onAbort); }

    // Called by the connection.
    void detach();

private:
    Connection* m_connection;
    Request m_request;
    qint64 m_startedNs;
    std::function<void()> m_onAbort;
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

#pragma once

#include "http/BufferBudget.h"
#include "http/Exchange.h"
#include "http/RequestParser.h"
#include "tls/TlsContext.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_set>

class QTimer;

namespace gateway::http {

class Connection;

struct ConnectionLimits
{
    ParserLimits parser;
    int headerTimeoutMs = 10'000;
    int bodyTimeoutMs = 30'000;
    int idleTimeoutMs = 60'000;
    int maxPipelinedBytes = 1 << 20;
    // Write side (server.limits.*, see config::ServerLimits).
    qint64 maxPendingWriteBytes = 256 * 1024; // back-pressure bound of one response
    int sendTimeoutMs = 60'000;               // no byte accepted for this long: closed
    // After the connection refuses a request whose body may still be arriving (413, 415, an
    // admission refusal ...), it keeps reading and discarding at most this much of the upload,
    // for at most lingeringTimeoutMs, before it closes (nginx's lingering close): closing with
    // unread input sends a TCP reset, and a client still writing its body then sees
    // ECONNRESET instead of the answer. 0 bytes: close at once.
    qint64 lingeringBytes = 16 << 20;
    int lingeringTimeoutMs = 5'000;
};

// Formats an error body for transport-level errors (400, 408, 413, 431 ...). The transport
// knows no LLM API, so the gateway injects the API's error format.
using ErrorBodyFormatter = std::function<QByteArray(int status, const char* message)>;

// One event loop thread that owns a share of the connections. Everything a connection does,
// including the upstream calls its requests make, runs on this thread: no locks on the path.
class Worker : public QObject
{
    Q_OBJECT
public:
    // budget: the process-wide BufferBudget (outlives the worker); may be null in tests.
    Worker(int index, ConnectionLimits limits, ErrorBodyFormatter errorBody, tls::ServerContext tls,
           std::atomic<int>* openConnections, BufferBudget* budget = nullptr);
    ~Worker() override;

    int index() const { return m_index; }
    const ConnectionLimits& limits() const { return m_limits; }
    const ErrorBodyFormatter& errorBody() const { return m_errorBody; }
    // The listener's TLS context, or null when it serves plain HTTP.
    SSL_CTX* tlsContext() const { return m_tls.get(); }
    RequestHandler* handler() const { return m_handler.get(); }
    BufferBudget* bufferBudget() const { return m_budget; }
    void setHandler(std::unique_ptr<RequestHandler> handler) { m_handler = std::move(handler); }

    // Thread-safe: queue the descriptor to this worker's thread.
    void adoptLater(int fd);
    // Thread-safe: a connection over server.limits.maxConnections. On this worker's thread the
    // handler hears of it (RequestHandler::rejected, "over_capacity"); a plain-HTTP client is
    // told 503, a TLS one cannot be before its handshake; then the descriptor is closed.
    void refuseLater(int fd);
    // Thread-safe: connections accepted from now on use this TLS context (a renewed
    // certificate); open ones keep theirs (each SSL holds a reference to its context).
    void setTlsContextLater(tls::ServerContext tls);
    // Thread-safe: begin draining; drained() is emitted when no connection is left.
    void drainLater();
    // Thread-safe: close every connection now and delete the handler.
    void shutdownLater();

    void connectionClosed(Connection* connection);
    // Hands a parsed request to the handler, or answers 503 over_capacity when the process's
    // BufferBudget is exhausted (see BufferBudget; GET and HEAD, the admin reads, still pass so
    // an operator can see why).
    void dispatch(const std::shared_ptr<Exchange>& exchange);

signals:
    // On this worker's thread, once every connection was told to drain: idle ones are closed,
    // the others close after their response in flight, which says "Connection: close".
    void drainStarted();
    void drained();

private:
    void adopt(int fd);
    void refuse(int fd);
    void sweep();
    void checkDrained();

    int m_index;
    ConnectionLimits m_limits;
    ErrorBodyFormatter m_errorBody;
    tls::ServerContext m_tls;
    std::atomic<int>* m_openConnections;
    BufferBudget* m_budget;
    std::unique_ptr<RequestHandler> m_handler;
    std::unordered_set<Connection*> m_connections;
    QTimer* m_sweepTimer = nullptr;
    bool m_draining = false;
};

} // namespace gateway::http

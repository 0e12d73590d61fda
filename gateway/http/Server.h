#pragma once

#include "Result.h"
#include "http/Worker.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QThread;
class QSocketNotifier;

namespace gateway::http {

struct ServerOptions
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 0; // 0 = any free port (tests)
    int workers = 0;  // 0 = number of cores
    int maxConnections = 10'000;
    qint64 maxBufferedResponseBytes = qint64(512) << 20; // see BufferBudget
    ConnectionLimits connection;
    ErrorBodyFormatter errorBody;
    tls::ServerContext tls; // null: plain HTTP
};

// A listener thread that accepts and hands each descriptor to one of N worker threads, round
// robin (DESIGN.md, "Life of a request", step 1). Accepting never happens on the caller's thread.
class Server
{
public:
    using HandlerFactory = std::function<std::unique_ptr<RequestHandler>(Worker& worker)>;

    Server();
    ~Server();

    // Binds, starts the listener and the workers. Each worker gets a handler from the factory,
    // created on the worker's own thread.
    Result<bool> start(const ServerOptions& options, HandlerFactory factory);
    quint16 port() const { return m_port; }
    const QString& host() const { return m_host; } // as bound, whatever a reload says since
    bool isTls() const { return m_tls; }
    // Thread-safe: new connections use this context (see Worker::setTlsContextLater). Only for
    // a listener that serves TLS already.
    void setTlsContext(const tls::ServerContext& tls);
    int openConnections() const { return m_openConnections.load(); }
    // The process-wide budget of buffered response bytes, shared by the workers.
    BufferBudget& bufferBudget() { return m_budget; }
    const BufferBudget& bufferBudget() const { return m_budget; }
    const std::vector<Worker*>& workers() const { return m_workers; }

    // Stops accepting, lets requests in flight finish (at most drainTimeoutMs), then closes
    // everything and joins the threads. Blocks the caller.
    void stop(int drainTimeoutMs);

private:
    class Listener;
    std::unique_ptr<Listener> m_listener;
    std::vector<Worker*> m_workers;
    std::vector<QThread*> m_threads;
    QThread* m_listenerThread = nullptr;
    std::atomic<int> m_openConnections{0};
    BufferBudget m_budget;
    quint16 m_port = 0;
    QString m_host;
    bool m_tls = false;
};

} // namespace gateway::http

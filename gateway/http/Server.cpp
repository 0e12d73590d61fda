#include "http/Server.h"

#include "eventloop/EpollEventDispatcher.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QMetaObject>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gateway::http {

// Accepts on its own thread and deals descriptors out to the workers.
class Server::Listener : public QObject
{
public:
    Listener(int fd, std::vector<Worker*> workers, int maxConnections, std::atomic<int>* open)
        : m_fd(fd), m_workers(std::move(workers)), m_maxConnections(maxConnections), m_open(open)
    {}

    // Runs on the listener thread.
    void begin()
    {
        m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
        QObject::connect(m_notifier, &QSocketNotifier::activated, this, [this] { acceptAll(); });
    }

    void end()
    {
        delete m_notifier;
        m_notifier = nullptr;
        ::close(m_fd);
        m_fd = -1;
    }

private:
    void acceptAll()
    {
        for (;;) {
            const int fd = accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EMFILE || errno == ENFILE) {
                    // Out of descriptors: pause accepting briefly instead of spinning.
                    m_notifier->setEnabled(false);
                    QTimer::singleShot(100, this, [this] {
                        if (m_notifier)
                            m_notifier->setEnabled(true);
                    });
                }
                return;
            }
            if (m_open->load() >= m_maxConnections) {
                // Over server.limits.maxConnections: say so and close, rather than queue. A
                // worker answers, so that its handler counts the refusal.
                m_workers[m_next++ % m_workers.size()]->refuseLater(fd);
                continue;
            }
            m_open->fetch_add(1);
            m_workers[m_next++ % m_workers.size()]->adoptLater(fd);
        }
    }

    int m_fd;
    std::vector<Worker*> m_workers;
    int m_maxConnections;
    std::atomic<int>* m_open;
    QSocketNotifier* m_notifier = nullptr;
    size_t m_next = 0;
};

Server::Server() = default;

Server::~Server()
{
    if (m_listenerThread)
        stop(0);
}

namespace {

Result<int> bindListenSocket(const QString& host, quint16 port, quint16* boundPort)
{
    const QHostAddress address(host);
    if (address.isNull())
        return Result<int>::failure(QStringLiteral("\"%1\" is not an IP address").arg(host));
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Result<int>::failure(QString::fromLocal8Bit(strerror(errno)));
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto* sa = reinterpret_cast<sockaddr_in6*>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        memcpy(&sa->sin6_addr, &a, sizeof a);
        length = sizeof *sa;
    } else {
        auto* sa = reinterpret_cast<sockaddr_in*>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        sa->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof *sa;
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 || ::listen(fd, 4096) != 0) {
        const QString reason = QString::fromLocal8Bit(strerror(errno));
        ::close(fd);
        return Result<int>::failure(
            QStringLiteral("cannot listen on %1:%2: %3").arg(host).arg(port).arg(reason));
    }
    length = sizeof storage;
    getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
    *boundPort = v6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port)
                    : ntohs(reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
    return fd;
}

} // namespace

Result<bool> Server::start(const ServerOptions& options, HandlerFactory factory)
{
    Result<int> fd = bindListenSocket(options.host, options.port, &m_port);
    if (!fd)
        return Result<bool>::failure(fd.error());

    m_budget.setLimit(options.maxBufferedResponseBytes);
    const int workerCount =
        options.workers > 0 ? options.workers : qMax(1, QThread::idealThreadCount());
    for (int i = 0; i < workerCount; ++i) {
        auto* worker = new Worker(i, options.connection, options.errorBody, options.tls,
                                  &m_openConnections, &m_budget);
        auto* thread = new QThread;
        thread->setObjectName(QStringLiteral("sb-worker-%1").arg(i));
        worker->moveToThread(thread);
        eventloop::installEngineDispatcher(thread);
        thread->start();
        QMetaObject::invokeMethod(
            worker, [worker, &factory] { worker->setHandler(factory(*worker)); },
            Qt::BlockingQueuedConnection);
        m_workers.push_back(worker);
        m_threads.push_back(thread);
    }

    m_tls = options.tls != nullptr;
    m_host = options.host;
    m_listener = std::make_unique<Listener>(fd.value(), m_workers, options.maxConnections,
                                            &m_openConnections);
    m_listenerThread = new QThread;
    m_listenerThread->setObjectName(QStringLiteral("sb-listener"));
    m_listener->moveToThread(m_listenerThread);
    eventloop::installEngineDispatcher(m_listenerThread);
    m_listenerThread->start();
    QMetaObject::invokeMethod(
        m_listener.get(), [this] { m_listener->begin(); }, Qt::BlockingQueuedConnection);
    return true;
}

void Server::setTlsContext(const tls::ServerContext& tls)
{
    for (Worker* worker : m_workers)
        worker->setTlsContextLater(tls);
}

void Server::stop(int drainTimeoutMs)
{
    if (!m_listenerThread)
        return;
    QMetaObject::invokeMethod(
        m_listener.get(), [this] { m_listener->end(); }, Qt::BlockingQueuedConnection);
    m_listenerThread->quit();
    m_listenerThread->wait();
    delete m_listenerThread;
    m_listenerThread = nullptr;
    m_listener.reset();

    for (Worker* w : m_workers)
        w->drainLater();
    // Requests in flight finish on the workers' threads; this thread only waits.
    QDeadlineTimer deadline(drainTimeoutMs);
    while (m_openConnections.load() > 0 && !deadline.hasExpired())
        QThread::msleep(5);

    for (size_t i = 0; i < m_workers.size(); ++i) {
        m_workers[i]->shutdownLater();
        m_threads[i]->quit();
        m_threads[i]->wait();
        delete m_workers[i];
        delete m_threads[i];
    }
    m_workers.clear();
    m_threads.clear();
}

} // namespace gateway::http

#include "http/Worker.h"

#include "Clock.h"
#include "http/Connection.h"
#include "http/ResponseHead.h"

#include <QMetaObject>
#include <QTimer>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace gateway::http {

namespace {
// Timeouts are checked by one sweep per worker instead of a timer per connection: arming a
// deadline on the request path is then a store, not a timer registration.
constexpr int sweepIntervalMs = 250;
// See TCP_NOTSENT_LOWAT in adopt(): about what a fast client takes in one read.
constexpr int notSentLowWaterBytes = 128 * 1024;
} // namespace

Worker::Worker(int index, ConnectionLimits limits, ErrorBodyFormatter errorBody,
               tls::ServerContext tls, std::atomic<int>* openConnections, BufferBudget* budget)
    : m_index(index), m_limits(limits), m_errorBody(std::move(errorBody)), m_tls(std::move(tls)),
      m_openConnections(openConnections), m_budget(budget)
{}

Worker::~Worker() = default;

void Worker::adoptLater(int fd)
{
    QMetaObject::invokeMethod(
        this, [this, fd] { adopt(fd); }, Qt::QueuedConnection);
}

void Worker::refuseLater(int fd)
{
    QMetaObject::invokeMethod(
        this, [this, fd] { refuse(fd); }, Qt::QueuedConnection);
}

void Worker::refuse(int fd)
{
    Request head;
    head.peer = Connection::peerOf(fd);
    const HeaderList extra =
        m_handler ? m_handler->rejected(head, 503, "over_capacity") : HeaderList();
    if (!m_tls) {
        const QByteArray body = m_errorBody(503, "the gateway is at its connection limit");
        QByteArray out;
        appendResponseHead(out, 503, "application/json", extra, true);
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        // Best effort, never blocking: a new socket's buffer takes a few hundred bytes.
        (void)::send(fd, out.constData(), size_t(out.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    ::close(fd);
}

void Worker::setTlsContextLater(tls::ServerContext tls)
{
    QMetaObject::invokeMethod(
        this, [this, tls = std::move(tls)] { m_tls = tls; }, Qt::QueuedConnection);
}

void Worker::adopt(int fd)
{
    if (m_draining) {
        ::close(fd);
        m_openConnections->fetch_sub(1);
        return;
    }
    if (!m_sweepTimer) {
        m_sweepTimer = new QTimer(this);
        connect(m_sweepTimer, &QTimer::timeout, this, &Worker::sweep);
        m_sweepTimer->start(sweepIntervalMs);
    }
    // Responses are written whole; Nagle would only delay the last segment of each.
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // The kernel grows a send buffer to megabytes and wakes a writer only when half of it is
    // free: a steady but slow reader would then let no byte be written for minutes, and be
    // closed by server.limits.sendTimeoutMs although it reads all along. With a bound on the
    // bytes not yet sent (TCP_NOTSENT_LOWAT), the socket turns writable as the reader takes
    // them, and the gateway's own back-pressure (maxPendingWriteBytes) sees the real pace.
    const int notSentLowWater = notSentLowWaterBytes;
    setsockopt(fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT, &notSentLowWater, sizeof notSentLowWater);
    m_connections.insert(new Connection(this, fd));
}

void Worker::dispatch(const std::shared_ptr<Exchange>& exchange)
{
    const Request& request = exchange->request();
    if (m_budget && m_budget->exhausted() && request.method != "GET" && request.method != "HEAD") {
        // Refused before any work: memory stays bounded and the client learns when to retry
        // (RFC 9110 15.6.4 and 10.2.3).
        m_budget->overCapacity.fetch_add(1, std::memory_order_relaxed);
        qWarning("switchboard: refusing a request with 503 over_capacity: %lld response bytes "
                 "are buffered (server.limits.maxBufferedResponseBytes = %lld)",
                 static_cast<long long>(m_budget->used()),
                 static_cast<long long>(m_budget->limit()));
        // Reported like every refusal the transport makes (request id, metrics, log row).
        HeaderList headers = m_handler->rejected(request, 503, "over_capacity");
        headers.emplace_back("retry-after", "1");
        exchange->respond(503, "application/json",
                          m_errorBody(503, "over_capacity: the gateway holds too many response "
                                           "bytes for slow clients; retry later"),
                          headers);
        return;
    }
    m_handler->handle(exchange);
}

void Worker::connectionClosed(Connection* connection)
{
    if (m_connections.erase(connection) > 0)
        m_openConnections->fetch_sub(1);
    checkDrained();
}

void Worker::sweep()
{
    const qint64 now = monotonicMs();
    // checkTimeout may close (and unregister) a connection, so iterate over a copy.
    const std::vector<Connection*> connections(m_connections.begin(), m_connections.end());
    for (Connection* c : connections)
        c->checkTimeout(now);
}

void Worker::drainLater()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_draining = true;
            const std::vector<Connection*> connections(m_connections.begin(), m_connections.end());
            for (Connection* c : connections)
                c->drain();
            emit drainStarted();
            checkDrained();
        },
        Qt::QueuedConnection);
}

void Worker::checkDrained()
{
    if (m_draining && m_connections.empty())
        emit drained();
}

void Worker::shutdownLater()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            const std::vector<Connection*> connections(m_connections.begin(), m_connections.end());
            for (Connection* c : connections)
                c->abortConnection();
            m_handler.reset();
            delete m_sweepTimer;
            m_sweepTimer = nullptr;
        },
        Qt::BlockingQueuedConnection);
}

} // namespace gateway::http

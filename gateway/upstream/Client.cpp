#include "upstream/Client.h"

#include "Clock.h"
#include "upstream/ClientInternals.h"
#include "upstream/UpstreamConnection.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QTimer>

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>

namespace gateway::upstream {

namespace {
constexpr int sweepIntervalMs = 100;
constexpr qint64 dnsCacheMs = 60'000;

QByteArray toSockaddr(const QHostAddress& address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        sockaddr_in6 sa{};
        sa.sin6_family = AF_INET6;
        sa.sin6_port = htons(port);
        const Q_IPV6ADDR a = address.toIPv6Address();
        memcpy(&sa.sin6_addr, &a, sizeof a);
        return QByteArray(reinterpret_cast<const char*>(&sa), sizeof sa);
    }
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(address.toIPv4Address());
    return QByteArray(reinterpret_cast<const char*>(&sa), sizeof sa);
}
} // namespace

const char* errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Connect: return "connect";
    case ErrorKind::Tls: return "tls";
    case ErrorKind::Timeout: return "timeout";
    case ErrorKind::Protocol: return "protocol";
    case ErrorKind::TooLarge: return "too_large";
    case ErrorKind::Reset: return "reset";
    case ErrorKind::Saturated: return "saturated";
    }
    return "unknown";
}

Client::Client(const config::UpstreamConfig& limits, int workerCount, QObject* parent)
    : QObject(parent), m_limits(limits), m_workerCount(qMax(1, workerCount)),
      m_sweepTimer(new QTimer(this))
{
    connect(m_sweepTimer, &QTimer::timeout, this, &Client::sweep);
    m_sweepTimer->start(sweepIntervalMs);
}

Client::~Client()
{
    // Connections are children; they close their descriptors when deleted.
    m_calls.clear();
    qDeleteAll(m_pools);
}

// Each worker thread owns its connections, so a cap and its queue are shared out (rounded up).
int Client::perWorkerCap() const
{
    if (m_limits.maxConnectionsPerOrigin <= 0)
        return std::numeric_limits<int>::max();
    return qMax(1, (m_limits.maxConnectionsPerOrigin + m_workerCount - 1) / m_workerCount);
}

int Client::perWorkerQueue() const
{
    return (m_limits.maxQueuedPerOrigin + m_workerCount - 1) / m_workerCount;
}

void Client::failLater(CallId id, ErrorKind kind, const QString& message)
{
    QMetaObject::invokeMethod(
        this,
        [this, id, kind, message] {
            auto it = m_calls.find(id);
            if (it == m_calls.end())
                return; // cancelled meanwhile
            ResponseHandler* handler = it->second->handler;
            cancel(id);
            handler->onResponseError(kind, message);
        },
        Qt::QueuedConnection);
}

Client::Pool* Client::poolFor(const Origin& origin)
{
    Q_ASSERT(!origin.key.isEmpty());
    // Calls to one backend share its endpoint's key (the same string data): that is found by
    // its address, without hashing the key on every call. The copy held in m_lastPoolKey keeps
    // the data alive, so the address cannot be another string's.
    if (origin.key.constData() == m_lastPoolKey.constData() && m_lastPool)
        return m_lastPool;
    Pool*& pool = m_pools[origin.key];
    if (!pool) {
        pool = new Pool;
        pool->origin = origin;
        const QHostAddress literal(origin.host);
        if (!literal.isNull()) {
            pool->addresses = {toSockaddr(literal, origin.port)};
            pool->resolvedUntilMs = std::numeric_limits<qint64>::max();
        }
    }
    m_lastPoolKey = origin.key;
    m_lastPool = pool;
    return pool;
}

CallId Client::send(const Origin& origin, QByteArray request, ResponseHandler* handler)
{
    auto call = std::make_unique<Call>();
    call->id = m_nextId++;
    call->request = std::move(request);
    call->handler = handler;
    call->pool = poolFor(origin);
    const qint64 now = monotonicMs();
    call->firstByteDeadlineMs = now + m_limits.firstByteTimeoutMs;
    call->totalDeadlineMs = now + m_limits.totalTimeoutMs;
    Call* raw = call.get();
    m_calls.emplace(raw->id, std::move(call));
    assign(raw->pool, raw);
    return raw->id;
}

void Client::assign(Pool* pool, Call* call)
{
    while (!pool->idle.empty()) {
        UpstreamConnection* connection = pool->idle.back();
        pool->idle.pop_back();
        if (connection->state() == UpstreamConnection::State::Idle) {
            connection->start(call);
            return;
        }
    }
    if (pool->total >= perWorkerCap()) {
        if (int(pool->waiting.size()) >= perWorkerQueue()) {
            failLater(call->id, ErrorKind::Saturated,
                      QStringLiteral("%1:%2 has upstream.maxConnectionsPerOrigin (%3) connections "
                                     "busy and upstream.maxQueuedPerOrigin (%4) calls waiting")
                          .arg(pool->origin.host)
                          .arg(pool->origin.port)
                          .arg(m_limits.maxConnectionsPerOrigin)
                          .arg(m_limits.maxQueuedPerOrigin));
            return;
        }
        call->queuedDeadlineMs = monotonicMs() + m_limits.queueTimeoutMs;
        pool->waiting.push_back(call);
        return;
    }
    auto* connection = new UpstreamConnection(this, pool, pool->origin);
    ++pool->total;
    ++m_openConnections;
    call->connectDeadlineMs = monotonicMs() + m_limits.connectTimeoutMs;
    connection->start(call);
    if (pool->resolvedUntilMs > monotonicMs()) {
        connection->connectTo(pool->addresses);
        return;
    }
    pool->resolving.push_back(connection);
    if (pool->lookupPending)
        return;
    pool->lookupPending = true;
    QHostInfo::lookupHost(pool->origin.host, this, [this, pool](const QHostInfo& info) {
        pool->lookupPending = false;
        std::vector<UpstreamConnection*> waiting;
        waiting.swap(pool->resolving);
        pool->addresses.clear();
        for (const QHostAddress& a : info.addresses())
            pool->addresses.append(toSockaddr(a, pool->origin.port));
        if (pool->addresses.isEmpty()) {
            const QString reason =
                QStringLiteral("cannot resolve %1: %2").arg(pool->origin.host, info.errorString());
            for (UpstreamConnection* c : waiting)
                c->fail(ErrorKind::Connect, reason);
            return;
        }
        pool->resolvedUntilMs = monotonicMs() + dnsCacheMs;
        for (UpstreamConnection* c : waiting)
            if (c->state() == UpstreamConnection::State::Resolving)
                c->connectTo(pool->addresses);
    });
}

void Client::cancel(CallId id)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end())
        return;
    std::unique_ptr<Call> call = std::move(it->second);
    m_calls.erase(it);
    if (call->connection) {
        if (call->connection->call() == call.get())
            call->connection->abandon();
    } else {
        auto& waiting = call->pool->waiting;
        waiting.erase(std::remove(waiting.begin(), waiting.end(), call.get()), waiting.end());
    }
}

void Client::pauseReading(CallId id)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second->pausedSinceMs != 0)
        return;
    Call* call = it->second.get();
    call->pausedSinceMs = qMax<qint64>(1, monotonicMs());
    if (call->connection && call->connection->call() == call)
        call->connection->setReadingPaused(true);
}

void Client::resumeReading(CallId id)
{
    auto it = m_calls.find(id);
    if (it == m_calls.end() || it->second->pausedSinceMs == 0)
        return;
    Call* call = it->second.get();
    // The deadlines move on by the time spent paused.
    const qint64 paused = monotonicMs() - call->pausedSinceMs;
    call->pausedSinceMs = 0;
    call->firstByteDeadlineMs += paused;
    call->totalDeadlineMs += paused;
    if (call->idleDeadlineMs)
        call->idleDeadlineMs += paused;
    if (call->connection && call->connection->call() == call)
        call->connection->setReadingPaused(false);
}

void Client::connectionReady(UpstreamConnection* connection)
{
    Pool* pool = connection->pool();
    if (!pool->waiting.empty()) {
        Call* call = pool->waiting.front();
        pool->waiting.pop_front();
        call->queuedDeadlineMs = 0;
        connection->start(call);
        return;
    }
    pool->idle.push_back(connection);
}

void Client::connectionClosed(UpstreamConnection* connection)
{
    Pool* pool = connection->pool();
    auto& idle = pool->idle;
    idle.erase(std::remove(idle.begin(), idle.end(), connection), idle.end());
    auto& resolving = pool->resolving;
    resolving.erase(std::remove(resolving.begin(), resolving.end(), connection), resolving.end());
    --pool->total;
    --m_openConnections;
    connection->deleteLater();
    // A slot is free: open a connection for the next waiting call.
    if (!pool->waiting.empty() && pool->total < perWorkerCap()) {
        Call* call = pool->waiting.front();
        pool->waiting.pop_front();
        call->queuedDeadlineMs = 0;
        assign(pool, call);
    }
}

void Client::callFinished(Call* call)
{
    auto it = m_calls.find(call->id);
    if (it == m_calls.end())
        return;
    std::unique_ptr<Call> owned = std::move(it->second);
    m_calls.erase(it);
    owned->handler->onResponseComplete();
}

void Client::callFailed(Call* call, ErrorKind kind, const QString& message)
{
    auto it = m_calls.find(call->id);
    if (it == m_calls.end())
        return;
    std::unique_ptr<Call> owned = std::move(it->second);
    m_calls.erase(it);
    owned->handler->onResponseError(kind, message);
}

bool Client::retryOnFreshConnection(Call* call)
{
    if (call->retried || call->gotResponse)
        return false;
    call->retried = true;
    call->connection = nullptr;
    // Idle siblings of a connection the server dropped are likely dropped too: open a new one.
    Pool* pool = call->pool;
    for (UpstreamConnection* c : std::vector<UpstreamConnection*>(pool->idle))
        c->close();
    // The failing connection still counts until it closes; the caller closes it right after.
    QMetaObject::invokeMethod(
        this,
        [this, id = call->id] {
            auto it = m_calls.find(id);
            if (it != m_calls.end())
                assign(it->second->pool, it->second.get());
        },
        Qt::QueuedConnection);
    return true;
}

void Client::sweep()
{
    if (m_calls.empty() && m_openConnections == 0)
        return;
    const qint64 now = monotonicMs();
    struct Expired
    {
        CallId id;
        QString reason;
        ErrorKind kind;
    };
    std::vector<Expired> expired;
    for (const auto& [id, call] : m_calls) {
        if (call->pausedSinceMs != 0)
            continue; // the client is slow, not the upstream (see pauseReading)
        const UpstreamConnection* c = call->connection;
        const bool connecting = c && (c->state() == UpstreamConnection::State::Resolving ||
                                      c->state() == UpstreamConnection::State::Connecting ||
                                      c->state() == UpstreamConnection::State::Handshaking);
        if (call->queuedDeadlineMs && now >= call->queuedDeadlineMs)
            expired.push_back(
                {id,
                 QStringLiteral("no connection to %1:%2 became free within "
                                "upstream.queueTimeoutMs (%3 ms); upstream.maxConnectionsPerOrigin "
                                "is %4")
                     .arg(call->pool->origin.host)
                     .arg(call->pool->origin.port)
                     .arg(m_limits.queueTimeoutMs)
                     .arg(m_limits.maxConnectionsPerOrigin),
                 ErrorKind::Saturated});
        else if (connecting && call->connectDeadlineMs && now >= call->connectDeadlineMs)
            expired.push_back({id,
                               QStringLiteral("connecting to %1:%2 timed out after %3 ms")
                                   .arg(call->pool->origin.host)
                                   .arg(call->pool->origin.port)
                                   .arg(m_limits.connectTimeoutMs),
                               ErrorKind::Connect});
        else if (!call->gotResponse && now >= call->firstByteDeadlineMs)
            expired.push_back({id,
                               QStringLiteral("no response from the upstream within %1 ms")
                                   .arg(m_limits.firstByteTimeoutMs),
                               ErrorKind::Timeout});
        else if (call->gotResponse && now >= call->idleDeadlineMs)
            expired.push_back(
                {id,
                 QStringLiteral("the upstream sent nothing for %1 ms").arg(m_limits.idleTimeoutMs),
                 ErrorKind::Timeout});
        else if (now >= call->totalDeadlineMs)
            expired.push_back({id,
                               QStringLiteral("the upstream call took longer than %1 ms")
                                   .arg(m_limits.totalTimeoutMs),
                               ErrorKind::Timeout});
    }
    for (const Expired& e : expired) {
        auto it = m_calls.find(e.id);
        if (it == m_calls.end())
            continue;
        ResponseHandler* handler = it->second->handler;
        cancel(e.id);
        handler->onResponseError(e.kind, e.reason);
    }
    // Idle keep-alive connections are closed after upstream.poolIdleTimeoutMs.
    for (Pool* pool : std::as_const(m_pools))
        for (UpstreamConnection* c : std::vector<UpstreamConnection*>(pool->idle))
            if (now - c->idleSinceMs() >= m_limits.poolIdleTimeoutMs)
                c->close();
}

} // namespace gateway::upstream

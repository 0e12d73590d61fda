#pragma once

#include "config/Config.h"
#include "upstream/Origin.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

#include <deque>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

class QTimer;

namespace gateway::upstream {

class UpstreamConnection;

enum class ErrorKind {
    Connect,   // DNS, refused, unreachable, connect timeout
    Tls,       // handshake or certificate verification
    Timeout,   // first byte, idle between chunks, or total
    Protocol,  // the upstream's bytes are not HTTP/1.1
    TooLarge,  // the response exceeds upstream.maxResponseBytes
    Reset,     // the upstream closed the connection before the response ended
    Saturated, // upstream.maxConnectionsPerOrigin reached and the wait queue full or timed out
};

const char* errorKindName(ErrorKind kind);

// Response headers as views into the connection's buffer, valid during onResponseHead only.
using HeaderList = std::vector<std::pair<QByteArrayView, QByteArrayView>>;

// Receives one response. Callbacks arrive on the client's thread. A handler may cancel its call
// (or start another) from inside any callback.
class ResponseHandler
{
public:
    virtual ~ResponseHandler() = default;
    // Status and headers (names lower-cased).
    virtual void onResponseHead(int status, const HeaderList& headers) = 0;
    // A piece of the body, de-chunked, as it arrives.
    virtual void onResponseBody(const char* data, size_t length) = 0;
    // Everything one read from the socket held has been delivered: a good moment to pass on
    // what was gathered (one client write per upstream read, not one per chunk).
    virtual void onResponseFlush() {}
    virtual void onResponseComplete() = 0;
    // The call failed; no further callback follows.
    virtual void onResponseError(ErrorKind kind, const QString& message) = 0;
};

using CallId = quint64;

// An HTTP/1.1 client with pooled keep-alive connections per origin, over non-blocking sockets
// driven by QSocketNotifier, with TLS through OpenSSL (system CA store, SNI, verification on).
//
// It exists because QNetworkAccessManager caps HTTP/1.1 at 6 connections per host in Qt 6.4
// (DESIGN.md). By default there is no cap: a call that finds no idle pooled connection opens
// one. upstream.maxConnectionsPerOrigin sets a cap, shared out among the worker threads (each
// worker owns one Client); calls beyond it wait in a bounded queue (maxQueuedPerOrigin) for at
// most queueTimeoutMs, then fail with ErrorKind::Saturated.
//
// One Client per thread; not thread-safe.
class Client : public QObject
{
    Q_OBJECT
public:
    Client(const config::UpstreamConfig& limits, int workerCount, QObject* parent = nullptr);
    ~Client() override;

    const config::UpstreamConfig& limits() const { return m_limits; }

    // Sends a complete request (head and body, as bytes). The handler must outlive the call or
    // cancel it. Returns the call's id.
    CallId send(const Origin& origin, QByteArray request, ResponseHandler* handler);
    // Abandons a call: no further callback. A connection with a response in progress is closed.
    void cancel(CallId id);
    // Flow control for a relay whose client is slower than the upstream (DESIGN.md, "the request
    // path's shape"): pauseReading() stops reading the call's connection (its read notifier is
    // disabled, so the upstream's TCP window closes); resumeReading() reads on, first from what
    // OpenSSL already decrypted (it raises no socket notification). Callbacks may still come
    // after pauseReading() for the rest of the read being delivered (at most one read, 64 KiB),
    // never after that. While paused, the first-byte, idle and total deadlines stand still: a
    // slow client is not the upstream's fault (server.limits.sendTimeoutMs bounds the client).
    // Both may be called from inside a callback; unknown ids are ignored.
    void pauseReading(CallId id);
    void resumeReading(CallId id);

    int openConnections() const { return m_openConnections; }
    int activeCalls() const { return int(m_calls.size()); }

    struct Call;
    struct Pool;

    // Used by UpstreamConnection.
    void connectionReady(UpstreamConnection* connection);
    void connectionClosed(UpstreamConnection* connection);
    void callFinished(Call* call);
    void callFailed(Call* call, ErrorKind kind, const QString& message);
    bool retryOnFreshConnection(Call* call);

private:
    void sweep();
    void assign(Pool* pool, Call* call);
    Pool* poolFor(const Origin& origin);
    int perWorkerCap() const;
    int perWorkerQueue() const;
    // Fails a call from the event loop, never from inside send().
    void failLater(CallId id, ErrorKind kind, const QString& message);

    config::UpstreamConfig m_limits;
    int m_workerCount;
    CallId m_nextId = 1;
    std::unordered_map<CallId, std::unique_ptr<Call>> m_calls;
    QHash<QString, Pool*> m_pools;
    QString m_lastPoolKey; // poolFor's last answer
    Pool* m_lastPool = nullptr;
    QTimer* m_sweepTimer;
    int m_openConnections = 0;
};

} // namespace gateway::upstream

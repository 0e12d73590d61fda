#include "http/Connection.h"

#include "Clock.h"
#include "http/ResponseHead.h"
#include "http/Worker.h"
#include "tls/SocketIo.h"

#include <QMetaObject>
#include <QSocketNotifier>

#include <openssl/ssl.h>

#include <sys/socket.h>
#include <unistd.h>

namespace gateway::http {

namespace {
// A safety net, not flow control: a writer that ignores outputBlocked() is stopped here, far
// above the bound (64 x maxPendingWriteBytes, at least 16 MiB).
qint64 hardOutputCap(qint64 bound)
{
    return qMax<qint64>(qint64(16) << 20, 64 * bound);
}
// One read() takes at most this much (the worker's scratch buffer).
constexpr size_t readChunk = 64 * 1024;
thread_local char scratch[readChunk];
} // namespace

Connection::Connection(Worker* worker, int fd)
    : QObject(worker), m_worker(worker), m_fd(fd),
      m_readNotifier(new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this)),
      m_writeNotifier(new QSocketNotifier(qintptr(fd), QSocketNotifier::Write, this)),
      m_parser(worker->limits().parser), m_outReserved(worker->bufferBudget())
{
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &Connection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &Connection::onWritable);
    // The first request (and the TLS handshake before it) must arrive within the header
    // timeout, like any later one.
    setDeadline(monotonicMs() + worker->limits().headerTimeoutMs);
    if (SSL_CTX* tls = worker->tlsContext()) {
        m_ssl = SSL_new(tls);
        if (!m_ssl || SSL_set_fd(m_ssl, fd) != 1) {
            // Out of memory. Not closed here: the worker registers us after construction.
            QMetaObject::invokeMethod(
                this, [this] { abortConnection(); }, Qt::QueuedConnection);
            return;
        }
        SSL_set_accept_state(m_ssl);
        m_handshaking = true;
    }
}

Connection::~Connection()
{
    if (!m_closed)
        close();
}

bool Connection::isPlainHttpOnTlsPort()
{
    // A TLS connection opens with a handshake record (content type 22). A letter instead is
    // a plain HTTP request line: answer it in plain HTTP with a hint, as nginx does, rather
    // than leave the user with "connection reset".
    char first = 0;
    if (SSL_in_before(m_ssl) == 0 || ::recv(m_fd, &first, 1, MSG_PEEK) != 1 || first == 22 ||
        !((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z')))
        return false;
    SSL_free(m_ssl);
    m_ssl = nullptr;
    m_handshaking = false;
    failRequest(400, "this port serves HTTPS: send the request to https:// instead of http://");
    return true;
}

void Connection::continueHandshake()
{
    switch (tls::continueHandshake(m_ssl)) {
    case tls::Handshake::Done:
        m_handshaking = false;
        m_writeNotifier->setEnabled(false);
        // A client may send its first request with its last handshake message: OpenSSL may
        // have read it already.
        if (hasBufferedTlsInput())
            onReadable();
        return;
    case tls::Handshake::WantRead: m_writeNotifier->setEnabled(false); return;
    case tls::Handshake::WantWrite: m_writeNotifier->setEnabled(true); return;
    case tls::Handshake::Failed:
        // A plain-HTTP request, a scanner or a client that rejects our certificate: there is
        // no HTTP channel to answer on, so the connection just ends.
        close();
        return;
    }
}

void Connection::onReadable()
{
    // Also queued (processInput): the connection may have closed since, and its descriptor
    // number may already belong to another connection.
    if (m_closed)
        return;
    if (m_handshaking) {
        if (isPlainHttpOnTlsPort())
            return;
        continueHandshake();
        return;
    }
    // OpenSSL reads ahead (one read() per batch of records instead of two per record): bytes it
    // already holds raise no socket notification, so they are taken here while input is wanted.
    while (readOnce() && hasBufferedTlsInput() && m_readNotifier->isEnabled()) {
    }
}

bool Connection::hasBufferedTlsInput() const
{
    return m_ssl && SSL_has_pending(m_ssl) == 1;
}

bool Connection::readOnce()
{
    bool wantsWrite = false;
    const ssize_t n = tls::readSome(m_fd, m_ssl, scratch, readChunk, &wantsWrite);
    if (n == 0) {
        // The client closed its side. A request in flight is abandoned (its upstream call is
        // cancelled through the exchange's abort handler).
        close();
        return false;
    }
    if (n < 0) {
        if (n == tls::kFailed)
            close();
        else if (wantsWrite)
            m_writeNotifier->setEnabled(true);
        return false;
    }
    if (m_exchange || !m_in.isEmpty()) {
        // Pipelined bytes wait for the request in flight, within a bound.
        m_in.append(scratch, n);
        if (m_in.size() - m_inOffset > m_worker->limits().maxPipelinedBytes)
            m_readNotifier->setEnabled(false);
        if (!m_exchange)
            processInput();
        return !m_closed;
    }
    const char* data = scratch;
    size_t length = size_t(n);
    while (length > 0 && !m_exchange && !m_closed && !m_closeAfterWrite) {
        const RequestParser::Outcome outcome = m_parser.feed(data, length);
        data += outcome.consumed;
        length -= outcome.consumed;
        if (outcome.status == RequestParser::Status::Error) {
            failRequest(outcome.errorStatus, outcome.errorMessage);
            return false;
        }
        if (outcome.status == RequestParser::Status::Complete) {
            dispatch();
            continue;
        }
        break;
    }
    if (length > 0 && !m_closed && !m_closeAfterWrite)
        m_in.append(data, qsizetype(length));
    updateReadPhase();
    return !m_closed && !m_closeAfterWrite;
}

void Connection::updateReadPhase()
{
    if (m_exchange || m_closed || !m_parser.inRequest())
        return;
    if (m_parser.wantsContinue() && !m_continueSent) {
        // RFC 9110 10.1.1: the client waits for this before it sends the body.
        m_continueSent = true;
        send("HTTP/1.1 100 Continue\r\n\r\n", 25);
    }
    // Each timeout bounds a whole phase, not the gap between bytes: a client that trickles
    // one byte a second still times out (slowloris).
    const Phase phase = m_parser.headersComplete() ? Phase::Body : Phase::Headers;
    if (phase != m_phase) {
        m_phase = phase;
        const ConnectionLimits& limits = m_worker->limits();
        setDeadline(monotonicMs() +
                    (phase == Phase::Body ? limits.bodyTimeoutMs : limits.headerTimeoutMs));
    }
}

void Connection::processInput()
{
    // Feeds bytes that were held back while a request was in flight.
    while (!m_exchange && !m_closed && !m_closeAfterWrite && m_inOffset < m_in.size()) {
        const RequestParser::Outcome outcome =
            m_parser.feed(m_in.constData() + m_inOffset, size_t(m_in.size() - m_inOffset));
        m_inOffset += qsizetype(outcome.consumed);
        if (outcome.status == RequestParser::Status::Error) {
            failRequest(outcome.errorStatus, outcome.errorMessage);
            return;
        }
        if (outcome.status == RequestParser::Status::Complete) {
            dispatch();
            continue;
        }
        break;
    }
    if (m_inOffset >= m_in.size()) {
        m_in = QByteArray();
        m_inOffset = 0;
    }
    updateReadPhase();
    if (!m_closed && !m_readNotifier->isEnabled() && !m_exchange) {
        m_readNotifier->setEnabled(true);
        // Input OpenSSL read ahead while reading was paused raises no notification.
        if (hasBufferedTlsInput())
            QMetaObject::invokeMethod(this, &Connection::onReadable, Qt::QueuedConnection);
    }
}

void Connection::dispatch()
{
    Request request = m_parser.takeRequest();
    m_continueSent = false;
    m_phase = Phase::Busy;
    m_deadlineMs = 0; // while the request is handled, upstream timeouts apply, not ours
    if (m_draining)
        request.keepAlive = false;
    m_exchange = std::make_shared<Exchange>(this, std::move(request), monotonicNs());
    m_exchange->setBufferBudget(m_worker->bufferBudget());
    // Hold a reference: the handler may finish (and drop) the exchange before it returns.
    std::shared_ptr<Exchange> exchange = m_exchange;
    m_worker->dispatch(exchange);
}

void Connection::finishExchange(bool keepAlive)
{
    m_exchange.reset();
    if (!keepAlive || m_draining) {
        m_closeAfterWrite = true;
        if (m_out.isEmpty())
            close();
        return;
    }
    m_phase = Phase::Idle;
    setDeadline(monotonicMs() + m_worker->limits().idleTimeoutMs);
    if (m_inOffset < m_in.size()) {
        // Not re-entrantly: the handler that finished may still be on the stack.
        QMetaObject::invokeMethod(this, &Connection::processInput, Qt::QueuedConnection);
    }
}

void Connection::failRequest(int status, const char* message)
{
    const QByteArray body = m_worker->errorBody()(status, message);
    QByteArray out;
    out.reserve(body.size() + 200);
    appendResponseHead(out, status, "application/json", {}, true);
    out += "Content-Length: ";
    out += QByteArray::number(body.size());
    out += "\r\n\r\n";
    out += body;
    m_closeAfterWrite = true;
    m_readNotifier->setEnabled(false);
    send(out);
    if (!m_closed && m_out.isEmpty())
        close();
}

void Connection::send(const char* data, size_t length)
{
    if (m_closed || m_overOutputLimit || length == 0)
        return;
    if (m_out.isEmpty()) {
        const ssize_t n = tls::writeSome(m_fd, m_ssl, data, length);
        if (n == ssize_t(length))
            return;
        if (n == tls::kFailed) {
            close();
            return;
        }
        const size_t sent = n > 0 ? size_t(n) : 0;
        m_out.append(data + sent, qsizetype(length - sent));
        m_writeNotifier->setEnabled(true);
        m_sendDeadlineMs = monotonicMs() + m_worker->limits().sendTimeoutMs;
    } else {
        m_out.append(data, qsizetype(length));
    }
    outputGrew();
}

bool Connection::outputBlocked() const
{
    return pendingOutput() > m_worker->limits().maxPendingWriteBytes;
}

void Connection::outputGrew()
{
    m_outReserved.resize(m_out.size());
    const qint64 pending = pendingOutput();
    const qint64 bound = m_worker->limits().maxPendingWriteBytes;
    BufferBudget* budget = m_worker->bufferBudget();
    if (budget)
        budget->notePendingOutput(pending);
    if (pending > bound && !m_outputWasBlocked) {
        m_outputWasBlocked = true;
        if (budget)
            budget->outputBlocked.fetch_add(1, std::memory_order_relaxed);
    }
    if (pending > hardOutputCap(bound)) {
        // Soft assert: the writer did not respect outputBlocked(). Closed from the event loop,
        // not inside the writer's call; further writes are dropped.
        qWarning("switchboard: closing a connection with %lld bytes of pending output (over the "
                 "hard cap of %lld; server.limits.maxPendingWriteBytes = %lld)",
                 static_cast<long long>(pending), static_cast<long long>(hardOutputCap(bound)),
                 static_cast<long long>(bound));
        if (budget)
            budget->outputLimitCloses.fetch_add(1, std::memory_order_relaxed);
        m_overOutputLimit = true;
        QMetaObject::invokeMethod(
            this, [this] { close(AbortReason::OutputLimit); }, Qt::QueuedConnection);
    }
}

void Connection::onWritable()
{
    if (m_closed)
        return;
    if (m_handshaking) {
        continueHandshake();
        return;
    }
    if (m_out.isEmpty()) {
        // A TLS read that needed the socket writable (see onReadable): read again.
        m_writeNotifier->setEnabled(false);
        onReadable();
        return;
    }
    const ssize_t n =
        tls::writeSome(m_fd, m_ssl, m_out.constData() + m_outOffset, size_t(pendingOutput()));
    if (n < 0) {
        if (n == tls::kFailed)
            close();
        return;
    }
    if (n > 0) // nginx's send_timeout: between two successful writes, not for the whole body
        m_sendDeadlineMs = monotonicMs() + m_worker->limits().sendTimeoutMs;
    m_outOffset += n;
    if (m_outOffset >= m_out.size()) {
        m_out = QByteArray();
        m_outOffset = 0;
    } else if (m_outOffset > m_out.size() / 2) {
        m_out.remove(0, m_outOffset); // amortised: each byte is moved at most once more
        m_outOffset = 0;
    }
    m_outReserved.resize(m_out.size());
    if (m_outputWasBlocked && pendingOutput() <= m_worker->limits().maxPendingWriteBytes / 2) {
        m_outputWasBlocked = false;
        if (std::shared_ptr<Exchange> exchange = m_exchange) {
            exchange->outputDrained(); // may write, end the exchange or close
            if (m_closed)
                return;
        }
    }
    if (!m_out.isEmpty())
        return;
    m_sendDeadlineMs = 0;
    m_writeNotifier->setEnabled(false);
    if (m_closeAfterWrite)
        close();
}

void Connection::abortConnection(AbortReason reason)
{
    close(reason);
}

void Connection::checkTimeout(qint64 nowMs)
{
    if (m_closed)
        return;
    if (m_sendDeadlineMs != 0 && nowMs >= m_sendDeadlineMs && !m_out.isEmpty()) {
        // The client takes no byte (a stalled reader, or one that left without a FIN).
        if (BufferBudget* budget = m_worker->bufferBudget())
            budget->sendTimeouts.fetch_add(1, std::memory_order_relaxed);
        close(AbortReason::SendTimeout);
        return;
    }
    if (m_deadlineMs == 0 || nowMs < m_deadlineMs)
        return;
    if (m_parser.inRequest()) {
        m_deadlineMs = 0;
        failRequest(408, m_parser.headersComplete() ? "timed out reading the request body"
                                                    : "timed out reading the request headers");
        return;
    }
    // An idle keep-alive connection (or one that never sent a byte) is closed silently.
    if (!m_exchange && m_out.isEmpty())
        close();
}

void Connection::drain()
{
    m_draining = true;
    if (isIdle())
        close();
}

void Connection::close(AbortReason reason)
{
    if (m_closed)
        return;
    m_closed = true;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    if (m_ssl) {
        // Best effort close_notify (RFC 8446 section 6.1); never waits for the peer's.
        if (!m_handshaking)
            SSL_shutdown(m_ssl);
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    ::close(m_fd);
    m_out = QByteArray();
    m_outOffset = 0;
    m_outReserved.resize(0);
    if (std::shared_ptr<Exchange> exchange = std::move(m_exchange))
        exchange->detach(reason);
    m_worker->connectionClosed(this);
    deleteLater();
}

} // namespace gateway::http

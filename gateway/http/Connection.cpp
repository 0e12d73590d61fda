#include "http/Connection.h"

#include "Clock.h"
#include "eventloop/DirectSocketNotifier.h"
#include "http/ResponseHead.h"
#include "http/Worker.h"
#include "tls/SocketIo.h"

#include <QMetaObject>
#include <QSocketNotifier>

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

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
      m_readNotifier(eventloop::DirectSocketNotifier::of<&Connection::onReadable>(
          qintptr(fd), QSocketNotifier::Read, this)),
      m_writeNotifier(eventloop::DirectSocketNotifier::of<&Connection::onWritable>(
          qintptr(fd), QSocketNotifier::Write, this)),
      m_parser(worker->limits().parser), m_outReserved(worker->bufferBudget())
{
    m_writeNotifier->setEnabled(false);
    // The first request (and the TLS handshake before it) must arrive within the header
    // timeout, like any later one.
    setDeadline(monotonicMs() + worker->limits().headerTimeoutMs);
    m_peer = peerOf(fd);
    m_parser.setPeer(m_peer);
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

Peer Connection::peerOf(int fd)
{
    Peer peer;
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return peer;
    char text[INET6_ADDRSTRLEN] = {};
    if (storage.ss_family == AF_INET) {
        const auto* sa = reinterpret_cast<const sockaddr_in*>(&storage);
        inet_ntop(AF_INET, &sa->sin_addr, text, sizeof text);
        peer.port = ntohs(sa->sin_port);
    } else if (storage.ss_family == AF_INET6) {
        const auto* sa = reinterpret_cast<const sockaddr_in6*>(&storage);
        // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d (RFC 4291 2.5.5.2).
        if (IN6_IS_ADDR_V4MAPPED(&sa->sin6_addr))
            inet_ntop(AF_INET, &sa->sin6_addr.s6_addr[12], text, sizeof text);
        else
            inet_ntop(AF_INET6, &sa->sin6_addr, text, sizeof text);
        peer.port = ntohs(sa->sin6_port);
    }
    peer.address = QByteArray(text);
    return peer;
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
    failRequest(400, "this port serves HTTPS: send the request to https:// instead of http://",
                "https_required");
    return true;
}

void Connection::continueHandshake()
{
    switch (tls::continueHandshake(m_ssl)) {
    case tls::Handshake::Done:
        m_handshaking = false;
        m_writeNotifier->setEnabled(false);
        // Only a certificate that verified against server.tls.clientCaFile stands for
        // anyone (the context fails the handshake on any other, this is the second lock).
        if (X509* certificate = SSL_get_verify_result(m_ssl) == X509_V_OK
                                    ? SSL_get1_peer_certificate(m_ssl)
                                    : nullptr) {
            unsigned char* der = nullptr;
            const int length = i2d_X509(certificate, &der);
            if (length > 0)
                m_peer.clientCertificateDer =
                    QByteArray(reinterpret_cast<const char*>(der), length);
            OPENSSL_free(der);
            X509_free(certificate);
            m_parser.setPeer(m_peer);
        }
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
        if (m_lingering && !m_out.isEmpty()) {
            // The client is done sending but the answer is not out yet: finish writing it.
            m_lingering = false;
            m_readNotifier->setEnabled(false);
            return false;
        }
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
    if (m_lingering) {
        discardInput(n);
        return !m_closed;
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
    const size_t consumed = parse(scratch, size_t(n));
    if (m_lingering)
        return !m_closed;
    if (consumed < size_t(n) && !m_closed && !m_closeAfterWrite)
        m_in.append(scratch + consumed, qsizetype(size_t(n) - consumed));
    updateReadPhase();
    return !m_closed && !m_closeAfterWrite;
}

size_t Connection::parse(const char* data, size_t length)
{
    size_t used = 0;
    while (used < length && !m_exchange && !m_closed && !m_closeAfterWrite) {
        const RequestParser::Outcome outcome = m_parser.feed(data + used, length - used);
        used += outcome.consumed;
        switch (outcome.status) {
        case RequestParser::Status::Error:
            failRequest(outcome.errorStatus, outcome.errorMessage, outcome.errorReason);
            return used;
        case RequestParser::Status::Head:
            if (!admit())
                return used;
            continue;
        case RequestParser::Status::Complete: dispatch(); continue;
        case RequestParser::Status::Incomplete: return used;
        }
    }
    return used;
}

bool Connection::admit()
{
    Admission admission = m_worker->handler()->admit(m_parser.head());
    if (!admission.refused()) {
        m_admissionState = std::move(admission.state);
        m_admissionHeaders = std::move(admission.responseHeaders);
        return true;
    }
    QByteArray out;
    out.reserve(admission.body.size() + 256);
    appendResponseHead(out, admission.status, admission.contentType, admission.headers, true);
    out += "Content-Length: ";
    out += QByteArray::number(admission.body.size());
    out += "\r\n\r\n";
    if (m_parser.head().method != "HEAD")
        out += admission.body;
    refuse(out);
    return false;
}

void Connection::discardInput(ssize_t length)
{
    m_lingeredBytes += length;
    if (m_lingeredBytes > m_worker->limits().lingeringBytes)
        close();
}

void Connection::updateReadPhase()
{
    if (m_exchange || m_closed || m_closeAfterWrite || !m_parser.inRequest())
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
    if (!m_exchange && !m_closed && !m_closeAfterWrite && m_inOffset < m_in.size())
        m_inOffset +=
            qsizetype(parse(m_in.constData() + m_inOffset, size_t(m_in.size() - m_inOffset)));
    if (m_closed || m_lingering)
        return;
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
    m_batching = false; // a writer that batched the last response may not have said it ended
    m_exchange = std::make_shared<Exchange>(this, std::move(request), monotonicNs());
    m_exchange->setBufferBudget(m_worker->bufferBudget());
    m_exchange->setAdmissionState(std::move(m_admissionState));
    m_admissionState.reset();
    if (!m_admissionHeaders.empty())
        m_exchange->setResponseHeaders(std::exchange(m_admissionHeaders, {}));
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

void Connection::failRequest(int status, const char* message, const char* reason)
{
    // The handler records the rejection (metrics, log row) and names it (x-request-id).
    const HeaderList extra = m_worker->handler()
                                 ? m_worker->handler()->rejected(m_parser.head(), status, reason)
                                 : HeaderList();
    QByteArray body = m_worker->handler()
                          ? m_worker->handler()->rejectionBody(m_parser.head(), status, message)
                          : QByteArray();
    if (body.isEmpty())
        body = m_worker->errorBody()(status, message);
    QByteArray out;
    out.reserve(body.size() + 200);
    appendResponseHead(out, status, "application/json", extra, true);
    out += "Content-Length: ";
    out += QByteArray::number(body.size());
    out += "\r\n\r\n";
    if (m_parser.head().method != "HEAD") // RFC 9110 9.3.2
        out += body;
    refuse(out);
}

void Connection::refuse(const QByteArray& response)
{
    // nginx's lingering close: closing with unread input makes the kernel send a reset, which
    // can reach a client still sending its body before it read the answer (it then sees
    // ECONNRESET and retries). So the rest of the upload is read and discarded, within a bound.
    const ConnectionLimits& limits = m_worker->limits();
    m_closeAfterWrite = true;
    m_lingering = limits.lingeringBytes > 0 && limits.lingeringTimeoutMs > 0;
    m_admissionState.reset();
    m_in = QByteArray();
    m_inOffset = 0;
    setDeadline(monotonicMs() + limits.lingeringTimeoutMs);
    m_readNotifier->setEnabled(m_lingering);
    send(response);
    if (!m_closed && m_out.isEmpty())
        closeWhenWritten();
}

void Connection::closeWhenWritten()
{
    if (!m_lingering || m_draining) {
        close();
        return;
    }
    // The answer is out: end our side (the client reads the answer to its end), and go on
    // discarding input until the client closes or a bound is reached.
    if (m_ssl)
        SSL_shutdown(m_ssl);
    ::shutdown(m_fd, SHUT_WR);
}

void Connection::send(const char* data, size_t length)
{
    if (m_closed || m_overOutputLimit || length == 0)
        return;
    if (m_out.isEmpty()) {
        // Batching: as if the socket had taken nothing; the write notifier sends it all.
        const ssize_t n = m_batching ? 0 : tls::writeSome(m_fd, m_ssl, data, length);
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
        closeWhenWritten();
}

void Connection::abortConnection(AbortReason reason)
{
    // The server stops: the handler may still tell the client why its answer ends here (an
    // error event) while the socket is open (Exchange::setAbortHandler).
    if (reason == AbortReason::Shutdown && !m_closed)
        if (std::shared_ptr<Exchange> exchange = m_exchange)
            exchange->interrupt(reason);
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
    if (m_closeAfterWrite) {
        close(); // the lingering bound, or a client that does not read its answer
        return;
    }
    if (m_parser.inRequest()) {
        m_deadlineMs = 0;
        const bool body = m_parser.headersComplete();
        failRequest(408,
                    body ? "timed out reading the request body"
                         : "timed out reading the request headers",
                    body ? "body_timeout" : "header_timeout");
        return;
    }
    // An idle keep-alive connection (or one that never sent a byte) is closed silently.
    if (!m_exchange && m_out.isEmpty())
        close();
}

void Connection::drain()
{
    m_draining = true;
    // A request that has arrived but was not read yet (held back behind the last response, or
    // still in the kernel) is answered, with "Connection: close", rather than lost to a close
    // that the client would see as a reset.
    if (isIdle() && !m_closeAfterWrite && !m_handshaking) {
        if (m_inOffset < m_in.size())
            processInput();
        else
            onReadable();
        if (m_closed)
            return;
    }
    // An idle keep-alive connection has no response in flight: it ends now, with a FIN. A
    // refused request whose answer is out has nothing left to wait for either.
    if (isIdle() || (m_closeAfterWrite && m_out.isEmpty()))
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

#include "upstream/UpstreamConnection.h"

#include "Clock.h"
#include "eventloop/DirectSocketNotifier.h"
#include "http/Request.h"
#include "tls/SocketIo.h"
#include "tls/TlsContext.h"
#include "upstream/ClientInternals.h"

#include <QHostAddress>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gateway::upstream {

namespace {
constexpr size_t readChunk = 64 * 1024;
thread_local char scratch[readChunk];
} // namespace

UpstreamConnection::UpstreamConnection(Client* client, Client::Pool* pool, const Origin& origin)
    : QObject(client), m_client(client), m_pool(pool), m_origin(origin),
      m_parser(this, http::ResponseLimits{256 * 1024, 256, client->limits().maxResponseBytes})
{}

UpstreamConnection::~UpstreamConnection()
{
    if (m_ssl)
        SSL_free(m_ssl);
    if (m_fd >= 0)
        ::close(m_fd);
}

void UpstreamConnection::connectTo(const QList<QByteArray>& sockaddrs)
{
    m_addresses = sockaddrs;
    m_state = State::Connecting;
    while (m_addressIndex < m_addresses.size()) {
        const QByteArray& address = m_addresses.at(m_addressIndex++);
        const auto* sa = reinterpret_cast<const sockaddr*>(address.constData());
        m_fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            break;
        const int one = 1;
        setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(m_fd, sa, socklen_t(address.size())) == 0 || errno == EINPROGRESS) {
            m_readNotifier = eventloop::DirectSocketNotifier::of<&UpstreamConnection::onReadable>(
                qintptr(m_fd), QSocketNotifier::Read, this);
            m_writeNotifier = eventloop::DirectSocketNotifier::of<&UpstreamConnection::onWritable>(
                qintptr(m_fd), QSocketNotifier::Write, this);
            m_readNotifier->setEnabled(false);
            return; // the write notifier reports the outcome
        }
        ::close(m_fd);
        m_fd = -1;
    }
    // Reported from the event loop, never from inside Client::send().
    const QString reason = QStringLiteral("cannot connect to %1:%2: %3")
                               .arg(m_origin.host)
                               .arg(m_origin.port)
                               .arg(QString::fromLocal8Bit(strerror(errno)));
    QMetaObject::invokeMethod(
        this, [this, reason] { fail(ErrorKind::Connect, reason); }, Qt::QueuedConnection);
}

void UpstreamConnection::onWritable()
{
    if (m_state == State::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) {
            delete m_readNotifier;
            delete m_writeNotifier;
            m_readNotifier = m_writeNotifier = nullptr;
            ::close(m_fd);
            m_fd = -1;
            if (m_addressIndex < m_addresses.size()) {
                connectTo(m_addresses);
                return;
            }
            fail(ErrorKind::Connect, QStringLiteral("cannot connect to %1:%2: %3")
                                         .arg(m_origin.host)
                                         .arg(m_origin.port)
                                         .arg(QString::fromLocal8Bit(strerror(error))));
            return;
        }
        m_writeNotifier->setEnabled(false);
        m_readNotifier->setEnabled(true);
        if (!m_origin.tls) {
            becomeReady();
            return;
        }
        Result<SSL_CTX*> ctx = tls::clientTlsContext(m_origin.caFile);
        if (!ctx) {
            fail(ErrorKind::Tls, ctx.error());
            return;
        }
        m_ssl = SSL_new(ctx.value());
        SSL_set_fd(m_ssl, m_fd);
        SSL_set_connect_state(m_ssl);
        const QByteArray host = m_origin.host.toUtf8();
        if (QHostAddress(m_origin.host).isNull()) {
            // RFC 6066 section 3: SNI carries DNS names only; verify the name (RFC 6125).
            SSL_set_tlsext_host_name(m_ssl, host.constData());
            SSL_set1_host(m_ssl, host.constData());
        } else {
            X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(m_ssl), host.constData());
        }
        m_state = State::Handshaking;
        continueHandshake();
        return;
    }
    if (m_state == State::Handshaking) {
        continueHandshake();
        return;
    }
    if (m_state == State::Busy) {
        if (m_outOffset < m_out.size())
            flushOutput();
        else
            m_writeNotifier->setEnabled(false);
    }
}

void UpstreamConnection::continueHandshake()
{
    switch (tls::continueHandshake(m_ssl)) {
    case tls::Handshake::Done:
        m_writeNotifier->setEnabled(false);
        m_readNotifier->setEnabled(true);
        becomeReady();
        return;
    case tls::Handshake::WantRead:
        m_writeNotifier->setEnabled(false);
        m_readNotifier->setEnabled(true);
        return;
    case tls::Handshake::WantWrite: m_writeNotifier->setEnabled(true); return;
    case tls::Handshake::Failed: break;
    }
    QString reason = tls::takeOpenSslErrors();
    const long verify = SSL_get_verify_result(m_ssl);
    if (verify != X509_V_OK)
        reason = QStringLiteral("certificate verification failed: ") +
                 QString::fromLatin1(X509_verify_cert_error_string(verify));
    fail(ErrorKind::Tls, QStringLiteral("TLS handshake with %1:%2 failed: %3")
                             .arg(m_origin.host)
                             .arg(m_origin.port)
                             .arg(reason.isEmpty() ? QStringLiteral("connection closed") : reason));
}

void UpstreamConnection::becomeReady()
{
    m_state = State::Idle;
    m_idleSinceMs = monotonicMs();
    if (m_call) {
        Client::Call* call = m_call;
        m_call = nullptr;
        start(call);
        return;
    }
    m_client->connectionReady(this);
}

void UpstreamConnection::start(Client::Call* call)
{
    m_call = call;
    call->connection = this;
    if (m_state != State::Idle)
        return; // sent once connected (becomeReady)
    call->connectDeadlineMs = 0;
    m_state = State::Busy;
    m_parser.reset();
    m_gotBytes = false;
    m_stopParsing = false;
    m_out = call->request;
    m_outOffset = 0;
    flushOutput();
}

void UpstreamConnection::flushOutput()
{
    while (m_outOffset < m_out.size()) {
        const ssize_t n =
            ioWrite(m_out.constData() + m_outOffset, size_t(m_out.size() - m_outOffset));
        if (n > 0) {
            m_outOffset += n;
            continue;
        }
        if (n == tls::kWouldBlock) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        // A pooled connection the server closed while idle: the request never arrived, so
        // sending it again on a fresh connection is safe.
        if (m_reused && !m_gotBytes && m_call && m_client->retryOnFreshConnection(m_call)) {
            m_call = nullptr;
            close();
            return;
        }
        fail(ErrorKind::Reset, QStringLiteral("upstream %1:%2 closed the connection while the "
                                              "request was sent")
                                   .arg(m_origin.host)
                                   .arg(m_origin.port));
        return;
    }
    m_out = QByteArray();
    m_outOffset = 0;
    m_writeNotifier->setEnabled(false);
}

ssize_t UpstreamConnection::ioRead(char* buffer, size_t length)
{
    bool wantsWrite = false;
    const ssize_t n = tls::readSome(m_fd, m_ssl, buffer, length, &wantsWrite);
    if (wantsWrite)
        m_writeNotifier->setEnabled(true);
    return n;
}

ssize_t UpstreamConnection::ioWrite(const char* data, size_t length)
{
    return tls::writeSome(m_fd, m_ssl, data, length);
}

void UpstreamConnection::setReadingPaused(bool paused)
{
    if (m_state != State::Busy || !m_readNotifier)
        return; // onReadable checks the call's flag once the response is read
    m_readNotifier->setEnabled(!paused);
    if (!paused && m_ssl && SSL_pending(m_ssl) > 0)
        QMetaObject::invokeMethod(this, &UpstreamConnection::onReadable, Qt::QueuedConnection);
}

void UpstreamConnection::onReadable()
{
    if (m_state == State::Handshaking) {
        continueHandshake();
        return;
    }
    if (m_state == State::Idle) {
        // A pooled connection has nothing to read: the server closed it or broke protocol.
        close();
        return;
    }
    if (m_state != State::Busy)
        return;
    for (;;) {
        if (m_call && m_call->pausedSinceMs != 0) {
            m_readNotifier->setEnabled(false); // Client::pauseReading: resumed from there
            return;
        }
        const ssize_t n = ioRead(scratch, readChunk);
        if (n == tls::kWouldBlock)
            return;
        if (n == 0) {
            handleEof();
            return;
        }
        if (n < 0) {
            if (m_reused && !m_gotBytes && m_call && m_client->retryOnFreshConnection(m_call)) {
                m_call = nullptr;
                close();
                return;
            }
            fail(ErrorKind::Reset, QStringLiteral("upstream %1:%2 reset the connection")
                                       .arg(m_origin.host)
                                       .arg(m_origin.port));
            return;
        }
        m_gotBytes = true;
        if (m_call) {
            m_call->gotResponse = true;
            m_call->idleDeadlineMs = monotonicMs() + m_client->limits().idleTimeoutMs;
        }
        const http::ResponseParser::Outcome outcome = m_parser.feed(scratch, size_t(n));
        if (m_state == State::Closed)
            return; // the call was cancelled from a callback
        switch (outcome.status) {
        case http::ResponseParser::Status::Complete:
            if (outcome.consumed != size_t(n))
                m_stopParsing = true; // bytes after the response: do not reuse this connection
            finishResponse();
            return;
        case http::ResponseParser::Status::Stopped:
            // The call was dropped from a callback without closing: the rest is unwanted.
            close();
            return;
        case http::ResponseParser::Status::Error: failParse(outcome); return;
        case http::ResponseParser::Status::Incomplete: break;
        }
        if (m_call) {
            m_call->handler->onResponseFlush();
            if (m_state == State::Closed)
                return;
        }
        // Plain sockets: one read per wake-up unless it filled the buffer. TLS may hold
        // decrypted bytes that poll() cannot see.
        if (!(m_ssl && SSL_pending(m_ssl) > 0) && size_t(n) < readChunk)
            return;
    }
}

void UpstreamConnection::handleEof()
{
    if (m_gotBytes) {
        // A response without a length ends at EOF (RFC 9112 6.3).
        const http::ResponseParser::Outcome outcome = m_parser.finish();
        if (m_state == State::Closed)
            return;
        if (outcome.status == http::ResponseParser::Status::Complete) {
            m_stopParsing = true;
            finishResponse();
            return;
        }
    } else if (m_reused && m_call && m_client->retryOnFreshConnection(m_call)) {
        m_call = nullptr;
        close();
        return;
    }
    fail(ErrorKind::Reset, QStringLiteral("upstream %1:%2 closed the connection before the "
                                          "response ended")
                               .arg(m_origin.host)
                               .arg(m_origin.port));
}

void UpstreamConnection::finishResponse()
{
    Client::Call* call = m_call;
    m_call = nullptr;
    const bool keepAlive = !m_stopParsing && m_parser.keepAlive();
    if (keepAlive) {
        m_state = State::Idle;
        m_reused = true;
        m_idleSinceMs = monotonicMs();
    } else {
        close();
    }
    if (call)
        m_client->callFinished(call);
    if (keepAlive && m_state == State::Idle)
        m_client->connectionReady(this);
}

void UpstreamConnection::abandon()
{
    m_call = nullptr;
    if (m_state == State::Busy || m_state == State::Connecting || m_state == State::Resolving ||
        m_state == State::Handshaking) {
        // A half-read response (or a half-open connection) cannot be reused.
        close();
    }
}

void UpstreamConnection::fail(ErrorKind kind, const QString& message)
{
    Client::Call* call = m_call;
    m_call = nullptr;
    close();
    if (call)
        m_client->callFailed(call, kind, message);
}

void UpstreamConnection::close()
{
    if (m_state == State::Closed)
        return;
    m_state = State::Closed;
    delete m_readNotifier;
    delete m_writeNotifier;
    m_readNotifier = m_writeNotifier = nullptr;
    if (m_ssl) {
        SSL_free(m_ssl);
        m_ssl = nullptr;
    }
    if (m_fd >= 0) {
        ::close(m_fd);
        m_fd = -1;
    }
    m_client->connectionClosed(this);
}

void UpstreamConnection::failParse(const http::ResponseParser::Outcome& outcome)
{
    if (outcome.error == http::ResponseParser::Error::BodyTooLarge) {
        fail(ErrorKind::TooLarge, QStringLiteral("upstream response is larger than %1 bytes")
                                      .arg(m_client->limits().maxResponseBytes));
        return;
    }
    fail(ErrorKind::Protocol, QStringLiteral("upstream sent a malformed HTTP response: %1")
                                  .arg(QString::fromLatin1(outcome.errorMessage)));
}

bool UpstreamConnection::onResponseHead(int status, const http::ResponseParser::HeaderList& headers)
{
    if (!m_call)
        return false;
    m_call->handler->onResponseHead(status, headers);
    return m_call != nullptr;
}

bool UpstreamConnection::onResponseBody(const char* data, size_t length)
{
    if (!m_call)
        return false;
    m_call->handler->onResponseBody(data, length);
    return m_call != nullptr;
}

} // namespace gateway::upstream

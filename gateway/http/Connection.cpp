#include "http/Connection.h"

#include "Clock.h"
#include "http/ResponseHead.h"
#include "http/Worker.h"

#include <QMetaObject>
#include <QSocketNotifier>

#include <cerrno>
#include <sys/socket.h>
#include <unistd.h>

namespace gateway::http {

namespace {
// A client that reads slower than we write is cut off beyond this much unsent output.
constexpr qsizetype maxPendingOutput = 16 * 1024 * 1024;
// One read() takes at most this much (the worker's scratch buffer).
constexpr size_t readChunk = 64 * 1024;
thread_local char scratch[readChunk];
} // namespace

Connection::Connection(Worker* worker, int fd)
    : QObject(worker), m_worker(worker), m_fd(fd),
      m_readNotifier(new QSocketNotifier(qintptr(fd), QSocketNotifier::Read, this)),
      m_writeNotifier(new QSocketNotifier(qintptr(fd), QSocketNotifier::Write, this)),
      m_parser(worker->limits().parser)
{
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &Connection::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &Connection::onWritable);
    // The first request must arrive within the header timeout, like any later one.
    setDeadline(monotonicMs() + worker->limits().headerTimeoutMs);
}

Connection::~Connection()
{
    if (!m_closed)
        close();
}

void Connection::onReadable()
{
    const ssize_t n = ::read(m_fd, scratch, readChunk);
    if (n == 0) {
        // The client closed its side. A request in flight is abandoned (its upstream call is
        // cancelled through the exchange's abort handler).
        close();
        return;
    }
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            close();
        return;
    }
    if (m_exchange || !m_in.isEmpty()) {
        // Pipelined bytes wait for the request in flight, within a bound.
        m_in.append(scratch, n);
        if (m_in.size() - m_inOffset > m_worker->limits().maxPipelinedBytes)
            m_readNotifier->setEnabled(false);
        if (!m_exchange)
            processInput();
        return;
    }
    const char* data = scratch;
    size_t length = size_t(n);
    while (length > 0 && !m_exchange && !m_closed && !m_closeAfterWrite) {
        const RequestParser::Outcome outcome = m_parser.feed(data, length);
        data += outcome.consumed;
        length -= outcome.consumed;
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
    if (length > 0 && !m_closed && !m_closeAfterWrite)
        m_in.append(data, qsizetype(length));
    updateReadPhase();
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
    if (!m_closed && !m_readNotifier->isEnabled() && !m_exchange)
        m_readNotifier->setEnabled(true);
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
    // Hold a reference: the handler may finish (and drop) the exchange before it returns.
    std::shared_ptr<Exchange> exchange = m_exchange;
    m_worker->handler()->handle(exchange);
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
    if (m_closed)
        return;
    if (m_out.isEmpty()) {
        const ssize_t n = ::send(m_fd, data, length, MSG_NOSIGNAL);
        if (n == ssize_t(length))
            return;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            close();
            return;
        }
        const size_t sent = n > 0 ? size_t(n) : 0;
        m_out.append(data + sent, qsizetype(length - sent));
        m_writeNotifier->setEnabled(true);
        return;
    }
    if (m_out.size() + qsizetype(length) > maxPendingOutput) {
        close();
        return;
    }
    m_out.append(data, qsizetype(length));
}

void Connection::onWritable()
{
    const ssize_t n = ::send(m_fd, m_out.constData(), size_t(m_out.size()), MSG_NOSIGNAL);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            close();
        return;
    }
    m_out.remove(0, n);
    if (!m_out.isEmpty())
        return;
    m_out = QByteArray();
    m_writeNotifier->setEnabled(false);
    if (m_closeAfterWrite)
        close();
}

void Connection::abortConnection()
{
    close();
}

void Connection::checkTimeout(qint64 nowMs)
{
    if (m_closed || m_deadlineMs == 0 || nowMs < m_deadlineMs)
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

void Connection::close()
{
    if (m_closed)
        return;
    m_closed = true;
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    ::close(m_fd);
    if (std::shared_ptr<Exchange> exchange = std::move(m_exchange))
        exchange->detach();
    m_worker->connectionClosed(this);
    deleteLater();
}

} // namespace gateway::http

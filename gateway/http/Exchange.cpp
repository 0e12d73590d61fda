#include "http/Exchange.h"

#include "http/Connection.h"
#include "http/ResponseHead.h"

namespace gateway::http {

const char* abortReasonName(AbortReason reason)
{
    switch (reason) {
    case AbortReason::ClientClosed: return "client_closed";
    case AbortReason::SendTimeout: return "send_timeout";
    case AbortReason::OutputLimit: return "output_limit";
    case AbortReason::Shutdown: return "shutdown";
    }
    return "unknown";
}

Exchange::Exchange(Connection* connection, Request request, qint64 startedNs)
    : m_connection(connection), m_request(std::move(request)), m_startedNs(startedNs)
{}

Exchange::~Exchange() = default;

void Exchange::detach(AbortReason reason)
{
    m_connection = nullptr;
    m_onDrained = nullptr;
    if (!m_finished) {
        m_finished = true;
        if (auto onAbort = std::move(m_onAbort))
            onAbort(reason);
    }
}

void Exchange::interrupt(AbortReason reason)
{
    if (!m_connection || m_finished)
        return;
    // Taken out: the handler runs once, and detach() will not call it again.
    if (auto onAbort = std::move(m_onAbort))
        onAbort(reason);
}

void Exchange::outputDrained()
{
    if (!m_connection || m_finished || !m_onDrained)
        return;
    // A copy: the handler may replace itself or end the exchange.
    const std::function<void()> onDrained = m_onDrained;
    onDrained();
}

qsizetype Exchange::pendingOutputBytes() const
{
    return m_connection ? m_connection->pendingOutput() : 0;
}

bool Exchange::outputBlocked() const
{
    return m_connection && m_connection->outputBlocked();
}

void Exchange::beginBatch()
{
    if (m_connection)
        m_connection->setBatching(true);
}

void Exchange::endBatch()
{
    if (m_connection)
        m_connection->setBatching(false);
}

void Exchange::respond(int status, const QByteArray& contentType, const QByteArray& body,
                       const HeaderList& extra)
{
    if (m_started || !m_connection)
        return;
    m_started = true;
    closeIfDraining();
    const bool keepAlive = m_request.keepAlive;
    QByteArray out;
    out.reserve(body.size() + 256);
    appendResponseHead(out, status, contentType, extra, !keepAlive);
    appendKeepAlive(out);
    appendHeaderLines(out, m_responseHeaders);
    // RFC 9110 9.3.2: the answer to HEAD is the GET's head without its content; a body here
    // would be read by the client as the start of the next response.
    const QByteArrayView content =
        m_request.method != "HEAD" ? QByteArrayView(body) : QByteArrayView();
    // RFC 9110 8.6: no Content-Length in a 204 (nor a body).
    if (status != 204) {
        appendParts(out, {"Content-Length: ", Decimal(body.size()), "\r\n\r\n", content});
    } else {
        appendParts(out, {"\r\n", content});
    }
    Connection* connection = m_connection;
    m_finished = true;
    m_connection = nullptr;
    connection->send(out);
    connection->finishExchange(keepAlive);
}

void Exchange::closeIfDraining()
{
    // The server is stopping: this connection closes after this response. Saying so in the
    // head (RFC 9112 9.6) keeps the client from sending its next request into a socket that is
    // about to close (it would read a reset instead of an answer).
    if (m_connection->isDraining())
        m_request.keepAlive = false;
}

void Exchange::appendKeepAlive(QByteArray& head) const
{
    // RFC 9112 9.3 and RFC 2068 19.7.1: persistence is not the default in HTTP/1.0, so a 1.0
    // connection stays open only when the response says so.
    if (m_request.http10 && m_request.keepAlive)
        head += "Connection: keep-alive\r\n";
}

void Exchange::startBody(int status, const QByteArray& contentType, qint64 contentLength,
                         const HeaderList& extra, QByteArrayView first)
{
    if (m_started || !m_connection)
        return;
    m_started = true;
    closeIfDraining();
    m_remaining = contentLength;
    // HTTP/1.0 has no chunked coding: the end of the body is the end of the connection.
    m_chunked = contentLength < 0 && !m_request.http10;
    if (contentLength < 0 && !m_chunked)
        m_request.keepAlive = false;
    QByteArray out;
    out.reserve(256);
    appendResponseHead(out, status, contentType, extra, !m_request.keepAlive);
    appendKeepAlive(out);
    appendHeaderLines(out, m_responseHeaders);
    if (m_chunked) {
        out += "Transfer-Encoding: chunked\r\n";
    } else if (contentLength >= 0) {
        out += "Content-Length: ";
        appendDecimal(out, contentLength);
        out += "\r\n";
    }
    out += "\r\n";
    if (!first.isEmpty()) {
        // The head and the first piece leave together: one write, one wake-up of the client.
        if (m_remaining >= 0) {
            first = first.first(qMin<qsizetype>(first.size(), qsizetype(m_remaining)));
            m_remaining -= first.size();
            out += first;
        } else if (m_chunked) {
            out += QByteArray::number(qulonglong(first.size()), 16);
            out += "\r\n";
            out += first;
            out += "\r\n";
        } else {
            out += first;
        }
    }
    m_connection->send(out);
}

void Exchange::writeBody(const char* data, size_t length)
{
    if (!m_connection || !m_started || m_finished || length == 0)
        return;
    if (m_remaining >= 0) {
        length = size_t(qMin<qint64>(qint64(length), m_remaining));
        m_remaining -= qint64(length);
        if (length > 0)
            m_connection->send(data, length);
        return;
    }
    if (!m_chunked) {
        m_connection->send(data, length);
        return;
    }
    // One buffer, kept between chunks (the connection copies what it is sent).
    QByteArray& out = m_chunkScratch;
    out.resize(0);
    out.reserve(qsizetype(length) + 16);
    char size[20];
    out.append(size, qsnprintf(size, sizeof size, "%zx\r\n", length));
    out.append(data, qsizetype(length));
    out += "\r\n";
    m_connection->send(out);
}

void Exchange::endBody(QByteArrayView last)
{
    if (!m_connection || !m_started || m_finished)
        return;
    if (!last.isEmpty() && !m_chunked) {
        writeBody(last.data(), size_t(last.size()));
        last = {};
    }
    if (m_remaining > 0) {
        // Fewer bytes than the Content-Length promised: a clean end would let the client wait
        // for the rest (or take the next response's bytes for them).
        abortStream();
        return;
    }
    Connection* connection = m_connection;
    m_finished = true;
    m_connection = nullptr;
    if (m_chunked) {
        // The last chunk and the terminating one leave together: one write, one wake-up of
        // the client, instead of two.
        QByteArray out;
        if (!last.isEmpty()) {
            out.reserve(last.size() + 24);
            out += QByteArray::number(qulonglong(last.size()), 16);
            out += "\r\n";
            out += last;
            out += "\r\n";
        }
        out += "0\r\n\r\n";
        connection->send(out);
    }
    connection->finishExchange(m_request.keepAlive);
}

void Exchange::abortStream()
{
    if (!m_connection || m_finished)
        return;
    Connection* connection = m_connection;
    m_finished = true;
    m_connection = nullptr;
    // What is pending (an error event, say) is still delivered; then the connection closes
    // without the terminating chunk.
    connection->finishExchange(false);
}

} // namespace gateway::http

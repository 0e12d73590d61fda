#include "http/Exchange.h"

#include "http/Connection.h"
#include "http/ResponseHead.h"

namespace gateway::http {

Exchange::Exchange(Connection* connection, Request request, qint64 startedNs)
    : m_connection(connection), m_request(std::move(request)), m_startedNs(startedNs)
{}

Exchange::~Exchange() = default;

void Exchange::detach()
{
    m_connection = nullptr;
    if (!m_finished) {
        m_finished = true;
        if (auto onAbort = std::move(m_onAbort))
            onAbort();
    }
}

void Exchange::respond(int status, const QByteArray& contentType, const QByteArray& body,
                       const HeaderList& extra)
{
    if (m_started || !m_connection)
        return;
    m_started = true;
    const bool keepAlive = m_request.keepAlive;
    QByteArray out;
    out.reserve(body.size() + 256);
    appendResponseHead(out, status, contentType, extra, !keepAlive);
    out += "Content-Length: ";
    out += QByteArray::number(body.size());
    out += "\r\n\r\n";
    // RFC 9110 9.3.2: the answer to HEAD is the GET's head without its content; a body here
    // would be read by the client as the start of the next response.
    if (m_request.method != "HEAD")
        out += body;
    Connection* connection = m_connection;
    m_finished = true;
    m_connection = nullptr;
    connection->send(out);
    connection->finishExchange(keepAlive);
}

void Exchange::startStream(int status, const QByteArray& contentType, const HeaderList& extra)
{
    if (m_started || !m_connection)
        return;
    m_started = true;
    // HTTP/1.0 has no chunked coding: the end of the stream is the end of the connection.
    m_chunked = !m_request.http10;
    if (!m_chunked)
        m_request.keepAlive = false;
    QByteArray out;
    out.reserve(256);
    appendResponseHead(out, status, contentType, extra, !m_request.keepAlive);
    if (m_chunked)
        out += "Transfer-Encoding: chunked\r\n";
    out += "\r\n";
    m_connection->send(out);
}

void Exchange::writeStream(const char* data, size_t length)
{
    if (!m_connection || !m_started || m_finished || length == 0)
        return;
    if (!m_chunked) {
        m_connection->send(data, length);
        return;
    }
    QByteArray out;
    out.reserve(qsizetype(length) + 16);
    out += QByteArray::number(qulonglong(length), 16);
    out += "\r\n";
    out.append(data, qsizetype(length));
    out += "\r\n";
    m_connection->send(out);
}

void Exchange::endStream()
{
    if (!m_connection || !m_started || m_finished)
        return;
    Connection* connection = m_connection;
    m_finished = true;
    m_connection = nullptr;
    if (m_chunked)
        connection->send("0\r\n\r\n", 5);
    connection->finishExchange(m_request.keepAlive);
}

void Exchange::abortStream()
{
    if (!m_connection || m_finished)
        return;
    Connection* connection = m_connection;
    m_finished = true;
    m_connection = nullptr;
    connection->abortConnection();
}

} // namespace gateway::http

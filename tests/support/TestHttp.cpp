#include "support/TestHttp.h"

#include <QDeadlineTimer>

#include <cerrno>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace testhttp {

QByteArray Response::header(const char* lowerName) const
{
    for (const auto& [n, v] : headers)
        if (n == lowerName)
            return v;
    return {};
}

Connection::Connection(quint16 port, int timeoutMs) : m_timeoutMs(timeoutMs)
{
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(m_fd);
        m_fd = -1;
        return;
    }
    const int one = 1;
    setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

Connection::~Connection()
{
    close();
}

quint16 Connection::localPort() const
{
    sockaddr_in sa{};
    socklen_t length = sizeof sa;
    if (m_fd < 0 || getsockname(m_fd, reinterpret_cast<sockaddr*>(&sa), &length) != 0)
        return 0;
    return ntohs(sa.sin_port);
}

namespace {
bool completeResponse(const QByteArray& bytes)
{
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QByteArray head = bytes.left(headEnd).toLower();
    const qsizetype at = head.indexOf("\r\ncontent-length:");
    if (at < 0)
        return false;
    const qsizetype end = head.indexOf("\r\n", at + 2);
    const qint64 length = head.mid(at + 17, end < 0 ? -1 : end - at - 17).trimmed().toLongLong();
    return bytes.size() - headEnd - 4 >= length;
}
} // namespace

UploadResult uploadWhileReading(quint16 port, const QByteArray& head, qint64 bodyBytes,
                                int pieceBytes, int timeoutMs)
{
    UploadResult result;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QDeadlineTimer deadline(timeoutMs);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return result;
    }
    QByteArray pending = head;
    qsizetype headLeft = head.size();
    const QByteArray piece(pieceBytes, 'x');
    qint64 bodyLeft = bodyBytes;
    while (!deadline.hasExpired()) {
        const bool writing = !result.answered && (!pending.isEmpty() || bodyLeft > 0);
        pollfd p{fd, short(POLLIN | (writing ? POLLOUT : 0)), 0};
        if (poll(&p, 1, int(qMax<qint64>(1, deadline.remainingTime()))) <= 0)
            continue;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            char buffer[65536];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                result.received.append(buffer, n);
                result.answered = completeResponse(result.received);
            } else if (n == 0) {
                result.ended = true;
                break;
            } else if (errno != EAGAIN && errno != EINTR) {
                result.reset = true;
                break;
            }
        }
        if (writing && (p.revents & POLLOUT)) {
            if (pending.isEmpty()) {
                headLeft = 0;
                pending = piece.left(int(qMin<qint64>(bodyLeft, pieceBytes)));
                bodyLeft -= pending.size();
            }
            const ssize_t n = ::send(fd, pending.constData(), size_t(pending.size()), MSG_NOSIGNAL);
            if (n > 0) {
                // Bytes of the head are not body bytes.
                const qsizetype ofHead = qMin<qsizetype>(headLeft, n);
                headLeft -= ofHead;
                result.bodyBytesSent += n - ofHead;
                pending.remove(0, n);
            } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
                result.writeFailedBeforeAnswer = !result.answered;
                bodyLeft = 0;
                pending.clear();
            }
        }
    }
    ::close(fd);
    return result;
}

void Connection::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool Connection::sendRaw(const QByteArray& bytes)
{
    qsizetype sent = 0;
    while (m_fd >= 0 && sent < bytes.size()) {
        const ssize_t n =
            ::send(m_fd, bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += n;
    }
    return m_fd >= 0;
}

bool Connection::fill(int timeoutMs)
{
    if (m_fd < 0)
        return false;
    pollfd p{m_fd, POLLIN, 0};
    if (poll(&p, 1, timeoutMs) <= 0)
        return false;
    char buffer[65536];
    const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
    if (n <= 0)
        return false;
    m_buffer.append(buffer, n);
    return true;
}

QByteArray Connection::readUntil(const QByteArray& needle, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!m_buffer.contains(needle) && !deadline.hasExpired())
        if (!fill(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
    return m_buffer;
}

bool Connection::waitClosed(int timeoutMs, QByteArray* rest)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        pollfd p{m_fd, POLLIN, 0};
        if (poll(&p, 1, int(qMax<qint64>(1, deadline.remainingTime()))) <= 0)
            continue;
        char buffer[65536];
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0) {
            if (rest)
                *rest = m_buffer;
            return true;
        }
        m_buffer.append(buffer, n);
    }
    if (rest)
        *rest = m_buffer;
    return false;
}

Response Connection::read()
{
    Response r;
    QDeadlineTimer deadline(m_timeoutMs);
    auto remaining = [&] { return int(qMax<qint64>(1, deadline.remainingTime())); };
    qsizetype headEnd;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0)
        if (deadline.hasExpired() || !fill(remaining()))
            return r;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    m_buffer.remove(0, headEnd + 4);
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    r.status = statusLine.value(1).toInt();
    for (int i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            r.headers.emplace_back(lines[i].left(colon).trimmed().toLower(),
                                   lines[i].mid(colon + 1).trimmed());
    }
    if (r.status == 100) // interim; the caller reads again
    {
        r.complete = true;
        return r;
    }
    const QByteArray length = r.header("content-length");
    if (!length.isEmpty()) {
        const qsizetype n = length.toLongLong();
        while (m_buffer.size() < n)
            if (deadline.hasExpired() || !fill(remaining()))
                return r;
        r.body = m_buffer.left(n);
        m_buffer.remove(0, n);
        r.complete = true;
        return r;
    }
    if (r.header("transfer-encoding").toLower() == "chunked") {
        for (;;) {
            qsizetype lineEnd;
            while ((lineEnd = m_buffer.indexOf("\r\n")) < 0)
                if (deadline.hasExpired() || !fill(remaining()))
                    return r;
            bool ok = false;
            const qsizetype size = m_buffer.left(lineEnd).toLongLong(&ok, 16);
            if (!ok)
                return r;
            while (m_buffer.size() < lineEnd + 2 + size + 2)
                if (deadline.hasExpired() || !fill(remaining()))
                    return r;
            r.body += m_buffer.mid(lineEnd + 2, size);
            m_buffer.remove(0, lineEnd + 2 + size + 2);
            if (size == 0) {
                r.complete = true;
                return r;
            }
        }
    }
    // Close-delimited.
    while (fill(remaining()))
        ;
    r.body = m_buffer;
    m_buffer.clear();
    r.complete = true;
    return r;
}

QByteArray postJson(const QByteArray& path, const QByteArray& body,
                    const QList<QByteArray>& extraHeaders)
{
    QByteArray out =
        "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    for (const QByteArray& h : extraHeaders)
        out += h + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return out;
}

Response post(quint16 port, const QByteArray& path, const QByteArray& body,
              const QList<QByteArray>& extraHeaders)
{
    Connection c(port);
    c.sendRaw(postJson(path, body, extraHeaders));
    return c.read();
}

Response get(quint16 port, const QByteArray& path)
{
    Connection c(port);
    c.sendRaw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    return c.read();
}

QList<QByteArray> ssePayloads(const QByteArray& body)
{
    QList<QByteArray> out;
    for (const QByteArray& event : body.split('\n'))
        if (event.startsWith("data: "))
            out << event.mid(6);
    return out;
}

} // namespace testhttp

#include "support/ScriptedUpstream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

ScriptedUpstream::ScriptedUpstream(QByteArray rawResponse) : m_response(std::move(rawResponse))
{
    m_listen = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(m_listen, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    listen(m_listen, 64);
    socklen_t length = sizeof sa;
    getsockname(m_listen, reinterpret_cast<sockaddr*>(&sa), &length);
    m_port = ntohs(sa.sin_port);
    m_thread = std::thread([this] { serve(); });
}

ScriptedUpstream::~ScriptedUpstream()
{
    ::shutdown(m_listen, SHUT_RDWR);
    ::close(m_listen);
    m_thread.join();
}

QByteArray ScriptedUpstream::response(int status, const QByteArray& contentType,
                                      const QByteArray& body, const QList<QByteArray>& extraHeaders)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) +
                     " Scripted\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n";
    for (const QByteArray& h : extraHeaders)
        out += h + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return out;
}

QList<QByteArray> ScriptedUpstream::requests() const
{
    std::lock_guard lock(m_mutex);
    return m_requests;
}

void ScriptedUpstream::serve()
{
    for (;;) {
        const int fd = accept(m_listen, nullptr, nullptr);
        if (fd < 0)
            return;
        // Reads the head, then the body its Content-Length announces.
        QByteArray request;
        char buffer[16384];
        qsizetype wanted = -1;
        while (wanted < 0 || request.size() < wanted) {
            const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            request.append(buffer, n);
            const qsizetype headEnd = request.indexOf("\r\n\r\n");
            if (wanted < 0 && headEnd >= 0) {
                const QByteArray head = request.left(headEnd).toLower();
                const qsizetype at = head.indexOf("content-length:");
                const qsizetype length = at < 0
                                             ? 0
                                             : head.mid(at + 15, head.indexOf('\r', at) - at - 15)
                                                   .trimmed()
                                                   .toLongLong();
                wanted = headEnd + 4 + length;
            }
        }
        {
            std::lock_guard lock(m_mutex);
            m_requests << request;
        }
        (void)::send(fd, m_response.constData(), size_t(m_response.size()), MSG_NOSIGNAL);
        ::close(fd);
    }
}

#include "support/ScriptedUpstream.h"

#include "support/LoopbackSocket.h"

#include <sys/socket.h>
#include <unistd.h>

ScriptedUpstream::ScriptedUpstream(QByteArray rawResponse)
    : ScriptedUpstream(QList<QByteArray>{std::move(rawResponse)})
{}

ScriptedUpstream::ScriptedUpstream(QList<QByteArray> rawResponses)
    : m_responses(std::move(rawResponses))
{
    m_listen = listenOnLoopback(&m_port, 64);
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
        const QByteArray request = readHttpRequest(fd);
        qsizetype served = 0;
        {
            std::lock_guard lock(m_mutex);
            served = m_requests.size();
            m_requests << request;
        }
        const QByteArray& response = m_responses.at(qMin(served, m_responses.size() - 1));
        (void)::send(fd, response.constData(), size_t(response.size()), MSG_NOSIGNAL);
        ::close(fd);
    }
}

#include "support/HeldUpstream.h"

#include "support/LoopbackSocket.h"

#include <sys/socket.h>
#include <unistd.h>

namespace {
const QByteArray completion =
    R"({"id":"chatcmpl-held","object":"chat.completion","created":1,"model":"held",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":"released"},)"
    R"("finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})";
} // namespace

HeldUpstream::HeldUpstream(int releaseAt) : m_releaseAt(releaseAt)
{
    m_listen = listenOnLoopback(&m_port, 1024);
    m_acceptor = std::thread([this] { serve(); });
}

HeldUpstream::~HeldUpstream()
{
    release();
    ::shutdown(m_listen, SHUT_RDWR);
    ::close(m_listen);
    m_acceptor.join();
    for (std::thread& t : m_connections)
        t.join();
}

int HeldUpstream::received() const
{
    std::lock_guard lock(m_mutex);
    return m_received;
}

int HeldUpstream::mostHeld() const
{
    std::lock_guard lock(m_mutex);
    return m_mostHeld;
}

void HeldUpstream::waitForReceived(int n)
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_received >= n || m_released; });
}

void HeldUpstream::release()
{
    std::lock_guard lock(m_mutex);
    m_released = true;
    m_changed.notify_all();
}

void HeldUpstream::serve()
{
    for (;;) {
        const int fd = accept(m_listen, nullptr, nullptr);
        if (fd < 0)
            return;
        // Only the acceptor touches the vector; the destructor joins it first.
        m_connections.emplace_back([this, fd] { answer(fd); });
    }
}

void HeldUpstream::answer(int fd)
{
    bool complete = false;
    readHttpRequest(fd, &complete);
    if (!complete) {
        ::close(fd);
        return;
    }
    {
        std::unique_lock lock(m_mutex);
        ++m_received;
        ++m_held;
        m_mostHeld = std::max(m_mostHeld, m_held);
        if (m_releaseAt > 0 && m_held >= m_releaseAt)
            m_released = true;
        m_changed.notify_all();
        m_changed.wait(lock, [&] { return m_released; });
        --m_held;
    }
    const QByteArray out = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: "
                           "close\r\nContent-Length: " +
                           QByteArray::number(completion.size()) + "\r\n\r\n" + completion;
    (void)::send(fd, out.constData(), size_t(out.size()), MSG_NOSIGNAL);
    ::close(fd);
}

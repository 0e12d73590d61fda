#pragma once

#include <QByteArray>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

// An HTTP upstream on loopback, port 0, that holds every request it receives until it is
// released: by release(), or once releaseAt requests are held at the same time. Each is then
// answered with the same OpenAI chat completion and its connection closed. A test can so tell
// how many calls reached the upstream at once, without timing anything.
class HeldUpstream
{
public:
    explicit HeldUpstream(int releaseAt = 0);
    ~HeldUpstream();
    HeldUpstream(const HeldUpstream&) = delete;
    HeldUpstream& operator=(const HeldUpstream&) = delete;

    quint16 port() const { return m_port; }
    // Requests received so far, and the most held at the same time.
    int received() const;
    int mostHeld() const;
    // Blocks until n requests have been received (or the upstream is released).
    void waitForReceived(int n);
    void release();

private:
    void serve();
    void answer(int fd);

    int m_releaseAt;
    int m_listen = -1;
    quint16 m_port = 0;
    std::thread m_acceptor;
    std::vector<std::thread> m_connections;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    int m_received = 0;
    int m_held = 0;
    int m_mostHeld = 0;
    bool m_released = false;
};

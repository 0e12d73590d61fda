#pragma once

#include "eventloop/DirectSocketNotifier.h"

#include <QAbstractEventDispatcher>
#include <QSocketNotifier>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <unordered_map>
#include <vector>

class QThread;
struct epoll_event;

namespace gateway::eventloop {

// An event dispatcher for the engine's threads on Linux epoll (issue 9, "Event loops on
// epoll"). Qt's QEventDispatcherUNIX hands every enabled socket notifier to poll() on each
// wake-up, so with thousands of idle keep-alive connections a request pays for all of them;
// here a wake-up costs the descriptors that are ready, nothing per descriptor that is merely
// open.
//
// - Socket notifiers: one epoll registration per descriptor, its interest the union of the
//   descriptor's enabled notifiers (EPOLLIN, EPOLLOUT, EPOLLPRI). epoll_ctl runs only when that
//   union changes, and a descriptor with no enabled notifier is removed. EPOLLERR and EPOLLHUP
//   wake the read and the write notifier, so a reset connection never hangs.
// - Level-triggered, deliberately: QSocketNotifier promises level semantics (a handler that
//   reads part of the input is activated again; a notifier enabled while data waits is
//   activated), and edge-triggered registrations would need a readiness re-check after each
//   activation to keep that promise. The engine enables a write notifier only after a short
//   write, so the epoll_ctl calls that edge triggering would save are rare.
// - Timers: ordered by deadline on the monotonic clock; epoll_wait's timeout is the nearest
//   one, rounded up to the millisecond. Qt::CoarseTimer may move by up to 5 % to a round
//   boundary so that timers share wake-ups (under 20 ms it is precise, from 20 s it is very
//   coarse, as in Qt); Qt::VeryCoarseTimer fires on whole seconds.
// - wakeUp(): an eventfd, written at most once until the loop reads it (thread-safe).
//
// Activations are QEvent::SockAct and QTimerEvent sent with QCoreApplication::sendEvent. A
// notifier or timer removed, or its object deleted, by an earlier activation of the same pass
// is looked up again before each delivery and skipped.
//
// Install it on a QThread before the thread starts: QThread::setEventDispatcher(new
// EpollEventDispatcher), or installEngineDispatcher(). All members except wakeUp() and
// interrupt() run on the dispatcher's thread.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    // What the dispatcher did since it was made. Read on its thread (tests, diagnostics).
    struct Stats
    {
        quint64 waits = 0;       // epoll_wait (or poll, without socket notifiers) calls
        quint64 readyEvents = 0; // socket events epoll_wait reported, over all waits
        quint64 activations = 0; // QEvent::SockAct sent
        quint64 timerEvents = 0; // QTimerEvent sent
        quint64 ctlCalls = 0;    // epoll_ctl calls for socket notifiers
        quint64 rebuilds = 0;    // epoll sets rebuilt after a stale registration (see .cpp)
    };

    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    // False when epoll_create1 or eventfd failed; such a dispatcher must not be installed.
    bool isValid() const { return m_epollFd >= 0 && m_wakeFd >= 0; }
    const Stats& stats() const { return m_stats; }

    // Whether epoll events `events` activate a notifier of `type`: EPOLLERR and EPOLLHUP wake
    // both the read and the write notifier (as poll's POLLERR/POLLHUP do for Qt's dispatcher).
    static bool wakes(uint32_t events, QSocketNotifier::Type type);

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject* object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    using Clock = std::chrono::steady_clock;

    struct Descriptor
    {
        QSocketNotifier* notifiers[3] = {nullptr, nullptr, nullptr}; // by QSocketNotifier::Type
        // The handlers of DirectSocketNotifiers, called without a QEvent; null for others.
        DirectSocketNotifier::Handler handlers[3] = {nullptr, nullptr, nullptr};
        void* contexts[3] = {nullptr, nullptr, nullptr};
        uint32_t kernelMask = 0; // the interest epoll holds for it; 0: not registered
        uint32_t generation = 0; // tells events of an earlier registration of the number apart
        uint32_t wantedMask() const;
    };

    struct Timer
    {
        QObject* object;
        qint64 intervalMs;  // as registered (registeredTimers reports it)
        Qt::TimerType type; // effective type (Qt's conversions of CoarseTimer applied)
        Clock::time_point deadline;
        std::multimap<Clock::time_point, int>::iterator slot; // in m_queue
        quint64 serial;          // tells a re-registration of the same id apart
        bool delivering = false; // its QTimerEvent is being handled: not sent again meanwhile
    };

    // The registration of fd, or null.
    Descriptor* registered(int fd);
    uint32_t nextGeneration();
    void applyMask(int fd, Descriptor& descriptor);
    int epollCtl(int op, int fd, uint32_t events, uint32_t generation);
    void rebuildEpollSet();
    void drainWakeUp();
    int waitTimeoutMs(bool includeTimers) const;
    int deliverSocketEvents(const epoll_event* events, int count);
    int activateTimers();
    void schedule(Timer& timer, Clock::time_point now, bool first);

    int m_epollFd = -1;
    int m_wakeFd = -1;
    std::atomic<bool> m_wakeUpPending{false};
    std::atomic<bool> m_interrupted{false};

    // Indexed by descriptor number (the kernel hands out the lowest free one, so this stays as
    // long as the most descriptors open at once): an event's lookup is an index, not a hash.
    // A slot whose generation is 0 is unused.
    std::vector<Descriptor> m_descriptors;
    uint32_t m_nextGeneration = 1;

    std::unordered_map<int, Timer> m_timers;
    std::multimap<Clock::time_point, int> m_queue; // deadline -> timer id; FIFO among equals
    std::unordered_multimap<QObject*, int> m_timersByObject;
    quint64 m_nextSerial = 1;
    std::vector<std::pair<int, quint64>> m_expired; // scratch of activateTimers

    Stats m_stats;
};

// Installs an EpollEventDispatcher on `thread`, which must not have started yet. With
// SWITCHBOARD_EVENT_DISPATCHER=qt in the environment, or if epoll is unavailable, the thread
// keeps Qt's own dispatcher. Returns whether the epoll dispatcher was installed.
bool installEngineDispatcher(QThread* thread);

} // namespace gateway::eventloop

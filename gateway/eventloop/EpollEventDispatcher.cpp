#include "eventloop/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace gateway::eventloop {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// The epoll data of the eventfd. Socket registrations carry (generation << 32 | fd), whose low
// half is never 0xffffffff: descriptors are non-negative ints.
constexpr uint64_t kWakeUpKey = ~uint64_t(0);
constexpr int kMaxEventsPerWait = 256; // more ready descriptors are reported by the next wait

constexpr uint32_t kInterest[3] = {EPOLLIN, EPOLLOUT, EPOLLPRI}; // by QSocketNotifier::Type

uint64_t keyOf(int fd, uint32_t generation)
{
    return (uint64_t(generation) << 32) | uint32_t(fd);
}

const char* opName(int op)
{
    switch (op) {
    case EPOLL_CTL_ADD: return "ADD";
    case EPOLL_CTL_MOD: return "MOD";
    default: return "DEL";
    }
}

qint64 msSinceEpoch(Clock::time_point t)
{
    return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

Clock::time_point atMs(qint64 ms)
{
    return Clock::time_point(milliseconds(ms));
}

// Qt::CoarseTimer may fire up to 5 % of its interval early or late. Moving the deadline to the
// roundest boundary inside that window makes the coarse timers of a thread wake it together.
Clock::time_point coarsen(Clock::time_point deadline, qint64 intervalMs)
{
    const qint64 slack = intervalMs / 20;
    const qint64 ms = msSinceEpoch(deadline);
    for (const qint64 granule : {1000, 500, 250, 100, 50, 25, 10, 5, 2}) {
        if (granule > 2 * slack + 1)
            continue;
        const qint64 below = ms / granule * granule;
        const qint64 above = below + granule;
        const qint64 best = (ms - below <= above - ms) ? below : above;
        if (std::abs(best - ms) <= slack)
            return atMs(best);
    }
    return deadline;
}

// A new epoll set that already watches the wake-up eventfd; -1 (errno set) on failure.
int newEpollSet(int wakeFd)
{
    const int epollFd = epoll_create1(EPOLL_CLOEXEC);
    if (epollFd < 0)
        return -1;
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = kWakeUpKey;
    if (epoll_ctl(epollFd, EPOLL_CTL_ADD, wakeFd, &event) != 0) {
        const int error = errno;
        ::close(epollFd);
        errno = error;
        return -1;
    }
    return epollFd;
}

} // namespace

uint32_t EpollEventDispatcher::Descriptor::wantedMask() const
{
    uint32_t mask = 0;
    for (int type = 0; type < 3; ++type)
        if (notifiers[type])
            mask |= kInterest[type];
    return mask;
}

bool EpollEventDispatcher::wakes(uint32_t events, QSocketNotifier::Type type)
{
    switch (type) {
    case QSocketNotifier::Read: return events & (EPOLLIN | EPOLLHUP | EPOLLERR);
    case QSocketNotifier::Write: return events & (EPOLLOUT | EPOLLHUP | EPOLLERR);
    case QSocketNotifier::Exception: return events & EPOLLPRI;
    }
    return false;
}

EpollEventDispatcher::EpollEventDispatcher(QObject* parent) : QAbstractEventDispatcher(parent)
{
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_wakeFd >= 0)
        m_epollFd = newEpollSet(m_wakeFd);
    if (m_epollFd < 0 || m_wakeFd < 0)
        qWarning("switchboard: epoll event dispatcher unavailable: %s", strerror(errno));
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_epollFd >= 0)
        ::close(m_epollFd);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

// --- Socket notifiers -------------------------------------------------------------------------

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2) {
        qWarning("EpollEventDispatcher: invalid socket notifier (fd %d, type %d)", fd, type);
        return;
    }
    if (notifier->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher: socket notifier (fd %d) cannot be enabled from another "
                 "thread",
                 fd);
        return;
    }
    if (size_t(fd) >= m_descriptors.size())
        m_descriptors.resize(size_t(fd) + 1);
    Descriptor& descriptor = m_descriptors[size_t(fd)];
    if (descriptor.generation == 0)
        descriptor.generation = nextGeneration();
    if (descriptor.notifiers[type]) {
        if (descriptor.notifiers[type] != notifier)
            qWarning("EpollEventDispatcher: multiple socket notifiers for socket %d and type %d",
                     fd, type);
        return;
    }
    descriptor.notifiers[type] = notifier;
    if (const auto* direct = qobject_cast<const DirectSocketNotifier*>(notifier)) {
        descriptor.handlers[type] = direct->handler();
        descriptor.contexts[type] = direct->context();
    }
    applyMask(fd, descriptor);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2)
        return;
    if (notifier->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher: socket notifier (fd %d) cannot be disabled from another "
                 "thread",
                 fd);
        return;
    }
    Descriptor* descriptor = registered(fd);
    if (!descriptor || descriptor->notifiers[type] != notifier)
        return;
    descriptor->notifiers[type] = nullptr;
    descriptor->handlers[type] = nullptr;
    descriptor->contexts[type] = nullptr;
    applyMask(fd, *descriptor);
    if (descriptor->wantedMask() == 0)
        *descriptor = Descriptor{};
}

EpollEventDispatcher::Descriptor* EpollEventDispatcher::registered(int fd)
{
    if (fd < 0 || size_t(fd) >= m_descriptors.size())
        return nullptr;
    Descriptor& descriptor = m_descriptors[size_t(fd)];
    return descriptor.generation != 0 ? &descriptor : nullptr;
}

uint32_t EpollEventDispatcher::nextGeneration()
{
    // 0 marks an unused slot: skipped when the count wraps.
    if (m_nextGeneration == 0)
        m_nextGeneration = 1;
    return m_nextGeneration++;
}

int EpollEventDispatcher::epollCtl(int op, int fd, uint32_t events, uint32_t generation)
{
    ++m_stats.ctlCalls;
    epoll_event event{};
    event.events = events;
    event.data.u64 = keyOf(fd, generation);
    return epoll_ctl(m_epollFd, op, fd, &event) == 0 ? 0 : errno;
}

// Brings the kernel's interest for `fd` to what its enabled notifiers want. A descriptor can
// be closed, and its number reused, while notifiers are still registered for it: closing drops
// the kernel's registration, so a MOD may find none (ENOENT: add it), an ADD may find one
// (EEXIST: modify it), and a DEL of a closed or reused number has nothing to remove.
void EpollEventDispatcher::applyMask(int fd, Descriptor& descriptor)
{
    const uint32_t wanted = descriptor.wantedMask();
    if (wanted == descriptor.kernelMask || m_epollFd < 0)
        return;
    if (wanted == 0) {
        const int error = epollCtl(EPOLL_CTL_DEL, fd, 0, descriptor.generation);
        if (error != 0 && error != ENOENT && error != EBADF)
            qWarning("EpollEventDispatcher: epoll_ctl(DEL, %d): %s", fd, strerror(error));
        descriptor.kernelMask = 0;
        return;
    }
    int op = descriptor.kernelMask == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    int error = epollCtl(op, fd, wanted, descriptor.generation);
    if ((error == EEXIST && op == EPOLL_CTL_ADD) || (error == ENOENT && op == EPOLL_CTL_MOD)) {
        op = op == EPOLL_CTL_ADD ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
        error = epollCtl(op, fd, wanted, descriptor.generation);
    }
    if (error != 0) {
        // Typically EBADF: a notifier enabled on a closed descriptor. Qt's dispatcher warns
        // about it too (POLLNVAL); nothing will be reported for it.
        qWarning("EpollEventDispatcher: epoll_ctl(%s, %d): %s", opName(op), fd, strerror(error));
        descriptor.kernelMask = 0;
        return;
    }
    descriptor.kernelMask = wanted;
}

// An event whose descriptor we no longer know, right after epoll_wait, comes from a
// registration that outlived its number: the descriptor was closed while registered, but its
// file stays open elsewhere (a dup, a forked child), so the kernel kept the registration and
// our DEL by number could not reach it. Level-triggered, it would wake every wait forever; the
// only way to drop it is a new epoll set holding just what is registered now.
void EpollEventDispatcher::rebuildEpollSet()
{
    const int fresh = newEpollSet(m_wakeFd);
    if (fresh < 0) {
        qWarning("EpollEventDispatcher: cannot rebuild the epoll set: %s", strerror(errno));
        return;
    }
    if (m_stats.rebuilds == 0)
        qWarning("EpollEventDispatcher: a descriptor was closed while its socket notifier was "
                 "enabled and its file is still open elsewhere; rebuilding the epoll set");
    ++m_stats.rebuilds;
    ::close(m_epollFd);
    m_epollFd = fresh;
    for (size_t fd = 0; fd < m_descriptors.size(); ++fd) {
        Descriptor& descriptor = m_descriptors[fd];
        if (descriptor.generation == 0)
            continue;
        descriptor.kernelMask = 0;
        descriptor.generation = nextGeneration();
        applyMask(int(fd), descriptor);
    }
}

int EpollEventDispatcher::deliverSocketEvents(const epoll_event* events, int count)
{
    bool stale = false;
    for (int i = 0; i < count; ++i) {
        const uint64_t key = events[i].data.u64;
        if (key == kWakeUpKey)
            continue;
        ++m_stats.readyEvents;
        const Descriptor* descriptor = registered(int(uint32_t(key)));
        if (!descriptor || descriptor->generation != uint32_t(key >> 32))
            stale = true;
    }

    int delivered = 0;
    for (int i = 0; i < count; ++i) {
        const uint64_t key = events[i].data.u64;
        if (key == kWakeUpKey)
            continue;
        const int fd = int(uint32_t(key));
        const uint32_t generation = uint32_t(key >> 32);
        for (const auto type :
             {QSocketNotifier::Read, QSocketNotifier::Write, QSocketNotifier::Exception}) {
            if (!wakes(events[i].events, type))
                continue;
            // Looked up again before each delivery: an earlier activation may have disabled or
            // deleted this notifier, or closed the descriptor and registered its number anew.
            const Descriptor* descriptor = registered(fd);
            if (!descriptor || descriptor->generation != generation)
                break;
            QSocketNotifier* notifier = descriptor->notifiers[type];
            if (!notifier)
                continue;
            if (const DirectSocketNotifier::Handler handler = descriptor->handlers[type]) {
                // descriptor is not used after the call: a handler that registers a new
                // descriptor may make m_descriptors grow and move.
                handler(descriptor->contexts[type]);
            } else {
                QEvent event(QEvent::SockAct);
                QCoreApplication::sendEvent(notifier, &event);
            }
            ++m_stats.activations;
            ++delivered;
        }
    }
    if (stale)
        rebuildEpollSet();
    return delivered;
}

// --- Timers -----------------------------------------------------------------------------------

void EpollEventDispatcher::schedule(Timer& timer, Clock::time_point now, bool first)
{
    switch (timer.type) {
    case Qt::PreciseTimer:
    case Qt::CoarseTimer: {
        const milliseconds interval(timer.intervalMs);
        if (first) {
            timer.deadline = now + interval;
        } else {
            timer.deadline += interval;
            if (timer.deadline < now) // missed ticks are skipped, not caught up
                timer.deadline = now + interval;
        }
        if (timer.type == Qt::CoarseTimer)
            timer.deadline = coarsen(timer.deadline, timer.intervalMs);
        break;
    }
    case Qt::VeryCoarseTimer: {
        // Whole seconds, the interval rounded to the nearest one (at least one); the first
        // deadline is the whole second nearest to now + interval.
        const seconds interval(std::max<qint64>(1, (timer.intervalMs + 500) / 1000));
        if (first) {
            timer.deadline =
                Clock::time_point(std::chrono::round<seconds>(now.time_since_epoch()) + interval);
        } else {
            timer.deadline += interval;
            if (timer.deadline <= now)
                timer.deadline = Clock::time_point(
                    std::chrono::floor<seconds>(now.time_since_epoch()) + interval);
        }
        break;
    }
    }
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject* object)
{
    if (timerId < 1 || interval < 0 || !object) {
        qWarning("EpollEventDispatcher::registerTimer: invalid arguments");
        return;
    }
    if (object->thread() != thread() || thread() != QThread::currentThread()) {
        qWarning("EpollEventDispatcher::registerTimer: timers cannot be started from another "
                 "thread");
        return;
    }
    if (m_timers.count(timerId) != 0) {
        qWarning("EpollEventDispatcher::registerTimer: timer id %d is already registered", timerId);
        return;
    }
    // Qt's conversions: under 20 ms, 5 % is under a millisecond; from 20 s, it is a second.
    if (timerType == Qt::CoarseTimer && interval <= 20)
        timerType = Qt::PreciseTimer;
    else if (timerType == Qt::CoarseTimer && interval >= 20'000)
        timerType = Qt::VeryCoarseTimer;
    if (interval == 0)
        timerType = Qt::PreciseTimer; // a zero timer fires on every pass, whatever its type

    Timer timer{object, interval, timerType, {}, {}, m_nextSerial++};
    schedule(timer, Clock::now(), true);
    Timer& stored = m_timers.emplace(timerId, timer).first->second;
    stored.slot = m_queue.emplace(stored.deadline, timerId);
    m_timersByObject.emplace(object, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    m_queue.erase(it->second.slot);
    auto [first, last] = m_timersByObject.equal_range(it->second.object);
    for (auto o = first; o != last; ++o) {
        if (o->second == timerId) {
            m_timersByObject.erase(o);
            break;
        }
    }
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject* object)
{
    auto [first, last] = m_timersByObject.equal_range(object);
    if (first == last)
        return false;
    for (auto o = first; o != last; ++o) {
        const auto it = m_timers.find(o->second);
        m_queue.erase(it->second.slot);
        m_timers.erase(it);
    }
    m_timersByObject.erase(first, last);
    return true;
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollEventDispatcher::registeredTimers(QObject* object) const
{
    QList<TimerInfo> list;
    auto [first, last] = m_timersByObject.equal_range(object);
    for (auto o = first; o != last; ++o) {
        const Timer& timer = m_timers.at(o->second);
        list.append(
            TimerInfo(o->second, int(std::min<qint64>(INT_MAX, timer.intervalMs)), timer.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    const auto left = it->second.deadline - Clock::now();
    if (left <= Clock::duration::zero())
        return 0;
    return int(std::min<qint64>(INT_MAX, std::chrono::ceil<milliseconds>(left).count()));
}

// Sends a QTimerEvent for each timer that had expired when the pass began, nearest deadline
// first, each at most once (a zero timer fires once per pass). Each is rescheduled before its
// event is sent, so its handler may stop or restart it; a timer stopped, or whose object was
// deleted, by an earlier event of the pass is skipped. A timer whose handler is still running
// (it spun a nested event loop) is not sent again until the handler returns.
int EpollEventDispatcher::activateTimers()
{
    if (m_queue.empty())
        return 0;
    const Clock::time_point now = Clock::now();
    std::vector<std::pair<int, quint64>> expired;
    expired.swap(m_expired); // nested passes make their own
    expired.clear();
    for (auto it = m_queue.begin(); it != m_queue.end() && it->first <= now; ++it)
        expired.emplace_back(it->second, m_timers.at(it->second).serial);

    int activated = 0;
    for (const auto& [id, serial] : expired) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second.serial != serial || it->second.delivering)
            continue;
        Timer& timer = it->second;
        m_queue.erase(timer.slot);
        schedule(timer, now, false);
        timer.slot = m_queue.emplace(timer.deadline, id);
        if (timer.intervalMs > 0)
            ++activated; // as in Qt, zero timers alone do not make a pass count as work
        timer.delivering = true;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(timer.object, &event);
        ++m_stats.timerEvents;
        it = m_timers.find(id);
        if (it != m_timers.end() && it->second.serial == serial)
            it->second.delivering = false;
    }
    m_expired.swap(expired);
    return activated;
}

// Milliseconds until the nearest timer not being delivered, rounded up; -1: no timer.
int EpollEventDispatcher::waitTimeoutMs(bool includeTimers) const
{
    if (!includeTimers)
        return -1;
    for (const auto& [deadline, id] : m_queue) {
        if (m_timers.at(id).delivering)
            continue;
        const auto left = deadline - Clock::now();
        if (left <= Clock::duration::zero())
            return 0;
        return int(std::min<qint64>(INT_MAX, std::chrono::ceil<milliseconds>(left).count()));
    }
    return -1;
}

// --- The loop ---------------------------------------------------------------------------------

void EpollEventDispatcher::wakeUp()
{
    // Coalesced: one write until the loop has read it. The loop reads first and clears the
    // flag after, so a wake-up between the two finds the flag set, skips its write, and is
    // still served: the loop sends posted events again before it next blocks.
    if (m_wakeFd < 0 || m_wakeUpPending.exchange(true, std::memory_order_acq_rel))
        return;
    const uint64_t one = 1;
    while (::write(m_wakeFd, &one, sizeof one) < 0 && errno == EINTR) {
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true, std::memory_order_release);
    wakeUp();
}

void EpollEventDispatcher::drainWakeUp()
{
    uint64_t count = 0;
    while (::read(m_wakeFd, &count, sizeof count) < 0 && errno == EINTR) {
    }
    m_wakeUpPending.store(false, std::memory_order_release);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false, std::memory_order_relaxed);
    emit awake();
    // Posting an event calls wakeUp(), and Qt calls it again when events stay queued after
    // this; so the eventfd, not Qt's private "can wait" flag, says whether more are waiting.
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeSockets = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool canWait =
        (flags & QEventLoop::WaitForMoreEvents) && !m_interrupted.load(std::memory_order_acquire);
    if (canWait)
        emit aboutToBlock();
    if (m_interrupted.load(std::memory_order_acquire) || !isValid())
        return false;

    const int timeoutMs = canWait ? waitTimeoutMs(includeTimers) : 0;
    int processed = 0;
    ++m_stats.waits;
    if (includeSockets) {
        epoll_event events[kMaxEventsPerWait];
        const int ready = epoll_wait(m_epollFd, events, kMaxEventsPerWait, timeoutMs);
        if (ready < 0 && errno != EINTR)
            qWarning("EpollEventDispatcher: epoll_wait: %s", strerror(errno));
        for (int i = 0; i < ready; ++i) {
            if (events[i].data.u64 == kWakeUpKey) {
                // The events whose posting woke the wait are sent in this pass, so that a
                // pass that waited returns after serving them ("wait until more are available
                // and return after processing newly available events"), not one pass later.
                drainWakeUp();
                QCoreApplication::sendPostedEvents();
                ++processed;
            }
        }
        if (ready > 0)
            processed += deliverSocketEvents(events, ready);
    } else {
        // Socket notifiers stay registered in the epoll set; waiting on it would return for
        // sockets that must not be served now, so wait on the eventfd alone.
        pollfd wake{m_wakeFd, POLLIN, 0};
        if (::poll(&wake, 1, timeoutMs) > 0) {
            drainWakeUp();
            QCoreApplication::sendPostedEvents();
            ++processed;
        }
    }
    if (includeTimers)
        processed += activateTimers();
    return processed > 0;
}

bool installEngineDispatcher(QThread* thread)
{
    if (qgetenv("SWITCHBOARD_EVENT_DISPATCHER") == "qt")
        return false;
    auto* dispatcher = new EpollEventDispatcher;
    if (!dispatcher->isValid()) {
        delete dispatcher;
        return false;
    }
    thread->setEventDispatcher(dispatcher);
    return true;
}

} // namespace gateway::eventloop

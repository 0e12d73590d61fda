// The epoll event dispatcher, tested the way Qt tests its own (qtbase tests/auto/corelib/kernel:
// qeventdispatcher, qsocketnotifier, qtimer): each test runs on a thread of its own with the
// dispatcher installed. Nothing here measures time: timers must fire, in order; that nothing
// happens is shown by passes that do not wait (processEvents without WaitForMoreEvents) and by
// the dispatcher's counts.

#include "eventloop/EpollEventDispatcher.h"
#include "eventloop/DirectSocketNotifier.h"
#include "http/Server.h"
#include "support/TestHttp.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSemaphore>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using gateway::eventloop::DirectSocketNotifier;
using gateway::eventloop::EpollEventDispatcher;

namespace {

constexpr QEventLoop::ProcessEventsFlags kNoWait = QEventLoop::AllEvents;
constexpr QEventLoop::ProcessEventsFlags kWait = QEventLoop::WaitForMoreEvents;

// Runs `body` on a new thread whose event dispatcher is an EpollEventDispatcher, and joins it.
void onEpollThread(const std::function<void(EpollEventDispatcher&)>& body)
{
    auto* dispatcher = new EpollEventDispatcher;
    ASSERT_TRUE(dispatcher->isValid());
    std::unique_ptr<QThread> thread(QThread::create([&body, dispatcher] { body(*dispatcher); }));
    thread->setEventDispatcher(dispatcher); // the thread owns it from here
    thread->start();
    if (!thread->wait(QDeadlineTimer(120'000))) {
        std::fprintf(stderr, "EpollEventDispatcherTest: the test thread hung\n");
        std::abort();
    }
}

// Runs the thread's loop until done() holds. False if it did not within the safety margin,
// which only turns a hang into a failure; it measures nothing.
bool spinUntil(EpollEventDispatcher& dispatcher, const std::function<bool()>& done,
               int safetyMs = 30'000)
{
    QDeadlineTimer deadline(safetyMs);
    QTimer safety; // wakes the loop at the deadline if nothing else does
    safety.setSingleShot(true);
    safety.start(safetyMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        dispatcher.processEvents(kWait);
    }
    return true;
}

// Passes that do not wait until one finds nothing to do (at most 100).
void settle(EpollEventDispatcher& dispatcher)
{
    for (int i = 0; i < 100 && dispatcher.processEvents(kNoWait); ++i) {
    }
}

// One waiting pass, with `fromOtherThread` run on another thread once the dispatcher is about
// to block. A 30 s safety timer ends the wait if nothing else does.
struct BlockedPass
{
    bool processed = false;   // what processEvents returned
    bool safetyFired = false; // the safety timer had to end the wait
};

BlockedPass passWhileAnotherThread(EpollEventDispatcher& dispatcher,
                                   const std::function<void()>& fromOtherThread)
{
    BlockedPass pass;
    QTimer safety;
    safety.setSingleShot(true);
    QObject::connect(&safety, &QTimer::timeout, [&] { pass.safetyFired = true; });
    safety.start(30'000);
    QSemaphore blocked;
    const auto connection = QObject::connect(&dispatcher, &QAbstractEventDispatcher::aboutToBlock,
                                             [&] { blocked.release(); });
    std::thread other([&] {
        blocked.acquire();
        fromOtherThread();
    });
    pass.processed = dispatcher.processEvents(kWait);
    other.join();
    QObject::disconnect(connection);
    return pass;
}

struct SocketPair
{
    int a = -1;
    int b = -1;
    SocketPair()
    {
        int fds[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            a = fds[0];
            b = fds[1];
        }
    }
    ~SocketPair()
    {
        closeA();
        closeB();
    }
    SocketPair(const SocketPair&) = delete;
    SocketPair& operator=(const SocketPair&) = delete;
    void closeA()
    {
        if (a >= 0)
            ::close(a);
        a = -1;
    }
    void closeB()
    {
        if (b >= 0)
            ::close(b);
        b = -1;
    }
};

bool writeByte(int fd)
{
    return ::send(fd, "x", 1, MSG_NOSIGNAL) == 1;
}

int readAll(int fd)
{
    char buffer[4096];
    int total = 0;
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            return total;
        total += int(n);
    }
}

// Moves `pair`'s first socket to descriptor number `number` (free, or about to be reused).
void moveToNumber(SocketPair& pair, int number)
{
    if (pair.b == number)
        std::swap(pair.a, pair.b);
    if (pair.a == number)
        return;
    ASSERT_EQ(dup2(pair.a, number), number);
    ::close(pair.a);
    pair.a = number;
}

void fillSendBuffer(int fd)
{
    static const char chunk[4096] = {};
    while (::send(fd, chunk, sizeof chunk, MSG_NOSIGNAL) > 0) {
    }
}

// Counts activations of a notifier and runs an optional action in its handler.
struct Counted
{
    std::unique_ptr<QSocketNotifier> notifier;
    int count = 0;
    std::function<void()> action;
    Counted(int fd, QSocketNotifier::Type type) : notifier(new QSocketNotifier(fd, type))
    {
        QObject::connect(notifier.get(), &QSocketNotifier::activated, [this] {
            ++count;
            if (action)
                action();
        });
    }
};

// An object that counts its QTimerEvents and runs an optional action in its handler.
class TimerTarget : public QObject
{
public:
    int count = 0;
    std::function<void(int timerId)> action;

protected:
    void timerEvent(QTimerEvent* event) override
    {
        ++count;
        if (action)
            action(event->timerId());
    }
};

} // namespace

// --- Installation -----------------------------------------------------------------------------

TEST(EpollEventDispatcher, IsTheDispatcherOfItsThread)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        EXPECT_EQ(QAbstractEventDispatcher::instance(), &dispatcher);
        EXPECT_EQ(dispatcher.thread(), QThread::currentThread());
    });
}

TEST(EpollEventDispatcher, EnvironmentVariableKeepsQtsDispatcher)
{
    qputenv("SWITCHBOARD_EVENT_DISPATCHER", "qt");
    QThread thread;
    EXPECT_FALSE(gateway::eventloop::installEngineDispatcher(&thread));
    qunsetenv("SWITCHBOARD_EVENT_DISPATCHER");
    EXPECT_EQ(QAbstractEventDispatcher::instance(&thread), nullptr); // Qt makes its own

    QThread epollThread;
    EXPECT_TRUE(gateway::eventloop::installEngineDispatcher(&epollThread));
    epollThread.start();
    EXPECT_NE(qobject_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance(&epollThread)),
              nullptr);
    epollThread.quit();
    EXPECT_TRUE(epollThread.wait(QDeadlineTimer(60'000)));
}

// The HTTP server's workers run on it, and answer.
TEST(EpollEventDispatcher, ServerWorkersRunOnEpoll)
{
    class Ok : public gateway::http::RequestHandler
    {
    public:
        void handle(const std::shared_ptr<gateway::http::Exchange>& exchange) override
        {
            exchange->respond(200, "text/plain", "ok");
        }
    };
    gateway::http::Server server;
    gateway::http::ServerOptions options;
    options.workers = 2;
    ASSERT_TRUE(
        server.start(options, [](gateway::http::Worker&) { return std::make_unique<Ok>(); }));
    for (gateway::http::Worker* worker : server.workers())
        EXPECT_NE(qobject_cast<EpollEventDispatcher*>(
                      QAbstractEventDispatcher::instance(worker->thread())),
                  nullptr);
    for (int i = 0; i < 4; ++i) { // round robin: both workers answer
        const testhttp::Response response = testhttp::get(server.port(), "/");
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.body, "ok");
    }
    server.stop(1000);
}

// --- Timers -----------------------------------------------------------------------------------

TEST(EpollEventDispatcher, ZeroTimerFiresOncePerPass)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        TimerTarget target;
        target.startTimer(0);
        for (int pass = 1; pass <= 3; ++pass) {
            dispatcher.processEvents(kNoWait);
            EXPECT_EQ(target.count, pass);
        }
        // As in Qt, a zero timer alone does not count as work done.
        EXPECT_FALSE(dispatcher.processEvents(kNoWait));
        EXPECT_EQ(target.count, 4);
    });
}

TEST(EpollEventDispatcher, ZeroTimerRestartedInItsHandlerFiresOncePerPass)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        TimerTarget target;
        int id = target.startTimer(0);
        target.action = [&](int timerId) {
            EXPECT_EQ(timerId, id);
            target.killTimer(id);
            id = target.startTimer(0); // often the same id again
        };
        for (int pass = 1; pass <= 3; ++pass) {
            dispatcher.processEvents(kNoWait);
            EXPECT_EQ(target.count, pass);
        }
    });
}

// Registered in increasing order of interval, so the deadlines are in that order whatever the
// thread's scheduling; equal intervals fire in the order they were started. The long timer is
// started first.
TEST(EpollEventDispatcher, TimersFireInDeadlineOrder)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        std::vector<int> fired;
        std::vector<std::unique_ptr<QTimer>> timers;
        auto start = [&](int label, int intervalMs) {
            auto timer = std::make_unique<QTimer>();
            timer->setTimerType(Qt::PreciseTimer);
            timer->setSingleShot(true);
            QObject::connect(timer.get(), &QTimer::timeout,
                             [&fired, label] { fired.push_back(label); });
            timer->start(intervalMs);
            timers.push_back(std::move(timer));
        };
        start(7, 1500);
        start(0, 1);
        start(1, 10);
        start(2, 20);
        start(3, 50);
        start(4, 50);
        start(5, 50);
        start(6, 100);
        ASSERT_TRUE(spinUntil(dispatcher, [&] { return fired.size() == 8; }));
        EXPECT_EQ(fired, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
    });
}

TEST(EpollEventDispatcher, RepeatingTimersOfEveryTypeFire)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        struct Case
        {
            int intervalMs;
            Qt::TimerType type;
            int wanted;
        };
        const Case cases[] = {{1, Qt::PreciseTimer, 5},      {15, Qt::CoarseTimer, 3},
                              {30, Qt::CoarseTimer, 3},      {130, Qt::CoarseTimer, 2},
                              {500, Qt::VeryCoarseTimer, 1}, {1000, Qt::VeryCoarseTimer, 1}};
        std::vector<std::unique_ptr<QTimer>> timers;
        std::vector<int> counts(std::size(cases), 0);
        for (size_t i = 0; i < std::size(cases); ++i) {
            auto timer = std::make_unique<QTimer>();
            timer->setTimerType(cases[i].type);
            QObject::connect(timer.get(), &QTimer::timeout, [&counts, i] { ++counts[i]; });
            timer->start(cases[i].intervalMs);
            timers.push_back(std::move(timer));
        }
        ASSERT_TRUE(spinUntil(dispatcher, [&] {
            for (size_t i = 0; i < std::size(cases); ++i)
                if (counts[i] < cases[i].wanted)
                    return false;
            return true;
        }));
    });
}

TEST(EpollEventDispatcher, RemainingTime)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        QObject object;
        const int minute = object.startTimer(60'000, Qt::PreciseTimer);
        const int remaining = dispatcher.remainingTime(minute);
        EXPECT_GT(remaining, 30'000);
        EXPECT_LE(remaining, 60'000);
        const int zero = object.startTimer(0);
        EXPECT_EQ(dispatcher.remainingTime(zero), 0);
        object.killTimer(minute);
        EXPECT_EQ(dispatcher.remainingTime(minute), -1);
        EXPECT_EQ(dispatcher.remainingTime(987'654), -1);
    });
}

TEST(EpollEventDispatcher, RegisteredTimersListsAnObjectsTimers)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        QObject a;
        QObject b;
        const int precise = a.startTimer(10, Qt::PreciseTimer);
        const int coarse = a.startTimer(500, Qt::CoarseTimer);
        const int shortCoarse = a.startTimer(10, Qt::CoarseTimer);
        const int longCoarse = a.startTimer(30'000, Qt::CoarseTimer);
        const int other = b.startTimer(100);

        const QList<QAbstractEventDispatcher::TimerInfo> list = dispatcher.registeredTimers(&a);
        ASSERT_EQ(list.size(), 4);
        auto find = [&](int id) {
            for (const auto& info : list)
                if (info.timerId == id)
                    return info;
            return QAbstractEventDispatcher::TimerInfo(-1, -1, Qt::PreciseTimer);
        };
        EXPECT_EQ(find(precise).interval, 10);
        EXPECT_EQ(find(precise).timerType, Qt::PreciseTimer);
        EXPECT_EQ(find(coarse).interval, 500);
        EXPECT_EQ(find(coarse).timerType, Qt::CoarseTimer);
        // Qt's conversions: a coarse timer under 20 ms is precise, from 20 s very coarse.
        EXPECT_EQ(find(shortCoarse).timerType, Qt::PreciseTimer);
        EXPECT_EQ(find(longCoarse).interval, 30'000);
        EXPECT_EQ(find(longCoarse).timerType, Qt::VeryCoarseTimer);

        const auto bList = dispatcher.registeredTimers(&b);
        ASSERT_EQ(bList.size(), 1);
        EXPECT_EQ(bList.first().timerId, other);
        EXPECT_TRUE(dispatcher.registeredTimers(&dispatcher).isEmpty());
    });
}

TEST(EpollEventDispatcher, UnregisterTimersStopsOnlyThatObjectsTimers)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        TimerTarget a;
        TimerTarget b;
        a.startTimer(0);
        a.startTimer(0);
        b.startTimer(0);
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(a.count, 2);
        EXPECT_EQ(b.count, 1);

        EXPECT_TRUE(dispatcher.unregisterTimers(&a));
        EXPECT_TRUE(dispatcher.registeredTimers(&a).isEmpty());
        EXPECT_FALSE(dispatcher.unregisterTimers(&a));
        for (int i = 0; i < 3; ++i)
            dispatcher.processEvents(kNoWait);
        EXPECT_EQ(a.count, 2);
        EXPECT_EQ(b.count, 4);
        EXPECT_EQ(dispatcher.registeredTimers(&b).size(), 1);
    });
}

// Each expired timer is looked up again before its event: one stopped, or whose object was
// deleted, by an earlier handler of the same pass gets nothing.
TEST(EpollEventDispatcher, TimerStoppedOrObjectDeletedDuringThePass)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        TimerTarget first;
        TimerTarget stopped;
        auto* deleted = new TimerTarget;
        QPointer<QObject> deletedAlive(deleted);
        first.startTimer(0);
        const int stoppedId = stopped.startTimer(0);
        deleted->startTimer(0);
        deleted->startTimer(0);
        first.action = [&](int) {
            if (!deleted)
                return;
            stopped.killTimer(stoppedId);
            delete deleted;
            deleted = nullptr;
        };
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(first.count, 1);
        EXPECT_EQ(stopped.count, 0);
        EXPECT_TRUE(deletedAlive.isNull());
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(first.count, 2);
        EXPECT_EQ(stopped.count, 0);
    });
}

// A handler that spins a nested loop does not get its own timer again inside it.
TEST(EpollEventDispatcher, TimerIsNotSentAgainWhileItsHandlerRuns)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        TimerTarget outer;
        TimerTarget other;
        other.startTimer(0);
        outer.startTimer(0);
        int nestedPasses = 0;
        outer.action = [&](int) {
            if (outer.count > 1)
                return;
            const int otherBefore = other.count;
            for (int i = 0; i < 3; ++i) {
                dispatcher.processEvents(kNoWait);
                ++nestedPasses;
            }
            EXPECT_EQ(other.count, otherBefore + 3);
        };
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(nestedPasses, 3);
        EXPECT_EQ(outer.count, 1);
    });
}

// --- Posted events, deleteLater, wakeUp, interrupt --------------------------------------------

TEST(EpollEventDispatcher, PostedEventsAreSent)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        struct Receiver : QObject
        {
            int received = 0;
            bool event(QEvent* e) override
            {
                if (e->type() != QEvent::User)
                    return QObject::event(e);
                ++received;
                return true;
            }
        } receiver;
        QCoreApplication::postEvent(&receiver, new QEvent(QEvent::User));
        QCoreApplication::postEvent(&receiver, new QEvent(QEvent::User));
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(receiver.received, 2);

        // Posted from another thread while this one blocks.
        settle(dispatcher);
        QSemaphore blocked;
        const auto connection = QObject::connect(
            &dispatcher, &QAbstractEventDispatcher::aboutToBlock, [&] { blocked.release(); });
        std::thread poster([&] {
            blocked.acquire();
            QCoreApplication::postEvent(&receiver, new QEvent(QEvent::User));
        });
        EXPECT_TRUE(spinUntil(dispatcher, [&] { return receiver.received == 3; }));
        poster.join();
        QObject::disconnect(connection);
    });
}

TEST(EpollEventDispatcher, DeleteLater)
{
    onEpollThread([](EpollEventDispatcher&) {
        QEventLoop loop;
        auto* object = new QObject;
        QPointer<QObject> alive(object);
        QObject::connect(object, &QObject::destroyed, &loop, &QEventLoop::quit);
        bool safetyFired = false;
        QTimer::singleShot(30'000, &loop, [&] {
            safetyFired = true;
            loop.quit();
        });
        object->deleteLater();
        loop.exec();
        EXPECT_TRUE(alive.isNull());
        EXPECT_FALSE(safetyFired);

        // deleteLater from a handler inside the loop.
        auto* second = new QObject;
        QPointer<QObject> secondAlive(second);
        QObject::connect(second, &QObject::destroyed, &loop, &QEventLoop::quit);
        QTimer::singleShot(0, second, [second] { second->deleteLater(); });
        loop.exec();
        EXPECT_TRUE(secondAlive.isNull());
        EXPECT_FALSE(safetyFired);
    });
}

TEST(EpollEventDispatcher, WakeUpFromAnotherThread)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        settle(dispatcher);
        const BlockedPass pass = passWhileAnotherThread(dispatcher, [&] { dispatcher.wakeUp(); });
        EXPECT_TRUE(pass.processed);
        EXPECT_FALSE(pass.safetyFired);

        // Coalesced: many wake-ups before the loop runs are one wake.
        std::thread many([&] {
            for (int i = 0; i < 100; ++i)
                dispatcher.wakeUp();
        });
        many.join();
        EXPECT_TRUE(dispatcher.processEvents(kNoWait));
        EXPECT_FALSE(dispatcher.processEvents(kNoWait));
    });
}

TEST(EpollEventDispatcher, InterruptFromAnotherThread)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        settle(dispatcher);
        EXPECT_FALSE(
            passWhileAnotherThread(dispatcher, [&] { dispatcher.interrupt(); }).safetyFired);
    });
}

// interrupt() called by a posted event's handler: the pass returns without waiting at all.
TEST(EpollEventDispatcher, InterruptBeforeWaitingDoesNotWait)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        settle(dispatcher);
        QTimer safety;
        safety.start(30'000);
        QMetaObject::invokeMethod(
            &dispatcher, [&dispatcher] { dispatcher.interrupt(); }, Qt::QueuedConnection);
        const quint64 waitsBefore = dispatcher.stats().waits;
        EXPECT_FALSE(dispatcher.processEvents(kWait));
        EXPECT_EQ(dispatcher.stats().waits, waitsBefore);
    });
}

TEST(EpollEventDispatcher, ThreadRunsAnEventLoopAndExitsCleanly)
{
    QThread thread;
    auto* dispatcher = new EpollEventDispatcher;
    QPointer<QAbstractEventDispatcher> dispatcherAlive(dispatcher);
    thread.setEventDispatcher(dispatcher);
    auto* worker = new QObject;
    worker->moveToThread(&thread);
    SocketPair pair;
    ASSERT_GE(pair.a, 0);
    QSemaphore ticked;
    QSemaphore read;
    thread.start();
    QMetaObject::invokeMethod(
        worker,
        [&] {
            auto* timer = new QTimer(worker);
            QObject::connect(timer, &QTimer::timeout, [&] { ticked.release(); });
            timer->start(1);
            auto* notifier = new QSocketNotifier(pair.a, QSocketNotifier::Read, worker);
            QObject::connect(notifier, &QSocketNotifier::activated, [&] {
                if (readAll(pair.a) > 0)
                    read.release();
            });
        },
        Qt::BlockingQueuedConnection);
    EXPECT_TRUE(ticked.tryAcquire(3, 60'000));
    ASSERT_TRUE(writeByte(pair.b));
    EXPECT_TRUE(read.tryAcquire(1, 60'000));
    // The timer and the notifier go with their parent, on their thread.
    QMetaObject::invokeMethod(
        worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    thread.quit(); // wakes a loop that waits with nothing registered
    EXPECT_TRUE(thread.wait(QDeadlineTimer(60'000)));
    EXPECT_TRUE(dispatcherAlive.isNull()); // the thread deleted its dispatcher on the way out
}

TEST(EpollEventDispatcher, LoopQuitFromItsOwnHandler)
{
    onEpollThread([](EpollEventDispatcher&) {
        QEventLoop loop;
        QTimer timer;
        int ticks = 0;
        QObject::connect(&timer, &QTimer::timeout, [&] {
            if (++ticks == 3)
                loop.quit();
        });
        timer.start(1);
        EXPECT_EQ(loop.exec(), 0);
        EXPECT_EQ(ticks, 3);
    });
}

// --- Socket notifiers -------------------------------------------------------------------------

// Level-triggered, as QSocketNotifier promises: input left unread activates it again.
TEST(EpollEventDispatcher, ReadNotifierIsLevelTriggered)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        Counted reader(pair.a, QSocketNotifier::Read);
        settle(dispatcher);
        EXPECT_EQ(reader.count, 0);
        EXPECT_FALSE(dispatcher.processEvents(kNoWait));

        ASSERT_TRUE(writeByte(pair.b));
        ASSERT_TRUE(writeByte(pair.b));
        EXPECT_TRUE(dispatcher.processEvents(kNoWait));
        EXPECT_EQ(reader.count, 1);
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader.count, 2); // nothing read: activated again
        char byte;
        ASSERT_EQ(::read(pair.a, &byte, 1), 1);
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader.count, 3); // one byte left
        ASSERT_EQ(::read(pair.a, &byte, 1), 1);
        EXPECT_FALSE(dispatcher.processEvents(kNoWait));
        EXPECT_EQ(reader.count, 3);

        // And when waiting.
        ASSERT_TRUE(writeByte(pair.b));
        EXPECT_TRUE(spinUntil(dispatcher, [&] { return reader.count == 4; }));
    });
}

TEST(EpollEventDispatcher, DisabledNotifierIsQuietUntilReEnabled)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        Counted reader(pair.a, QSocketNotifier::Read);
        settle(dispatcher);
        ASSERT_TRUE(writeByte(pair.b));
        reader.notifier->setEnabled(false);
        for (int i = 0; i < 3; ++i)
            dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader.count, 0);
        reader.notifier->setEnabled(true); // the byte is still there
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader.count, 1);
    });
}

TEST(EpollEventDispatcher, WriteNotifier)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        Counted writer(pair.a, QSocketNotifier::Write);
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(writer.count, 1); // writable
        writer.notifier->setEnabled(false);
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(writer.count, 1);

        fillSendBuffer(pair.a);
        writer.notifier->setEnabled(true);
        for (int i = 0; i < 3; ++i)
            dispatcher.processEvents(kNoWait);
        EXPECT_EQ(writer.count, 1); // full: not writable
        readAll(pair.b);
        EXPECT_TRUE(spinUntil(dispatcher, [&] { return writer.count == 2; }));
    });
}

// One registration per descriptor, its interest the union of the enabled notifiers; epoll_ctl
// only when that union changes.
TEST(EpollEventDispatcher, TwoNotifiersOnOneDescriptor)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        const quint64 ctl0 = dispatcher.stats().ctlCalls;
        Counted reader(pair.a, QSocketNotifier::Read);
        EXPECT_EQ(dispatcher.stats().ctlCalls, ctl0 + 1); // ADD
        Counted writer(pair.a, QSocketNotifier::Write);
        EXPECT_EQ(dispatcher.stats().ctlCalls, ctl0 + 2); // MOD
        reader.notifier->setEnabled(true);                // already enabled: nothing
        EXPECT_EQ(dispatcher.stats().ctlCalls, ctl0 + 2);

        ASSERT_TRUE(writeByte(pair.b));
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader.count, 1);
        EXPECT_EQ(writer.count, 1);

        writer.notifier->setEnabled(false); // MOD
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader.count, 2);
        EXPECT_EQ(writer.count, 1);
        reader.notifier->setEnabled(false); // DEL
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader.count, 2);
        EXPECT_EQ(dispatcher.stats().ctlCalls, ctl0 + 4);
        writer.notifier->setEnabled(true); // ADD
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(writer.count, 2);
        EXPECT_EQ(reader.count, 2);
        EXPECT_EQ(dispatcher.stats().ctlCalls, ctl0 + 5);
    });
}

TEST(EpollEventDispatcher, ExceptionNotifierIsNotWokenByInput)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        Counted exception(pair.a, QSocketNotifier::Exception);
        ASSERT_TRUE(writeByte(pair.b));
        for (int i = 0; i < 3; ++i)
            dispatcher.processEvents(kNoWait);
        EXPECT_EQ(exception.count, 0);
    });
}

TEST(EpollEventDispatcher, ErrorAndHangUpWakeReadAndWrite)
{
    using N = QSocketNotifier;
    for (const uint32_t events : {uint32_t(EPOLLHUP), uint32_t(EPOLLERR)}) {
        EXPECT_TRUE(EpollEventDispatcher::wakes(events, N::Read));
        EXPECT_TRUE(EpollEventDispatcher::wakes(events, N::Write));
        EXPECT_FALSE(EpollEventDispatcher::wakes(events, N::Exception));
    }
    EXPECT_TRUE(EpollEventDispatcher::wakes(EPOLLIN, N::Read));
    EXPECT_FALSE(EpollEventDispatcher::wakes(EPOLLIN, N::Write));
    EXPECT_TRUE(EpollEventDispatcher::wakes(EPOLLOUT, N::Write));
    EXPECT_FALSE(EpollEventDispatcher::wakes(EPOLLOUT, N::Read));
    EXPECT_TRUE(EpollEventDispatcher::wakes(EPOLLPRI, N::Exception));
}

TEST(EpollEventDispatcher, PeerCloseWakesTheReadNotifier)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        int eofs = 0;
        Counted reader(pair.a, QSocketNotifier::Read);
        reader.action = [&] {
            char byte;
            if (::read(pair.a, &byte, 1) == 0) {
                ++eofs;
                reader.notifier->setEnabled(false);
            }
        };
        settle(dispatcher);
        EXPECT_EQ(reader.count, 0);
        pair.closeB();
        EXPECT_TRUE(spinUntil(dispatcher, [&] { return eofs == 1; }));
    });
}

// A connection whose peer went away while we wait to write: the write notifier must wake
// (EPOLLHUP/EPOLLERR), or the connection would hang.
TEST(EpollEventDispatcher, PeerCloseWakesTheWriteNotifierOfAFullSocket)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        fillSendBuffer(pair.a);
        Counted writer(pair.a, QSocketNotifier::Write);
        for (int i = 0; i < 3; ++i)
            dispatcher.processEvents(kNoWait);
        EXPECT_EQ(writer.count, 0);
        int failedWrites = 0;
        writer.action = [&] {
            if (::send(pair.a, "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE) {
                ++failedWrites;
                writer.notifier->setEnabled(false);
            }
        };
        pair.closeB();
        EXPECT_TRUE(spinUntil(dispatcher, [&] { return failedWrites == 1; }));
    });
}

// An earlier activation of a pass that deletes or disables a notifier reported in the same
// pass: that notifier gets nothing.
TEST(EpollEventDispatcher, NotifierDeletedOrDisabledByAnEarlierActivation)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair one;
        SocketPair two;
        ASSERT_GE(one.a, 0);
        ASSERT_GE(two.a, 0);
        int activations = 0;
        auto* first = new QSocketNotifier(one.a, QSocketNotifier::Read);
        auto* second = new QSocketNotifier(two.a, QSocketNotifier::Read);
        QPointer<QSocketNotifier> firstAlive(first);
        QPointer<QSocketNotifier> secondAlive(second);
        // Whichever runs first deletes the other.
        QObject::connect(first, &QSocketNotifier::activated, [&] {
            ++activations;
            delete secondAlive.data();
        });
        QObject::connect(second, &QSocketNotifier::activated, [&] {
            ++activations;
            delete firstAlive.data();
        });
        ASSERT_TRUE(writeByte(one.b));
        ASSERT_TRUE(writeByte(two.b));
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(activations, 1);
        EXPECT_NE(firstAlive.isNull(), secondAlive.isNull());
        delete firstAlive.data();
        delete secondAlive.data();

        // On one descriptor: the read handler disables the write notifier, then closes the
        // connection by deleting both.
        SocketPair three;
        ASSERT_GE(three.a, 0);
        auto reader = std::make_unique<Counted>(three.a, QSocketNotifier::Read);
        auto writer = std::make_unique<Counted>(three.a, QSocketNotifier::Write);
        reader->action = [&] { writer->notifier->setEnabled(false); };
        ASSERT_TRUE(writeByte(three.b));
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(reader->count, 1);
        EXPECT_EQ(writer->count, 0);
        writer->notifier->setEnabled(true);
        bool closed = false;
        reader->action = [&] {
            closed = true;
            reader->notifier.reset(); // deletes the notifier whose signal is being emitted
            writer.reset();
            three.closeA();
        };
        dispatcher.processEvents(kNoWait);
        EXPECT_TRUE(closed);
        EXPECT_EQ(dispatcher.stats().rebuilds, 0u);
    });
}

// A DirectSocketNotifier's handler is called by the dispatcher itself, without a QEvent or the
// activated() signal; it may delete its own notifier, as a slot may.
TEST(EpollEventDispatcher, DirectSocketNotifierHandlerIsCalledWithoutTheSignal)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        struct Owner
        {
            int calls = 0;
            std::unique_ptr<DirectSocketNotifier> notifier;
            void onReady()
            {
                ++calls;
                if (calls == 2)
                    notifier.reset(); // closes "the connection" from its own handler
            }
        } owner;
        owner.notifier.reset(new DirectSocketNotifier(
            pair.a, QSocketNotifier::Read, nullptr,
            [](void* o) { static_cast<Owner*>(o)->onReady(); }, &owner));
        int emitted = 0;
        QObject::connect(owner.notifier.get(), &QSocketNotifier::activated, [&] { ++emitted; });
        settle(dispatcher);
        EXPECT_EQ(owner.calls, 0);

        ASSERT_TRUE(writeByte(pair.b));
        EXPECT_TRUE(dispatcher.processEvents(kNoWait));
        EXPECT_EQ(owner.calls, 1);
        EXPECT_EQ(emitted, 0);
        // Disabled: quiet, though the byte is still there.
        owner.notifier->setEnabled(false);
        EXPECT_FALSE(dispatcher.processEvents(kNoWait));
        EXPECT_EQ(owner.calls, 1);
        owner.notifier->setEnabled(true);
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(owner.calls, 2);
        EXPECT_EQ(owner.notifier, nullptr);
        EXPECT_FALSE(dispatcher.processEvents(kNoWait));
        EXPECT_EQ(owner.calls, 2);
    });
}

// Under Qt's own dispatcher the same notifier works through activated().
TEST(EpollEventDispatcher, DirectSocketNotifierWorksUnderQtsDispatcher)
{
    SocketPair pair;
    ASSERT_GE(pair.a, 0);
    int calls = 0;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        EXPECT_EQ(dynamic_cast<EpollEventDispatcher*>(QAbstractEventDispatcher::instance()),
                  nullptr);
        DirectSocketNotifier notifier(
            pair.a, QSocketNotifier::Read, nullptr, [](void* c) { ++*static_cast<int*>(c); },
            &calls);
        ASSERT_TRUE(writeByte(pair.b));
        QDeadlineTimer deadline(30'000);
        while (calls == 0 && !deadline.hasExpired())
            QAbstractEventDispatcher::instance()->processEvents(kWait);
    }));
    thread->start();
    ASSERT_TRUE(thread->wait(QDeadlineTimer(60'000)));
    EXPECT_EQ(calls, 1);
}

// A descriptor closed while its notifier is enabled, and its number reused: the kernel dropped
// the registration with the file, so DEL finds nothing and MOD falls back to ADD.
TEST(EpollEventDispatcher, DescriptorClosedAndNumberReused)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        // Deleted after the close, then a new notifier on the reused number.
        {
            SocketPair old;
            ASSERT_GE(old.a, 0);
            const int number = old.a;
            auto stale = std::make_unique<Counted>(number, QSocketNotifier::Read);
            old.closeA();
            stale.reset();
            SocketPair fresh;
            moveToNumber(fresh, number);
            Counted reader(number, QSocketNotifier::Read);
            settle(dispatcher);
            EXPECT_EQ(reader.count, 0);
            ASSERT_TRUE(writeByte(fresh.b));
            dispatcher.processEvents(kNoWait);
            EXPECT_EQ(reader.count, 1);
        }
        // Still enabled when the number is reused and another notifier joins it.
        {
            SocketPair old;
            ASSERT_GE(old.a, 0);
            const int number = old.a;
            auto stale = std::make_unique<Counted>(number, QSocketNotifier::Read);
            old.closeA();
            SocketPair fresh;
            moveToNumber(fresh, number);
            Counted writer(number, QSocketNotifier::Write); // MOD: ENOENT, then ADD
            dispatcher.processEvents(kNoWait);
            EXPECT_EQ(writer.count, 1);
            EXPECT_EQ(stale->count, 0);
            ASSERT_TRUE(writeByte(fresh.b));
            dispatcher.processEvents(kNoWait);
            EXPECT_EQ(stale->count, 1); // a notifier is on the number, as with poll
            stale.reset();              // MOD to write only
            readAll(number);
            dispatcher.processEvents(kNoWait);
            EXPECT_EQ(writer.count, 3);
        }
        EXPECT_EQ(dispatcher.stats().rebuilds, 0u);
    });
}

// Closed while registered but kept open by a dup: the kernel keeps the registration and no DEL
// by number reaches it. Its events would wake every wait; the dispatcher drops it by
// rebuilding its epoll set.
TEST(EpollEventDispatcher, RegistrationThatOutlivesItsNumberIsDropped)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        SocketPair bystander;
        Counted other(bystander.a, QSocketNotifier::Read);
        auto stale = std::make_unique<Counted>(pair.a, QSocketNotifier::Read);
        const int kept = dup(pair.a);
        ASSERT_GE(kept, 0);
        pair.closeA();
        stale.reset();
        ASSERT_TRUE(writeByte(pair.b)); // readable, with nothing of ours on it
        settle(dispatcher);
        EXPECT_EQ(dispatcher.stats().rebuilds, 1u);
        const quint64 ready = dispatcher.stats().readyEvents;
        EXPECT_FALSE(dispatcher.processEvents(kNoWait));
        EXPECT_EQ(dispatcher.stats().readyEvents, ready);
        // What was registered still works.
        ASSERT_TRUE(writeByte(bystander.b));
        dispatcher.processEvents(kNoWait);
        EXPECT_EQ(other.count, 1);
        ::close(kept);
    });
}

TEST(EpollEventDispatcher, ExcludeSocketNotifiersAndTimers)
{
    onEpollThread([](EpollEventDispatcher& dispatcher) {
        SocketPair pair;
        ASSERT_GE(pair.a, 0);
        Counted reader(pair.a, QSocketNotifier::Read);
        settle(dispatcher);
        ASSERT_TRUE(writeByte(pair.b));
        const int before = reader.count;

        // The ready socket must neither be served nor end the wait: the pass waits for the
        // timer.
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        timer.setSingleShot(true);
        bool fired = false;
        QObject::connect(&timer, &QTimer::timeout, [&] { fired = true; });
        timer.start(5);
        const quint64 waits = dispatcher.stats().waits;
        for (int i = 0; i < 100 && !fired; ++i)
            dispatcher.processEvents(kWait | QEventLoop::ExcludeSocketNotifiers);
        EXPECT_TRUE(fired);
        EXPECT_LE(dispatcher.stats().waits - waits, 3u); // waited, did not spin on the socket
        EXPECT_EQ(reader.count, before);

        TimerTarget target;
        target.startTimer(0);
        dispatcher.processEvents(QEventLoop::X11ExcludeTimers);
        EXPECT_EQ(target.count, 0);
        EXPECT_EQ(reader.count, before + 1);
    });
}

// The point of the dispatcher: with 2,000 idle sockets registered, a pass with one ready
// socket looks at one event and activates one notifier.
TEST(EpollEventDispatcher, CostOfAWakeUpIsTheReadySocketsNotTheOpenOnes)
{
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < 4'500 && limit.rlim_max >= 4'500) {
        limit.rlim_cur = 4'500;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur < 4'500)
        GTEST_SKIP() << "needs 4,500 descriptors, the limit is " << limit.rlim_cur;

    onEpollThread([](EpollEventDispatcher& dispatcher) {
        constexpr int kSockets = 2'000;
        std::vector<std::unique_ptr<SocketPair>> pairs;
        std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
        int activated = -1;
        int activations = 0;
        const quint64 ctlBefore = dispatcher.stats().ctlCalls;
        for (int i = 0; i < kSockets; ++i) {
            pairs.push_back(std::make_unique<SocketPair>());
            ASSERT_GE(pairs.back()->a, 0);
            notifiers.push_back(
                std::make_unique<QSocketNotifier>(pairs.back()->a, QSocketNotifier::Read));
            QObject::connect(notifiers.back().get(), &QSocketNotifier::activated, [&, i] {
                activated = i;
                ++activations;
            });
        }
        EXPECT_EQ(dispatcher.stats().ctlCalls - ctlBefore, quint64(kSockets));
        settle(dispatcher);
        EXPECT_EQ(activations, 0);

        for (const int i : {0, 1'234, kSockets - 1}) {
            ASSERT_TRUE(writeByte(pairs[i]->b));
            const auto before = dispatcher.stats();
            activations = 0;
            EXPECT_TRUE(dispatcher.processEvents(kNoWait));
            EXPECT_EQ(dispatcher.stats().waits - before.waits, 1u);
            EXPECT_EQ(dispatcher.stats().readyEvents - before.readyEvents, 1u);
            EXPECT_EQ(dispatcher.stats().activations - before.activations, 1u);
            EXPECT_EQ(activations, 1);
            EXPECT_EQ(activated, i);
            EXPECT_EQ(dispatcher.stats().ctlCalls, before.ctlCalls);
            readAll(pairs[i]->a);
        }

        // Blocking: the socket ends the wait, and is the only one looked at.
        const int i = 777;
        activations = 0;
        std::thread writer([&] { writeByte(pairs[i]->b); });
        const auto before = dispatcher.stats();
        EXPECT_TRUE(spinUntil(dispatcher, [&] { return activations == 1; }));
        writer.join();
        EXPECT_EQ(activated, i);
        EXPECT_EQ(dispatcher.stats().readyEvents - before.readyEvents, 1u);
        notifiers.clear();
        pairs.clear();
    });
}

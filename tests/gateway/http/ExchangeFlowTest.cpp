// The write side of http::Connection through http::Exchange, over a socketpair: pending output
// is reported and charged to the budget, outputBlocked() turns on past the bound, the drained
// handler runs from the event loop once half has gone, and a peer that stops reading is closed
// with AbortReason::SendTimeout.

#include "http/BufferBudget.h"
#include "http/Exchange.h"
#include "http/Worker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

#include <gtest/gtest.h>

#include <optional>

#include <sys/socket.h>
#include <unistd.h>

using namespace gateway::http;

namespace {

class KeepExchange : public RequestHandler
{
public:
    void handle(const std::shared_ptr<Exchange>& exchange) override { last = exchange; }
    std::shared_ptr<Exchange> last;
};

template <typename Condition> bool spinUntil(Condition done, int timeoutMs = 5000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    return true;
}

class ExchangeFlowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        int fds[2];
        ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
        const int small = 4096; // the kernel then holds little: the test sees the gateway's bound
        setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
        setsockopt(fds[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        peer = fds[1];
        ConnectionLimits limits;
        limits.maxPendingWriteBytes = 16 * 1024;
        limits.sendTimeoutMs = 200;
        worker = std::make_unique<Worker>(
            0, limits, [](int, const char*) { return QByteArray("{}"); }, nullptr, &open, &budget);
        auto handler = std::make_unique<KeepExchange>();
        keeper = handler.get();
        worker->setHandler(std::move(handler));
        open = 1;
        worker->adoptLater(fds[0]);
        const QByteArray request = "POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n";
        ASSERT_EQ(::write(peer, request.constData(), size_t(request.size())), request.size());
        ASSERT_TRUE(spinUntil([this] { return keeper->last != nullptr; }));
        exchange = keeper->last;
    }

    void TearDown() override
    {
        // The peer goes first, so the connection closes (and unregisters) before the worker.
        ::close(peer);
        EXPECT_TRUE(spinUntil([this] { return open.load() == 0; }));
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        exchange.reset();
        worker.reset();
    }

    // Writes 1 KiB pieces until the exchange reports it is blocked.
    int writeUntilBlocked()
    {
        const QByteArray piece(1024, 'x');
        int pieces = 0;
        while (!exchange->outputBlocked() && pieces < 10'000) {
            exchange->writeBody(piece);
            ++pieces;
        }
        return pieces;
    }

    qint64 drainPeer(qint64 atMost)
    {
        char buffer[4096];
        qint64 total = 0;
        while (total < atMost) {
            const ssize_t n = ::read(peer, buffer, sizeof buffer);
            if (n <= 0)
                break;
            total += n;
        }
        return total;
    }

    BufferBudget budget{1 << 20};
    std::atomic<int> open{0};
    std::unique_ptr<Worker> worker;
    KeepExchange* keeper = nullptr;
    std::shared_ptr<Exchange> exchange;
    int peer = -1;
};

} // namespace

TEST_F(ExchangeFlowTest, BlocksPastTheBoundAndReportsDrainFromTheEventLoop)
{
    int drained = 0;
    bool inWrite = false;
    exchange->setOutputDrainedHandler([&] {
        EXPECT_FALSE(inWrite); // never re-entrantly inside a write
        ++drained;
    });
    exchange->startBody(200, "text/plain", -1);
    inWrite = true;
    writeUntilBlocked();
    inWrite = false;
    EXPECT_TRUE(exchange->outputBlocked());
    EXPECT_GT(exchange->pendingOutputBytes(), 16 * 1024);
    EXPECT_LE(exchange->pendingOutputBytes(), 16 * 1024 + 1024 + 16);
    EXPECT_GE(budget.used(), exchange->pendingOutputBytes());
    EXPECT_EQ(budget.outputBlocked.load(), 1u);
    EXPECT_EQ(drained, 0);

    // The peer reads: once at most half the bound is pending, the handler runs once.
    ASSERT_TRUE(spinUntil([&] {
        drainPeer(64 * 1024);
        return drained > 0;
    }));
    EXPECT_EQ(drained, 1);
    EXPECT_LE(exchange->pendingOutputBytes(), 8 * 1024);
    EXPECT_FALSE(exchange->outputBlocked());

    exchange->endBody();
    ASSERT_TRUE(spinUntil([&] {
        drainPeer(64 * 1024);
        return budget.used() == 0;
    }));
}

TEST_F(ExchangeFlowTest, APeerThatStopsReadingIsClosedWithSendTimeout)
{
    std::optional<AbortReason> reason;
    exchange->setAbortHandler([&](AbortReason r) { reason = r; });
    exchange->startBody(200, "text/plain", -1);
    writeUntilBlocked();
    ASSERT_GT(budget.used(), 0);
    ASSERT_TRUE(spinUntil([&] { return reason.has_value(); }));
    EXPECT_EQ(*reason, AbortReason::SendTimeout);
    EXPECT_EQ(budget.sendTimeouts.load(), 1u);
    EXPECT_EQ(budget.used(), 0);
    EXPECT_FALSE(exchange->isOpen());
    EXPECT_EQ(exchange->pendingOutputBytes(), 0);
}

TEST_F(ExchangeFlowTest, APeerThatClosesIsClientClosed)
{
    std::optional<AbortReason> reason;
    exchange->setAbortHandler([&](AbortReason r) { reason = r; });
    exchange->startBody(200, "text/plain", -1);
    ::shutdown(peer, SHUT_RDWR);
    ASSERT_TRUE(spinUntil([&] { return reason.has_value(); }));
    EXPECT_EQ(*reason, AbortReason::ClientClosed);
}

TEST_F(ExchangeFlowTest, AContentLengthBodyEndedShortIsCutNotCompleted)
{
    exchange->startBody(200, "application/json", 100);
    exchange->writeBody("{\"a\":1}");
    exchange->endBody(); // 93 bytes short: the connection closes
    QByteArray got;
    char buffer[4096];
    ASSERT_TRUE(spinUntil([&] {
        const ssize_t n = ::read(peer, buffer, sizeof buffer);
        if (n > 0)
            got.append(buffer, n);
        return n == 0;
    }));
    EXPECT_TRUE(got.contains("Content-Length: 100\r\n"));
    EXPECT_TRUE(got.endsWith("\r\n\r\n{\"a\":1}"));
}

TEST(BufferBudget, ReservationsFollowTheirBufferAndGiveItBack)
{
    BufferBudget budget(1000);
    {
        BufferBudget::Reservation a(&budget);
        BufferBudget::Reservation b(&budget);
        a.resize(600);
        EXPECT_FALSE(budget.exhausted());
        b.resize(400);
        EXPECT_EQ(budget.used(), 1000);
        EXPECT_TRUE(budget.exhausted());
        a.resize(100);
        EXPECT_EQ(budget.used(), 500);
        EXPECT_FALSE(budget.exhausted());
    }
    EXPECT_EQ(budget.used(), 0);
    budget.notePendingOutput(10);
    budget.notePendingOutput(5);
    EXPECT_EQ(budget.pendingOutputPeak(), 10);
}

#pragma once

#include <QtGlobal>

#include <atomic>

namespace gateway::http {

// The process-wide budget of response bytes held in memory
// (server.limits.maxBufferedResponseBytes): output the kernel has not accepted yet on every client
// connection, plus upstream bodies that are buffered whole before they are answered (error bodies,
// translated answers). Shared by all worker threads; every operation is one atomic instruction.
//
// Beyond the budget the transport refuses NEW API requests with 503 over_capacity instead of
// letting memory grow; requests in flight are never cut because of it (their own bound is
// server.limits.maxPendingWriteBytes, enforced by back-pressure).
//
// It also holds the counters of the flow-control paths, for /metrics and for tests.
class BufferBudget
{
public:
    explicit BufferBudget(qint64 limit = qint64(512) << 20) : m_limit(limit) {}

    qint64 limit() const { return m_limit.load(std::memory_order_relaxed); }
    void setLimit(qint64 limit) { m_limit.store(limit, std::memory_order_relaxed); }
    qint64 used() const { return m_used.load(std::memory_order_relaxed); }
    // True when new requests must be refused: used() has reached limit().
    bool exhausted() const { return used() >= limit(); }

    void add(qint64 bytes) { m_used.fetch_add(bytes, std::memory_order_relaxed); }
    void release(qint64 bytes) { m_used.fetch_sub(bytes, std::memory_order_relaxed); }

    // The largest output any one connection had pending (a high-water mark, never lowered).
    void notePendingOutput(qint64 bytes);
    qint64 pendingOutputPeak() const { return m_pendingPeak.load(std::memory_order_relaxed); }

    // A share of the budget that follows the size of one buffer and gives it back when
    // destroyed. Not thread-safe itself (one owner), the budget it draws on is.
    class Reservation
    {
    public:
        explicit Reservation(BufferBudget* budget = nullptr) : m_budget(budget) {}
        ~Reservation() { resize(0); }
        Reservation(const Reservation&) = delete;
        Reservation& operator=(const Reservation&) = delete;

        void setBudget(BufferBudget* budget);
        // The buffer now holds `bytes`: the budget is charged (or credited) the difference.
        void resize(qint64 bytes);
        qint64 size() const { return m_bytes; }

    private:
        BufferBudget* m_budget;
        qint64 m_bytes = 0;
    };

    // Counters (monotonic), exposed in /metrics.
    std::atomic<quint64> outputBlocked{0};     // times a response's pending output hit the bound
    std::atomic<quint64> upstreamPauses{0};    // times a relay paused reading its upstream
    std::atomic<quint64> sendTimeouts{0};      // clients closed by server.limits.sendTimeoutMs
    std::atomic<quint64> outputLimitCloses{0}; // connections closed by the hard safety cap
    std::atomic<quint64> overCapacity{0};      // requests refused with 503 over_capacity

private:
    std::atomic<qint64> m_limit;
    std::atomic<qint64> m_used{0};
    std::atomic<qint64> m_pendingPeak{0};
};

} // namespace gateway::http

#pragma once

#include "Clock.h"
#include "Result.h"
#include "config/Config.h"
#include "store/LogRecord.h"
#include "store/LogStore.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace gateway::store {

// Writes LogRecords to SQLite on its own thread, in batched transactions (DESIGN.md: the hot
// path never waits on the disk). push() only takes a short lock and appends.
//
// Rows reach the disk within flushIntervalMs, or sooner once batchSize are queued. The queue is
// bounded by maxQueued: beyond it a record is dropped and counted (dropped()), so a stalled
// disk cannot eat the machine's memory.
//
// Between two flushes the writer runs at most one upkeep step (LogStore: a batch of retention
// deletes, or of the size bound's), so a retention pass over millions of rows never holds a
// flush back: a kill -9 loses at most the rows of the last flush interval.
class LogWriter
{
public:
    struct Options
    {
        int batchSize = 2048;
        int flushIntervalMs = 200; // logging.flushIntervalMs (Engine copies it in)
        int maxQueued = 200'000;
        config::LoggingConfig logging;
        // Retention runs at start and every retentionEveryMs; the size bound is checked every
        // sizeCheckEveryMs (a flood can grow the file by 20 MB/s).
        qint64 retentionEveryMs = 10 * 60 * 1000;
        qint64 sizeCheckEveryMs = 1000;
        // The time that retention cut-offs and upkeep schedules are measured in.
        WallClock clock = systemWallClockMs;
        // false: no thread; the caller drives the writer with step() (tests).
        bool ownThread = true;
    };

    // Whether the log can be written: false from a failed write until the next good one.
    struct Health
    {
        bool ok = true;
        QString reason; // e.g. "request log cannot be written: database or disk is full"
    };

    LogWriter();
    explicit LogWriter(const Options& options);
    ~LogWriter();

    // Opens the database (creating and migrating it) and starts the writer thread.
    Result<bool> start(const QString& dataDir);
    // Writes everything queued, then stops the thread.
    void stop();

    void push(LogRecord&& record);
    // Blocks until every record pushed before the call is committed (tests, shutdown).
    void flush();
    // One round of the writer's loop, on the caller's thread (ownThread false): writes what is
    // queued in one transaction, then runs at most one upkeep step. Returns true while upkeep
    // work remains (a retention pass or the size bound is not done).
    bool step();

    qint64 written() const { return m_written.load(); }
    // Records lost: the queue was full, or their write failed (switchboard_log_dropped_total).
    qint64 dropped() const { return m_dropped.load(); }
    // Writes (transactions) that failed (switchboard_log_write_failures_total).
    qint64 writeFailures() const { return m_writeFailures.load(); }
    Health health() const;
    void setLogging(const config::LoggingConfig& logging);
    // A hard cap on the file in pages (LogStore::setMaxPageCount), applied before the next
    // write; 0 lifts it. Tests fill the "disk" with it.
    void setMaxPageCount(qint64 pages);

private:
    void run();
    void writeBatch(const std::vector<LogRecord>& batch);
    bool upkeepStep();
    void setHealth(bool ok, const QString& reason);

    Options m_options;
    LogStore m_store; // the writer thread's, or the step() caller's
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    std::vector<LogRecord> m_queue;
    std::vector<LogRecord> m_batch; // the writer's
    qint64 m_pushed = 0;            // guarded by m_mutex
    qint64 m_committed = 0;         // guarded by m_mutex
    bool m_stopping = false;
    bool m_flushRequested = false;
    bool m_started = false;
    qint64 m_maxPageCount = -1; // guarded by m_mutex; -1: unchanged
    Health m_health;            // guarded by m_mutex
    // Upkeep state, the writer's.
    qint64 m_lastRetentionMs = 0;
    qint64 m_retentionNowMs = 0;
    bool m_retentionDue = true; // at start
    bool m_retentionPending = false;
    qint64 m_lastSizeCheckMs = 0;
    bool m_sizePending = false;
    std::atomic<qint64> m_written{0};
    std::atomic<qint64> m_dropped{0};
    std::atomic<qint64> m_writeFailures{0};
    QString m_dataDir;
};

} // namespace gateway::store

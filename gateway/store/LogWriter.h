#pragma once

#include "Result.h"
#include "config/Config.h"
#include "store/LogRecord.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

typedef struct sqlite3 sqlite3;

namespace gateway::store {

// Writes LogRecords to SQLite on its own thread, in batched transactions (DESIGN.md: the hot
// path never waits on the disk). push() only takes a short lock and appends.
//
// Rows reach the disk within flushIntervalMs, or sooner once batchSize are queued. The queue is
// bounded by maxQueued: beyond it a record is dropped and counted (dropped()), so a stalled
// disk cannot eat the machine's memory.
class LogWriter
{
public:
    struct Options
    {
        int batchSize = 2048;
        int flushIntervalMs = 200;
        int maxQueued = 200'000;
        config::LoggingConfig logging;
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

    qint64 written() const { return m_written.load(); }
    qint64 dropped() const { return m_dropped.load(); }
    qint64 failed() const { return m_failed.load(); }
    void setLogging(const config::LoggingConfig& logging);

private:
    void run(QString connectionName);
    void applyRetention(sqlite3* db);

    Options m_options;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    std::vector<LogRecord> m_queue;
    qint64 m_pushed = 0;    // guarded by m_mutex
    qint64 m_committed = 0; // guarded by m_mutex
    bool m_stopping = false;
    bool m_flushRequested = false;
    std::atomic<qint64> m_written{0};
    std::atomic<qint64> m_dropped{0};
    std::atomic<qint64> m_failed{0};
    QString m_dataDir;
};

} // namespace gateway::store

#pragma once

#include "Result.h"
#include "config/Config.h"
#include "store/LogRecord.h"

#include <QString>

#include <memory>
#include <vector>

typedef struct sqlite3 sqlite3;

namespace gateway::store {

// The SQLite side of the request log: one connection, its prepared statements, batched inserts
// with their per-minute rollups, and the bounded upkeep steps (retention, size bound) that
// LogWriter runs between two flushes. Every step is one short transaction, so that no write
// waits behind a long one and a kill -9 loses at most the rows not yet flushed.
//
// Not thread-safe: the writer's thread drives it (tests drive it directly).
class LogStore
{
public:
    // What one write() did.
    struct WriteResult
    {
        qint64 written = 0; // rows committed
        qint64 failed = 0;  // rows lost: their insert or their transaction failed
        QString error;      // SQLite's message for the first failure; empty when all went in
    };

    // The size of one upkeep step. A step of 2,000 deletions or 1,024 freed pages takes a few
    // milliseconds, well inside a flush interval.
    static constexpr int deleteBatchRows = 2000;
    static constexpr int vacuumStepPages = 1024;
    // Over maxDbBytes, the oldest rows go until the data is under this share of the bound:
    // a little headroom, so that the bound is not hit again by the next flush.
    static constexpr double sizeTargetRatio = 0.9;

    LogStore();
    ~LogStore();
    LogStore(const LogStore&) = delete;
    LogStore& operator=(const LogStore&) = delete;

    // Opens dataDir's log, which Database::open has created and migrated.
    Result<bool> open(const QString& dataDir);
    void close();
    bool isOpen() const { return m_db != nullptr; }

    // Inserts the rows and adds them to the rollups, in one transaction.
    WriteResult write(const std::vector<LogRecord>& batch);

    // One step of retention (rows older than retentionDays, beyond retentionRows), at nowMs.
    // Returns true while rows remain to be deleted.
    bool retentionStep(const config::LoggingConfig& logging, qint64 nowMs);
    // One step towards maxDbBytes (0 = no bound): deletes a batch of the oldest rows while the
    // data is over the bound, then gives free pages back to the file system. Returns true while
    // more remains to do.
    bool sizeStep(qint64 maxDbBytes);

    // Bytes of the pages that hold data, and of the whole file.
    qint64 usedBytes() const;
    qint64 fileBytes() const;
    // A hard cap on the file in pages (PRAGMA max_page_count); beyond it writes fail with
    // SQLITE_FULL as on a full disk. 0 lifts it. Tests make a full disk with it.
    void setMaxPageCount(qint64 pages);

private:
    struct Statements;
    bool exec(const char* sql);
    qint64 pragma(const char* name) const;
    qint64 scalar(const char* sql) const;
    // Deletes up to deleteBatchRows rows (and their bodies) of `selectIds`, a SELECT of ids
    // whose ?1 is bound to `bound`. Returns the number deleted, or -1 on failure.
    qint64 deleteRows(const char* selectIds, qint64 bound);
    void checkpointIfShrunk();

    sqlite3* m_db = nullptr;
    std::unique_ptr<Statements> m_statements;
    bool m_vacuumed = true;   // no free pages handed back since the last full checkpoint
    bool m_shrinking = false; // over the size bound: deleting down to sizeTargetRatio of it
};

} // namespace gateway::store

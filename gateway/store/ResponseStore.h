#pragma once

#include "Clock.h"
#include "Result.h"
#include "config/Config.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

typedef struct sqlite3 sqlite3;

namespace gateway::store {

// One response of OpenAI's Responses API, as stored for previous_response_id, GET, DELETE and
// input_items (api/responses/, stages/ResponsesStage.h).
struct StoredResponse
{
    QByteArray id;         // "resp_..."
    qint64 createdMs = 0;  // when it was stored: retention counts from here
    QByteArray response;   // the Response object, as the client got it
    QByteArray inputItems; // the input items as resolved (a JSON array): the earlier turns too
    // Whose it is: the tenant of the key that made it (empty: made while the gateway ran
    // open). Only requests of the same tenant find it, as OpenAI's responses belong to a
    // project and not to whoever has some key.
    QByteArray owner;
};

// The stored responses, in their own SQLite file in the data dir (responses.sqlite), apart from
// the request log: their size (a conversation's turns are repeated in each of its responses)
// must not push log rows out under logging.maxDbBytes, nor the other way round.
//
// Writes never block the caller: put() and remove() queue the change for the store's writer
// thread, and the change is visible to get() at once (a pending map holds it until it is
// committed), so a client that continues a response it has just received always finds it.
// get() is a primary-key lookup on a pooled read-only connection (WAL: readers never wait for
// the writer). The queue is bounded (maxQueued): beyond it a response is not stored, and
// counted in dropped().
//
// Retention is the request log's (DESIGN.md, "Storage"): logging.retentionDays,
// logging.retentionRows and logging.maxDbBytes, applied to this file on its own. It runs in
// small batches between writes, at start and then every retentionEveryMs.
class ResponseStore
{
public:
    struct Options
    {
        config::LoggingConfig retention;
        int maxQueued = 10'000;
        qint64 retentionEveryMs = 10 * 60 * 1000;
        WallClock clock = systemWallClockMs;
        // false: no thread; the caller drives the writer with step() (tests).
        bool ownThread = true;
    };

    static QString fileName() { return QStringLiteral("responses.sqlite"); }
    // Rows one retention step deletes at most.
    static constexpr int deleteBatchRows = 500;
    // Over maxDbBytes, the oldest rows go until the data is under this share of the bound (a
    // little headroom, as the request log keeps: store/LogStore.h).
    static constexpr double sizeTargetRatio = 0.9;

    explicit ResponseStore(const Options& options);
    ~ResponseStore();
    ResponseStore(const ResponseStore&) = delete;
    ResponseStore& operator=(const ResponseStore&) = delete;

    // Opens (and creates) dataDir/responses.sqlite and starts the writer thread.
    Result<bool> start(const QString& dataDir);
    // Writes everything queued, then stops the thread and closes the file.
    void stop();

    // Stores a response (createdMs is set from the clock when 0).
    void put(StoredResponse response);
    // The response of that id, if it is stored (or queued to be).
    std::optional<StoredResponse> get(const QByteArray& id);
    // Deletes a response; false when there was none of that id.
    bool remove(const QByteArray& id);

    // Blocks until every change queued before the call is committed (tests, shutdown).
    void flush();
    // One round of the writer (ownThread false): the queued changes in one transaction, then
    // one retention step. Returns true while retention work remains.
    bool step();
    void setRetention(const config::LoggingConfig& retention);

    qint64 written() const { return m_written.load(); }
    qint64 dropped() const { return m_dropped.load(); }

private:
    struct Change
    {
        quint64 sequence = 0;
        bool remove = false;
        StoredResponse response; // put: the response; remove: its id
    };
    struct Pending
    {
        quint64 sequence = 0;
        std::optional<StoredResponse> response; // nullopt: being deleted
    };

    void run();
    void writeBatch(std::vector<Change>& batch);
    bool retentionStep(qint64 nowMs);
    sqlite3* takeReader();
    void giveBack(sqlite3* reader);
    bool enqueue(Change change);

    Options m_options;
    QString m_path;
    sqlite3* m_db = nullptr; // the writer's
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    std::deque<Change> m_queue;           // guarded by m_mutex
    QHash<QByteArray, Pending> m_pending; // guarded by m_mutex
    quint64 m_sequence = 0;               // guarded by m_mutex
    quint64 m_committed = 0;              // guarded by m_mutex: changes up to here are done
    bool m_stopping = false;
    bool m_flushRequested = false;
    std::mutex m_readersMutex;
    std::vector<sqlite3*> m_readers; // idle read-only connections
    // Retention, the writer's.
    qint64 m_lastRetentionMs = 0;
    bool m_retentionDue = true;
    std::atomic<qint64> m_written{0};
    std::atomic<qint64> m_dropped{0};
};

} // namespace gateway::store

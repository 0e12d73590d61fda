#include "store/ResponseStore.h"

#include <QDir>
#include <QtDebug>

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace gateway::store {

namespace {

constexpr int busyTimeoutMs = 5000;

// The schema, by PRAGMA user_version. The file is the store's alone, so one number is its
// whole migration state. Never edit a step that has shipped; append one.
const char* const schema[] = {
    // 1: responses by id; created_ms orders retention. Rows are kilobytes (a conversation's
    // items), so the table keeps its rowid and the id index stays small.
    "CREATE TABLE responses ("
    " id TEXT PRIMARY KEY,"
    " created_ms INTEGER NOT NULL,"
    " response TEXT NOT NULL,"
    " input_items TEXT NOT NULL);"
    "CREATE INDEX responses_created ON responses(created_ms);"
    "PRAGMA user_version=1",
    // 2: the tenant a response belongs to (issue 12); earlier rows were made open.
    "ALTER TABLE responses ADD COLUMN owner TEXT NOT NULL DEFAULT '';"
    "PRAGMA user_version=2",
};

bool exec(sqlite3* db, const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return true;
    qWarning("response store: %s", message ? message : "SQLite error");
    sqlite3_free(message);
    return false;
}

qint64 scalar(sqlite3* db, const char* sql)
{
    sqlite3_stmt* stmt = nullptr;
    qint64 value = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

// A prepared statement, finalized on scope exit.
class Statement
{
public:
    Statement(sqlite3* db, const char* sql)
    {
        sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const { return m_stmt; }
    // Text bound without a copy: the bytes outlive the statement's step.
    void text(int i, const QByteArray& bytes)
    {
        sqlite3_bind_text(m_stmt, i, bytes.constData(), int(bytes.size()), SQLITE_STATIC);
    }
    void integer(int i, qint64 v) { sqlite3_bind_int64(m_stmt, i, v); }
    bool run()
    {
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        return rc == SQLITE_DONE;
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

QByteArray columnBytes(sqlite3_stmt* stmt, int column)
{
    const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt, column));
    return QByteArray(data, sqlite3_column_bytes(stmt, column));
}

} // namespace

ResponseStore::ResponseStore(const Options& options) : m_options(options) {}

ResponseStore::~ResponseStore()
{
    stop();
}

Result<bool> ResponseStore::start(const QString& dataDir)
{
    if (!QDir().mkpath(dataDir))
        return Result<bool>::failure(QStringLiteral("cannot create data dir %1").arg(dataDir));
    m_path = QDir(dataDir).filePath(fileName());
    const QByteArray path = m_path.toUtf8();
    if (sqlite3_open_v2(path.constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        const QString error = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_close(m_db);
        m_db = nullptr;
        return Result<bool>::failure(QStringLiteral("cannot open %1: %2").arg(m_path, error));
    }
    sqlite3_busy_timeout(m_db, busyTimeoutMs);
    // WAL: the workers' lookups never wait for the writer; NORMAL sync is durable against
    // process crashes, as for the request log.
    exec(m_db, "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL");
    const qint64 version = scalar(m_db, "PRAGMA user_version");
    if (version > qint64(std::size(schema))) {
        stop();
        return Result<bool>::failure(
            QStringLiteral("%1 has schema version %2, newer than this build's")
                .arg(m_path)
                .arg(version));
    }
    // Free pages can go back to the file system under maxDbBytes. auto_vacuum only takes
    // effect on a file without tables, so it is set before the first step creates them.
    if (version == 0)
        exec(m_db, "PRAGMA auto_vacuum=INCREMENTAL");
    for (qint64 v = version; v < qint64(std::size(schema)); ++v) {
        if (!exec(m_db, "BEGIN") || !exec(m_db, schema[v]) || !exec(m_db, "COMMIT")) {
            exec(m_db, "ROLLBACK");
            stop();
            return Result<bool>::failure(
                QStringLiteral("cannot create the tables of %1").arg(m_path));
        }
    }
    if (m_options.ownThread)
        m_thread = std::thread([this] { run(); });
    return true;
}

void ResponseStore::stop()
{
    if (m_thread.joinable()) {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_all();
        m_thread.join();
    } else if (m_db) {
        step(); // what is queued
    }
    {
        std::lock_guard lock(m_readersMutex);
        for (sqlite3* reader : m_readers)
            sqlite3_close(reader);
        m_readers.clear();
    }
    if (m_db) {
        sqlite3_close(m_db);
        m_db = nullptr;
    }
}

bool ResponseStore::enqueue(Change change)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_db || m_queue.size() >= size_t(m_options.maxQueued)) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        change.sequence = ++m_sequence;
        Pending& pending = m_pending[change.response.id];
        pending.sequence = change.sequence;
        if (change.remove)
            pending.response.reset();
        else
            pending.response = change.response;
        m_queue.push_back(std::move(change));
    }
    m_wake.notify_one();
    return true;
}

void ResponseStore::put(StoredResponse response)
{
    if (response.createdMs == 0)
        response.createdMs = m_options.clock();
    Change change;
    change.response = std::move(response);
    enqueue(std::move(change));
}

bool ResponseStore::remove(const QByteArray& id)
{
    if (!get(id))
        return false;
    Change change;
    change.remove = true;
    change.response.id = id;
    return enqueue(std::move(change));
}

sqlite3* ResponseStore::takeReader()
{
    {
        std::lock_guard lock(m_readersMutex);
        if (!m_readers.empty()) {
            sqlite3* reader = m_readers.back();
            m_readers.pop_back();
            return reader;
        }
    }
    sqlite3* reader = nullptr;
    const QByteArray path = m_path.toUtf8();
    if (sqlite3_open_v2(path.constData(), &reader, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        qWarning("response store: cannot read %s: %s", path.constData(), sqlite3_errmsg(reader));
        sqlite3_close(reader);
        return nullptr;
    }
    sqlite3_busy_timeout(reader, busyTimeoutMs);
    return reader;
}

void ResponseStore::giveBack(sqlite3* reader)
{
    std::lock_guard lock(m_readersMutex);
    m_readers.push_back(reader);
}

std::optional<StoredResponse> ResponseStore::get(const QByteArray& id)
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_db)
            return std::nullopt;
        const auto pending = m_pending.constFind(id);
        if (pending != m_pending.constEnd())
            return pending->response;
    }
    // Not pending: committed, or never stored. A connection per concurrent reader, kept for the
    // next lookup; its statement is prepared once per lookup (a few microseconds).
    sqlite3* reader = takeReader();
    if (!reader)
        return std::nullopt;
    std::optional<StoredResponse> found;
    {
        Statement select(reader, "SELECT created_ms, response, input_items, owner FROM "
                                 "responses WHERE id = ?1");
        select.text(1, id);
        if (select.get() && sqlite3_step(select.get()) == SQLITE_ROW) {
            StoredResponse r;
            r.id = id;
            r.createdMs = sqlite3_column_int64(select.get(), 0);
            r.response = columnBytes(select.get(), 1);
            r.inputItems = columnBytes(select.get(), 2);
            r.owner = columnBytes(select.get(), 3);
            found = std::move(r);
        }
    }
    giveBack(reader);
    return found;
}

void ResponseStore::writeBatch(std::vector<Change>& batch)
{
    if (batch.empty())
        return;
    qint64 written = 0;
    if (exec(m_db, "BEGIN")) {
        Statement insert(m_db, "INSERT OR REPLACE INTO responses (id, created_ms, response, "
                               "input_items, owner) VALUES (?1, ?2, ?3, ?4, ?5)");
        Statement erase(m_db, "DELETE FROM responses WHERE id = ?1");
        for (const Change& change : batch) {
            if (change.remove) {
                erase.text(1, change.response.id);
                erase.run();
                continue;
            }
            insert.text(1, change.response.id);
            insert.integer(2, change.response.createdMs);
            insert.text(3, change.response.response);
            insert.text(4, change.response.inputItems);
            insert.text(5, change.response.owner);
            written += insert.run() ? 1 : 0;
        }
        if (!exec(m_db, "COMMIT")) {
            exec(m_db, "ROLLBACK");
            written = 0;
        }
    }
    const qint64 failed = qint64(std::count_if(batch.begin(), batch.end(),
                                               [](const Change& c) { return !c.remove; })) -
                          written;
    m_written.fetch_add(written, std::memory_order_relaxed);
    m_dropped.fetch_add(failed, std::memory_order_relaxed);
    std::lock_guard lock(m_mutex);
    // Committed (or lost): readers go to the file now, unless a later change is pending.
    for (const Change& change : batch) {
        const auto pending = m_pending.find(change.response.id);
        if (pending != m_pending.end() && pending->sequence == change.sequence)
            m_pending.erase(pending);
    }
    m_committed = batch.back().sequence;
    batch.clear();
}

bool ResponseStore::retentionStep(qint64 nowMs)
{
    config::LoggingConfig retention;
    {
        std::lock_guard lock(m_mutex);
        retention = m_options.retention;
    }
    // Each pass deletes at most deleteBatchRows of the oldest rows (one short transaction), and
    // says whether it deleted any, so that the writer comes back for more.
    auto deleteOldest = [this](const char* condition, qint64 bound, qint64 limit) {
        const QByteArray sql =
            QByteArray("DELETE FROM responses WHERE rowid IN (SELECT rowid FROM responses WHERE ") +
            condition + " ORDER BY created_ms LIMIT ?2)";
        Statement del(m_db, sql.constData());
        del.integer(1, bound);
        del.integer(2, qMin<qint64>(limit, deleteBatchRows));
        del.run();
        return sqlite3_changes(m_db) > 0;
    };
    if (retention.retentionDays > 0) {
        const qint64 cutoff = nowMs - qint64(retention.retentionDays) * 24 * 3600 * 1000;
        if (deleteOldest("created_ms < ?1", cutoff, deleteBatchRows))
            return true;
    }
    if (retention.retentionRows > 0) {
        const qint64 excess =
            scalar(m_db, "SELECT COUNT(*) FROM responses") - retention.retentionRows;
        if (excess > 0 && deleteOldest("?1 = ?1", 0, excess))
            return true;
    }
    if (retention.maxDbBytes > 0) {
        const qint64 pageSize = scalar(m_db, "PRAGMA page_size");
        const qint64 used =
            (scalar(m_db, "PRAGMA page_count") - scalar(m_db, "PRAGMA freelist_count")) * pageSize;
        if (used > retention.maxDbBytes) {
            // Rows are kilobytes to megabytes: as many of the oldest as bring the data under
            // sizeTargetRatio of the bound, by the average row, not a fixed batch.
            const qint64 rows = qMax<qint64>(1, scalar(m_db, "SELECT COUNT(*) FROM responses"));
            const double target = double(retention.maxDbBytes) * sizeTargetRatio;
            const qint64 excessRows =
                qint64(std::ceil((double(used) - target) / (double(used) / double(rows))));
            if (deleteOldest("?1 = ?1", 0, qMax<qint64>(1, excessRows)))
                return true;
        }
        if (scalar(m_db, "PRAGMA freelist_count") > 0)
            exec(m_db, "PRAGMA incremental_vacuum(1024)");
    }
    return false;
}

bool ResponseStore::step()
{
    std::vector<Change> batch;
    {
        std::lock_guard lock(m_mutex);
        batch.assign(std::make_move_iterator(m_queue.begin()),
                     std::make_move_iterator(m_queue.end()));
        m_queue.clear();
    }
    writeBatch(batch);
    const qint64 now = m_options.clock();
    if (!m_retentionDue && now - m_lastRetentionMs >= m_options.retentionEveryMs)
        m_retentionDue = true;
    if (m_retentionDue) {
        m_lastRetentionMs = now;
        m_retentionDue = retentionStep(now);
    }
    {
        std::lock_guard lock(m_mutex);
        m_flushRequested = false;
    }
    m_flushed.notify_all();
    return m_retentionDue;
}

void ResponseStore::run()
{
    bool more = true; // retention runs at start
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            // With retention work left the next step comes at once (writes still go first:
            // step() writes the queue before its retention step).
            if (!more)
                m_wake.wait_for(lock, std::chrono::seconds(1), [this] {
                    return m_stopping || !m_queue.empty() || m_flushRequested;
                });
            if (m_stopping && m_queue.empty())
                break;
        }
        more = step();
    }
    m_flushed.notify_all();
}

void ResponseStore::flush()
{
    std::unique_lock lock(m_mutex);
    const quint64 target = m_sequence;
    if (!m_thread.joinable()) {
        lock.unlock();
        step();
        return;
    }
    m_flushRequested = true;
    m_wake.notify_one();
    m_flushed.wait(lock, [this, target] { return m_committed >= target || m_stopping; });
}

void ResponseStore::setRetention(const config::LoggingConfig& retention)
{
    std::lock_guard lock(m_mutex);
    m_options.retention = retention;
}

} // namespace gateway::store

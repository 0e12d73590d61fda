#include "store/LogWriter.h"

#include "metrics/Metrics.h"
#include "store/Attempts.h"
#include "store/Database.h"

#include <QDateTime>
#include <QDir>
#include <QtDebug>

#include <map>
#include <sqlite3.h>
#include <tuple>

#include <chrono>

namespace gateway::store {

namespace {
constexpr qint64 retentionEveryMs = 10 * 60 * 1000;
}

LogWriter::LogWriter() = default;
LogWriter::LogWriter(const Options& options) : m_options(options) {}

LogWriter::~LogWriter()
{
    stop();
}

Result<bool> LogWriter::start(const QString& dataDir)
{
    m_dataDir = dataDir;
    const QString name = QStringLiteral("switchboard-log-writer-%1").arg(quintptr(this));
    // Open once here so that a bad data dir is reported at start-up, not lost in a thread.
    {
        Result<QSqlDatabase> db = Database::open(dataDir, name);
        if (!db)
            return Result<bool>::failure(db.error());
    }
    Database::close(name);
    m_queue.reserve(size_t(m_options.batchSize));
    m_thread = std::thread([this, name] { run(name); });
    return true;
}

void LogWriter::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void LogWriter::setLogging(const config::LoggingConfig& logging)
{
    std::lock_guard lock(m_mutex);
    m_options.logging = logging;
}

void LogWriter::push(LogRecord&& record)
{
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (int(m_queue.size()) >= m_options.maxQueued) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        m_queue.push_back(std::move(record));
        ++m_pushed;
        // Wake the writer only when a batch is full; otherwise its timer picks records up.
        // This keeps futex wake-ups off the request path.
        wake = int(m_queue.size()) == m_options.batchSize;
    }
    if (wake)
        m_wake.notify_one();
}

void LogWriter::flush()
{
    std::unique_lock lock(m_mutex);
    if (!m_thread.joinable())
        return;
    const qint64 target = m_pushed;
    m_flushRequested = true;
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_committed >= target || !m_thread.joinable(); });
}

namespace {

// The writer talks to SQLite directly: through QtSql every row cost QVariant boxing and a
// UTF-16 round trip per text column, about half of the writer's CPU (bench/RESULTS.md).
class Statement
{
public:
    Statement(sqlite3* db, const char* sql)
    {
        sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    bool valid() const { return m_stmt != nullptr; }
    // The bytes must stay alive until step(): SQLite does not copy them (SQLITE_STATIC).
    void text(int i, const QByteArray& utf8)
    {
        if (utf8.isEmpty())
            sqlite3_bind_null(m_stmt, i);
        else
            sqlite3_bind_text(m_stmt, i, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
    }
    // Bodies are bound as UTF-8 text without a copy (SQLITE_STATIC: the record outlives the step).
    void body(int i, const QByteArray& b)
    {
        if (b.isNull())
            sqlite3_bind_null(m_stmt, i);
        else
            sqlite3_bind_text(m_stmt, i, b.constData(), int(b.size()), SQLITE_STATIC);
    }
    void integer(int i, qint64 v) { sqlite3_bind_int64(m_stmt, i, v); }
    void real(int i, double v) { sqlite3_bind_double(m_stmt, i, v); }
    void null(int i) { sqlite3_bind_null(m_stmt, i); }
    sqlite3_stmt* handle() const { return m_stmt; }
    bool step()
    {
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        return rc == SQLITE_DONE;
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

bool exec(sqlite3* db, const char* sql)
{
    return sqlite3_exec(db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// One usage_rollups row being summed up from a batch.
struct Rollup
{
    qint64 requests = 0, promptTokens = 0, completionTokens = 0, ttftCount = 0;
    double cost = 0, latencyMsSum = 0, ttftMsSum = 0;
    metrics::Histogram latency, ttft;
};
using RollupKey =
    std::tuple<qint64, QString, QString, QString, int>; // minute, key, model, backend, class

QByteArray rollupUpsertSql()
{
    const QStringList histogram = Database::histogramColumns('l') + Database::histogramColumns('t');
    QStringList names = {QStringLiteral("minute_ms"),     QStringLiteral("key_id"),
                         QStringLiteral("model"),         QStringLiteral("backend"),
                         QStringLiteral("status_class"),  QStringLiteral("requests"),
                         QStringLiteral("prompt_tokens"), QStringLiteral("completion_tokens"),
                         QStringLiteral("cost"),          QStringLiteral("latency_ms_sum"),
                         QStringLiteral("ttft_count"),    QStringLiteral("ttft_ms_sum")};
    QStringList sums = names.mid(5) + histogram;
    names += histogram;
    QStringList updates;
    for (const QString& c : sums)
        updates << QStringLiteral("%1 = %1 + excluded.%1").arg(c);
    return (QStringLiteral("INSERT INTO usage_rollups (") + names.join(QLatin1Char(',')) +
            QStringLiteral(") VALUES (") +
            QStringList(names.size(), QStringLiteral("?")).join(QLatin1Char(',')) +
            QStringLiteral(
                ") ON CONFLICT (minute_ms, key_id, model, backend, status_class) DO UPDATE SET ") +
            updates.join(QLatin1Char(',')))
        .toUtf8();
}

} // namespace

void LogWriter::run(QString connectionName)
{
    Q_UNUSED(connectionName);
    sqlite3* db = nullptr;
    const QByteArray path = QDir(m_dataDir).filePath(Database::fileName()).toLocal8Bit();
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        qWarning("log writer: cannot open %s: %s", path.constData(), sqlite3_errmsg(db));
        sqlite3_close(db);
        std::lock_guard lock(m_mutex);
        m_failed.fetch_add(m_pushed - m_committed);
        m_committed = m_pushed;
        m_flushed.notify_all();
        return;
    }
    sqlite3_busy_timeout(db, 5000);
    // WAL (set by Database::open) keeps readers off the writer's back; NORMAL sync survives a
    // process crash, which is what a request log needs.
    exec(db, "PRAGMA synchronous=NORMAL");
    exec(db, "PRAGMA cache_size=-16384");
    {
        Statement insert(db,
                         "INSERT INTO requests (ts_ms, trace_id, key_id, tenant, route, endpoint, "
                         "model, backend,"
                         " upstream_model, status, error_class, latency_ms, ttft_ms, prompt_tokens,"
                         " completion_tokens, cost, cache_status, stream, attempts)"
                         " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        Statement insertBodies(db, "INSERT INTO request_bodies (request_id, request_body, "
                                   "response_body, request_headers) VALUES (?,?,?,?)");
        Statement upsertRollup(db, rollupUpsertSql().constData());
        if (!insert.valid() || !insertBodies.valid() || !upsertRollup.valid())
            qWarning("log writer: cannot prepare inserts: %s", sqlite3_errmsg(db));
        std::vector<LogRecord> batch;
        batch.reserve(size_t(m_options.batchSize));
        qint64 lastRetentionMs = 0;
        for (;;) {
            bool stopping = false;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait_for(lock, std::chrono::milliseconds(m_options.flushIntervalMs), [&] {
                    return m_stopping || m_flushRequested ||
                           int(m_queue.size()) >= m_options.batchSize;
                });
                batch.swap(m_queue);
                m_flushRequested = false;
                stopping = m_stopping;
            }
            if (!batch.empty() && insert.valid() && insertBodies.valid() && upsertRollup.valid()) {
                exec(db, "BEGIN");
                qint64 failed = 0;
                std::map<RollupKey, Rollup> rollups;
                for (const LogRecord& r : batch) {
                    Rollup& u = rollups[RollupKey(r.timeMs - r.timeMs % 60'000, r.keyId, r.model,
                                                  r.backend, r.status / 100)];
                    ++u.requests;
                    u.promptTokens += r.promptTokens;
                    u.completionTokens += r.completionTokens;
                    u.cost += r.cost;
                    u.latencyMsSum += r.latencyMs;
                    u.latency.add(r.latencyMs / 1000.0);
                    if (r.ttftMs >= 0) {
                        ++u.ttftCount;
                        u.ttftMsSum += r.ttftMs;
                        u.ttft.add(r.ttftMs / 1000.0);
                    }
                    insert.integer(1, r.timeMs);
                    insert.text(2, r.traceId);
                    // UTF-8 copies that live until the row is stepped.
                    const QByteArray utf8[] = {
                        r.keyId.toUtf8(),         r.tenant.toUtf8(),     r.route.toUtf8(),
                        r.endpoint.toUtf8(),      r.model.toUtf8(),      r.backend.toUtf8(),
                        r.upstreamModel.toUtf8(), r.errorClass.toUtf8(), r.cacheStatus.toUtf8()};
                    for (int column : {3, 4, 5, 6, 7, 8, 9})
                        insert.text(column, utf8[column - 3]);
                    insert.integer(10, r.status);
                    insert.text(11, utf8[7]);
                    insert.real(12, r.latencyMs);
                    if (r.ttftMs >= 0)
                        insert.real(13, r.ttftMs);
                    else
                        insert.null(13);
                    insert.integer(14, r.promptTokens);
                    insert.integer(15, r.completionTokens);
                    insert.real(16, r.cost);
                    insert.text(17, utf8[8]);
                    insert.integer(18, r.stream ? 1 : 0);
                    const QByteArray attempts = attemptsToJson(r.attempts); // empty: NULL
                    insert.text(19, attempts);
                    if (!insert.step()) {
                        ++failed;
                        qWarning("log writer: insert failed: %s", sqlite3_errmsg(db));
                        continue;
                    }
                    if (!r.requestBody.isNull() || !r.responseBody.isNull()) {
                        insertBodies.integer(1, sqlite3_last_insert_rowid(db));
                        insertBodies.body(2, r.requestBody);
                        insertBodies.body(3, r.responseBody);
                        insertBodies.body(4, r.requestHeaders);
                        insertBodies.step();
                    }
                }
                for (const auto& [key, u] : rollups) {
                    const auto& [minute, keyId, model, backend, statusClass] = key;
                    int column = 1;
                    upsertRollup.integer(column++, minute);
                    for (const QString* text : {&keyId, &model, &backend})
                        sqlite3_bind_text(upsertRollup.handle(), column++,
                                          text->toUtf8().constData(), -1, SQLITE_TRANSIENT);
                    upsertRollup.integer(column++, statusClass);
                    upsertRollup.integer(column++, u.requests);
                    upsertRollup.integer(column++, u.promptTokens);
                    upsertRollup.integer(column++, u.completionTokens);
                    upsertRollup.real(column++, u.cost);
                    upsertRollup.real(column++, u.latencyMsSum);
                    upsertRollup.integer(column++, u.ttftCount);
                    upsertRollup.real(column++, u.ttftMsSum);
                    for (const metrics::Histogram* h : {&u.latency, &u.ttft})
                        for (quint64 n : h->buckets)
                            upsertRollup.integer(column++, qint64(n));
                    if (!upsertRollup.step())
                        qWarning("log writer: rollup failed: %s", sqlite3_errmsg(db));
                }
                if (!exec(db, "COMMIT")) {
                    qWarning("log writer: commit failed: %s", sqlite3_errmsg(db));
                    exec(db, "ROLLBACK");
                    m_failed.fetch_add(qint64(batch.size()), std::memory_order_relaxed);
                } else {
                    m_failed.fetch_add(failed, std::memory_order_relaxed);
                    m_written.fetch_add(qint64(batch.size()) - failed, std::memory_order_relaxed);
                }
            }
            {
                std::lock_guard lock(m_mutex);
                m_committed += qint64(batch.size());
            }
            m_flushed.notify_all();
            batch.clear();
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (now - lastRetentionMs >= retentionEveryMs) {
                lastRetentionMs = now;
                applyRetention(db);
            }
            if (stopping) {
                std::lock_guard lock(m_mutex);
                if (m_queue.empty())
                    break;
            }
        }
    }
    sqlite3_close(db);
    std::lock_guard lock(m_mutex);
    m_committed = m_pushed;
    m_flushed.notify_all();
}

void LogWriter::applyRetention(sqlite3* db)
{
    config::LoggingConfig logging;
    {
        std::lock_guard lock(m_mutex);
        logging = m_options.logging;
    }
    // Bodies go first: they are found through the rows they belong to.
    if (logging.retentionDays > 0) {
        const qint64 cutoff =
            QDateTime::currentMSecsSinceEpoch() - qint64(logging.retentionDays) * 86'400'000;
        const QByteArray sql = "DELETE FROM request_bodies WHERE request_id IN (SELECT id FROM "
                               "requests WHERE ts_ms < " +
                               QByteArray::number(cutoff) +
                               ");DELETE FROM requests WHERE ts_ms < " + QByteArray::number(cutoff);
        exec(db, sql.constData());
        exec(db, ("DELETE FROM usage_rollups WHERE minute_ms < " + QByteArray::number(cutoff))
                     .constData());
    }
    if (logging.retentionRows > 0) {
        const QByteArray keep = QByteArray::number(logging.retentionRows);
        const QByteArray sql =
            "DELETE FROM request_bodies WHERE request_id <= (SELECT MAX(id) FROM requests) - " +
            keep + ";DELETE FROM requests WHERE id <= (SELECT MAX(id) FROM requests) - " + keep;
        exec(db, sql.constData());
    }
}

} // namespace gateway::store

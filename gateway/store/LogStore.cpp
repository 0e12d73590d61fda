#include "store/LogStore.h"

#include "metrics/Metrics.h"
#include "store/Attempts.h"
#include "store/Database.h"

#include <QDir>
#include <QtDebug>

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <sqlite3.h>
#include <tuple>

namespace gateway::store {

namespace {

// The writer talks to SQLite directly: through QtSql every row cost QVariant boxing and a
// UTF-16 round trip per text column, about half of the writer's CPU (bench/RESULTS.md).
class Statement
{
public:
    Statement(sqlite3* db, const char* sql)
    {
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr) !=
            SQLITE_OK)
            m_error = QString::fromUtf8(sqlite3_errmsg(db));
        else
            m_bound.resize(size_t(sqlite3_bind_parameter_count(m_stmt)) + 1);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool valid() const { return m_stmt != nullptr; }
    QString error() const { return m_error; }
    // The bytes must stay alive until step(): SQLite does not copy them (SQLITE_STATIC).
    // Empty text is NULL.
    void text(int i, const QByteArray& utf8)
    {
        if (utf8.isEmpty())
            null(i);
        else
            boundText(i, utf8.constData(), utf8.size());
    }
    // For NOT NULL columns: empty text is ''. (A refusal on a path that is no API endpoint has
    // no endpoint; bound as NULL, its row failed the constraint and was lost.)
    void requiredText(int i, const QByteArray& utf8)
    {
        boundText(i, utf8.constData(), utf8.size());
    }
    // Bodies are bound as UTF-8 text without a copy (SQLITE_STATIC: the record outlives the step).
    void body(int i, const QByteArray& b)
    {
        if (b.isNull())
            null(i);
        else
            boundText(i, b.constData(), b.size());
    }
    // NULLs, integers and static texts are bound only when they differ from what the parameter
    // holds: a parameter keeps its value from one step to the next, and most of a row's
    // columns are the same NULL, 0 or model name on every row.
    void integer(int i, qint64 v)
    {
        Bound& bound = m_bound[size_t(i)];
        if (bound.kind == Bound::Integer && bound.integer == v)
            return;
        sqlite3_bind_int64(m_stmt, i, v);
        bound = {Bound::Integer, v};
    }
    void real(int i, double v)
    {
        sqlite3_bind_double(m_stmt, i, v);
        m_bound[size_t(i)].kind = Bound::Other;
    }
    void null(int i)
    {
        Bound& bound = m_bound[size_t(i)];
        if (bound.kind == Bound::Null)
            return;
        sqlite3_bind_null(m_stmt, i);
        bound.kind = Bound::Null;
    }
    void transientText(int i, const QString& s)
    {
        const QByteArray utf8 = s.toUtf8();
        sqlite3_bind_text(m_stmt, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        m_bound[size_t(i)].kind = Bound::Other;
    }
    bool step()
    {
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        return rc == SQLITE_DONE;
    }

private:
    void boundText(int i, const char* data, qsizetype size)
    {
        // The same bytes at the same address (a column cache's entry, row after row): SQLite
        // reads them from there at the step, so binding them again would change nothing.
        Bound& bound = m_bound[size_t(i)];
        if (bound.kind == Bound::Text && bound.text == data && bound.integer == size)
            return;
        sqlite3_bind_text(m_stmt, i, data, int(size), SQLITE_STATIC);
        bound = {Bound::Text, size, data};
    }

    // What a parameter holds, where that is known (by its index; 0 is unused).
    struct Bound
    {
        enum Kind { Unknown, Null, Integer, Text, Other } kind = Unknown;
        qint64 integer = 0;         // Integer: the value; Text: the size
        const char* text = nullptr; // Text, bound SQLITE_STATIC
    };

    sqlite3_stmt* m_stmt = nullptr;
    std::vector<Bound> m_bound;
    QString m_error; // why it could not be prepared
};

// One usage_rollups row being summed up from a batch: the rollups are upserted once per key and
// batch, not once per row.
struct Rollup
{
    qint64 requests = 0, promptTokens = 0, completionTokens = 0, ttftCount = 0;
    double cost = 0, latencyMsSum = 0, ttftMsSum = 0;
    metrics::Histogram latency, ttft;
    qint64 upstreamErrors = 0, fallbacks = 0; // store::outcomeOf, summed
};
// minute, key, model, backend, status class, source, tenant
using RollupKey = std::tuple<qint64, QString, QString, QString, int, QString, QString>;

QByteArray rollupUpsertSql()
{
    // The histogram columns are frozen in the schema (Database::histogramSlots).
    const QStringList histogram = Database::histogramColumns('l') + Database::histogramColumns('t');
    QStringList names = {QStringLiteral("minute_ms"),     QStringLiteral("key_id"),
                         QStringLiteral("model"),         QStringLiteral("backend"),
                         QStringLiteral("status_class"),  QStringLiteral("requests"),
                         QStringLiteral("prompt_tokens"), QStringLiteral("completion_tokens"),
                         QStringLiteral("cost"),          QStringLiteral("latency_ms_sum"),
                         QStringLiteral("ttft_count"),    QStringLiteral("ttft_ms_sum")};
    // Added by migration 7 (failover).
    const QStringList failover = {QStringLiteral("upstream_errors"), QStringLiteral("fallbacks")};
    QStringList sums = names.mid(5) + histogram + failover;
    names += histogram + failover;
    names << QStringLiteral("source") << QStringLiteral("tenant"); // last, as the upsert binds
    QStringList updates;
    for (const QString& c : sums)
        updates << QStringLiteral("%1 = %1 + excluded.%1").arg(c);
    return (QStringLiteral("INSERT INTO usage_rollups (") + names.join(QLatin1Char(',')) +
            QStringLiteral(") VALUES (") +
            QStringList(names.size(), QStringLiteral("?")).join(QLatin1Char(',')) +
            QStringLiteral(
                ") ON CONFLICT (minute_ms, key_id, model, backend, status_class, source, tenant) "
                "DO UPDATE SET ") +
            updates.join(QLatin1Char(',')))
        .toUtf8();
}

void addToRollup(Rollup& u, const LogRecord& r)
{
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
    const AttemptOutcome outcome = outcomeOf(r.attempts);
    u.upstreamErrors += outcome.failedAttempts;
    u.fallbacks += outcome.servedByFallback ? 1 : 0;
}

// A text column's value repeats from row to row (the same alias, backend, endpoint ...): the
// UTF-8 of the last few distinct values is kept, so a row costs a comparison per column rather
// than a conversion and an allocation.
//
// The UTF-8 is bound to a statement without a copy, so it must live until the statement has
// run, which for a group of rows is after all of them are bound: an entry used since
// beginStatement() is not replaced, and a value that finds every entry in use is kept aside
// until the next statement.
class Utf8Column
{
public:
    void beginStatement()
    {
        m_inUse = 0;
        m_aside.clear();
    }

    const QByteArray& operator()(const QString& text)
    {
        if (text.isEmpty())
            return m_empty;
        for (unsigned i = 0; i < entryCount; ++i) {
            if (m_recent[i].text == text) {
                m_inUse |= 1u << i;
                return m_recent[i].utf8;
            }
        }
        // Replaces the oldest entry not in use: a column with many distinct values (trace ids
        // are not cached) then costs about what converting each row did.
        for (unsigned k = 0; k < entryCount; ++k) {
            const unsigned i = (m_next + k) % entryCount;
            if (m_inUse & (1u << i))
                continue;
            m_next = i + 1;
            m_inUse |= 1u << i;
            m_recent[i] = {text, text.toUtf8()};
            return m_recent[i].utf8;
        }
        return m_aside.emplace_back(text.toUtf8());
    }

private:
    static constexpr unsigned entryCount = 4;
    struct Entry
    {
        QString text;
        QByteArray utf8;
    };
    Entry m_recent[entryCount];
    unsigned m_next = 0;
    unsigned m_inUse = 0;           // bit i: m_recent[i] is bound to the statement being built
    std::deque<QByteArray> m_aside; // values bound while every entry was in use (stable)
    QByteArray m_empty;
};

bool hasBodies(const LogRecord& r)
{
    return !r.requestBody.isNull() || !r.responseBody.isNull();
}

// The columns of a requests row, in the order bindRow() binds them.
constexpr const char* requestColumns =
    "ts_ms, trace_id, key_id, tenant, route, endpoint, model, backend, upstream_model, status,"
    " error_class, latency_ms, ttft_ms, prompt_tokens, completion_tokens, cost, cache_status,"
    " stream, attempts, source, cache_read_tokens, cache_write_tokens, reasoning_tokens,"
    " usage_estimated, provider_detail, key_name";
constexpr int requestColumnCount = 26;

// "INSERT INTO requests (...) VALUES (?,...),(?,...)..." for rows rows.
QByteArray insertRequestsSql(int rows)
{
    QByteArray row = "(?";
    for (int i = 1; i < requestColumnCount; ++i)
        row += ",?";
    row += ')';
    QByteArray sql = QByteArray("INSERT INTO requests (") + requestColumns + ") VALUES " + row;
    for (int i = 1; i < rows; ++i)
        sql += ',' + row;
    return sql;
}

} // namespace

struct LogStore::Statements
{
    // Rows without bodies (the default: capture off) are inserted this many to a statement:
    // SQLite's cost per statement (opening the table and index cursors, resetting, halting the
    // VM) is then paid once for the group, a fifth of the writer's CPU per row.
    static constexpr int rowsPerInsert = 16;

    explicit Statements(sqlite3* db)
        : insert(db, insertRequestsSql(1).constData()),
          insertMany(db, insertRequestsSql(rowsPerInsert).constData()),
          insertBodies(db, "INSERT INTO request_bodies (request_id, request_body, "
                           "response_body, request_headers) VALUES (?,?,?,?)"),
          upsertRollup(db, rollupUpsertSql().constData())
    {
        m_attempts.reserve(rowsPerInsert);
    }
    bool valid() const
    {
        return insert.valid() && insertMany.valid() && insertBodies.valid() && upsertRollup.valid();
    }
    QString error() const
    {
        return insert.error() + insertMany.error() + insertBodies.error() + upsertRollup.error();
    }
    bool insertRow(const LogRecord& r, sqlite3* db);
    // Inserts rowsPerInsert rows that have no bodies in one statement: all or none.
    bool insertGroup(const LogRecord* rows);
    bool upsert(const RollupKey& key, const Rollup& u);

    Statement insert;
    Statement insertMany;
    Statement insertBodies;
    Statement upsertRollup;

private:
    // Binds r's columns after the first `offset` parameters of statement. Text is bound
    // without a copy: the column caches keep what they give until the next beginStatement(),
    // and the attempts' JSON is kept in m_attempts.
    void bindRow(Statement& statement, int offset, const LogRecord& r);
    void beginStatement();

    // One per text column of bindRow(), in its order.
    Utf8Column keyId, tenant, route, endpoint, model, backend, upstreamModel, errorClass,
        cacheStatus, source, keyName;
    std::vector<QByteArray> m_attempts;
};

void LogStore::Statements::beginStatement()
{
    for (Utf8Column* column : {&keyId, &tenant, &route, &endpoint, &model, &backend, &upstreamModel,
                               &errorClass, &cacheStatus, &source, &keyName})
        column->beginStatement();
    m_attempts.clear();
}

void LogStore::Statements::bindRow(Statement& statement, int offset, const LogRecord& r)
{
    const auto text = [&](int i, const QByteArray& utf8) { statement.text(offset + i, utf8); };
    const auto requiredText = [&](int i, const QByteArray& utf8) {
        statement.requiredText(offset + i, utf8);
    };
    statement.integer(offset + 1, r.timeMs);
    requiredText(2, r.traceId);
    text(3, keyId(r.keyId));
    text(4, tenant(r.tenant));
    text(5, route(r.route));
    requiredText(6, endpoint(r.endpoint));
    text(7, model(r.model));
    text(8, backend(r.backend));
    text(9, upstreamModel(r.upstreamModel));
    statement.integer(offset + 10, r.status);
    text(11, errorClass(r.errorClass));
    statement.real(offset + 12, r.latencyMs);
    if (r.ttftMs >= 0)
        statement.real(offset + 13, r.ttftMs);
    else
        statement.null(offset + 13);
    statement.integer(offset + 14, r.promptTokens);
    statement.integer(offset + 15, r.completionTokens);
    statement.real(offset + 16, r.cost);
    text(17, cacheStatus(r.cacheStatus));
    statement.integer(offset + 18, r.stream ? 1 : 0);
    text(19, m_attempts.emplace_back(attemptsToJson(r.attempts))); // empty: NULL
    requiredText(20, source(r.source.isEmpty() ? sourceApi() : r.source));
    statement.integer(offset + 21, r.cacheReadTokens);
    statement.integer(offset + 22, r.cacheWriteTokens);
    statement.integer(offset + 23, r.reasoningTokens);
    statement.integer(offset + 24, r.usageEstimated ? 1 : 0);
    text(25, r.providerDetail); // empty: NULL
    text(26, keyName(r.keyName));
}

bool LogStore::Statements::insertRow(const LogRecord& r, sqlite3* db)
{
    beginStatement();
    bindRow(insert, 0, r);
    if (!insert.step())
        return false;
    if (!hasBodies(r))
        return true;
    insertBodies.integer(1, sqlite3_last_insert_rowid(db));
    insertBodies.body(2, r.requestBody);
    insertBodies.body(3, r.responseBody);
    insertBodies.body(4, r.requestHeaders);
    return insertBodies.step();
}

bool LogStore::Statements::insertGroup(const LogRecord* rows)
{
    beginStatement();
    for (int i = 0; i < rowsPerInsert; ++i)
        bindRow(insertMany, i * requestColumnCount, rows[i]);
    return insertMany.step();
}

bool LogStore::Statements::upsert(const RollupKey& key, const Rollup& u)
{
    const auto& [minute, keyId, model, backend, statusClass, origin, tenant] = key;
    int column = 1;
    upsertRollup.integer(column++, minute);
    for (const QString* text : {&keyId, &model, &backend})
        upsertRollup.transientText(column++, *text);
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
    upsertRollup.integer(column++, u.upstreamErrors);
    upsertRollup.integer(column++, u.fallbacks);
    upsertRollup.transientText(column++, origin);
    upsertRollup.transientText(column++, tenant);
    return upsertRollup.step();
}

LogStore::LogStore() = default;

LogStore::~LogStore()
{
    close();
}

Result<bool> LogStore::open(const QString& dataDir)
{
    close();
    const QByteArray path = QDir(dataDir).filePath(Database::fileName()).toLocal8Bit();
    if (sqlite3_open_v2(path.constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        const QString error = QString::fromUtf8(sqlite3_errmsg(m_db));
        close();
        return Result<bool>::failure(error);
    }
    sqlite3_busy_timeout(m_db, 5000);
    // WAL (set by Database::open) keeps readers off the writer's back; NORMAL sync survives a
    // process crash, which is what a request log needs.
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA cache_size=-16384");
    // A checkpoint leaves the -wal file at most this long, so that a burst does not keep it
    // large for good (the size bound counts the database file).
    exec("PRAGMA journal_size_limit=67108864");
    m_statements = std::make_unique<Statements>(m_db);
    if (!m_statements->valid()) {
        const QString error = QStringLiteral("cannot prepare inserts: ") + m_statements->error();
        close();
        return Result<bool>::failure(error);
    }
    return true;
}

void LogStore::close()
{
    m_statements.reset();
    if (m_db)
        sqlite3_close(m_db);
    m_db = nullptr;
}

bool LogStore::exec(const char* sql)
{
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

qint64 LogStore::scalar(const char* sql) const
{
    sqlite3_stmt* stmt = nullptr;
    qint64 value = 0;
    if (sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return value;
}

qint64 LogStore::pragma(const char* name) const
{
    return scalar((QByteArray("PRAGMA ") + name).constData());
}

LogStore::WriteResult LogStore::write(const std::vector<LogRecord>& batch)
{
    WriteResult result;
    if (batch.empty())
        return result;
    const auto fail = [&](qint64 lost) {
        result.failed += lost;
        if (result.error.isEmpty())
            result.error = QString::fromUtf8(sqlite3_errmsg(m_db));
    };
    if (!m_db) {
        result.failed = qint64(batch.size());
        result.error = QStringLiteral("the request log is not open");
        return result;
    }
    if (!exec("BEGIN")) {
        fail(qint64(batch.size()));
        return result;
    }
    std::map<RollupKey, Rollup> rollups;
    const auto addRow = [&](const LogRecord& r) {
        addToRollup(rollups[RollupKey(r.timeMs - r.timeMs % 60'000, r.keyId, r.model, r.backend,
                                      r.status / 100, r.source.isEmpty() ? sourceApi() : r.source,
                                      r.tenant)],
                    r);
    };
    constexpr size_t group = Statements::rowsPerInsert;
    // Rows [from, groupEnd) were tried as one group that failed: they go one by one, so that
    // only the row at fault is lost.
    size_t groupEnd = 0;
    for (size_t i = 0; i < batch.size();) {
        if (i >= groupEnd && i + group <= batch.size() &&
            std::none_of(batch.begin() + qsizetype(i), batch.begin() + qsizetype(i + group),
                         hasBodies)) {
            if (m_statements->insertGroup(&batch[i])) {
                for (size_t k = i; k < i + group; ++k)
                    addRow(batch[k]);
                i += group;
                continue;
            }
            // SQLITE_FULL or an I/O error may roll the whole transaction back: then nothing of
            // the batch is left to commit.
            if (sqlite3_get_autocommit(m_db)) {
                fail(0);
                result.failed = qint64(batch.size());
                return result;
            }
            groupEnd = i + group;
        }
        const LogRecord& r = batch[i++];
        if (!m_statements->insertRow(r, m_db)) {
            fail(1);
            if (sqlite3_get_autocommit(m_db)) {
                result.failed = qint64(batch.size());
                return result;
            }
            continue;
        }
        addRow(r);
    }
    for (const auto& [key, u] : rollups) {
        if (!m_statements->upsert(key, u)) {
            // The rows are fine; the charts would be short of them. Still a failed write.
            fail(0);
            if (sqlite3_get_autocommit(m_db)) {
                result.failed = qint64(batch.size());
                return result;
            }
        }
    }
    if (!exec("COMMIT")) {
        fail(0);
        exec("ROLLBACK");
        result.failed = qint64(batch.size());
        return result;
    }
    result.written = qint64(batch.size()) - result.failed;
    return result;
}

qint64 LogStore::deleteRows(const char* selectIds, qint64 bound)
{
    const QByteArray select(selectIds);
    // Bodies first: they are found through the rows they belong to. Both statements see the
    // same ids: they run in one transaction.
    const QByteArray deleteBodies =
        "DELETE FROM request_bodies WHERE request_id IN (" + select + ")";
    const QByteArray deleteRequests = "DELETE FROM requests WHERE id IN (" + select + ")";
    if (!exec("BEGIN"))
        return -1;
    qint64 deleted = -1;
    for (const QByteArray* sql : {&deleteBodies, &deleteRequests}) {
        sqlite3_stmt* stmt = nullptr;
        int rc = sqlite3_prepare_v2(m_db, sql->constData(), -1, &stmt, nullptr);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(stmt, 1, bound);
            sqlite3_bind_int(stmt, 2, deleteBatchRows);
            rc = sqlite3_step(stmt);
        }
        sqlite3_finalize(stmt);
        if (rc != SQLITE_DONE) {
            exec("ROLLBACK");
            return -1;
        }
        deleted = sqlite3_changes(m_db);
    }
    if (!exec("COMMIT")) {
        exec("ROLLBACK");
        return -1;
    }
    return deleted;
}

bool LogStore::retentionStep(const config::LoggingConfig& logging, qint64 nowMs)
{
    if (!m_db)
        return false;
    bool more = false;
    if (logging.retentionDays > 0) {
        const qint64 cutoff = nowMs - qint64(logging.retentionDays) * 86'400'000;
        // In time order through requests_ts: also right for rows whose ids are not in time
        // order (a clock set back, an imported log).
        const qint64 deleted = deleteRows(
            "SELECT id FROM requests INDEXED BY requests_ts WHERE ts_ms < ?1 ORDER BY ts_ms "
            "LIMIT ?2",
            cutoff);
        more = deleted == deleteBatchRows;
        // An hour of rollups per step (the primary key starts with minute_ms).
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(m_db,
                               "DELETE FROM usage_rollups WHERE minute_ms < MIN(?1, (SELECT "
                               "MIN(minute_ms) FROM usage_rollups) + 3600000)",
                               -1, &stmt, nullptr) == SQLITE_OK) {
            sqlite3_bind_int64(stmt, 1, cutoff);
            sqlite3_step(stmt);
        }
        sqlite3_finalize(stmt);
        sqlite3_stmt* check = nullptr;
        if (sqlite3_prepare_v2(m_db, "SELECT 1 FROM usage_rollups WHERE minute_ms < ?1 LIMIT 1", -1,
                               &check, nullptr) == SQLITE_OK) {
            sqlite3_bind_int64(check, 1, cutoff);
            more = more || sqlite3_step(check) == SQLITE_ROW;
        }
        sqlite3_finalize(check);
    }
    if (logging.retentionRows > 0) {
        // The newest retentionRows rows stay: a range of the oldest rowids goes.
        const qint64 lastDoomed =
            scalar("SELECT IFNULL(MAX(id), 0) FROM requests") - logging.retentionRows;
        if (lastDoomed > 0) {
            const qint64 deleted = deleteRows(
                "SELECT id FROM requests WHERE id <= ?1 ORDER BY id LIMIT ?2", lastDoomed);
            more = more || deleted == deleteBatchRows;
        }
    }
    return more;
}

qint64 LogStore::usedBytes() const
{
    return (pragma("page_count") - pragma("freelist_count")) * pragma("page_size");
}

qint64 LogStore::fileBytes() const
{
    return pragma("page_count") * pragma("page_size");
}

void LogStore::setMaxPageCount(qint64 pages)
{
    // SQLite takes the largest value it allows for "no cap".
    exec(("PRAGMA max_page_count=" + QByteArray::number(pages > 0 ? pages : 0xfffffffeLL))
             .constData());
}

bool LogStore::sizeStep(qint64 maxDbBytes)
{
    if (!m_db)
        return false;
    const qint64 pageSize = pragma("page_size");
    const qint64 pages = pragma("page_count");
    const qint64 freePages = pragma("freelist_count");
    const qint64 used = (pages - freePages) * pageSize;
    if (maxDbBytes > 0 && used > qint64(double(maxDbBytes) * sizeTargetRatio) &&
        (used > maxDbBytes || m_shrinking)) {
        // The oldest rows go, a batch per step, until the data is under the target.
        m_shrinking = true;
        // As many rows as the excess holds at the average row's size (bodies included), so
        // that a batch does not overshoot a small bound.
        // The rowid range stands in for COUNT(*), which would scan millions of rows per step.
        const qint64 rows =
            qMax<qint64>(1, scalar("SELECT IFNULL(MAX(id) - MIN(id) + 1, 0) FROM requests"));
        const qint64 excess = used - qint64(double(maxDbBytes) * sizeTargetRatio);
        const qint64 doomed =
            qBound<qint64>(1, excess / qMax<qint64>(1, used / rows) + 1, qint64(deleteBatchRows));
        const qint64 deleted =
            deleteRows("SELECT id FROM requests WHERE id <= ?1 ORDER BY id LIMIT ?2",
                       scalar("SELECT IFNULL(MIN(id), 0) FROM requests") + doomed - 1);
        if (deleted > 0)
            return true;
        // Nothing left to delete (or a failed delete): what remains is the rollups.
    }
    m_shrinking = false;
    // Free pages go back to the file system while the file is over the bound, or when they
    // are an eighth of it (a retention pass freed them); a few stay for the next inserts.
    // incremental_vacuum needs auto_vacuum=INCREMENTAL (migration 4).
    const bool overBound = maxDbBytes > 0 && pages * pageSize > maxDbBytes;
    if (freePages > 0 && (overBound || freePages > pages / 8) && pragma("auto_vacuum") == 2) {
        exec(
            ("PRAGMA incremental_vacuum(" + QByteArray::number(vacuumStepPages) + ")").constData());
        m_vacuumed = false;
        if (freePages > vacuumStepPages)
            return true;
    }
    checkpointIfShrunk();
    return false;
}

void LogStore::checkpointIfShrunk()
{
    if (m_vacuumed)
        return;
    // The pages freed by incremental_vacuum leave the file when the WAL is checkpointed in
    // full. PASSIVE never waits for the console's readers; a checkpoint that could not finish
    // is retried by the next size check.
    int logFrames = 0, checkpointed = 0;
    sqlite3_wal_checkpoint_v2(m_db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &checkpointed);
    m_vacuumed = logFrames == checkpointed;
}

} // namespace gateway::store

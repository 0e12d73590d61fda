#include "store/Database.h"

#include "metrics/Metrics.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <vector>

namespace gateway::store {

namespace {

// Migration N brings the schema from version N-1 to N. Never edit one that has shipped;
// append a new one. Each is literal SQL, frozen as it shipped: a migration built from live
// code (a constant, a column list) would change under databases that already ran it.
struct Migration
{
    const char* sql;
    // VACUUM cannot run inside a transaction: such a migration runs on its own, and must be
    // harmless to run twice (a crash before its version is recorded runs it again).
    bool outsideTransaction = false;
};

const std::vector<Migration>& migrations()
{
    static const std::vector<Migration> list = {
        // 1: the request log. Bodies live in their own table so that scans and index lookups
        // over requests stay small (a row is ~150 bytes; its bodies can be kilobytes).
        {"CREATE TABLE requests ("
         " id INTEGER PRIMARY KEY,"
         " ts_ms INTEGER NOT NULL,"
         " trace_id TEXT NOT NULL,"
         " key_id TEXT, tenant TEXT, route TEXT,"
         " endpoint TEXT NOT NULL,"
         " model TEXT, backend TEXT, upstream_model TEXT,"
         " status INTEGER NOT NULL, error_class TEXT,"
         " latency_ms REAL NOT NULL, ttft_ms REAL,"
         " prompt_tokens INTEGER NOT NULL DEFAULT 0,"
         " completion_tokens INTEGER NOT NULL DEFAULT 0,"
         " cost REAL NOT NULL DEFAULT 0, cache_status TEXT,"
         " stream INTEGER NOT NULL DEFAULT 0);"
         "CREATE INDEX requests_ts ON requests(ts_ms);"
         "CREATE INDEX requests_model_ts ON requests(model, ts_ms);"
         "CREATE INDEX requests_status_ts ON requests(status, ts_ms);"
         "CREATE INDEX requests_backend_ts ON requests(backend, ts_ms);"
         "CREATE TABLE request_bodies ("
         " request_id INTEGER PRIMARY KEY,"
         " request_body TEXT, response_body TEXT, request_headers TEXT);"},
        // 2: per-minute rollups for charts over days (one row per minute, key, model, backend
        // and status class; latency and TTFT as counts per bucket of the 14 latency buckets of
        // metrics::latencyBuckets as they were, plus one for what is above), and saved replays.
        {"CREATE TABLE usage_rollups ("
         " minute_ms INTEGER NOT NULL, key_id TEXT NOT NULL DEFAULT '',"
         " model TEXT NOT NULL DEFAULT '',"
         " backend TEXT NOT NULL DEFAULT '', status_class INTEGER NOT NULL,"
         " requests INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL,"
         " completion_tokens INTEGER NOT NULL,"
         " cost REAL NOT NULL, latency_ms_sum REAL NOT NULL, ttft_count INTEGER NOT NULL,"
         " ttft_ms_sum REAL NOT NULL,"
         " l0 INTEGER NOT NULL DEFAULT 0,"
         " l1 INTEGER NOT NULL DEFAULT 0,"
         " l2 INTEGER NOT NULL DEFAULT 0,"
         " l3 INTEGER NOT NULL DEFAULT 0,"
         " l4 INTEGER NOT NULL DEFAULT 0,"
         " l5 INTEGER NOT NULL DEFAULT 0,"
         " l6 INTEGER NOT NULL DEFAULT 0,"
         " l7 INTEGER NOT NULL DEFAULT 0,"
         " l8 INTEGER NOT NULL DEFAULT 0,"
         " l9 INTEGER NOT NULL DEFAULT 0,"
         " l10 INTEGER NOT NULL DEFAULT 0,"
         " l11 INTEGER NOT NULL DEFAULT 0,"
         " l12 INTEGER NOT NULL DEFAULT 0,"
         " l13 INTEGER NOT NULL DEFAULT 0,"
         " l14 INTEGER NOT NULL DEFAULT 0,"
         " t0 INTEGER NOT NULL DEFAULT 0,"
         " t1 INTEGER NOT NULL DEFAULT 0,"
         " t2 INTEGER NOT NULL DEFAULT 0,"
         " t3 INTEGER NOT NULL DEFAULT 0,"
         " t4 INTEGER NOT NULL DEFAULT 0,"
         " t5 INTEGER NOT NULL DEFAULT 0,"
         " t6 INTEGER NOT NULL DEFAULT 0,"
         " t7 INTEGER NOT NULL DEFAULT 0,"
         " t8 INTEGER NOT NULL DEFAULT 0,"
         " t9 INTEGER NOT NULL DEFAULT 0,"
         " t10 INTEGER NOT NULL DEFAULT 0,"
         " t11 INTEGER NOT NULL DEFAULT 0,"
         " t12 INTEGER NOT NULL DEFAULT 0,"
         " t13 INTEGER NOT NULL DEFAULT 0,"
         " t14 INTEGER NOT NULL DEFAULT 0,"
         " PRIMARY KEY (minute_ms, key_id, model, backend, status_class)) WITHOUT ROWID;"
         "CREATE TABLE replays ("
         " id INTEGER PRIMARY KEY, created_ms INTEGER NOT NULL, source_request_id INTEGER,"
         " title TEXT NOT NULL, request TEXT NOT NULL, results TEXT NOT NULL);"},
        // 3: each upstream attempt of a request (store/Attempts.h), NULL when none was made.
        // No index: it is read per row, or with json_each over a recent time range.
        {"ALTER TABLE requests ADD COLUMN attempts TEXT"},
        // 4: free pages can go back to the file system (PRAGMA incremental_vacuum), so that the
        // file shrinks under logging.maxDbBytes. auto_vacuum of an existing file only changes
        // with a VACUUM; a new file is empty and takes no time.
        {"PRAGMA auto_vacuum=INCREMENTAL;VACUUM", true},
        // 5: fewer B-trees per row: the writer's cost was mostly index inserts (five B-trees per
        // row; bench: 4.8 us of CPU per row, 3.5 us with these). Status is searched for errors,
        // which are few: a partial index holds only those, so a 200 row touches none. Backend
        // has no index: its distinct values come from usage_rollups, and a backend filter walks
        // the time index like the other conditions.
        {"DROP INDEX requests_backend_ts;"
         "DROP INDEX requests_status_ts;"
         "CREATE INDEX requests_errors_ts ON requests(status, ts_ms) WHERE status >= 400"},
        // 6: where a request came from: "api" (any client) or "replay" (the console's Replay
        // page, which proves it with the engine's console token: stages/RecordStage.cpp). The
        // rollups get it as a dimension, so that the console can leave replays out of its
        // charts; they are rebuilt because a WITHOUT ROWID table's primary key cannot change.
        // Rows from before are "api": the old X-Switchboard-Replay header was not proof.
        {"ALTER TABLE requests ADD COLUMN source TEXT NOT NULL DEFAULT 'api';"
         "CREATE TABLE usage_rollups_6 ("
         " minute_ms INTEGER NOT NULL, key_id TEXT NOT NULL DEFAULT '',"
         " model TEXT NOT NULL DEFAULT '',"
         " backend TEXT NOT NULL DEFAULT '', status_class INTEGER NOT NULL,"
         " requests INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL,"
         " completion_tokens INTEGER NOT NULL,"
         " cost REAL NOT NULL, latency_ms_sum REAL NOT NULL, ttft_count INTEGER NOT NULL,"
         " ttft_ms_sum REAL NOT NULL,"
         " l0 INTEGER NOT NULL DEFAULT 0,"
         " l1 INTEGER NOT NULL DEFAULT 0,"
         " l2 INTEGER NOT NULL DEFAULT 0,"
         " l3 INTEGER NOT NULL DEFAULT 0,"
         " l4 INTEGER NOT NULL DEFAULT 0,"
         " l5 INTEGER NOT NULL DEFAULT 0,"
         " l6 INTEGER NOT NULL DEFAULT 0,"
         " l7 INTEGER NOT NULL DEFAULT 0,"
         " l8 INTEGER NOT NULL DEFAULT 0,"
         " l9 INTEGER NOT NULL DEFAULT 0,"
         " l10 INTEGER NOT NULL DEFAULT 0,"
         " l11 INTEGER NOT NULL DEFAULT 0,"
         " l12 INTEGER NOT NULL DEFAULT 0,"
         " l13 INTEGER NOT NULL DEFAULT 0,"
         " l14 INTEGER NOT NULL DEFAULT 0,"
         " t0 INTEGER NOT NULL DEFAULT 0,"
         " t1 INTEGER NOT NULL DEFAULT 0,"
         " t2 INTEGER NOT NULL DEFAULT 0,"
         " t3 INTEGER NOT NULL DEFAULT 0,"
         " t4 INTEGER NOT NULL DEFAULT 0,"
         " t5 INTEGER NOT NULL DEFAULT 0,"
         " t6 INTEGER NOT NULL DEFAULT 0,"
         " t7 INTEGER NOT NULL DEFAULT 0,"
         " t8 INTEGER NOT NULL DEFAULT 0,"
         " t9 INTEGER NOT NULL DEFAULT 0,"
         " t10 INTEGER NOT NULL DEFAULT 0,"
         " t11 INTEGER NOT NULL DEFAULT 0,"
         " t12 INTEGER NOT NULL DEFAULT 0,"
         " t13 INTEGER NOT NULL DEFAULT 0,"
         " t14 INTEGER NOT NULL DEFAULT 0,"
         " source TEXT NOT NULL DEFAULT 'api',"
         " PRIMARY KEY (minute_ms, key_id, model, backend, status_class, source)) WITHOUT ROWID;"
         "INSERT INTO usage_rollups_6 SELECT *, 'api' FROM usage_rollups;"
         "DROP TABLE usage_rollups;"
         "ALTER TABLE usage_rollups_6 RENAME TO usage_rollups"},
        // 7: failover in the rollups, for the console's "Upstream errors and fallbacks": the
        // upstream attempts that failed (error class upstream_*) and the requests that a
        // fallback target served after one had (store::outcomeOf). Filled in from the attempts
        // of the rows still in the log; minutes whose rows retention deleted keep 0. Only rows
        // with a failed attempt are parsed.
        {"ALTER TABLE usage_rollups ADD COLUMN upstream_errors INTEGER NOT NULL DEFAULT 0;"
         "ALTER TABLE usage_rollups ADD COLUMN fallbacks INTEGER NOT NULL DEFAULT 0;"
         "UPDATE usage_rollups SET upstream_errors = f.errors, fallbacks = f.fallbacks FROM ("
         " SELECT ts_ms - ts_ms % 60000 AS minute, COALESCE(key_id, '') AS key,"
         " COALESCE(model, '') AS alias, COALESCE(backend, '') AS target,"
         " status / 100 AS class, source, SUM(failed) AS errors,"
         " SUM(failed > 0 AND last_error = '') AS fallbacks FROM ("
         "  SELECT ts_ms, key_id, model, backend, status, source,"
         "  (SELECT COUNT(*) FROM json_each(requests.attempts)"
         "   WHERE substr(json_extract(value, '$.errorClass'), 1, 9) = 'upstream_') AS failed,"
         "  json_extract(attempts, '$[#-1].errorClass') AS last_error"
         "  FROM requests"
         "  WHERE instr(attempts, '\"errorClass\":\"upstream_') > 0 AND json_valid(attempts))"
         " GROUP BY 1, 2, 3, 4, 5, 6) AS f"
         " WHERE usage_rollups.minute_ms = f.minute AND usage_rollups.key_id = f.key"
         " AND usage_rollups.model = f.alias AND usage_rollups.backend = f.target"
         " AND usage_rollups.status_class = f.class AND usage_rollups.source = f.source"},
        // 8: the parts of a request's tokens that providers price apart (cache reads and
        // writes of the prompt, reasoning in the completion), whether the gateway counted the
        // tokens itself because the provider reported none, and provider facts worth keeping
        // (Azure's content-filter results) as JSON.
        {"ALTER TABLE requests ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0;"
         "ALTER TABLE requests ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0;"
         "ALTER TABLE requests ADD COLUMN reasoning_tokens INTEGER NOT NULL DEFAULT 0;"
         "ALTER TABLE requests ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0;"
         "ALTER TABLE requests ADD COLUMN provider_detail TEXT"},
        // 9: who sent a request, for governance (issue 12): the key's name beside its id (a
        // name is what people filter by; the id survives a rename), and the tenant as a
        // dimension of the rollups, so that spend and tokens over time can be charted per
        // tenant, key and model. The rollups are rebuilt because a WITHOUT ROWID table's
        // primary key cannot change; rows from before belong to no tenant ('').
        {"ALTER TABLE requests ADD COLUMN key_name TEXT;"
         "CREATE TABLE usage_rollups_9 ("
         " minute_ms INTEGER NOT NULL, key_id TEXT NOT NULL DEFAULT '',"
         " model TEXT NOT NULL DEFAULT '',"
         " backend TEXT NOT NULL DEFAULT '', status_class INTEGER NOT NULL,"
         " requests INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL,"
         " completion_tokens INTEGER NOT NULL,"
         " cost REAL NOT NULL, latency_ms_sum REAL NOT NULL, ttft_count INTEGER NOT NULL,"
         " ttft_ms_sum REAL NOT NULL,"
         " l0 INTEGER NOT NULL DEFAULT 0,"
         " l1 INTEGER NOT NULL DEFAULT 0,"
         " l2 INTEGER NOT NULL DEFAULT 0,"
         " l3 INTEGER NOT NULL DEFAULT 0,"
         " l4 INTEGER NOT NULL DEFAULT 0,"
         " l5 INTEGER NOT NULL DEFAULT 0,"
         " l6 INTEGER NOT NULL DEFAULT 0,"
         " l7 INTEGER NOT NULL DEFAULT 0,"
         " l8 INTEGER NOT NULL DEFAULT 0,"
         " l9 INTEGER NOT NULL DEFAULT 0,"
         " l10 INTEGER NOT NULL DEFAULT 0,"
         " l11 INTEGER NOT NULL DEFAULT 0,"
         " l12 INTEGER NOT NULL DEFAULT 0,"
         " l13 INTEGER NOT NULL DEFAULT 0,"
         " l14 INTEGER NOT NULL DEFAULT 0,"
         " t0 INTEGER NOT NULL DEFAULT 0,"
         " t1 INTEGER NOT NULL DEFAULT 0,"
         " t2 INTEGER NOT NULL DEFAULT 0,"
         " t3 INTEGER NOT NULL DEFAULT 0,"
         " t4 INTEGER NOT NULL DEFAULT 0,"
         " t5 INTEGER NOT NULL DEFAULT 0,"
         " t6 INTEGER NOT NULL DEFAULT 0,"
         " t7 INTEGER NOT NULL DEFAULT 0,"
         " t8 INTEGER NOT NULL DEFAULT 0,"
         " t9 INTEGER NOT NULL DEFAULT 0,"
         " t10 INTEGER NOT NULL DEFAULT 0,"
         " t11 INTEGER NOT NULL DEFAULT 0,"
         " t12 INTEGER NOT NULL DEFAULT 0,"
         " t13 INTEGER NOT NULL DEFAULT 0,"
         " t14 INTEGER NOT NULL DEFAULT 0,"
         " source TEXT NOT NULL DEFAULT 'api',"
         " upstream_errors INTEGER NOT NULL DEFAULT 0,"
         " fallbacks INTEGER NOT NULL DEFAULT 0,"
         " tenant TEXT NOT NULL DEFAULT '',"
         " PRIMARY KEY (minute_ms, key_id, model, backend, status_class, source, tenant))"
         " WITHOUT ROWID;"
         "INSERT INTO usage_rollups_9 SELECT *, '' FROM usage_rollups;"
         "DROP TABLE usage_rollups;"
         "ALTER TABLE usage_rollups_9 RENAME TO usage_rollups"},
        // 10: one B-tree fewer per row, as 5 did for backend and status: requests_model_ts was
        // a quarter of the writer's CPU per row (bench: 3.1 us, 2.4 us without it), and the
        // writer shares the gateway's core. The Logs page's model filter walks requests_ts
        // like its backend, tenant and key filters (a rare model hands the page to the query
        // worker after the GUI thread's time budget), and the models it offers come from
        // usage_rollups.
        {"DROP INDEX requests_model_ts"},
    };
    return list;
}

Result<bool> exec(QSqlDatabase& db, const QString& sql)
{
    // QSqlQuery runs one statement at a time.
    for (const QString& statement : sql.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (statement.trimmed().isEmpty())
            continue;
        QSqlQuery q(db);
        if (!q.exec(statement))
            return Result<bool>::failure(q.lastError().text() + QStringLiteral(" in: ") +
                                         statement.trimmed().left(80));
    }
    return true;
}

} // namespace

Result<QSqlDatabase> Database::open(const QString& dataDir, const QString& connectionName,
                                    bool readOnly)
{
    if (!QDir().mkpath(dataDir))
        return Result<QSqlDatabase>::failure(
            QStringLiteral("cannot create data dir %1").arg(dataDir));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
    db.setDatabaseName(QDir(dataDir).filePath(fileName()));
    // The busy timeout lets readers and the writer share the file without SQLITE_BUSY.
    db.setConnectOptions(readOnly
                             ? QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000")
                             : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open())
        return Result<QSqlDatabase>::failure(
            QStringLiteral("cannot open %1: %2").arg(db.databaseName(), db.lastError().text()));
    if (readOnly)
        return db;
    // WAL: readers (the console, `logs`) never block the writer. NORMAL sync is durable
    // against process crashes, which is what a request log needs.
    Result<bool> pragmas =
        exec(db, QStringLiteral("PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL"));
    if (!pragmas)
        return Result<QSqlDatabase>::failure(pragmas.error());
    Result<bool> migrated = migrate(db);
    if (!migrated)
        return Result<QSqlDatabase>::failure(
            QStringLiteral("cannot migrate %1: %2").arg(db.databaseName(), migrated.error()));
    return db;
}

// A bucket added to metrics::latencyBuckets needs a migration that adds its columns (and a
// rollup writer and reader that know which rows have them): until then the build stops here
// rather than every rollup write failing on every existing database.
static_assert(metrics::latencyBuckets.size() + 1 == Database::histogramSlots,
              "usage_rollups has one column per latency bucket: add a migration");

QStringList Database::histogramColumns(char prefix)
{
    QStringList columns;
    for (int i = 0; i < histogramSlots; ++i)
        columns << QStringLiteral("%1%2").arg(QLatin1Char(prefix)).arg(i);
    return columns;
}

QSqlDatabase Database::readerConnection(const QString& dataDir, const QString& connectionName)
{
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    if (db.isValid())
        return db;
    const auto opened = open(dataDir, connectionName, true);
    return opened ? opened.value() : QSqlDatabase();
}

void Database::close(const QString& connectionName)
{
    {
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

Result<bool> Database::migrate(QSqlDatabase& db, int targetVersion)
{
    Q_ASSERT(int(migrations().size()) == schemaVersion);
    Result<bool> created = exec(
        db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    if (!created)
        return created;
    QSqlQuery q(db);
    int current = 0;
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && q.next())
        current = q.value(0).toInt();
    q.finish(); // VACUUM (migration 4) refuses to run beside an open statement
    if (current > schemaVersion)
        return Result<bool>::failure(
            QStringLiteral("the database has schema version %1, newer than "
                           "this build (%2)")
                .arg(current)
                .arg(schemaVersion));
    for (int version = current + 1; version <= qMin(targetVersion, schemaVersion); ++version) {
        const Migration& migration = migrations().at(size_t(version - 1));
        const QString sql = QString::fromUtf8(migration.sql);
        if (migration.outsideTransaction) {
            if (Result<bool> done = exec(db, sql); !done)
                return done;
        }
        db.transaction();
        Result<bool> step = migration.outsideTransaction ? Result<bool>(true) : exec(db, sql);
        if (step) {
            QSqlQuery record(db);
            record.prepare(QStringLiteral("INSERT INTO schema_version(version) VALUES (?)"));
            record.addBindValue(version);
            if (!record.exec())
                step = Result<bool>::failure(record.lastError().text());
        }
        if (!step) {
            db.rollback();
            return step;
        }
        db.commit();
    }
    return true;
}

} // namespace gateway::store

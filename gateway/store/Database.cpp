#include "store/Database.h"

#include "metrics/Metrics.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace gateway::store {

namespace {

// Migration N brings the schema from version N-1 to N. Never edit one that has shipped;
// append a new one.
const QStringList& migrations()
{
    static const QStringList list = {
        // 1: the request log. Bodies live in their own table so that scans and index lookups
        // over requests stay small (a row is ~150 bytes; its bodies can be kilobytes).
        QStringLiteral("CREATE TABLE requests ("
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
                       " request_body TEXT, response_body TEXT, request_headers TEXT);"),
        // 2: per-minute rollups for charts over days (one row per minute, key, model, backend
        // and status class; latency and TTFT as bucket counts of metrics::latencyBuckets), and
        // saved replays.
        QStringLiteral("CREATE TABLE usage_rollups ("
                       " minute_ms INTEGER NOT NULL, key_id TEXT NOT NULL DEFAULT '', model TEXT "
                       "NOT NULL DEFAULT '',"
                       " backend TEXT NOT NULL DEFAULT '', status_class INTEGER NOT NULL,"
                       " requests INTEGER NOT NULL, prompt_tokens INTEGER NOT NULL, "
                       "completion_tokens INTEGER NOT NULL,"
                       " cost REAL NOT NULL, latency_ms_sum REAL NOT NULL, ttft_count INTEGER NOT "
                       "NULL, ttft_ms_sum REAL NOT NULL,"
                       " ") +
            Database::histogramColumnsDdl() +
            QStringLiteral(
                ","
                " PRIMARY KEY (minute_ms, key_id, model, backend, status_class)) WITHOUT ROWID;"
                "CREATE TABLE replays ("
                " id INTEGER PRIMARY KEY, created_ms INTEGER NOT NULL, source_request_id INTEGER,"
                " title TEXT NOT NULL, request TEXT NOT NULL, results TEXT NOT NULL);"),
        // 3: each upstream attempt of a request (store/Attempts.h), NULL when none was made.
        // No index: it is read per row, or with json_each over a recent time range.
        QStringLiteral("ALTER TABLE requests ADD COLUMN attempts TEXT"),
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

QStringList Database::histogramColumns(char prefix)
{
    QStringList columns;
    for (size_t i = 0; i <= metrics::latencyBuckets.size(); ++i)
        columns << QStringLiteral("%1%2").arg(QLatin1Char(prefix)).arg(i);
    return columns;
}

QString Database::histogramColumnsDdl()
{
    QStringList ddl;
    for (const QString& c : histogramColumns('l') + histogramColumns('t'))
        ddl << c + QStringLiteral(" INTEGER NOT NULL DEFAULT 0");
    return ddl.join(QStringLiteral(", "));
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

Result<bool> Database::migrate(QSqlDatabase& db)
{
    Result<bool> created = exec(
        db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    if (!created)
        return created;
    QSqlQuery q(db);
    int current = 0;
    if (q.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && q.next())
        current = q.value(0).toInt();
    if (current > schemaVersion)
        return Result<bool>::failure(
            QStringLiteral("the database has schema version %1, newer than "
                           "this build (%2)")
                .arg(current)
                .arg(schemaVersion));
    for (int version = current + 1; version <= migrations().size(); ++version) {
        db.transaction();
        Result<bool> step = exec(db, migrations().at(version - 1));
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

#include "models/LogSource.h"

#include "store/Attempts.h"
#include "store/Database.h"

#include <QDir>
#include <QFile>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>
#include <sqlite3.h>

namespace ui {

namespace {
std::atomic<int> connectionCounter{0};
// How many SQLite VM steps run between two interrupt checks: about a few microseconds.
constexpr int progressSteps = 2000;
} // namespace

LogSource::LogSource(const QString& dataDir)
    : m_dataDir(dataDir),
      m_connectionName(QStringLiteral("switchboard-logs-%1").arg(connectionCounter.fetch_add(1)))
{}

LogSource::~LogSource()
{
    if (QSqlDatabase::contains(m_connectionName))
        gateway::store::Database::close(m_connectionName);
}

bool LogSource::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) &&
           QSqlDatabase::database(m_connectionName, false).isOpen();
}

gateway::Result<bool> LogSource::open()
{
    if (isOpen())
        return true;
    // Opening read-only cannot create the file; say plainly that there is no log yet.
    if (!QFile::exists(QDir(m_dataDir).filePath(gateway::store::Database::fileName())))
        return gateway::Result<bool>::failure(
            m_error = QStringLiteral("no request log yet in %1").arg(m_dataDir));
    if (QSqlDatabase::contains(m_connectionName))
        gateway::store::Database::close(m_connectionName);
    gateway::Result<QSqlDatabase> db =
        gateway::store::Database::open(m_dataDir, m_connectionName, true);
    if (!db) {
        m_error = db.error();
        gateway::store::Database::close(m_connectionName);
        return gateway::Result<bool>::failure(m_error);
    }
    // The console reads the log read-only, so it cannot migrate it: a log of an older schema
    // (the gateway of a new version has not started yet) lacks columns that the pages read.
    {
        QSqlQuery version(db.value());
        if (version.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) &&
            version.next() && version.value(0).toInt() < gateway::store::Database::schemaVersion) {
            m_error = QStringLiteral("the request log in %1 is from an older version of "
                                     "Switchboard; the gateway upgrades it when it starts")
                          .arg(m_dataDir);
            version.finish();
            gateway::store::Database::close(m_connectionName);
            return gateway::Result<bool>::failure(m_error);
        }
    }
    const QVariant handle = db.value().driver()->handle();
    if (handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0) {
        if (sqlite3* h = *static_cast<sqlite3* const*>(handle.constData()))
            sqlite3_progress_handler(h, progressSteps, &LogSource::progress, this);
    }
    return true;
}

void LogSource::setInterruptCheck(std::function<bool()> check)
{
    m_interrupt = std::move(check);
}

int LogSource::progress(void* self)
{
    const auto* source = static_cast<LogSource*>(self);
    return source->m_interrupt && source->m_interrupt() ? 1 : 0;
}

bool LogSource::prepare(QSqlQuery& q, const SqlQueryText& query)
{
    q.setForwardOnly(true); // rows are not cached in the query: exports stream
    if (!q.prepare(query.sql)) {
        m_error = q.lastError().text();
        return false;
    }
    for (const QVariant& value : query.binds)
        q.addBindValue(value);
    return true;
}

LogSource::Outcome LogSource::finish(const QSqlQuery& q)
{
    const QSqlError error = q.lastError();
    if (!error.isValid())
        return Outcome::Done;
    if (error.nativeErrorCode() == QString::number(SQLITE_INTERRUPT))
        return Outcome::Interrupted;
    m_error = error.text();
    return Outcome::Failed;
}

LogRow LogSource::rowFrom(const QSqlQuery& q)
{
    LogRow r;
    r.id = q.value(0).toLongLong();
    r.timeMs = q.value(1).toLongLong();
    r.traceId = q.value(2).toString();
    r.endpoint = q.value(3).toString();
    r.model = q.value(4).toString();
    r.backend = q.value(5).toString();
    r.upstreamModel = q.value(6).toString();
    r.status = q.value(7).toInt();
    r.errorClass = q.value(8).toString();
    r.latencyMs = q.value(9).toDouble();
    const QVariant ttft = q.value(10);
    r.ttftMs = ttft.isNull() ? -1 : ttft.toDouble();
    r.promptTokens = q.value(11).toLongLong();
    r.completionTokens = q.value(12).toLongLong();
    r.cost = q.value(13).toDouble();
    r.cacheStatus = q.value(14).toString();
    r.stream = q.value(15).toInt() != 0;
    r.prompt = q.value(16).toString().simplified();
    r.attemptCount = q.value(17).toInt();
    r.servedByFallback = q.value(18).toInt() != 0;
    r.source = q.value(19).toString();
    r.cacheReadTokens = q.value(20).toLongLong();
    r.cacheWriteTokens = q.value(21).toLongLong();
    r.reasoningTokens = q.value(22).toLongLong();
    r.usageEstimated = q.value(23).toInt() != 0;
    r.keyName = q.value(24).toString();
    r.tenant = q.value(25).toString();
    return r;
}

LogSource::Outcome LogSource::readRows(const SqlQueryText& query,
                                       const std::function<bool(LogRow&&)>& row)
{
    if (!open())
        return Outcome::Failed;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(q, query))
        return Outcome::Failed;
    if (!q.exec())
        return finish(q);
    while (q.next()) {
        if (!row(rowFrom(q)))
            return Outcome::Done;
    }
    return finish(q);
}

LogSource::Outcome LogSource::readInteger(const SqlQueryText& query, qint64* value)
{
    if (!open())
        return Outcome::Failed;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!prepare(q, query))
        return Outcome::Failed;
    if (q.exec() && q.next()) {
        *value = q.value(0).toLongLong();
        return Outcome::Done;
    }
    const Outcome outcome = finish(q);
    if (outcome == Outcome::Done) // no row at all
        *value = 0;
    return outcome;
}

qint64 LogSource::maxId()
{
    qint64 id = 0;
    readInteger({QStringLiteral("SELECT IFNULL(MAX(id), 0) FROM requests"), {}}, &id);
    return id;
}

std::optional<LogBodies> LogSource::bodies(qint64 id)
{
    if (!open())
        return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.prepare(QStringLiteral("SELECT request_body, response_body, request_headers FROM "
                             "request_bodies WHERE request_id = ?"));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    // Stored as UTF-8 text; QtSql hands it over as a QString.
    LogBodies b;
    b.requestBody = q.value(0).toString().toUtf8();
    b.responseBody = q.value(1).toString().toUtf8();
    b.requestHeaders = q.value(2).toString().toUtf8();
    return b;
}

std::vector<gateway::store::Attempt> LogSource::attempts(qint64 id)
{
    if (!open())
        return {};
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    // Fails (and so reads as none) on a log that predates the column.
    if (!q.prepare(QStringLiteral("SELECT attempts FROM requests WHERE id = ?")))
        return {};
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return {};
    return gateway::store::attemptsFromJson(q.value(0).toString().toUtf8());
}

QStringList LogSource::distinctModels(int max)
{
    return distinctRollupValues(QStringLiteral("model"), max);
}

QList<int> LogSource::distinctStatuses(int max)
{
    QList<int> values;
    if (!open())
        return values;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    // Below 400 (in practice 200) there is no index: the statuses of the newest rows.
    q.setForwardOnly(true);
    if (q.exec(QStringLiteral("SELECT DISTINCT status FROM (SELECT status FROM requests WHERE "
                              "status < 400 ORDER BY id DESC LIMIT 10000) ORDER BY status")))
        while (q.next() && values.size() < max)
            values << q.value(0).toInt();
    // Errors: a skip scan of their partial index, one seek per distinct status.
    q.prepare(QStringLiteral("SELECT status FROM requests INDEXED BY requests_errors_ts"
                             " WHERE status > ? AND status >= 400 ORDER BY status LIMIT 1"));
    int last = 399;
    while (values.size() < max) {
        q.bindValue(0, last);
        if (!q.exec() || !q.next())
            break;
        last = q.value(0).toInt();
        values << last;
    }
    return values;
}

QStringList LogSource::distinctBackends(int max)
{
    return distinctRollupValues(QStringLiteral("backend"), max);
}

QStringList LogSource::distinctRollupValues(const QString& column, int max)
{
    QStringList values;
    if (!open())
        return values;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    // From the per-minute rollups, which are far fewer rows than the log and need no index on
    // requests (schema 5 dropped requests_backend_ts, schema 10 requests_model_ts).
    if (q.exec(QStringLiteral("SELECT DISTINCT %1 FROM usage_rollups WHERE %1 <> '' "
                              "ORDER BY %1 LIMIT %2")
                   .arg(column)
                   .arg(max))) {
        while (q.next())
            values << q.value(0).toString();
    }
    return values;
}

} // namespace ui

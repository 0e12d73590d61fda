#include "models/ReplayStore.h"

#include "store/Attempts.h"
#include "store/Database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace ui {

namespace {

using gateway::Result;
using gateway::store::Database;

// A preview is one line of a combo box; more would only be elided.
constexpr int maxPromptPreview = 160;

// One connection name per query: the pool's thread may change between queries, and a QtSql
// connection belongs to the thread that opened it.
QString connectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("switchboard-replay-%1").arg(counter.fetch_add(1));
}

bool logExists(const QString& dataDir)
{
    return QFile::exists(QDir(dataDir).filePath(Database::fileName()));
}

// Runs f with an open connection and closes it afterwards, whatever f returns.
template <typename T, typename F> Result<T> withDatabase(const QString& dataDir, bool readOnly, F f)
{
    const QString name = connectionName();
    std::optional<Result<T>> result;
    {
        Result<QSqlDatabase> db = Database::open(dataDir, name, readOnly);
        if (!db)
            result = Result<T>::failure(db.error());
        else
            result = f(db.value());
    }
    Database::close(name);
    return std::move(*result);
}

QString textOf(const QJsonValue& content)
{
    if (content.isString())
        return content.toString();
    // Content parts (vision and audio requests): only their text counts here.
    QStringList parts;
    for (const QJsonValue& part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QLatin1String("type")).toString() == QLatin1String("text"))
            parts << p.value(QLatin1String("text")).toString();
    }
    return parts.join(QLatin1Char(' '));
}

Result<SourceRequest> readSource(QSqlDatabase& db, qint64 id)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT r.ts_ms, r.endpoint, r.model, r.status, r.latency_ms, r.ttft_ms,"
        " r.prompt_tokens, r.completion_tokens, b.request_id, b.request_body, b.response_body,"
        " r.attempts"
        " FROM requests r LEFT JOIN request_bodies b ON b.request_id = r.id WHERE r.id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return Result<SourceRequest>::failure(q.lastError().text());
    SourceRequest s;
    s.id = id;
    if (!q.next())
        return s;
    s.found = true;
    s.timeMs = q.value(0).toLongLong();
    s.endpoint = q.value(1).toString();
    s.model = q.value(2).toString();
    s.status = q.value(3).toInt();
    s.latencyMs = q.value(4).toDouble();
    s.ttftMs = q.value(5).isNull() ? -1 : q.value(5).toDouble();
    s.promptTokens = q.value(6).toLongLong();
    s.completionTokens = q.value(7).toLongLong();
    s.requestBody = q.value(9).toByteArray();
    s.responseBody = q.value(10).toByteArray();
    s.captured = !q.value(8).isNull() && !s.requestBody.isEmpty();
    s.attempts = gateway::store::attemptsFromJson(q.value(11).toString().toUtf8());
    return s;
}

} // namespace

ReplayStore::ReplayStore(const QString& dataDir, QObject* parent)
    : QObject(parent), m_dataDir(dataDir)
{
    // One at a time, in order: a save is done before the list that should show it is read.
    m_pool.setMaxThreadCount(1);
}

ReplayStore::~ReplayStore()
{
    // Jobs post their answers to this object; they must be done before it goes. A save that
    // is still queued is written, not dropped.
    m_pool.waitForDone();
}

QString ReplayStore::promptOf(const QJsonObject& requestBody)
{
    const QJsonArray messages = requestBody.value(QLatin1String("messages")).toArray();
    QString text;
    for (qsizetype i = messages.size() - 1; i >= 0 && text.isEmpty(); --i) {
        const QJsonObject m = messages.at(i).toObject();
        if (m.value(QLatin1String("role")).toString() == QLatin1String("user"))
            text = textOf(m.value(QLatin1String("content")));
    }
    if (text.isEmpty() && requestBody.value(QLatin1String("prompt")).isString())
        text = requestBody.value(QLatin1String("prompt")).toString();
    text = text.simplified();
    return text.size() > maxPromptPreview ? text.left(maxPromptPreview - 1) + QChar(0x2026) : text;
}

Result<QList<CapturedRequest>> ReplayStore::recentRequests(const QString& dataDir, int limit)
{
    using R = Result<QList<CapturedRequest>>;
    if (!logExists(dataDir))
        return QList<CapturedRequest>(); // the gateway never ran here: nothing to replay yet
    return withDatabase<QList<CapturedRequest>>(dataDir, true, [limit](QSqlDatabase& db) -> R {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // Newest first by request_bodies' primary key, each row joined by the requests' one:
        // the rows without bodies are never visited.
        q.prepare(
            QStringLiteral("SELECT r.id, r.ts_ms, r.model, r.status, b.request_body"
                           " FROM request_bodies b JOIN requests r ON r.id = b.request_id"
                           " WHERE r.endpoint = 'chat.completions' AND length(b.request_body) > 0"
                           "  AND r.source = 'api'"
                           " ORDER BY b.request_id DESC LIMIT ?"));
        q.addBindValue(limit);
        if (!q.exec())
            return R::failure(q.lastError().text());
        QList<CapturedRequest> rows;
        while (q.next()) {
            CapturedRequest c;
            c.id = q.value(0).toLongLong();
            c.timeMs = q.value(1).toLongLong();
            c.model = q.value(2).toString();
            c.status = q.value(3).toInt();
            const QJsonObject body = QJsonDocument::fromJson(q.value(4).toByteArray()).object();
            // What the page would refuse (a body cut short, no messages) is not offered.
            if (!isReplayable(body))
                continue;
            c.prompt = promptOf(body);
            rows << c;
        }
        return rows;
    });
}

Result<ReplayStore::AttemptsByTrace> ReplayStore::attempts(const QString& dataDir, qint64 sinceMs,
                                                           const QStringList& traceIds)
{
    using R = Result<AttemptsByTrace>;
    if (!logExists(dataDir) || traceIds.isEmpty())
        return AttemptsByTrace();
    return withDatabase<AttemptsByTrace>(dataDir, true, [&](QSqlDatabase& db) -> R {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(
            QStringLiteral("SELECT trace_id, attempts FROM requests INDEXED BY requests_ts"
                           " WHERE ts_ms >= ? AND trace_id IN (%1)")
                .arg(QStringList(traceIds.size(), QStringLiteral("?")).join(QLatin1Char(','))));
        q.addBindValue(sinceMs);
        for (const QString& id : traceIds)
            q.addBindValue(id);
        if (!q.exec())
            return R::failure(q.lastError().text());
        AttemptsByTrace found;
        while (q.next())
            found.insert(q.value(0).toString(),
                         gateway::store::attemptsFromJson(q.value(1).toString().toUtf8()));
        return found;
    });
}

bool ReplayStore::isReplayable(const QJsonObject& body)
{
    return !body.value(QLatin1String("messages")).toArray().isEmpty();
}

Result<SourceRequest> ReplayStore::sourceRequest(const QString& dataDir, qint64 id)
{
    if (!logExists(dataDir)) {
        SourceRequest none;
        none.id = id;
        return none;
    }
    return withDatabase<SourceRequest>(dataDir, true,
                                       [id](QSqlDatabase& db) { return readSource(db, id); });
}

Result<qint64> ReplayStore::insertReplay(const QString& dataDir, const SavedReplay& replay)
{
    QJsonArray results;
    for (const ReplayResult& r : replay.results)
        results.append(r.toJson());
    return withDatabase<qint64>(dataDir, false, [&](QSqlDatabase& db) -> Result<qint64> {
        QSqlQuery q(db);
        q.prepare(
            QStringLiteral("INSERT INTO replays (created_ms, source_request_id, title, request,"
                           " results) VALUES (?, ?, ?, ?, ?)"));
        q.addBindValue(replay.createdMs > 0 ? replay.createdMs
                                            : QDateTime::currentMSecsSinceEpoch());
        q.addBindValue(replay.sourceRequestId ? QVariant(*replay.sourceRequestId)
                                              : QVariant(QMetaType::fromType<qint64>()));
        q.addBindValue(replay.title);
        q.addBindValue(
            QString::fromUtf8(QJsonDocument(replay.request).toJson(QJsonDocument::Compact)));
        q.addBindValue(QString::fromUtf8(QJsonDocument(results).toJson(QJsonDocument::Compact)));
        if (!q.exec())
            return Result<qint64>::failure(q.lastError().text());
        return q.lastInsertId().toLongLong();
    });
}

Result<QList<SavedReplay>> ReplayStore::replays(const QString& dataDir, int limit)
{
    using R = Result<QList<SavedReplay>>;
    if (!logExists(dataDir))
        return QList<SavedReplay>();
    return withDatabase<QList<SavedReplay>>(dataDir, true, [limit](QSqlDatabase& db) -> R {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT id, created_ms, source_request_id, title FROM replays"
                                 " ORDER BY id DESC LIMIT ?"));
        q.addBindValue(limit);
        if (!q.exec())
            return R::failure(q.lastError().text());
        QList<SavedReplay> list;
        while (q.next()) {
            SavedReplay r;
            r.id = q.value(0).toLongLong();
            r.createdMs = q.value(1).toLongLong();
            if (!q.value(2).isNull())
                r.sourceRequestId = q.value(2).toLongLong();
            r.title = q.value(3).toString();
            list << r;
        }
        return list;
    });
}

Result<SavedReplay> ReplayStore::replay(const QString& dataDir, qint64 id)
{
    using R = Result<SavedReplay>;
    if (!logExists(dataDir))
        return R::failure(tr("There is no request log in %1.").arg(dataDir));
    return withDatabase<SavedReplay>(dataDir, true, [id](QSqlDatabase& db) -> R {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT created_ms, source_request_id, title, request, results"
                                 " FROM replays WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec())
            return R::failure(q.lastError().text());
        if (!q.next())
            return R::failure(tr("Replay %1 is not in the log.").arg(id));
        SavedReplay r;
        r.id = id;
        r.createdMs = q.value(0).toLongLong();
        if (!q.value(1).isNull())
            r.sourceRequestId = q.value(1).toLongLong();
        r.title = q.value(2).toString();
        r.request = QJsonDocument::fromJson(q.value(3).toByteArray()).object();
        for (const QJsonValue& v : QJsonDocument::fromJson(q.value(4).toByteArray()).array())
            r.results << ReplayResult::fromJson(v.toObject());
        q.finish();
        if (r.sourceRequestId) {
            // The original answer is the log's, not the replay's: retention may have deleted it.
            Result<SourceRequest> source = readSource(db, *r.sourceRequestId);
            if (source && source->found)
                r.source = source.value();
        }
        return r;
    });
}

template <typename Job, typename Deliver> void ReplayStore::run(Job job, Deliver deliver)
{
    m_pool.start([this, job = std::move(job), deliver = std::move(deliver)]() mutable {
        auto result = job();
        // Back to this object's thread. The destructor waits for the pool, so `this` is alive
        // here; a posted call is dropped if the object goes before it is delivered.
        QMetaObject::invokeMethod(
            this,
            [deliver = std::move(deliver), result = std::move(result)]() mutable {
                deliver(result);
            },
            Qt::QueuedConnection);
    });
}

void ReplayStore::loadRecentRequests(int limit)
{
    run([dataDir = m_dataDir, limit] { return recentRequests(dataDir, limit); },
        [this](const Result<QList<CapturedRequest>>& r) {
            emit recentRequestsLoaded(r ? r.value() : QList<CapturedRequest>(),
                                      r ? QString() : r.error());
        });
}

void ReplayStore::loadSourceRequest(qint64 id)
{
    run([dataDir = m_dataDir, id] { return sourceRequest(dataDir, id); },
        [this, id](const Result<SourceRequest>& r) {
            SourceRequest none;
            none.id = id;
            emit sourceRequestLoaded(id, r ? r.value() : none, r ? QString() : r.error());
        });
}

void ReplayStore::save(const SavedReplay& replay)
{
    run([dataDir = m_dataDir, replay] { return insertReplay(dataDir, replay); },
        [this](const Result<qint64>& r) {
            emit saved(r ? r.value() : 0, r ? QString() : r.error());
        });
}

void ReplayStore::loadReplays(int limit)
{
    run([dataDir = m_dataDir, limit] { return replays(dataDir, limit); },
        [this](const Result<QList<SavedReplay>>& r) {
            emit replaysLoaded(r ? r.value() : QList<SavedReplay>(), r ? QString() : r.error());
        });
}

void ReplayStore::loadAttempts(qint64 sinceMs, const QStringList& traceIds)
{
    run([dataDir = m_dataDir, sinceMs, traceIds] { return attempts(dataDir, sinceMs, traceIds); },
        [this](const Result<AttemptsByTrace>& r) {
            emit attemptsLoaded(r ? r.value() : AttemptsByTrace(), r ? QString() : r.error());
        });
}

void ReplayStore::loadReplay(qint64 id)
{
    run([dataDir = m_dataDir, id] { return replay(dataDir, id); },
        [this, id](const Result<SavedReplay>& r) {
            emit replayLoaded(id, r ? r.value() : SavedReplay(), r ? QString() : r.error());
        });
}

} // namespace ui

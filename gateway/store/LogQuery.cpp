#include "store/LogQuery.h"

#include "store/Attempts.h"
#include "store/Database.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QThread>

namespace gateway::store {

bool LogQuery::parseSince(const QString& text, qint64 nowMs, qint64* sinceMs)
{
    static const struct
    {
        QChar unit;
        qint64 ms;
    } units[] = {{QLatin1Char('s'), 1000},
                 {QLatin1Char('m'), 60'000},
                 {QLatin1Char('h'), 3'600'000},
                 {QLatin1Char('d'), 86'400'000}};
    if (text.size() >= 2) {
        for (const auto& u : units) {
            if (text.endsWith(u.unit)) {
                bool ok = false;
                const qint64 n = text.left(text.size() - 1).toLongLong(&ok);
                if (ok && n >= 0) {
                    *sinceMs = nowMs - n * u.ms;
                    return true;
                }
            }
        }
    }
    const QDateTime t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return false;
    *sinceMs = t.toMSecsSinceEpoch();
    return true;
}

QVariantList LogQuery::attemptsToVariant(const std::vector<Attempt>& attempts)
{
    QVariantList list;
    list.reserve(qsizetype(attempts.size()));
    for (const Attempt& a : attempts)
        list.append(QVariantMap{{QStringLiteral("backend"), a.backend},
                                {QStringLiteral("model"), a.model},
                                {QStringLiteral("status"), a.status},
                                {QStringLiteral("errorClass"), a.errorClass},
                                {QStringLiteral("durationMs"), a.durationMs}});
    return list;
}

Result<QList<QVariantMap>> LogQuery::run(const QString& dataDir, const LogFilter& filter)
{
    using R = Result<QList<QVariantMap>>;
    if (!QFile::exists(QDir(dataDir).filePath(Database::fileName())))
        return R::failure(
            QStringLiteral("no request log in %1 (has the gateway run with this data dir?)")
                .arg(dataDir));
    const QString name =
        QStringLiteral("switchboard-query-%1").arg(quintptr(QThread::currentThreadId()));
    QList<QVariantMap> rows;
    QString error;
    {
        Result<QSqlDatabase> db = Database::open(dataDir, name, true);
        if (!db)
            return R::failure(db.error());
        // A log that only a read-only reader has opened since an upgrade may lack the newer
        // columns (read-only connections do not migrate).
        const auto hasColumn = [&db](const char* name) {
            QSqlQuery q(db.value());
            q.prepare(QStringLiteral("SELECT 1 FROM pragma_table_info('requests') WHERE name = ?"));
            q.addBindValue(QLatin1String(name));
            return q.exec() && q.next();
        };
        QStringList where;
        QVariantList binds;
        if (filter.sinceMs > 0) {
            where << QStringLiteral("ts_ms >= ?");
            binds << filter.sinceMs;
        }
        if (filter.afterId > 0) {
            where << QStringLiteral("id > ?");
            binds << filter.afterId;
        }
        if (!filter.model.isEmpty()) {
            where << QStringLiteral("model = ?");
            binds << filter.model;
        }
        if (!filter.tenant.isEmpty()) {
            where << QStringLiteral("tenant = ?");
            binds << filter.tenant;
        }
        if (!filter.keyName.isEmpty()) {
            // A log from before schema 9 has no key names: no row matches.
            where << (hasColumn("key_name") ? QStringLiteral("key_name = ?")
                                            : QStringLiteral("NULL = ?"));
            binds << filter.keyName;
        }
        if (filter.status > 0) {
            where << QStringLiteral("status = ?");
            binds << filter.status;
        } else if (filter.statusClass > 0) {
            where << QStringLiteral("status >= ? AND status < ?");
            binds << filter.statusClass * 100 << filter.statusClass * 100 + 100;
        }
        // Literal, so that SQLite may use the partial index of errors (requests_errors_ts).
        if (filter.status >= 400 || (filter.status == 0 && filter.statusClass >= 4))
            where << QStringLiteral("status >= 400");
        const QString columns =
            QStringLiteral(
                "id, ts_ms, trace_id, key_id, tenant, route, endpoint, model, backend, "
                "upstream_model,"
                " status, error_class, latency_ms, ttft_ms, prompt_tokens, completion_tokens, cost,"
                " cache_status, stream, ") +
            (hasColumn("attempts") ? QStringLiteral("attempts")
                                   : QStringLiteral("NULL AS attempts")) +
            (hasColumn("source") ? QStringLiteral(", source")
                                 : QStringLiteral(", 'api' AS source")) +
            (hasColumn("usage_estimated")
                 ? QStringLiteral(", cache_read_tokens, cache_write_tokens, reasoning_tokens,"
                                  " usage_estimated, provider_detail")
                 : QStringLiteral(", 0 AS cache_read_tokens, 0 AS cache_write_tokens,"
                                  " 0 AS reasoning_tokens, 0 AS usage_estimated,"
                                  " NULL AS provider_detail")) +
            (hasColumn("key_name") ? QStringLiteral(", key_name")
                                   : QStringLiteral(", NULL AS key_name")) +
            (filter.withBodies ? QStringLiteral(", request_body, response_body") : QString());
        QString sql = QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM requests");
        if (filter.withBodies)
            sql += QStringLiteral(
                " LEFT JOIN request_bodies ON request_bodies.request_id = requests.id");
        if (!where.isEmpty())
            sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
        sql += filter.newestFirst ? QStringLiteral(" ORDER BY id DESC")
                                  : QStringLiteral(" ORDER BY id ASC");
        sql += QStringLiteral(" LIMIT %1").arg(qMax(1, filter.limit));
        QSqlQuery q(db.value());
        q.prepare(sql);
        for (const QVariant& b : binds)
            q.addBindValue(b);
        if (!q.exec()) {
            error = q.lastError().text();
        } else {
            while (q.next()) {
                QVariantMap row;
                const QSqlRecord rec = q.record();
                for (int i = 0; i < rec.count(); ++i) {
                    const QVariant v = q.value(i);
                    if (rec.fieldName(i) == QLatin1String("attempts")) {
                        row.insert(rec.fieldName(i),
                                   attemptsToVariant(attemptsFromJson(v.toString().toUtf8())));
                        continue;
                    }
                    // Bodies are stored as UTF-8 bytes.
                    row.insert(rec.fieldName(i), v.typeId() == QMetaType::QByteArray
                                                     ? QVariant(QString::fromUtf8(v.toByteArray()))
                                                     : v);
                }
                rows.append(row);
            }
        }
    }
    Database::close(name);
    if (!error.isEmpty())
        return R::failure(error);
    return rows;
}

} // namespace gateway::store

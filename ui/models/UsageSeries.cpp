#include "models/UsageSeries.h"

#include "models/RollupSeries.h"
#include "store/Database.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <atomic>

namespace ui {

namespace {

// Names looked up per query at most: the log has no index on key_id, so each lookup walks the
// newest rows back until the key's; a chart shows a handful of keys anyway.
constexpr int maxKeyNameLookups = 64;

// One connection name per query: QtSql connections belong to the thread that opened them, and
// the pool's thread may change between queries.
QString connectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("switchboard-usage-%1").arg(counter.fetch_add(1));
}

QString groupColumn(UsageSeries::GroupBy groupBy)
{
    switch (groupBy) {
    case UsageSeries::GroupBy::Tenant: return QStringLiteral("tenant");
    case UsageSeries::GroupBy::Key: return QStringLiteral("key_id");
    case UsageSeries::GroupBy::Model: return QStringLiteral("model");
    }
    return QStringLiteral("model");
}

} // namespace

double UsageSeries::Result::totalCostUsd() const
{
    double sum = 0;
    for (const Group& g : groups)
        sum += g.totalCostUsd;
    return sum;
}

quint64 UsageSeries::Result::totalTokens() const
{
    quint64 sum = 0;
    for (const Group& g : groups)
        sum += g.totalTokens();
    return sum;
}

quint64 UsageSeries::Result::totalRequests() const
{
    quint64 sum = 0;
    for (const Group& g : groups)
        sum += g.requests;
    return sum;
}

UsageSeries::UsageSeries(QObject* parent)
    : QObject(parent),
      m_loader(
          this,
          [](const Request& r) {
              return query(r.dataDir, r.toMs, r.rangeMs, r.groupBy, r.knownKeyNames);
          },
          [this](const Result& result) { emit loaded(result); })
{}

UsageSeries::~UsageSeries() = default;

UsageSeries::Result UsageSeries::query(const QString& dataDir, qint64 toMs, qint64 rangeMs,
                                       GroupBy groupBy,
                                       const QHash<QString, QString>& knownKeyNames, int maxPoints,
                                       std::optional<int> utcOffsetSecs)
{
    Result result;
    result.groupBy = groupBy;
    result.toMs = toMs;
    result.rangeMs = rangeMs;
    const RollupSeries::Buckets buckets =
        RollupSeries::bucketsFor(toMs, rangeMs, maxPoints, utcOffsetSecs);
    result.fromMs = buckets.fromMs;
    result.bucketMs = buckets.bucketMs;
    result.timesMs = buckets.endsMs;

    using gateway::store::Database;
    if (!QFile::exists(QDir(dataDir).filePath(Database::fileName())))
        return result; // the gateway never ran with this data dir: no requests, not an error
    QHash<QString, qsizetype> indexOf; // group id -> index in result.groups
    const QString name = connectionName();
    {
        gateway::Result<QSqlDatabase> db = Database::open(dataDir, name, true);
        if (!db) {
            result.error = db.error();
        } else {
            QSqlQuery q(db.value());
            q.setForwardOnly(true);
            // The primary key starts with minute_ms, so this is a range scan of the index.
            q.prepare(QStringLiteral("SELECT (minute_ms - :from) / :bucket, %1, SUM(requests),"
                                     " SUM(prompt_tokens), SUM(completion_tokens), SUM(cost)"
                                     " FROM usage_rollups WHERE minute_ms >= :from2"
                                     " AND minute_ms <= :to GROUP BY 1, 2")
                          .arg(groupColumn(groupBy)));
            q.bindValue(QStringLiteral(":from"), result.fromMs);
            q.bindValue(QStringLiteral(":bucket"), result.bucketMs);
            q.bindValue(QStringLiteral(":from2"), result.fromMs);
            q.bindValue(QStringLiteral(":to"), toMs);
            if (!q.exec()) {
                result.error = q.lastError().text();
            } else {
                const qsizetype bucketCount = result.timesMs.size();
                while (q.next()) {
                    const qint64 index = q.value(0).toLongLong();
                    if (index < 0 || index >= bucketCount)
                        continue;
                    const QString id = q.value(1).toString();
                    qsizetype& at = indexOf[id];
                    if (at == 0) { // new: indices are stored plus one, so 0 means "none yet"
                        Group group;
                        group.id = id;
                        group.costUsd.resize(bucketCount);
                        group.tokens.resize(bucketCount);
                        result.groups.append(group);
                        at = result.groups.size();
                    }
                    Group& g = result.groups[at - 1];
                    const quint64 prompt = q.value(3).toULongLong();
                    const quint64 completion = q.value(4).toULongLong();
                    const double cost = q.value(5).toDouble();
                    g.costUsd[index] += cost;
                    g.tokens[index] += prompt + completion;
                    g.totalCostUsd += cost;
                    g.requests += q.value(2).toULongLong();
                    g.promptTokens += prompt;
                    g.completionTokens += completion;
                }
            }
            if (result.error.isEmpty() && groupBy == GroupBy::Key) {
                // The rollups count by the key's id (it survives a rename); people know keys by
                // name, which the newest log row of the key holds.
                QSqlQuery nameQuery(db.value());
                nameQuery.setForwardOnly(true);
                nameQuery.prepare(QStringLiteral(
                    "SELECT key_name FROM requests WHERE key_id = ? AND key_name IS NOT NULL"
                    " AND key_name <> '' ORDER BY id DESC LIMIT 1"));
                int lookups = 0;
                for (const Group& g : std::as_const(result.groups)) {
                    if (g.id.isEmpty())
                        continue;
                    if (const auto known = knownKeyNames.constFind(g.id);
                        known != knownKeyNames.cend()) {
                        result.keyNames.insert(g.id, known.value());
                        continue;
                    }
                    if (++lookups > maxKeyNameLookups)
                        break;
                    nameQuery.addBindValue(g.id);
                    if (nameQuery.exec() && nameQuery.next())
                        result.keyNames.insert(g.id, nameQuery.value(0).toString());
                    nameQuery.finish();
                }
            }
        }
    }
    Database::close(name);
    std::sort(result.groups.begin(), result.groups.end(), [](const Group& a, const Group& b) {
        if (a.totalCostUsd != b.totalCostUsd)
            return a.totalCostUsd > b.totalCostUsd;
        if (a.totalTokens() != b.totalTokens())
            return a.totalTokens() > b.totalTokens();
        return a.id < b.id;
    });
    return result;
}

void UsageSeries::load(const QString& dataDir, qint64 toMs, qint64 rangeMs, GroupBy groupBy,
                       const QHash<QString, QString>& knownKeyNames)
{
    const Request request{dataDir, toMs, rangeMs, groupBy, knownKeyNames};
    m_loader.load(request);
}

} // namespace ui

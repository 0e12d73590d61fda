#include "models/RollupSeries.h"

#include "store/Database.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QThread>

#include <atomic>

namespace ui {

namespace {

constexpr qint64 minuteMs = 60'000;
constexpr size_t bucketCount = gateway::metrics::latencyBuckets.size() + 1;

// One connection name per query: QtSql connections belong to the thread that opened them, and
// the pool's thread may change between queries.
QString connectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("switchboard-rollups-%1").arg(counter.fetch_add(1));
}

QString selectSql(bool includeReplay)
{
    QStringList columns = {QStringLiteral("(minute_ms - :from) / :bucket"),
                           QStringLiteral("model"),
                           QStringLiteral("status_class"),
                           QStringLiteral("SUM(requests)"),
                           QStringLiteral("SUM(prompt_tokens + completion_tokens)"),
                           QStringLiteral("SUM(latency_ms_sum)"),
                           QStringLiteral("SUM(ttft_ms_sum)")};
    using gateway::store::Database;
    for (const QString& c : Database::histogramColumns('l') + Database::histogramColumns('t'))
        columns << QStringLiteral("SUM(%1)").arg(c);
    columns << QStringLiteral("SUM(upstream_errors)") << QStringLiteral("SUM(fallbacks)");
    // The primary key starts with minute_ms, so this is a range scan of the index.
    return QStringLiteral("SELECT ") + columns.join(QStringLiteral(", ")) +
           QStringLiteral(" FROM usage_rollups WHERE minute_ms >= :from2 AND minute_ms <= :to") +
           (includeReplay ? QString() : QStringLiteral(" AND source <> 'replay'")) +
           QStringLiteral(" GROUP BY 1, 2, 3");
}

} // namespace

RollupSeries::RollupSeries(QObject* parent)
    : QObject(parent),
      m_loader(
          this,
          [](const Request& r) {
              return query(r.dataDir, r.toMs, r.rangeMs, 300, std::nullopt, r.includeReplay);
          },
          [this](const Points& result) { emit loaded(result); })
{}

RollupSeries::~RollupSeries() = default;

qint64 RollupSeries::bucketMsFor(qint64 rangeMs, int maxPoints)
{
    static const int minutes[] = {1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440};
    for (int m : minutes) {
        const qint64 bucket = m * minuteMs;
        // +1: the first bucket starts before the range (buckets are aligned to their width).
        if ((rangeMs + bucket - 1) / bucket + 1 <= maxPoints)
            return bucket;
    }
    const qint64 days = (rangeMs / qMax(1, maxPoints - 1) + 86'400'000 - 1) / 86'400'000;
    return days * 86'400'000;
}

RollupSeries::Buckets RollupSeries::bucketsFor(qint64 toMs, qint64 rangeMs, int maxPoints,
                                               std::optional<int> utcOffsetSecs)
{
    Buckets result;
    result.bucketMs = bucketMsFor(rangeMs, maxPoints);
    // Buckets are aligned to multiples of their width on the local clock, so a refresh ten
    // seconds later sums the same minutes into the same points and the chart does not shimmer,
    // and the axis labels fall on whole local hours. (Every zone's offset is whole minutes,
    // the rollups' grain.)
    const qint64 bucket = result.bucketMs;
    const qint64 offsetMs =
        qint64(utcOffsetSecs.value_or(QDateTime::fromMSecsSinceEpoch(toMs).offsetFromUtc())) * 1000;
    const qint64 start = toMs - rangeMs;
    result.fromMs = start - (((start + offsetMs) % bucket) + bucket) % bucket;
    int count = int((toMs - result.fromMs) / bucket) + 1;
    // The range ends inside the last bucket unless it ends exactly on a boundary; then that
    // bucket would be empty and of zero length.
    if (count > 1 && result.fromMs + (count - 1) * bucket >= toMs)
        --count;
    for (int i = 0; i < count; ++i) {
        const qint64 begin = result.fromMs + i * bucket;
        const qint64 end = qMin(begin + bucket, toMs);
        result.endsMs << end;
        // The newest bucket is still filling: its rates are over the time that has passed.
        result.seconds << qMax<double>(1.0, double(end - begin) / 1000.0);
    }
    return result;
}

RollupSeries::Points RollupSeries::query(const QString& dataDir, qint64 toMs, qint64 rangeMs,
                                         int maxPoints, std::optional<int> utcOffsetSecs,
                                         bool includeReplay)
{
    Points result;
    result.rangeMs = rangeMs;
    result.toMs = toMs;
    const Buckets buckets = bucketsFor(toMs, rangeMs, maxPoints, utcOffsetSecs);
    result.bucketMs = buckets.bucketMs;
    result.fromMs = buckets.fromMs;
    const qint64 bucket = result.bucketMs;
    result.points.resize(buckets.endsMs.size());
    for (qsizetype i = 0; i < buckets.endsMs.size(); ++i) {
        result.points[i].timeMs = buckets.endsMs.at(i);
        result.points[i].seconds = buckets.seconds.at(i);
    }

    using gateway::store::Database;
    if (!QFile::exists(QDir(dataDir).filePath(Database::fileName())))
        return result; // the gateway never ran with this data dir: no requests, not an error
    const QString name = connectionName();
    {
        gateway::Result<QSqlDatabase> db = Database::open(dataDir, name, true);
        if (!db) {
            result.error = db.error();
        } else {
            QSqlQuery q(db.value());
            q.setForwardOnly(true);
            q.prepare(selectSql(includeReplay));
            q.bindValue(QStringLiteral(":from"), result.fromMs);
            q.bindValue(QStringLiteral(":bucket"), bucket);
            q.bindValue(QStringLiteral(":from2"), result.fromMs);
            q.bindValue(QStringLiteral(":to"), toMs);
            if (!q.exec()) {
                result.error = q.lastError().text();
            } else {
                while (q.next()) {
                    const qint64 index = q.value(0).toLongLong();
                    if (index < 0 || index >= result.points.size())
                        continue;
                    MetricsPoint& p = result.points[index];
                    const QString model = q.value(1).toString();
                    const int statusClass = q.value(2).toInt();
                    const quint64 requests = q.value(3).toULongLong();
                    const quint64 tokens = q.value(4).toULongLong();
                    p.byStatusClass[statusClass >= 1 && statusClass <= 5 ? size_t(statusClass)
                                                                         : 0] += requests;
                    p.requests += requests;
                    if (statusClass >= 4)
                        p.errors += requests;
                    if (tokens > 0)
                        p.tokensByModel[model] += tokens;
                    gateway::metrics::Histogram latency, ttft;
                    for (size_t b = 0; b < bucketCount; ++b) {
                        latency.buckets[b] = q.value(7 + int(b)).toULongLong();
                        ttft.buckets[b] = q.value(7 + int(bucketCount + b)).toULongLong();
                        latency.count += latency.buckets[b];
                        ttft.count += ttft.buckets[b];
                    }
                    latency.sum = q.value(5).toDouble() / 1000.0;
                    ttft.sum = q.value(6).toDouble() / 1000.0;
                    p.latency.merge(latency);
                    p.ttft.merge(ttft);
                    const int failover = 7 + int(2 * bucketCount);
                    p.upstreamErrors += q.value(failover).toULongLong();
                    p.fallbacks += q.value(failover + 1).toULongLong();
                }
            }
        }
    }
    Database::close(name);
    return result;
}

void RollupSeries::load(const QString& dataDir, qint64 toMs, qint64 rangeMs, bool includeReplay)
{
    const Request request{dataDir, toMs, rangeMs, includeReplay};
    m_loader.load(request);
}

} // namespace ui

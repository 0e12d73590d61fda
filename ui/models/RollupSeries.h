#pragma once

#include "models/LatestQuery.h"

#include "models/MetricsPoint.h"

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace ui {

// Chart points for long time ranges, from the per-minute rollups of the request log
// (usage_rollups, written by store::LogWriter). query() sums the rows into at most maxPoints
// buckets in SQL, so that a week is a few hundred points however busy the gateway was; load()
// runs it off the GUI thread.
class RollupSeries : public QObject
{
    Q_OBJECT
public:
    struct Points
    {
        QList<MetricsPoint> points; // one per bucket, oldest first, empty buckets included
        qint64 fromMs = 0;          // start of the first bucket
        qint64 toMs = 0;            // end of the range ("now" of the query)
        qint64 rangeMs = 0;         // the range asked for
        qint64 bucketMs = 0;
        QString error; // empty on success; no request log yet is not an error
    };

    explicit RollupSeries(QObject* parent = nullptr);
    ~RollupSeries() override;

    // The bucket width for a range: whole minutes (the rollups' grain), of a "round" length
    // (1, 2, 5, 10, 15, 30, 60 … minutes) so that ticks and buckets line up, and wide enough
    // that the range fits in maxPoints buckets.
    static qint64 bucketMsFor(qint64 rangeMs, int maxPoints = 300);

    // The buckets that (toMs - rangeMs, toMs] is charted in: bucketMsFor(rangeMs) wide, starting
    // on local clock boundaries (an hour's bucket at 10:00 local time, also in +05:30 zones;
    // utcOffsetSecs, by default the local zone's offset at toMs), the last one cut at toMs.
    struct Buckets
    {
        qint64 fromMs = 0;     // start of the first bucket
        qint64 bucketMs = 0;   // width
        QList<qint64> endsMs;  // end of each bucket, oldest first (the last one: toMs)
        QList<double> seconds; // length of each (the newest may still be filling), at least 1
    };
    static Buckets bucketsFor(qint64 toMs, qint64 rangeMs, int maxPoints = 300,
                              std::optional<int> utcOffsetSecs = std::nullopt);

    // Reads the rollups of (toMs - rangeMs, toMs] from dataDir's request log on a read-only
    // connection of the calling thread. Blocking: call it off the GUI thread (load() does).
    // Buckets start on local clock boundaries (an hour's bucket at 10:00 local time, also in
    // +05:30 zones): utcOffsetSecs, by default the local zone's offset at toMs.
    // includeReplay false leaves the console's replay traffic out (the rollups' source).
    static Points query(const QString& dataDir, qint64 toMs, qint64 rangeMs, int maxPoints = 300,
                        std::optional<int> utcOffsetSecs = std::nullopt, bool includeReplay = true);

    // Runs query() on a worker thread; loaded() is emitted on this object's thread. While a
    // query runs, a new request replaces any request already waiting and the running query's
    // result is dropped, so slow disks never queue refreshes up or deliver a stale range.
    void load(const QString& dataDir, qint64 toMs, qint64 rangeMs, bool includeReplay = true);
    bool isLoading() const { return m_loader.isLoading(); }

signals:
    void loaded(const ui::RollupSeries::Points& result);

private:
    struct Request
    {
        QString dataDir;
        qint64 toMs = 0;
        qint64 rangeMs = 0;
        bool includeReplay = true;
    };
    LatestQuery<Request, Points> m_loader;
};

} // namespace ui

#pragma once

#include "models/LatestQuery.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace ui {

// Spend and tokens over time, by tenant, key or model, from the request log's per-minute
// rollups (usage_rollups: one row per minute, key, tenant, model ... with its cost in US
// dollars). query() sums the rows into at most maxPoints buckets in SQL (RollupSeries'
// buckets, so that its charts line up with the dashboard's); load() runs it off the GUI thread
// on a read-only connection of its own.
//
// Replays from the console count: they were real calls to an upstream, and cost what they cost.
class UsageSeries : public QObject
{
    Q_OBJECT
public:
    enum class GroupBy { Tenant, Key, Model };
    Q_ENUM(GroupBy)

    // One tenant's, key's or model's use: per bucket and for the whole range.
    struct Group
    {
        QString id; // the tenant, the key's id, the alias; empty: none (requests without a key)
        QList<double> costUsd; // per bucket
        QList<quint64> tokens; // per bucket: prompt + completion
        double totalCostUsd = 0;
        quint64 requests = 0;
        quint64 promptTokens = 0;
        quint64 completionTokens = 0;
        quint64 totalTokens() const { return promptTokens + completionTokens; }
    };

    struct Result
    {
        GroupBy groupBy = GroupBy::Model;
        qint64 fromMs = 0;  // start of the first bucket
        qint64 toMs = 0;    // end of the range ("now" of the query)
        qint64 rangeMs = 0; // the range asked for
        qint64 bucketMs = 0;
        QList<qint64> timesMs; // end of each bucket, oldest first
        // Every group with use in the range, the largest spend first (then the most tokens,
        // then by id), so that a chart that shows only some of them shows the ones that matter.
        QList<Group> groups;
        // By key: the names of the keys' ids, as the newest log row of each names it.
        QHash<QString, QString> keyNames;
        QString error; // empty on success; no request log yet is not an error

        double totalCostUsd() const;
        quint64 totalTokens() const;
        quint64 totalRequests() const;
    };

    explicit UsageSeries(QObject* parent = nullptr);
    ~UsageSeries() override;

    // Reads the rollups of (toMs - rangeMs, toMs] from dataDir's request log, grouped. By key,
    // it also looks up the name of each key id that knownKeyNames does not hold. Blocking:
    // call it off the GUI thread (load() does).
    static Result query(const QString& dataDir, qint64 toMs, qint64 rangeMs, GroupBy groupBy,
                        const QHash<QString, QString>& knownKeyNames = {}, int maxPoints = 300,
                        std::optional<int> utcOffsetSecs = std::nullopt);

    // Runs query() on a worker thread; loaded() is emitted on this object's thread. While a
    // query runs, a new request replaces any request already waiting, so that slow disks never
    // queue refreshes up.
    void load(const QString& dataDir, qint64 toMs, qint64 rangeMs, GroupBy groupBy,
              const QHash<QString, QString>& knownKeyNames = {});
    bool isLoading() const { return m_loader.isLoading(); }

signals:
    void loaded(const ui::UsageSeries::Result& result);

private:
    struct Request
    {
        QString dataDir;
        qint64 toMs = 0;
        qint64 rangeMs = 0;
        GroupBy groupBy = GroupBy::Model;
        QHash<QString, QString> knownKeyNames;
    };
    LatestQuery<Request, Result> m_loader;
};

} // namespace ui

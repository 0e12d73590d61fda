#pragma once

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace gateway::metrics {

// Latency histogram buckets, in seconds (LLM calls run from milliseconds to minutes).
inline constexpr std::array<double, 14> latencyBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                          1,     2.5,  5,     10,   30,  60,   120};

// A fixed-bucket histogram of seconds (latencyBuckets; the last slot counts what is above).
struct Histogram
{
    std::array<quint64, latencyBuckets.size() + 1> buckets{};
    quint64 count = 0;
    double sum = 0;

    void add(double seconds);
    void merge(const Histogram& other);
    // What was added since `earlier` (a previous copy of this histogram).
    Histogram since(const Histogram& earlier) const;
    // The q-quantile (0..1) in seconds, interpolated within its bucket; 0 when empty.
    double quantile(double q) const;
};

// A copy of all counters at one moment, for charts: the console samples it once a second and
// charts the differences between samples.
struct Snapshot
{
    struct ModelStats
    {
        Histogram latency;
        Histogram ttft; // streams only
        quint64 requests = 0;
        quint64 errors = 0; // status >= 400
        quint64 promptTokens = 0;
        quint64 completionTokens = 0;
    };
    QMap<QString, ModelStats> models;       // by model alias
    std::array<quint64, 6> byStatusClass{}; // index 1..5 = 1xx..5xx; 0 = other
    int inFlight = 0;
    quint64 upstreamErrors = 0; // failed upstream calls (switchboard_upstream_errors_total)
    quint64 fallbacks = 0;      // requests a fallback target served after a failed attempt
    // The part of the figures above that the console's Replay page sent (log source "replay"),
    // so that the console can leave it out of its charts; null while there was none.
    std::shared_ptr<const Snapshot> replay;

    // These figures without `part`'s, which are counted in them (replay).
    Snapshot without(const Snapshot& part) const;
    // Adds another snapshot's figures (shards summed; not its replay slice).
    void add(const Snapshot& other);
};

// The metrics of one worker thread. Only that thread writes; a scrape reads under the same
// small lock, so the request path never contends with another worker.
class Shard
{
public:
    // ttftSeconds < 0: no first token (not a stream, or failed before one).
    void recordRequest(const QString& model, const QString& backend, int status, double seconds,
                       double ttftSeconds, qint64 promptTokens, qint64 completionTokens);
    void recordUpstreamError(const QString& backend, const char* kind);
    // A request that a fallback target served after an earlier target failed.
    void recordFallback(const QString& model);
    // A request the HTTP layer refused itself (413 body_too_large, 408 header_timeout ...).
    void recordRejection(int status, const QByteArray& reason);
    // A request the console's Replay page sent, once more: recorded with recordRequest() (and
    // its attempts with recordUpstreamError / recordFallback) like any other, and here into
    // the slice that Snapshot::replay shows.
    void recordReplay(const QString& model, int status, double seconds, double ttftSeconds,
                      qint64 promptTokens, qint64 completionTokens, int failedAttempts,
                      bool servedByFallback);

private:
    friend class Registry;
    struct RequestKey
    {
        QString model, backend;
        int status;
        bool operator==(const RequestKey& o) const
        {
            return status == o.status && model == o.model && backend == o.backend;
        }
    };
    friend size_t qHash(const RequestKey& k, size_t seed)
    {
        return qHashMulti(seed, k.model, k.backend, k.status);
    }
    mutable QMutex m_mutex;
    QHash<RequestKey, quint64> m_requests;
    // What a request adds per model alias, in one entry: one lookup per request, not three.
    struct ModelCounters
    {
        Histogram latency;
        Histogram ttft;                     // streams only
        std::array<quint64, 2> tokens = {}; // prompt, completion
        bool hasTokens = false;             // /metrics lists only models that reported some
    };
    QHash<QString, ModelCounters> m_models;
    QHash<QPair<QString, QString>, quint64> m_upstreamErrors; // backend, kind
    QHash<QString, quint64> m_fallbacks;                      // by model
    QHash<QPair<int, QByteArray>, quint64> m_rejections;      // status, reason
    std::shared_ptr<Snapshot> m_replay; // recordReplay's slice, made on the first replay
};

// All shards, and the gauges that are not per worker.
class Registry
{
public:
    explicit Registry(int shards);
    Shard& shard(int index) { return *m_shards.at(size_t(index)); }
    std::atomic<int>& inFlight() { return m_inFlight; }

    // Prometheus text exposition format 0.0.4.
    QByteArray exposition(qint64 logDropped, int openConnections) const;

    // A value owned elsewhere (the transport's BufferBudget ...), read at every scrape. type is
    // "gauge" or "counter". Thread-safe; read() must be too.
    void addExternal(QByteArray name, QByteArray help, QByteArray type,
                     std::function<qint64()> read);

    // Totals for charts and tests.
    struct Totals
    {
        quint64 requests = 0;
        quint64 errors = 0; // status >= 400
        quint64 promptTokens = 0;
        quint64 completionTokens = 0;
    };
    Totals totals() const;
    Snapshot snapshot() const;

private:
    std::vector<std::unique_ptr<Shard>> m_shards;
    std::atomic<int> m_inFlight{0};
    struct External
    {
        QByteArray name, help, type;
        std::function<qint64()> read;
    };
    QByteArray externalExposition() const;
    mutable QMutex m_externalMutex;
    std::vector<External> m_external;
};

} // namespace gateway::metrics

#pragma once

#include "metrics/Metrics.h"

#include <QList>
#include <QMap>
#include <QString>

#include <array>

namespace ui {

// What the gateway did in one interval, ending at timeMs and lasting `seconds`. Live samples
// (LiveMetrics) and SQLite rollups (RollupSeries) both produce these, so the dashboard draws
// either source the same way.
struct MetricsPoint
{
    qint64 timeMs = 0;                      // end of the interval, wall clock (ms since the epoch)
    double seconds = 0;                     // length of the interval
    std::array<quint64, 6> byStatusClass{}; // requests; index 1..5 = 1xx..5xx, 0 = other
    quint64 requests = 0;
    quint64 errors = 0; // status >= 400
    gateway::metrics::Histogram latency;
    gateway::metrics::Histogram ttft;     // streams only
    QMap<QString, quint64> tokensByModel; // prompt + completion, by model alias
    quint64 upstreamErrors = 0;           // upstream attempts that failed
    quint64 fallbacks = 0; // requests a fallback target served after a failed attempt

    double requestsPerSecond(int statusClass) const;
    // Percentage (0..100) of the interval's requests with status >= 400; 0 without requests.
    double errorRatePercent() const;
    double tokensPerMinute(const QString& model) const;
    quint64 tokens() const;

    // Adds another interval (for totals over a range): counts add up, the length too.
    void merge(const MetricsPoint& other);
};

// The sum of all points: the totals of a time range.
MetricsPoint totalOf(const QList<MetricsPoint>& points);

} // namespace ui

#pragma once

#include "metrics/Metrics.h"
#include "models/MetricsPoint.h"

#include <QList>

#include <vector>

namespace ui {

// The last few minutes of the gateway's metrics, from snapshots taken once a second: a ring
// buffer of cumulative snapshots, turned into per-interval points by differencing neighbours
// (the engine only keeps cumulative counters, and the GUI never gets one signal per request).
// Pure logic, no widgets, so it is tested with hand-made snapshots at chosen times.
class LiveMetrics
{
public:
    // capacity: samples kept; 301 samples at 1 Hz cover the dashboard's 5-minute range.
    explicit LiveMetrics(int capacity = 301);

    // Adds a snapshot taken at timeMs. A second sample at the same time is ignored. The older
    // samples are dropped when the counters are lower than the last sample's (a new engine: the
    // gateway restarted) or the time is (the wall clock was set back): differences across
    // either mean nothing.
    void add(qint64 timeMs, const gateway::metrics::Snapshot& snapshot);
    void clear();

    int sampleCount() const { return m_size; }
    int capacity() const { return int(m_ring.size()); }
    // The time of the oldest and of the newest sample; 0 when there is none.
    qint64 firstTimeMs() const;
    qint64 lastTimeMs() const;
    // Requests counted by the newest sample, i.e. since the engine started.
    quint64 requestsSinceStart() const;

    // One point per sample after sinceMs, oldest first: the difference between that sample and
    // the one `window` samples before it (or the oldest one kept). A window of 1 gives each
    // second on its own; a few seconds make rates and quantiles of sparse traffic readable.
    QList<MetricsPoint> points(qint64 sinceMs, int window = 1) const;
    // Everything between the last sample at or before sinceMs and the newest one: the totals
    // that points(sinceMs) covers.
    MetricsPoint total(qint64 sinceMs) const;

    // Whether the console's replay traffic (Snapshot::replay) counts in points() and total();
    // it does unless set otherwise. Applies to the samples kept as well.
    void setIncludeReplay(bool include) { m_includeReplay = include; }
    bool includesReplay() const { return m_includeReplay; }

    // The difference between two snapshots taken `seconds` apart.
    static MetricsPoint difference(const gateway::metrics::Snapshot& earlier,
                                   const gateway::metrics::Snapshot& later, qint64 laterTimeMs,
                                   double seconds);

private:
    struct Sample
    {
        qint64 timeMs = 0;
        gateway::metrics::Snapshot snapshot;
    };
    // difference() of two samples, replay traffic left out unless it is included.
    MetricsPoint between(const Sample& earlier, const Sample& later) const;
    // The i-th sample, 0 = oldest.
    const Sample& at(int i) const;

    std::vector<Sample> m_ring;
    int m_head = 0; // index of the oldest sample
    int m_size = 0;
    bool m_includeReplay = true;
};

} // namespace ui

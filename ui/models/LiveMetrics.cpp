#include "models/LiveMetrics.h"

namespace ui {

namespace {

quint64 requestsOf(const gateway::metrics::Snapshot& s)
{
    quint64 sum = 0;
    for (quint64 n : s.byStatusClass)
        sum += n;
    return sum;
}

// Counters only grow within one engine; a difference is clamped at 0 so that a counter read
// while another was being updated can never produce a huge unsigned wrap-around.
quint64 minus(quint64 later, quint64 earlier)
{
    return later - qMin(later, earlier);
}

} // namespace

LiveMetrics::LiveMetrics(int capacity) : m_ring(size_t(qMax(2, capacity))) {}

void LiveMetrics::clear()
{
    m_head = 0;
    m_size = 0;
}

const LiveMetrics::Sample& LiveMetrics::at(int i) const
{
    return m_ring[size_t((m_head + i) % int(m_ring.size()))];
}

qint64 LiveMetrics::firstTimeMs() const
{
    return m_size == 0 ? 0 : at(0).timeMs;
}

qint64 LiveMetrics::lastTimeMs() const
{
    return m_size == 0 ? 0 : at(m_size - 1).timeMs;
}

quint64 LiveMetrics::requestsSinceStart() const
{
    return m_size == 0 ? 0 : requestsOf(at(m_size - 1).snapshot);
}

void LiveMetrics::add(qint64 timeMs, const gateway::metrics::Snapshot& snapshot)
{
    if (m_size > 0) {
        const Sample& last = at(m_size - 1);
        if (timeMs == last.timeMs)
            return;
        if (timeMs < last.timeMs || requestsOf(snapshot) < requestsOf(last.snapshot))
            clear();
    }
    const int capacity = int(m_ring.size());
    Sample& slot = m_ring[size_t((m_head + m_size) % capacity)];
    slot.timeMs = timeMs;
    slot.snapshot = snapshot;
    if (m_size < capacity)
        ++m_size;
    else
        m_head = (m_head + 1) % capacity; // the oldest sample was just overwritten
}

QList<MetricsPoint> LiveMetrics::points(qint64 sinceMs, int window) const
{
    QList<MetricsPoint> out;
    for (int i = 1; i < m_size; ++i) {
        const Sample& later = at(i);
        if (later.timeMs <= sinceMs)
            continue;
        const Sample& earlier = at(qMax(0, i - qMax(1, window)));
        out.append(between(earlier, later));
    }
    return out;
}

MetricsPoint LiveMetrics::total(qint64 sinceMs) const
{
    if (m_size < 2 || at(m_size - 1).timeMs <= sinceMs)
        return MetricsPoint();
    int first = 0;
    while (first + 1 < m_size - 1 && at(first + 1).timeMs <= sinceMs)
        ++first;
    const Sample& earlier = at(first);
    const Sample& later = at(m_size - 1);
    return between(earlier, later);
}

MetricsPoint LiveMetrics::between(const Sample& earlier, const Sample& later) const
{
    const double seconds = double(later.timeMs - earlier.timeMs) / 1000.0;
    const auto& a = earlier.snapshot;
    const auto& b = later.snapshot;
    if (m_includeReplay || (!a.replay && !b.replay))
        return difference(a, b, later.timeMs, seconds);
    // Both without what replays had counted by then: the difference leaves out what replays
    // added in between.
    return difference(a.replay ? a.without(*a.replay) : a, b.replay ? b.without(*b.replay) : b,
                      later.timeMs, seconds);
}

MetricsPoint LiveMetrics::difference(const gateway::metrics::Snapshot& earlier,
                                     const gateway::metrics::Snapshot& later, qint64 laterTimeMs,
                                     double seconds)
{
    MetricsPoint p;
    p.timeMs = laterTimeMs;
    p.seconds = seconds;
    for (size_t i = 0; i < p.byStatusClass.size(); ++i)
        p.byStatusClass[i] = minus(later.byStatusClass[i], earlier.byStatusClass[i]);
    p.upstreamErrors = minus(later.upstreamErrors, earlier.upstreamErrors);
    p.fallbacks = minus(later.fallbacks, earlier.fallbacks);
    const gateway::metrics::Snapshot::ModelStats none;
    for (auto it = later.models.cbegin(); it != later.models.cend(); ++it) {
        const auto found = earlier.models.constFind(it.key());
        const auto& before = found == earlier.models.cend() ? none : found.value();
        const auto& now = it.value();
        p.requests += minus(now.requests, before.requests);
        p.errors += minus(now.errors, before.errors);
        p.latency.merge(now.latency.since(before.latency));
        p.ttft.merge(now.ttft.since(before.ttft));
        const quint64 tokens = minus(now.promptTokens + now.completionTokens,
                                     before.promptTokens + before.completionTokens);
        if (tokens > 0)
            p.tokensByModel.insert(it.key(), tokens);
    }
    return p;
}

} // namespace ui

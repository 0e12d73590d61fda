#include "models/MetricsPoint.h"

namespace ui {

double MetricsPoint::requestsPerSecond(int statusClass) const
{
    if (seconds <= 0 || statusClass < 0 || statusClass >= int(byStatusClass.size()))
        return 0;
    return double(byStatusClass[size_t(statusClass)]) / seconds;
}

double MetricsPoint::errorRatePercent() const
{
    return requests == 0 ? 0 : 100.0 * double(errors) / double(requests);
}

double MetricsPoint::tokensPerMinute(const QString& model) const
{
    return seconds <= 0 ? 0 : double(tokensByModel.value(model)) * 60.0 / seconds;
}

quint64 MetricsPoint::tokens() const
{
    quint64 sum = 0;
    for (quint64 n : tokensByModel)
        sum += n;
    return sum;
}

void MetricsPoint::merge(const MetricsPoint& other)
{
    timeMs = qMax(timeMs, other.timeMs);
    seconds += other.seconds;
    for (size_t i = 0; i < byStatusClass.size(); ++i)
        byStatusClass[i] += other.byStatusClass[i];
    requests += other.requests;
    errors += other.errors;
    upstreamErrors += other.upstreamErrors;
    fallbacks += other.fallbacks;
    latency.merge(other.latency);
    ttft.merge(other.ttft);
    for (auto it = other.tokensByModel.cbegin(); it != other.tokensByModel.cend(); ++it)
        tokensByModel[it.key()] += it.value();
}

MetricsPoint totalOf(const QList<MetricsPoint>& points)
{
    MetricsPoint total;
    for (const MetricsPoint& p : points)
        total.merge(p);
    return total;
}

} // namespace ui

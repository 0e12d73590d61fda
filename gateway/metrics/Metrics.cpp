#include "metrics/Metrics.h"

#include <QMap>

namespace gateway::metrics {

void Histogram::add(double seconds)
{
    size_t i = 0;
    while (i < latencyBuckets.size() && seconds > latencyBuckets[i])
        ++i;
    ++buckets[i];
    ++count;
    sum += seconds;
}

void Histogram::merge(const Histogram& other)
{
    for (size_t i = 0; i < buckets.size(); ++i)
        buckets[i] += other.buckets[i];
    count += other.count;
    sum += other.sum;
}

Histogram Histogram::since(const Histogram& earlier) const
{
    Histogram d;
    for (size_t i = 0; i < buckets.size(); ++i)
        d.buckets[i] = buckets[i] - qMin(buckets[i], earlier.buckets[i]);
    d.count = count - qMin(count, earlier.count);
    d.sum = qMax(0.0, sum - earlier.sum);
    return d;
}

double Histogram::quantile(double q) const
{
    if (count == 0)
        return 0;
    const double rank = q * double(count);
    double seen = 0;
    for (size_t i = 0; i < buckets.size(); ++i) {
        if (buckets[i] == 0)
            continue;
        if (seen + double(buckets[i]) >= rank) {
            const double lower = i == 0 ? 0 : latencyBuckets[i - 1];
            const double upper = i < latencyBuckets.size() ? latencyBuckets[i] : lower * 2;
            return lower + (upper - lower) * ((rank - seen) / double(buckets[i]));
        }
        seen += double(buckets[i]);
    }
    return latencyBuckets.back();
}

void Shard::recordRequest(const QString& model, const QString& backend, int status, double seconds,
                          double ttftSeconds, qint64 promptTokens, qint64 completionTokens)
{
    QMutexLocker lock(&m_mutex);
    ++m_requests[RequestKey{model, backend, status}];
    ModelCounters& m = m_models[model];
    m.latency.add(seconds);
    if (ttftSeconds >= 0)
        m.ttft.add(ttftSeconds);
    if (promptTokens > 0 || completionTokens > 0) {
        m.hasTokens = true;
        m.tokens[0] += quint64(qMax<qint64>(0, promptTokens));
        m.tokens[1] += quint64(qMax<qint64>(0, completionTokens));
    }
}

void Shard::recordUpstreamError(const QString& backend, const char* kind)
{
    QMutexLocker lock(&m_mutex);
    ++m_upstreamErrors[qMakePair(backend, QString::fromLatin1(kind))];
}

void Shard::recordFallback(const QString& model)
{
    QMutexLocker lock(&m_mutex);
    ++m_fallbacks[model];
}

void Shard::recordReplay(const QString& model, int status, double seconds, double ttftSeconds,
                         qint64 promptTokens, qint64 completionTokens, int failedAttempts,
                         bool servedByFallback)
{
    QMutexLocker lock(&m_mutex);
    if (!m_replay)
        m_replay = std::make_shared<Snapshot>();
    Snapshot& r = *m_replay;
    Snapshot::ModelStats& m = r.models[model];
    ++m.requests;
    if (status >= 400)
        ++m.errors;
    const int statusClass = status / 100;
    ++r.byStatusClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 0];
    m.latency.add(seconds);
    if (ttftSeconds >= 0)
        m.ttft.add(ttftSeconds);
    m.promptTokens += quint64(qMax<qint64>(0, promptTokens));
    m.completionTokens += quint64(qMax<qint64>(0, completionTokens));
    r.upstreamErrors += quint64(qMax(0, failedAttempts));
    r.fallbacks += servedByFallback ? 1 : 0;
}

void Shard::recordRejection(int status, const QByteArray& reason)
{
    QMutexLocker lock(&m_mutex);
    ++m_rejections[qMakePair(status, reason)];
}

Registry::Registry(int shards)
{
    for (int i = 0; i < qMax(1, shards); ++i)
        m_shards.push_back(std::make_unique<Shard>());
}

namespace {
// Label values are escaped per the exposition format: backslash, quote and newline.
QByteArray label(const QString& value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}
} // namespace

Snapshot Registry::snapshot() const
{
    Snapshot s;
    s.inFlight = m_inFlight.load();
    for (const auto& shard : m_shards) {
        QMutexLocker lock(&shard->m_mutex);
        for (auto it = shard->m_requests.cbegin(); it != shard->m_requests.cend(); ++it) {
            Snapshot::ModelStats& m = s.models[it.key().model];
            m.requests += it.value();
            if (it.key().status >= 400)
                m.errors += it.value();
            const int statusClass = it.key().status / 100;
            s.byStatusClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 0] += it.value();
        }
        for (auto it = shard->m_models.cbegin(); it != shard->m_models.cend(); ++it) {
            Snapshot::ModelStats& m = s.models[it.key()];
            m.latency.merge(it->latency);
            m.ttft.merge(it->ttft);
            m.promptTokens += it->tokens[0];
            m.completionTokens += it->tokens[1];
        }
        for (quint64 n : shard->m_upstreamErrors)
            s.upstreamErrors += n;
        for (quint64 n : shard->m_fallbacks)
            s.fallbacks += n;
        if (shard->m_replay) {
            auto replay =
                s.replay ? std::make_shared<Snapshot>(*s.replay) : std::make_shared<Snapshot>();
            replay->add(*shard->m_replay);
            s.replay = std::move(replay);
        }
    }
    return s;
}

void Snapshot::add(const Snapshot& other)
{
    for (auto it = other.models.cbegin(); it != other.models.cend(); ++it) {
        ModelStats& m = models[it.key()];
        m.latency.merge(it->latency);
        m.ttft.merge(it->ttft);
        m.requests += it->requests;
        m.errors += it->errors;
        m.promptTokens += it->promptTokens;
        m.completionTokens += it->completionTokens;
    }
    for (size_t i = 0; i < byStatusClass.size(); ++i)
        byStatusClass[i] += other.byStatusClass[i];
    upstreamErrors += other.upstreamErrors;
    fallbacks += other.fallbacks;
}

Snapshot Snapshot::without(const Snapshot& part) const
{
    const auto minus = [](quint64 a, quint64 b) { return a > b ? a - b : 0; };
    Snapshot s = *this;
    s.replay.reset();
    for (auto it = part.models.cbegin(); it != part.models.cend(); ++it) {
        const auto found = s.models.find(it.key());
        if (found == s.models.end())
            continue;
        ModelStats& m = found.value();
        m.latency = m.latency.since(it->latency);
        m.ttft = m.ttft.since(it->ttft);
        m.requests = minus(m.requests, it->requests);
        m.errors = minus(m.errors, it->errors);
        m.promptTokens = minus(m.promptTokens, it->promptTokens);
        m.completionTokens = minus(m.completionTokens, it->completionTokens);
        if (m.requests == 0)
            s.models.erase(found); // a model only replays used
    }
    for (size_t i = 0; i < byStatusClass.size(); ++i)
        s.byStatusClass[i] = minus(byStatusClass[i], part.byStatusClass[i]);
    s.upstreamErrors = minus(upstreamErrors, part.upstreamErrors);
    s.fallbacks = minus(fallbacks, part.fallbacks);
    return s;
}

Registry::Totals Registry::totals() const
{
    Totals t;
    for (const auto& shard : m_shards) {
        QMutexLocker lock(&shard->m_mutex);
        for (auto it = shard->m_requests.cbegin(); it != shard->m_requests.cend(); ++it) {
            t.requests += it.value();
            if (it.key().status >= 400)
                t.errors += it.value();
        }
        for (const Shard::ModelCounters& m : shard->m_models) {
            t.promptTokens += m.tokens[0];
            t.completionTokens += m.tokens[1];
        }
    }
    return t;
}

QByteArray Registry::exposition(qint64 logDropped, int openConnections) const
{
    // Merge the shards; QMap keeps the output in a stable order.
    QMap<std::tuple<QString, QString, int>, quint64> requests;
    QMap<QString, Histogram> latency;
    QMap<QString, std::array<quint64, 2>> tokens;
    QMap<QPair<QString, QString>, quint64> upstreamErrors;
    QMap<QPair<int, QByteArray>, quint64> rejections;
    QMap<QString, quint64> fallbacks;
    for (const auto& shard : m_shards) {
        QMutexLocker lock(&shard->m_mutex);
        for (auto it = shard->m_requests.cbegin(); it != shard->m_requests.cend(); ++it)
            requests[{it.key().model, it.key().backend, it.key().status}] += it.value();
        for (auto it = shard->m_models.cbegin(); it != shard->m_models.cend(); ++it) {
            latency[it.key()].merge(it->latency);
            if (it->hasTokens) {
                tokens[it.key()][0] += it->tokens[0];
                tokens[it.key()][1] += it->tokens[1];
            }
        }
        for (auto it = shard->m_upstreamErrors.cbegin(); it != shard->m_upstreamErrors.cend(); ++it)
            upstreamErrors[it.key()] += it.value();
        for (auto it = shard->m_rejections.cbegin(); it != shard->m_rejections.cend(); ++it)
            rejections[it.key()] += it.value();
        for (auto it = shard->m_fallbacks.cbegin(); it != shard->m_fallbacks.cend(); ++it)
            fallbacks[it.key()] += it.value();
    }

    QByteArray out;
    out +=
        "# HELP switchboard_requests_total Requests answered, by status, model alias and backend.\n"
        "# TYPE switchboard_requests_total counter\n";
    for (auto it = requests.cbegin(); it != requests.cend(); ++it) {
        const auto& [model, backend, status] = it.key();
        out += "switchboard_requests_total{status=\"" + QByteArray::number(status) + "\",model=\"" +
               label(model) + "\",backend=\"" + label(backend) + "\"} " +
               QByteArray::number(it.value()) + '\n';
    }
    out += "# HELP switchboard_request_duration_seconds Time from the request's last byte to the "
           "response's last byte.\n# TYPE switchboard_request_duration_seconds histogram\n";
    for (auto it = latency.cbegin(); it != latency.cend(); ++it) {
        const QByteArray model = label(it.key());
        quint64 cumulative = 0; // Prometheus buckets count everything at or below their bound
        for (size_t i = 0; i < latencyBuckets.size(); ++i) {
            cumulative += it.value().buckets[i];
            out += "switchboard_request_duration_seconds_bucket{model=\"" + model + "\",le=\"" +
                   QByteArray::number(latencyBuckets[i]) + "\"} " + QByteArray::number(cumulative) +
                   '\n';
        }
        out += "switchboard_request_duration_seconds_bucket{model=\"" + model + "\",le=\"+Inf\"} " +
               QByteArray::number(it.value().count) + '\n';
        out += "switchboard_request_duration_seconds_sum{model=\"" + model + "\"} " +
               QByteArray::number(it.value().sum, 'g', 9) + '\n';
        out += "switchboard_request_duration_seconds_count{model=\"" + model + "\"} " +
               QByteArray::number(it.value().count) + '\n';
    }
    out +=
        "# HELP switchboard_tokens_total Tokens, by direction (prompt or completion) and model.\n"
        "# TYPE switchboard_tokens_total counter\n";
    for (auto it = tokens.cbegin(); it != tokens.cend(); ++it) {
        const QByteArray model = label(it.key());
        out += "switchboard_tokens_total{direction=\"prompt\",model=\"" + model + "\"} " +
               QByteArray::number(it.value()[0]) + '\n';
        out += "switchboard_tokens_total{direction=\"completion\",model=\"" + model + "\"} " +
               QByteArray::number(it.value()[1]) + '\n';
    }
    out += "# HELP switchboard_requests_in_flight Requests being handled now.\n"
           "# TYPE switchboard_requests_in_flight gauge\nswitchboard_requests_in_flight " +
           QByteArray::number(m_inFlight.load()) + '\n';
    out += "# HELP switchboard_open_connections Client connections open now.\n"
           "# TYPE switchboard_open_connections gauge\nswitchboard_open_connections " +
           QByteArray::number(openConnections) + '\n';
    out += "# HELP switchboard_upstream_errors_total Failed upstream calls, by backend and kind.\n"
           "# TYPE switchboard_upstream_errors_total counter\n";
    for (auto it = upstreamErrors.cbegin(); it != upstreamErrors.cend(); ++it)
        out += "switchboard_upstream_errors_total{backend=\"" + label(it.key().first) +
               "\",kind=\"" + label(it.key().second) + "\"} " + QByteArray::number(it.value()) +
               '\n';
    out += "# HELP switchboard_fallbacks_total Requests a fallback target served after an "
           "earlier target failed, by model alias.\n"
           "# TYPE switchboard_fallbacks_total counter\n";
    for (auto it = fallbacks.cbegin(); it != fallbacks.cend(); ++it)
        out += "switchboard_fallbacks_total{model=\"" + label(it.key()) + "\"} " +
               QByteArray::number(it.value()) + '\n';
    out += "# HELP switchboard_http_rejections_total Requests the HTTP layer refused itself, by "
           "status and reason.\n"
           "# TYPE switchboard_http_rejections_total counter\n";
    for (auto it = rejections.cbegin(); it != rejections.cend(); ++it)
        out += "switchboard_http_rejections_total{status=\"" + QByteArray::number(it.key().first) +
               "\",reason=\"" + it.key().second + "\"} " + QByteArray::number(it.value()) + '\n';
    out += "# HELP switchboard_log_dropped_total Log records lost: the writer queue was full, or "
           "their write failed.\n# TYPE switchboard_log_dropped_total "
           "counter\nswitchboard_log_dropped_total " +
           QByteArray::number(logDropped) + '\n';
    out += externalExposition();
    return out;
}

void Registry::addExternal(QByteArray name, QByteArray help, QByteArray type,
                           std::function<qint64()> read)
{
    QMutexLocker lock(&m_externalMutex);
    m_external.push_back({std::move(name), std::move(help), std::move(type), std::move(read)});
}

QByteArray Registry::externalExposition() const
{
    QMutexLocker lock(&m_externalMutex);
    QByteArray out;
    for (const External& e : m_external)
        out += "# HELP " + e.name + ' ' + e.help + "\n# TYPE " + e.name + ' ' + e.type + '\n' +
               e.name + ' ' + QByteArray::number(e.read()) + '\n';
    return out;
}

} // namespace gateway::metrics

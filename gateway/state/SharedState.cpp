#include "state/SharedState.h"

namespace gateway::state {

std::atomic<quint64>& StageCounters::counter(const QByteArray& event)
{
    QMutexLocker lock(&m_mutex);
    for (auto& [name, value] : m_counters)
        if (name == event)
            return value;
    m_counters.emplace_back(std::piecewise_construct, std::forward_as_tuple(event),
                            std::forward_as_tuple(0));
    return m_counters.back().second;
}

void StageCounters::appendExposition(QByteArray& out) const
{
    QMutexLocker lock(&m_mutex);
    for (const auto& [name, value] : m_counters) {
        out += "switchboard_stage_events_total{stage=\"" + m_stage + "\",event=\"" + name + "\"} " +
               QByteArray::number(value.load(std::memory_order_relaxed)) + '\n';
    }
}

StageCounters& SharedState::stageCounters(const QByteArray& stage)
{
    QMutexLocker lock(&m_mutex);
    for (const auto& counters : m_stages)
        if (counters->stage() == stage)
            return *counters;
    m_stages.push_back(std::make_unique<StageCounters>(stage));
    return *m_stages.back();
}

void SharedState::retainSlots(const std::function<bool(const QString& key)>& keep)
{
    QMutexLocker lock(&m_mutex);
    for (auto it = m_slots.begin(); it != m_slots.end();)
        it = keep(it.key()) ? std::next(it) : m_slots.erase(it);
}

int SharedState::slotCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_slots.size());
}

QByteArray SharedState::exposition() const
{
    QByteArray out = "# HELP switchboard_stage_events_total Events counted by each pipeline "
                     "stage.\n# TYPE switchboard_stage_events_total counter\n";
    QMutexLocker lock(&m_mutex);
    for (const auto& counters : m_stages)
        counters->appendExposition(out);
    return out;
}

} // namespace gateway::state

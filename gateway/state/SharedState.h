#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace gateway::state {

// The named counters of one stage, shown in /metrics as
// switchboard_stage_events_total{stage="...",event="..."}. Counters are registered when a
// stage is built and counted with a relaxed atomic add on the request path.
class StageCounters
{
public:
    explicit StageCounters(QByteArray stage) : m_stage(std::move(stage)) {}
    // The counter of that name (created on first use; its address never changes).
    std::atomic<quint64>& counter(const QByteArray& event);
    void appendExposition(QByteArray& out) const;
    const QByteArray& stage() const { return m_stage; }

private:
    QByteArray m_stage;
    mutable QMutex m_mutex;
    std::deque<std::pair<QByteArray, std::atomic<quint64>>> m_counters;
};

// State that outlives a config reload (DESIGN.md, "The request path's shape"): stage counters
// today; limit counters, breaker state and the cache as their issues land. The engine owns it;
// every Runtime built from a config refers to it. Thread-safe.
class SharedState
{
public:
    StageCounters& stageCounters(const QByteArray& stage);

    // The object kept under key, made by make() the first time. Keys are namespaced by their
    // owner ("mock:backend/model" ...).
    template <typename T>
    std::shared_ptr<T> slot(const QString& key, const std::function<std::shared_ptr<T>()>& make)
    {
        QMutexLocker lock(&m_mutex);
        std::shared_ptr<void>& entry = m_slots[key];
        if (!entry)
            entry = make();
        return std::static_pointer_cast<T>(entry);
    }
    // After a reload: drops the slots the new config no longer uses.
    void retainSlots(const std::function<bool(const QString& key)>& keep);
    int slotCount() const;

    // Every stage's counters, in Prometheus text format.
    QByteArray exposition() const;

private:
    mutable QMutex m_mutex;
    std::deque<std::unique_ptr<StageCounters>> m_stages;
    QHash<QString, std::shared_ptr<void>> m_slots;
};

} // namespace gateway::state

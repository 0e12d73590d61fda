#include "pipeline/StageRegistry.h"

#include <algorithm>

namespace gateway::pipeline {

void StageRegistry::add(const QByteArray& name, StageFactory factory)
{
    m_factories.emplace_back(name, std::move(factory));
}

void StageRegistry::insertBefore(const QByteArray& before, const QByteArray& name,
                                 StageFactory factory)
{
    auto at = std::find_if(m_factories.begin(), m_factories.end(),
                           [&before](const auto& entry) { return entry.first == before; });
    m_factories.emplace(at, name, std::move(factory));
}

std::vector<std::unique_ptr<Stage>> StageRegistry::build(const config::Config& config,
                                                         state::SharedState& shared) const
{
    std::vector<std::unique_ptr<Stage>> stages;
    stages.reserve(m_factories.size());
    for (const auto& [name, factory] : m_factories) {
        StageEnvironment env{config, shared, shared.stageCounters(name)};
        if (std::unique_ptr<Stage> stage = factory(env))
            stages.push_back(std::move(stage));
    }
    return stages;
}

std::vector<QByteArray> StageRegistry::names() const
{
    std::vector<QByteArray> out;
    for (const auto& entry : m_factories)
        out.push_back(entry.first);
    return out;
}

} // namespace gateway::pipeline

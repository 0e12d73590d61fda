#pragma once

#include "config/Config.h"
#include "pipeline/Stage.h"
#include "state/SharedState.h"

#include <QByteArray>

#include <functional>
#include <memory>
#include <vector>

namespace gateway::pipeline {

// What a stage's factory is given: the config it reads its own section from, and the state
// that outlives reloads (its counters among it).
struct StageEnvironment
{
    const config::Config& config;
    state::SharedState& shared;
    state::StageCounters& counters; // this stage's
};

using StageFactory = std::function<std::unique_ptr<Stage>(const StageEnvironment&)>;

// Stages by name, in the order of the request path (Envoy's filter factories in spirit). The
// engine fills one registry (gateway/Registries.cpp); every config builds its stages from it.
class StageRegistry
{
public:
    void add(const QByteArray& name, StageFactory factory);
    // Adds a stage just before the one named `before` (at the end when there is none).
    void insertBefore(const QByteArray& before, const QByteArray& name, StageFactory factory);
    std::vector<std::unique_ptr<Stage>> build(const config::Config& config,
                                              state::SharedState& shared) const;
    std::vector<QByteArray> names() const;

private:
    std::vector<std::pair<QByteArray, StageFactory>> m_factories;
};

} // namespace gateway::pipeline

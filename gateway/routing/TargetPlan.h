#pragma once

#include "config/Config.h"

#include <QString>

#include <optional>

namespace gateway::routing {

// One backend model to try.
struct Target
{
    const config::Backend* backend = nullptr;
    QString model;
};

// The order in which a request tries its targets. The route stage makes a plan; the invoke
// stage asks it for the next target when an attempt fails before the client saw a byte. The
// routing issue replaces the plan (weights, priorities, health, breakers) without touching
// the invoke stage.
class TargetPlan
{
public:
    virtual ~TargetPlan() = default;
    // The next target to try, or nothing when the plan is exhausted. The first call gives the
    // first target.
    virtual std::optional<Target> next() = 0;
};

// The alias's targets in the order they are written, each tried once.
class OrderedPlan : public TargetPlan
{
public:
    OrderedPlan(const config::Config& config, QList<config::Target> targets);
    std::optional<Target> next() override;

private:
    const config::Config& m_config;
    QList<config::Target> m_targets;
    qsizetype m_next = 0;
};

} // namespace gateway::routing

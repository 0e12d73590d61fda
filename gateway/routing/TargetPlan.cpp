#include "routing/TargetPlan.h"

namespace gateway::routing {

OrderedPlan::OrderedPlan(const config::Config& config, QList<config::Target> targets)
    : m_config(config), m_targets(std::move(targets))
{}

std::optional<Target> OrderedPlan::next()
{
    while (m_next < m_targets.size()) {
        const config::Target& t = m_targets.at(m_next++);
        // The loader checks that every target names a backend; a soft check all the same.
        if (const config::Backend* backend = m_config.backend(t.backend))
            return Target{backend, t.model};
    }
    return std::nullopt;
}

} // namespace gateway::routing

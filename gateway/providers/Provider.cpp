#include "providers/Provider.h"

namespace gateway::providers {

void ProviderRegistry::add(config::BackendType type, ProviderFactory factory)
{
    m_factories.emplace_back(type, std::move(factory));
}

std::shared_ptr<const Provider> ProviderRegistry::make(const config::Backend& backend,
                                                       state::SharedState& shared) const
{
    for (const auto& [type, factory] : m_factories)
        if (type == backend.type)
            return factory(backend, shared);
    return nullptr;
}

} // namespace gateway::providers

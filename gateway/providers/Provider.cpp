#include "providers/Provider.h"

#include "providers/MockProvider.h"
#include "providers/OpenAiCompatibleProvider.h"

namespace gateway::providers {

std::shared_ptr<const Provider> makeProvider(const config::Backend& backend)
{
    switch (backend.type) {
    case config::BackendType::Mock: return std::make_shared<MockProvider>(backend);
    case config::BackendType::OpenAiCompatible:
        return std::make_shared<OpenAiCompatibleProvider>(backend);
    }
    return nullptr;
}

} // namespace gateway::providers

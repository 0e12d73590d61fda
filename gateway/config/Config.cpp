#include "config/Config.h"

namespace gateway::config {

const MockModel* Backend::mockModel(const QString& model) const
{
    for (const MockModel& m : mockModels)
        if (m.name == model)
            return &m;
    return nullptr;
}

const Backend* Config::backend(const QString& name) const
{
    for (const Backend& b : backends)
        if (b.name == name)
            return &b;
    return nullptr;
}

const ModelAlias* Config::model(const QString& alias) const
{
    for (const ModelAlias& m : models)
        if (m.alias == alias)
            return &m;
    return nullptr;
}

} // namespace gateway::config

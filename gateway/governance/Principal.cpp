#include "governance/Principal.h"

#include "config/Config.h"

namespace gateway::governance {

bool Principal::mayUse(const QString& alias) const
{
    if (models.isEmpty())
        return true;
    for (const QString& glob : models)
        if (config::globMatches(glob, alias))
            return true;
    return false;
}

} // namespace gateway::governance

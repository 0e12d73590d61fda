#pragma once

#include "Result.h"
#include "governance/Principal.h"

#include <QString>

#include <memory>

namespace gateway::governance {

class KeySet;

// The principal of the key named `name`, for a credential that stands for a key rather than
// being one (a JWT's key claim or auth.jwt.defaultKey, a client certificate's mapping): the
// key's id, tenant, models and limits. Fails, with a sentence for the client, when no key has
// that name or the key is revoked or expired at nowMs.
Result<std::shared_ptr<Principal>> principalOfNamedKey(const KeySet& keys, const QString& name,
                                                       Principal::Method method, qint64 nowMs);

} // namespace gateway::governance

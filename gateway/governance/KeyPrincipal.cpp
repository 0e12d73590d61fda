#include "governance/KeyPrincipal.h"

#include "governance/KeySet.h"

namespace gateway::governance {

Result<std::shared_ptr<Principal>> principalOfNamedKey(const KeySet& keys, const QString& name,
                                                       Principal::Method method, qint64 nowMs)
{
    using R = Result<std::shared_ptr<Principal>>;
    const KeyRecord* key = keys.byName(name);
    if (!key)
        return R::failure(QStringLiteral("the credential stands for key \"%1\", which does not "
                                         "exist")
                              .arg(name));
    if (key->revokedMs != 0)
        return R::failure(
            QStringLiteral("the credential stands for key \"%1\", which is revoked").arg(name));
    if (!key->usableAt(nowMs))
        return R::failure(
            QStringLiteral("the credential stands for key \"%1\", which has expired").arg(name));
    auto principal = std::make_shared<Principal>();
    principal->method = method;
    principal->keyId = key->id;
    principal->keyName = key->name;
    principal->tenant = key->tenant.isEmpty() ? defaultTenant() : key->tenant;
    principal->models = key->models;
    principal->limits = key->limits;
    return principal;
}

} // namespace gateway::governance

#pragma once

#include "config/Governance.h"

#include <QString>
#include <QStringList>

namespace gateway::governance {

// The tenant of keys and tokens that name none.
inline QString defaultTenant()
{
    return QStringLiteral("default");
}

// Who a request comes from, once authenticated: a gateway key, or the key a JWT or a client
// certificate stands for. The limits stage counts against its key and its tenant; the log
// row names both. Immutable, shared by the requests of one key.
struct Principal
{
    // Console: the console's own requests (its Models page's try-out, Replay), which carry the
    // engine's in-process console token (stages/AuthStage.h).
    enum class Method { Key, Jwt, Certificate, Console };
    Method method = Method::Key;
    QString keyId;         // the key's stable id (log rows, counters); empty for a JWT without key
    QString keyName;       // as people call it
    QString tenant;        // never empty: defaultTenant() when none is set
    QStringList models;    // alias globs the caller may use; empty: every alias
    config::Limits limits; // the key's own (a JWT without key: none)
    QString subject;       // the token's sub or the certificate's subject, empty for a key

    // Whether the caller may use the alias (config::globMatches over models).
    bool mayUse(const QString& alias) const;
};

} // namespace gateway::governance

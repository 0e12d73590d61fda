#pragma once

#include "Result.h"
#include "config/Governance.h"
#include "governance/KeySet.h"
#include "governance/KeyStore.h"
#include "governance/LedgerView.h"

#include <QJsonObject>
#include <QStringList>

namespace gateway::admin {

// The admin API's JSON: what it answers (keys, scopes of the ledger) and what it reads (a
// key's settings). Every reader refuses unknown fields and names the field of each problem.

// The scope's budget and quota: spend in US dollars in the budget's period, tokens in the
// quota's, each with its limit, what remains (null without a limit) and when the period ends.
QJsonObject budgetJson(const governance::ScopeUsage& scope);
QJsonObject quotaJson(const governance::ScopeUsage& scope);
// Requests and tokens in the current minute, requests in flight, against rpm, tpm and
// maxConcurrent.
QJsonObject ratesJson(const governance::ScopeUsage& scope);
// {"kind","name"(,"keyId")} and what `parts` add ("budget", "quota" and/or the rates).
enum ScopeParts { Spend = 1, Rates = 2 };
QJsonObject scopeJson(const governance::ScopeUsage& scope, int parts);

// The body of POST /admin/keys (create: name required) or PATCH /admin/keys/{name} (name
// from the URL; at least one field). Fields: name, tenant, models, limits (as the config's:
// governance/LimitsJson),
// expires ("30d", an ISO time, or null for never), metadata (an object of strings). Errors are
// sentences that name the field, joined by "; ".
Result<governance::KeySpec> keySpecFromJson(const QByteArray& body, bool create, qint64 nowMs);

} // namespace gateway::admin

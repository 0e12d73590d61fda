#pragma once

#include "config/Governance.h"

#include <QString>

#include <vector>

namespace gateway::governance {

// The live state of one scope's limits, for the admin API and the console (its bars and
// "what remains"). A limit at zero (a budget below zero) is not set.
struct ScopeUsage
{
    enum class Kind { Key, Tenant, Model };
    Kind kind = Kind::Key;
    QString name;  // the key's name, the tenant's, the alias
    QString keyId; // a key's id; empty for the others
    config::Limits limits;
    qint64 requestsThisMinute = 0;
    qint64 tokensThisMinute = 0;
    qint64 inFlight = 0;
    qint64 quotaTokensUsed = 0;    // in the quota's current period
    qint64 quotaPeriodEndsMs = 0;  // wall clock; 0: Total
    config::Nanos spentNanos = 0;  // in the budget's current period (reserved included)
    qint64 budgetPeriodEndsMs = 0; // wall clock; 0: Total
};

// A soft limit passed (a quota or a budget at its alertAtPercent): raised once per scope and
// period.
struct LimitAlert
{
    ScopeUsage::Kind kind = ScopeUsage::Kind::Key;
    QString name;
    QString what;    // "budget" or "quota"
    double used = 0; // US dollars or tokens
    double limit = 0;
    qint64 timeMs = 0;
};

// The read side of the ledger of limits (governance/Ledger.h): what every scope has used.
class LedgerView
{
public:
    virtual ~LedgerView() = default;
    virtual std::vector<ScopeUsage> snapshot() const = 0;
};

} // namespace gateway::governance

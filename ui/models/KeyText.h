#pragma once

#include "governance/KeySet.h"
#include "governance/LedgerView.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace ui {

// How the console words gateway keys, their limits and their alerts, for people: the Keys
// page's table and bars, the key dialog, and the notifications of soft limits.
class KeyText
{
    Q_DECLARE_TR_FUNCTIONS(ui::KeyText)
public:
    enum class Status { Active, Revoked, Expired };
    static Status status(const gateway::governance::KeyRecord& key, qint64 nowMs);
    static QString statusName(Status status);

    // The visible start of a secret, marked as a start: "sk-sb-AbCd…".
    static QString prefix(const QString& prefix);
    // The limits in short form: "60 rpm · 10,000 tpm · 4 at once · 1M tokens/month ·
    // $10.00/month"; "no limits" when none is set.
    static QString limitsSummary(const gateway::config::Limits& limits);
    // "per day", "per week", "per month", "in total".
    static QString perPeriod(gateway::config::Period period);
    // US dollars with cents ("$10.00"), or more digits for sub-cent amounts ("$0.0042").
    static QString usd(gateway::config::Nanos nanos);
    // A whole count shortened for a table: 950, 12.5K, 1M, 2.5B (in the language's digits).
    static QString shortCount(qint64 n);
    // "resets in 41 s" / "in 3 min" / "in 5 h" / "in 12 days"; "never resets" for msLeft < 0.
    static QString resetsIn(qint64 msLeft);
    // "Key ci has used 81% of its $10.00 monthly budget." period: the budget's or the quota's,
    // when known.
    static QString alert(const gateway::governance::LimitAlert& alert,
                         std::optional<gateway::config::Period> period);
    // The same, with the period of the scope's limit as the ledger has it (none: unnamed).
    static QString alert(const gateway::governance::LimitAlert& alert,
                         const gateway::governance::LedgerView* ledger);
};

} // namespace ui

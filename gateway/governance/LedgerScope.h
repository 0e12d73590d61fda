#pragma once

#include "governance/LedgerView.h"
#include "governance/Periods.h"
#include "governance/RateWindow.h"

#include <QString>

#include <atomic>
#include <mutex>
#include <optional>

namespace gateway::governance {

// Which limit of a scope refused a request.
enum class LimitKind { Requests, Tokens, Concurrency, Quota, Budget };
const char* limitKindName(LimitKind kind);        // "rpm", "tpm", "concurrency", "quota", "budget"
const char* scopeKindName(ScopeUsage::Kind kind); // "key", "tenant", "model"

// What one request asks of one scope at admission. The scope counts only what its limits
// limit: a request against rpm, a slot against maxConcurrent, tokens against tpm and the
// quota, cost against the budget.
struct Demand
{
    ScopeUsage::Kind kind = ScopeUsage::Kind::Key;
    QString id;   // a key's id, a tenant's name, an alias
    QString name; // as people call it (a key's name); empty: the id
    const config::Limits* limits = nullptr;
    bool request = false;
    bool slot = false;
    qint64 tokens = 0;
    config::Nanos cost = 0;
};

// Why a scope refused.
struct Refusal
{
    ScopeUsage::Kind kind = ScopeUsage::Kind::Key;
    QString name;
    LimitKind limit = LimitKind::Requests;
    qint64 limitValue = 0; // requests, tokens, slots, quota tokens or nano-dollars
    qint64 used = 0;       // of the same unit, reserved included
    qint64 asked = 0;      // what the request needed
    // Rates: when the request would fit (0: try at once; -1: never, it alone is over the
    // limit). Quotas and budgets: when their period ends (0: never, a Total period).
    qint64 retryAfterMs = 0;
    qint64 periodEndsMs = 0;
};

// The tightest request and token rate among a request's scopes, after its admission, for
// OpenAI's x-ratelimit-* headers.
struct RateStatus
{
    bool hasRequests = false;
    qint64 requestLimit = 0, requestRemaining = 0, requestResetMs = 0;
    bool hasTokens = false;
    qint64 tokenLimit = 0, tokenRemaining = 0, tokenResetMs = 0;

    // Keeps the scope with less remaining (ties: the smaller limit).
    void mergeRequests(qint64 limit, qint64 remaining, qint64 resetMs);
    void mergeTokens(qint64 limit, qint64 remaining, qint64 resetMs);
    void merge(const RateStatus& other);
};

// What admission reserved in one scope, for its settlement.
struct Hold
{
    class LedgerScope* scope = nullptr;
    bool slot = false;
    qint64 windowTokens = 0; // counted in the window at windowSecond
    qint64 windowSecond = 0;
    qint64 quotaTokens = 0; // counted in the quota period that starts at quotaStart
    qint64 quotaStart = 0;
    config::Nanos cost = 0; // counted in the budget period that starts at budgetStart
    qint64 budgetStart = 0;
};

// A quota's or a budget's count in its current calendar period.
struct PeriodCount
{
    bool active = false; // counted at least once (or loaded)
    config::Period period = config::Period::Month;
    PeriodBounds bounds;
    qint64 used = 0;          // tokens or nano-dollars, reserved included
    qint64 alertedStart = -1; // the period whose soft limit was passed already

    // Starts the period that holds nowMs when the current one ended or the config changed the
    // period. A clock that went back keeps the period.
    void roll(config::Period configured, qint64 nowMs);
};

// The counters of one scope (a key, a tenant, a model alias). Its mutex guards everything but
// the dirty flag; the ledger takes the mutexes of a request's scopes in address order.
class LedgerScope
{
public:
    LedgerScope(ScopeUsage::Kind kind, QString id) : m_kind(kind), m_id(std::move(id)) {}

    ScopeUsage::Kind kind() const { return m_kind; }
    const QString& id() const { return m_id; }
    std::mutex& mutex() { return m_mutex; }

    // Under the mutex: brings the window and the periods to nowMs and takes the demand's limits
    // (and name) as the scope's current ones.
    void refresh(const Demand& demand, qint64 nowMs);
    // Under the mutex, after refresh(): why the demand does not fit, if it does not.
    std::optional<Refusal> check(const Demand& demand, qint64 nowMs) const;
    // Under the mutex, after check(): counts the demand and says what it holds.
    void apply(const Demand& demand, Hold* hold, RateStatus* status, qint64 nowMs);
    // Under the mutex: the scope's rates as they stand (for the headers of a refusal).
    void rates(RateStatus* status, qint64 nowMs) const;
    // Under the mutex: replaces what hold reserved by what the request used, and gives its
    // slot back.
    void settle(const Hold& hold, qint64 tokens, config::Nanos cost, qint64 nowMs);
    // Under the mutex: the soft limits passed since the last call (once per period each).
    int takeAlerts(LimitAlert* out, qint64 nowMs);
    // Under the mutex.
    ScopeUsage usage(qint64 nowMs);

    // What the store keeps (governance.sqlite, limit_counters), taken and put under the mutex.
    struct Stored
    {
        QString name;
        RateWindow window;
        PeriodCount quota;
        PeriodCount budget;
    };
    Stored stored() const;
    void restore(const Stored& stored);

    // Set on every change; the ledger's writer takes it back.
    std::atomic<bool> dirty{false};
    // Whether the scope has a quota or a budget, whose soft limit takeAlerts() watches: read
    // without the mutex, so that a scope with rates only is not locked again for alerts.
    std::atomic<bool> mayAlert{false};

private:
    const ScopeUsage::Kind m_kind;
    const QString m_id;
    std::mutex m_mutex;
    QString m_name;
    config::Limits m_limits;
    RateWindow m_window;
    qint64 m_inFlight = 0;
    PeriodCount m_quota;
    PeriodCount m_budget;
};

} // namespace gateway::governance

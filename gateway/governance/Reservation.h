#pragma once

#include "governance/LedgerScope.h"

#include <array>

namespace gateway::governance {

class Ledger;

// What admission reserved for one request in the ledger (RequestContext::reservation): a
// request counted, a concurrency slot held, tokens and cost counted in each of its scopes.
// Ledger::settle() replaces the estimate by what the request used and gives the slots back,
// once; a reservation dropped unsettled (its request never ran: the transport refused the
// body) is settled as having used nothing. The ledger must outlive it.
class Reservation
{
public:
    explicit Reservation(Ledger& ledger) : m_ledger(&ledger) {}
    ~Reservation();
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;

    bool settled() const { return m_settled; }
    // The tightest rates among the scopes admitted so far (x-ratelimit-* headers).
    const RateStatus& status() const { return m_status; }
    // The tokens and cost the estimate reserved (0 when no scope counts them).
    qint64 reservedTokens() const { return m_tokens; }
    config::Nanos reservedCost() const { return m_cost; }

private:
    friend class Ledger;
    // A request's scopes, admitted on its head (key, tenant) and on its body (alias, and the
    // tokens of all three).
    static constexpr int maxHolds = 6;

    Ledger* m_ledger;
    std::array<Hold, maxHolds> m_holds{};
    int m_count = 0;
    bool m_settled = false;
    RateStatus m_status;
    qint64 m_tokens = 0;
    config::Nanos m_cost = 0;
};

} // namespace gateway::governance

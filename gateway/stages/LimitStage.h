#pragma once

#include "config/Config.h"
#include "governance/LedgerScope.h"
#include "pipeline/Stage.h"
#include "state/SharedState.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <atomic>

namespace gateway::stages {

// Requests per minute, tokens per minute, requests in flight, token quotas and budgets of the
// caller's key, its tenant and the model alias (README, "Limits, quotas and budgets"), counted
// in the engine's ledger (governance/Ledger.h).
//
// - On the head: the key's and the tenant's requests per minute and requests in flight, so a
//   caller over them is refused before its body is read.
// - On the request: the alias's requests per minute and in flight, and the tokens (the
//   prompt's estimate plus max_tokens, or governance.reserveMaxTokens) against every scope's
//   tokens per minute and quota, and their worst-case cost against every budget.
// - On completion: the reservation is settled on what the request used.
// Over a rate: 429 rate_limit_exceeded with Retry-After; over a quota or a budget: 403
// quota_exceeded or budget_exceeded. Every answer of a request with a rate limit carries
// OpenAI's x-ratelimit-* headers for the tightest of its limits.
class LimitStage : public pipeline::Stage
{
public:
    LimitStage(const config::Config& config, state::StageCounters& counters);
    const char* name() const override { return "limits"; }
    pipeline::Verdict onRequestHeaders(pipeline::RequestContext& ctx) const override;
    pipeline::Verdict onRequest(pipeline::RequestContext& ctx) const override;
    void onComplete(pipeline::RequestContext& ctx) const override;

    // A duration as OpenAI writes x-ratelimit-reset-* (Go's time.Duration): "20ms", "1s",
    // "1.5s", "6m0s".
    static QByteArray formatDuration(qint64 ms);
    // The request's prompt tokens as estimated before the call: from the canonical form when a
    // stage built it already, else from the body's size (the pass-through path builds none).
    static qint64 promptEstimate(const pipeline::RequestContext& ctx);

private:
    pipeline::Verdict refuse(pipeline::RequestContext& ctx,
                             const governance::Refusal& refusal) const;
    const config::Limits* tenantLimits(const QString& tenant) const;

    QHash<QString, config::Limits> m_tenants; // tenants[] with any limit
    bool m_aliasLimits = false;               // some models[] entry has limits
    qint64 m_reserveMaxTokens;
    std::atomic<quint64>& m_rpm;
    std::atomic<quint64>& m_tpm;
    std::atomic<quint64>& m_concurrency;
    std::atomic<quint64>& m_quota;
    std::atomic<quint64>& m_budget;
};

} // namespace gateway::stages

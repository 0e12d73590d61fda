#include "governance/LedgerScope.h"

namespace gateway::governance {

namespace {

constexpr qint64 msPerSecond = 1000;

qint64 floorSecond(qint64 ms)
{
    return ms >= 0 ? ms / msPerSecond : -((-ms + msPerSecond - 1) / msPerSecond);
}

// a + b <= limit without overflow (nano-dollars near 2^63 cannot wrap into a pass).
bool fits(qint64 used, qint64 asked, qint64 limit)
{
    return __int128(used) + asked <= limit;
}

bool passed(qint64 used, qint64 limit, int percent)
{
    return limit > 0 && __int128(used) * 100 >= __int128(limit) * percent;
}

} // namespace

const char* limitKindName(LimitKind kind)
{
    switch (kind) {
    case LimitKind::Requests: return "rpm";
    case LimitKind::Tokens: return "tpm";
    case LimitKind::Concurrency: return "concurrency";
    case LimitKind::Quota: return "quota";
    case LimitKind::Budget: return "budget";
    }
    return "";
}

const char* scopeKindName(ScopeUsage::Kind kind)
{
    switch (kind) {
    case ScopeUsage::Kind::Key: return "key";
    case ScopeUsage::Kind::Tenant: return "tenant";
    case ScopeUsage::Kind::Model: return "model";
    }
    return "";
}

void RateStatus::mergeRequests(qint64 limit, qint64 remaining, qint64 resetMs)
{
    if (!hasRequests || remaining < requestRemaining ||
        (remaining == requestRemaining && limit < requestLimit)) {
        hasRequests = true;
        requestLimit = limit;
        requestRemaining = remaining;
        requestResetMs = resetMs;
    }
}

void RateStatus::mergeTokens(qint64 limit, qint64 remaining, qint64 resetMs)
{
    if (!hasTokens || remaining < tokenRemaining ||
        (remaining == tokenRemaining && limit < tokenLimit)) {
        hasTokens = true;
        tokenLimit = limit;
        tokenRemaining = remaining;
        tokenResetMs = resetMs;
    }
}

void RateStatus::merge(const RateStatus& other)
{
    if (other.hasRequests)
        mergeRequests(other.requestLimit, other.requestRemaining, other.requestResetMs);
    if (other.hasTokens)
        mergeTokens(other.tokenLimit, other.tokenRemaining, other.tokenResetMs);
}

void PeriodCount::roll(config::Period configured, qint64 nowMs)
{
    if (active && period == configured && (bounds.endMs == 0 || nowMs < bounds.endMs))
        return;
    // Ended, or another period now: a new count. (A period changed by a reload starts afresh:
    // a month's spend is not a day's.)
    active = true;
    period = configured;
    bounds = periodBounds(configured, nowMs);
    used = 0;
}

void LedgerScope::refresh(const Demand& demand, qint64 nowMs)
{
    m_window.advance(floorSecond(nowMs));
    m_limits = *demand.limits;
    mayAlert.store(m_limits.tokenQuota > 0 || m_limits.budgetNanos > 0, std::memory_order_relaxed);
    if (!demand.name.isEmpty() && demand.name != m_name)
        m_name = demand.name;
    if (m_limits.tokenQuota > 0)
        m_quota.roll(m_limits.quotaPeriod, nowMs);
    if (m_limits.budgetNanos >= 0)
        m_budget.roll(m_limits.budgetPeriod, nowMs);
}

std::optional<Refusal> LedgerScope::check(const Demand& demand, qint64 nowMs) const
{
    const config::Limits& l = m_limits;
    Refusal r;
    r.kind = m_kind;
    r.name = m_name.isEmpty() ? m_id : m_name;
    if (demand.request && l.rpm > 0 && !fits(m_window.requests(), 1, l.rpm)) {
        r.limit = LimitKind::Requests;
        r.limitValue = l.rpm;
        r.used = m_window.requests();
        r.asked = 1;
        r.retryAfterMs = m_window.msUntilRequestsFit(l.rpm, 1, nowMs);
        return r;
    }
    if (demand.slot && l.maxConcurrent > 0 && m_inFlight >= l.maxConcurrent) {
        r.limit = LimitKind::Concurrency;
        r.limitValue = l.maxConcurrent;
        r.used = m_inFlight;
        r.asked = 1;
        // No one knows when a request in flight ends; a second is what OpenAI's clients wait
        // at least anyway.
        r.retryAfterMs = 1000;
        return r;
    }
    if (demand.tokens > 0 && l.tpm > 0 && !fits(m_window.tokens(), demand.tokens, l.tpm)) {
        r.limit = LimitKind::Tokens;
        r.limitValue = l.tpm;
        r.used = m_window.tokens();
        r.asked = demand.tokens;
        r.retryAfterMs = m_window.msUntilTokensFit(l.tpm, demand.tokens, nowMs);
        return r;
    }
    if (demand.tokens > 0 && l.tokenQuota > 0 && !fits(m_quota.used, demand.tokens, l.tokenQuota)) {
        r.limit = LimitKind::Quota;
        r.limitValue = l.tokenQuota;
        r.used = m_quota.used;
        r.asked = demand.tokens;
        r.periodEndsMs = m_quota.bounds.endMs;
        return r;
    }
    // A request that costs nothing passes even a spent budget: it spends nothing.
    if (demand.cost > 0 && l.budgetNanos >= 0 && !fits(m_budget.used, demand.cost, l.budgetNanos)) {
        r.limit = LimitKind::Budget;
        r.limitValue = l.budgetNanos;
        r.used = m_budget.used;
        r.asked = demand.cost;
        r.periodEndsMs = m_budget.bounds.endMs;
        return r;
    }
    return std::nullopt;
}

void LedgerScope::apply(const Demand& demand, Hold* hold, RateStatus* status, qint64 nowMs)
{
    const config::Limits& l = m_limits;
    hold->scope = this;
    m_window.add(demand.request ? 1 : 0, demand.tokens);
    hold->windowTokens = demand.tokens;
    hold->windowSecond = m_window.head();
    if (demand.slot && l.maxConcurrent > 0) {
        ++m_inFlight;
        hold->slot = true;
    }
    if (demand.tokens > 0 && l.tokenQuota > 0) {
        m_quota.used += demand.tokens;
        hold->quotaTokens = demand.tokens;
        hold->quotaStart = m_quota.bounds.startMs;
    }
    if (demand.cost > 0 && l.budgetNanos >= 0) {
        m_budget.used += demand.cost;
        hold->cost = demand.cost;
        hold->budgetStart = m_budget.bounds.startMs;
    }
    rates(status, nowMs);
    dirty.store(true, std::memory_order_relaxed);
}

void LedgerScope::rates(RateStatus* status, qint64 nowMs) const
{
    const config::Limits& l = m_limits;
    if (l.rpm > 0)
        status->mergeRequests(l.rpm, qMax<qint64>(0, l.rpm - m_window.requests()),
                              m_window.msUntilRequestsEmpty(nowMs));
    if (l.tpm > 0)
        status->mergeTokens(l.tpm, qMax<qint64>(0, l.tpm - m_window.tokens()),
                            m_window.msUntilTokensEmpty(nowMs));
}

void LedgerScope::settle(const Hold& hold, qint64 tokens, config::Nanos cost, qint64 nowMs)
{
    m_window.advance(floorSecond(nowMs));
    // Only a hold that counted tokens corrects them (a key's head admission counts a request
    // and a slot; its body admission, the tokens).
    if (hold.windowTokens > 0 && hold.windowTokens != tokens)
        m_window.adjustTokens(hold.windowSecond, tokens - hold.windowTokens);
    if (hold.slot && m_inFlight > 0)
        --m_inFlight;
    // A period that ended since admission is history: its count no longer limits anything,
    // and the log keeps what the request really used.
    if (hold.quotaTokens > 0 && m_quota.active && m_quota.bounds.startMs == hold.quotaStart)
        m_quota.used = qMax<qint64>(0, m_quota.used + tokens - hold.quotaTokens);
    if (hold.cost > 0 && m_budget.active && m_budget.bounds.startMs == hold.budgetStart)
        m_budget.used = qMax<qint64>(0, m_budget.used + cost - hold.cost);
    dirty.store(true, std::memory_order_relaxed);
}

int LedgerScope::takeAlerts(LimitAlert* out, qint64 nowMs)
{
    int count = 0;
    const auto take = [&](PeriodCount& c, qint64 limit, const char* what, double scale) {
        if (!c.active || c.alertedStart == c.bounds.startMs ||
            !passed(c.used, limit, m_limits.alertAtPercent))
            return;
        c.alertedStart = c.bounds.startMs;
        LimitAlert& a = out[count++];
        a.kind = m_kind;
        a.name = m_name.isEmpty() ? m_id : m_name;
        a.what = QLatin1String(what);
        a.used = double(c.used) / scale;
        a.limit = double(limit) / scale;
        a.timeMs = nowMs;
        dirty.store(true, std::memory_order_relaxed);
    };
    if (m_limits.tokenQuota > 0)
        take(m_quota, m_limits.tokenQuota, "quota", 1.0);
    if (m_limits.budgetNanos > 0)
        take(m_budget, m_limits.budgetNanos, "budget", double(config::nanosPerUsd));
    return count;
}

ScopeUsage LedgerScope::usage(qint64 nowMs)
{
    m_window.advance(floorSecond(nowMs));
    if (m_limits.tokenQuota > 0)
        m_quota.roll(m_limits.quotaPeriod, nowMs);
    if (m_limits.budgetNanos >= 0)
        m_budget.roll(m_limits.budgetPeriod, nowMs);
    ScopeUsage u;
    u.kind = m_kind;
    u.name = m_name.isEmpty() ? m_id : m_name;
    if (m_kind == ScopeUsage::Kind::Key)
        u.keyId = m_id;
    u.limits = m_limits;
    u.requestsThisMinute = m_window.requests();
    u.tokensThisMinute = m_window.tokens();
    u.inFlight = m_inFlight;
    u.quotaTokensUsed = m_quota.used;
    u.quotaPeriodEndsMs = m_quota.bounds.endMs;
    u.spentNanos = m_budget.used;
    u.budgetPeriodEndsMs = m_budget.bounds.endMs;
    return u;
}

LedgerScope::Stored LedgerScope::stored() const
{
    return {m_name, m_window, m_quota, m_budget};
}

void LedgerScope::restore(const Stored& stored)
{
    m_name = stored.name;
    m_window = stored.window;
    m_quota = stored.quota;
    m_budget = stored.budget;
}

} // namespace gateway::governance

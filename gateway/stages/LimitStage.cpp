#include "stages/LimitStage.h"

#include "governance/Ledger.h"
#include "governance/Pricing.h"
#include "governance/Principal.h"
#include "governance/Reservation.h"
#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"
#include "stages/Accounting.h"

#include <QDateTime>

#include <charconv>

namespace gateway::stages {

using governance::Demand;
using governance::LimitKind;
using governance::Refusal;
using governance::ScopeUsage;

namespace {

bool limitsTokens(const config::Limits& l)
{
    return l.tpm > 0 || l.tokenQuota > 0 || l.budgetNanos >= 0;
}

// "$0.01", "$1.2345": dollars with what the nano-dollars need, at least cents.
QByteArray usdText(config::Nanos nanos)
{
    QByteArray text = QByteArray::number(double(nanos) / double(config::nanosPerUsd), 'f', 9);
    while (text.endsWith('0') && text.indexOf('.') < text.size() - 3)
        text.chop(1);
    return '$' + text;
}

QByteArray isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate).toUtf8();
}

QByteArray scopeText(const Refusal& r)
{
    return QByteArray(governance::scopeKindName(r.kind)) + " '" + r.name.toUtf8() + '\'';
}

qint64 retrySeconds(qint64 ms)
{
    return qMax<qint64>(1, (ms + 999) / 1000);
}

// A number as text: std::to_chars, then one allocation (QByteArray::number's conversion costs
// several times more, on every limited request).
QByteArray decimal(qint64 n)
{
    char digits[24];
    return QByteArray(digits, std::to_chars(digits, digits + sizeof digits, n).ptr - digits);
}

// The header names as static data: a header costs its value's allocation only.
void setHeader(http::HeaderList& headers, const QByteArray& name, QByteArray value)
{
    for (auto& [n, v] : headers) {
        if (n == name) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(name, std::move(value));
}

// OpenAI's rate-limit headers for the tightest limit the request is under. Set once per
// request, when admission is over (or refused), from what the reservation saw.
void setRateHeaders(pipeline::RequestContext& ctx, const governance::RateStatus& s)
{
    static const QByteArray limitRequests = QByteArrayLiteral("x-ratelimit-limit-requests");
    static const QByteArray remainingRequests = QByteArrayLiteral("x-ratelimit-remaining-requests");
    static const QByteArray resetRequests = QByteArrayLiteral("x-ratelimit-reset-requests");
    static const QByteArray limitTokens = QByteArrayLiteral("x-ratelimit-limit-tokens");
    static const QByteArray remainingTokens = QByteArrayLiteral("x-ratelimit-remaining-tokens");
    static const QByteArray resetTokens = QByteArrayLiteral("x-ratelimit-reset-tokens");
    ctx.responseHeaders.reserve(ctx.responseHeaders.size() + 6); // one allocation, not four
    if (s.hasRequests) {
        setHeader(ctx.responseHeaders, limitRequests, decimal(s.requestLimit));
        setHeader(ctx.responseHeaders, remainingRequests, decimal(s.requestRemaining));
        setHeader(ctx.responseHeaders, resetRequests, LimitStage::formatDuration(s.requestResetMs));
    }
    if (s.hasTokens) {
        setHeader(ctx.responseHeaders, limitTokens, decimal(s.tokenLimit));
        setHeader(ctx.responseHeaders, remainingTokens, decimal(s.tokenRemaining));
        setHeader(ctx.responseHeaders, resetTokens, LimitStage::formatDuration(s.tokenResetMs));
    }
}

// Admission is over: the headers of what the head's and the body's admissions reserved.
pipeline::Verdict admitted(pipeline::RequestContext& ctx)
{
    if (ctx.reservation)
        setRateHeaders(ctx, ctx.reservation->status());
    return pipeline::Verdict::Continue;
}

governance::Reservation& reservationOf(pipeline::RequestContext& ctx)
{
    if (!ctx.reservation)
        ctx.reservation = std::make_shared<governance::Reservation>(*ctx.services->ledger);
    return *ctx.reservation;
}

// The most the request can cost: its tokens at the dearest of the alias's targets (a failover
// may take any of them). 0 when none has a known price.
config::Nanos worstCost(const config::ModelAlias& alias, const api::Usage& usage)
{
    config::Nanos worst = 0;
    for (const config::Target& target : alias.targets)
        if (const auto pricing = governance::pricingFor(&alias, target.model))
            worst = qMax(worst, governance::costOf(*pricing, usage));
    if (alias.targets.isEmpty())
        if (const auto pricing = governance::pricingFor(&alias, alias.alias))
            worst = governance::costOf(*pricing, usage);
    return worst;
}

} // namespace

LimitStage::LimitStage(const config::Config& config, state::StageCounters& counters)
    : m_reserveMaxTokens(config.governance.reserveMaxTokens), m_rpm(counters.counter("rpm")),
      m_tpm(counters.counter("tpm")), m_concurrency(counters.counter("concurrency")),
      m_quota(counters.counter("quota")), m_budget(counters.counter("budget"))
{
    for (const config::TenantDecl& t : config.tenants)
        if (t.limits.any())
            m_tenants.insert(t.name, t.limits);
    for (const config::ModelAlias& m : config.models)
        m_aliasLimits = m_aliasLimits || m.limits.any();
}

const config::Limits* LimitStage::tenantLimits(const QString& tenant) const
{
    const auto it = m_tenants.constFind(tenant);
    return it == m_tenants.cend() ? nullptr : &it.value();
}

QByteArray LimitStage::formatDuration(qint64 ms)
{
    // One allocation: this runs for every limited request, and QByteArray::number's
    // temporaries cost more than the limits' own bookkeeping.
    QByteArray out;
    out.reserve(24);
    const auto number = [&out](qint64 n) {
        char digits[24];
        out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr - digits);
    };
    if (ms < 1000) {
        number(qMax<qint64>(0, ms));
        return out + "ms";
    }
    if (ms >= 3'600'000) {
        number(ms / 3'600'000);
        out += 'h';
        ms %= 3'600'000;
        number(ms / 60'000);
        out += 'm';
        ms %= 60'000;
    } else if (ms >= 60'000) {
        number(ms / 60'000);
        out += 'm';
        ms %= 60'000;
    }
    number(ms / 1000);
    if (const qint64 fraction = ms % 1000) {
        // Three digits with the trailing zeros left out: 500 -> ".5", 75 -> ".075".
        const char digits[3] = {char('0' + fraction / 100), char('0' + fraction / 10 % 10),
                                char('0' + fraction % 10)};
        int count = 3;
        while (digits[count - 1] == '0')
            --count;
        out += '.';
        out.append(digits, count);
    }
    out += 's';
    return out;
}

qint64 LimitStage::promptEstimate(const pipeline::RequestContext& ctx)
{
    if (ctx.request.hasCanonical())
        return api::estimateInputTokens(ctx.request.canonical());
    return api::estimateTokens(qint64(ctx.request.body.size()));
}

pipeline::Verdict LimitStage::onRequestHeaders(pipeline::RequestContext& ctx) const
{
    const governance::Principal* principal = ctx.principal.get();
    if (!principal || !ctx.services->ledger)
        return pipeline::Verdict::Continue; // open mode: only the alias's limits apply
    Demand demands[2];
    int count = 0;
    const auto add = [&](ScopeUsage::Kind kind, const QString& id, const QString& name,
                         const config::Limits* limits) {
        if (limits && !id.isEmpty() && (limits->rpm > 0 || limits->maxConcurrent > 0)) {
            Demand& d = demands[count++];
            d.kind = kind;
            d.id = id;
            d.name = name;
            d.limits = limits;
            d.request = true;
            d.slot = true;
        }
    };
    add(ScopeUsage::Kind::Key, principal->keyId, principal->keyName, &principal->limits);
    add(ScopeUsage::Kind::Tenant, principal->tenant, QString(), tenantLimits(principal->tenant));
    if (count == 0)
        return pipeline::Verdict::Continue;
    governance::Reservation& reservation = reservationOf(ctx);
    const std::optional<Refusal> refused = ctx.services->ledger->admit(reservation, demands, count);
    if (!refused)
        return pipeline::Verdict::Continue; // the headers are set once the body is admitted too
    setRateHeaders(ctx, reservation.status());
    return refuse(ctx, *refused);
}

pipeline::Verdict LimitStage::onRequest(pipeline::RequestContext& ctx) const
{
    governance::Ledger* ledger = ctx.services->ledger;
    const governance::Principal* principal = ctx.principal.get();
    // A gateway with no limits pays a branch: no lookup, no estimate.
    if (!ledger || (!principal && !m_aliasLimits))
        return admitted(ctx);
    const bool keyCounts =
        principal && !principal->keyId.isEmpty() && limitsTokens(principal->limits);
    const config::Limits* tenant = principal ? tenantLimits(principal->tenant) : nullptr;
    const bool tenantCounts = tenant && limitsTokens(*tenant);
    const bool callerBudget = (keyCounts && principal->limits.budgetNanos >= 0) ||
                              (tenantCounts && tenant->budgetNanos >= 0);
    // The alias (for its limits, and for the price of a caller's budget). The route stage
    // comes later: this is the one it will take.
    const config::ModelAlias* alias = ctx.alias ? ctx.alias
                                      : m_aliasLimits || callerBudget
                                          ? ctx.runtime->config.model(ctx.request.model)
                                          : nullptr;
    const bool aliasCounts = alias && alias->limits.any();
    if (!keyCounts && !tenantCounts && !aliasCounts)
        return admitted(ctx); // nothing limits this request's body: no estimate

    const bool needTokens = keyCounts || tenantCounts || limitsTokens(alias->limits);
    const bool needCost = callerBudget || (aliasCounts && alias->limits.budgetNanos >= 0);
    api::Usage estimate;
    if (needTokens) {
        estimate.promptTokens = promptEstimate(ctx);
        // Embeddings answer no tokens; any other answer at most max_tokens.
        estimate.completionTokens = ctx.request.endpoint == api::Endpoint::Embeddings ? 0
                                    : ctx.request.maxTokens >= 0 ? ctx.request.maxTokens
                                                                 : m_reserveMaxTokens;
    }
    const qint64 tokens = needTokens ? estimate.promptTokens + estimate.completionTokens : 0;
    const config::Nanos cost = needCost && alias ? worstCost(*alias, estimate) : 0;

    Demand demands[3];
    int count = 0;
    const auto add = [&](ScopeUsage::Kind kind, const QString& id, const QString& name,
                         const config::Limits* limits, bool request) {
        Demand& d = demands[count++];
        d.kind = kind;
        d.id = id;
        d.name = name;
        d.limits = limits;
        d.request = request;
        d.slot = request;
        d.tokens = tokens;
        d.cost = cost;
    };
    if (keyCounts)
        add(ScopeUsage::Kind::Key, principal->keyId, principal->keyName, &principal->limits, false);
    if (tenantCounts)
        add(ScopeUsage::Kind::Tenant, principal->tenant, QString(), tenant, false);
    if (aliasCounts)
        add(ScopeUsage::Kind::Model, alias->alias, QString(), &alias->limits, true);
    governance::Reservation& reservation = reservationOf(ctx);
    const std::optional<Refusal> refused = ledger->admit(reservation, demands, count);
    if (!refused)
        return admitted(ctx);
    setRateHeaders(ctx, reservation.status());
    return refuse(ctx, *refused);
}

void LimitStage::onComplete(pipeline::RequestContext& ctx) const
{
    governance::Reservation* reservation = ctx.reservation.get();
    if (!reservation || reservation->settled())
        return;
    if (reservation->reservedTokens() == 0 && reservation->reservedCost() == 0) {
        ctx.services->ledger->settle(*reservation, 0, 0); // a request and a slot only
        return;
    }
    account(ctx); // the usage (estimated where none was reported) and its cost, once
    const qint64 tokens = ctx.usage.known()
                              ? ctx.usage.promptTokens + qMax<qint64>(0, ctx.usage.completionTokens)
                              : 0;
    ctx.services->ledger->settle(*reservation, tokens, ctx.costNanos);
}

pipeline::Verdict LimitStage::refuse(pipeline::RequestContext& ctx, const Refusal& r) const
{
    QByteArray message;
    switch (r.limit) {
    case LimitKind::Requests:
    case LimitKind::Tokens:
    case LimitKind::Concurrency: {
        const qint64 retryMs = r.retryAfterMs < 0 ? 60'000 : r.retryAfterMs;
        if (r.limit == LimitKind::Requests) {
            m_rpm.fetch_add(1, std::memory_order_relaxed);
            message = "Rate limit reached for " + scopeText(r) +
                      " on requests per minute (RPM): limit " + QByteArray::number(r.limitValue) +
                      ", used " + QByteArray::number(r.used) + ". Please try again in " +
                      formatDuration(retryMs) + '.';
        } else if (r.limit == LimitKind::Tokens) {
            m_tpm.fetch_add(1, std::memory_order_relaxed);
            message =
                r.retryAfterMs < 0
                    ? "Request too large for " + scopeText(r) +
                          " on tokens per minute (TPM): limit " + QByteArray::number(r.limitValue) +
                          ", requested " + QByteArray::number(r.asked) +
                          " (the prompt's estimate and max_tokens). Reduce the prompt or "
                          "max_tokens."
                    : "Rate limit reached for " + scopeText(r) +
                          " on tokens per minute (TPM): limit " + QByteArray::number(r.limitValue) +
                          ", used " + QByteArray::number(r.used) + ", requested " +
                          QByteArray::number(r.asked) + ". Please try again in " +
                          formatDuration(retryMs) + '.';
        } else {
            m_concurrency.fetch_add(1, std::memory_order_relaxed);
            message = "Too many requests in flight for " + scopeText(r) + ": limit " +
                      QByteArray::number(r.limitValue) +
                      ". Please try again when one of them has finished.";
        }
        // Both: the openai SDKs (Python, Node) take retry-after-ms first, then retry-after, and
        // honour either up to 60 s; other clients know retry-after only (RFC 9110, 10.2.3).
        setHeader(ctx.responseHeaders, "retry-after", QByteArray::number(retrySeconds(retryMs)));
        setHeader(ctx.responseHeaders, "retry-after-ms",
                  QByteArray::number(qMax<qint64>(1, retryMs)));
        ctx.replyError(429, "rate_limited", message, "rate_limit_exceeded");
        return pipeline::Verdict::Reply;
    }
    case LimitKind::Quota:
    case LimitKind::Budget: {
        const bool quota = r.limit == LimitKind::Quota;
        (quota ? m_quota : m_budget).fetch_add(1, std::memory_order_relaxed);
        const QByteArray resets = r.periodEndsMs == 0
                                      ? QByteArray(" It is a total and does not reset.")
                                      : " It resets at " + isoTime(r.periodEndsMs) + '.';
        if (quota)
            message = "Token quota exceeded for " + scopeText(r) + ": " +
                      QByteArray::number(r.used) + " of " + QByteArray::number(r.limitValue) +
                      " tokens used, and this request may use " + QByteArray::number(r.asked) +
                      '.' + resets;
        else
            message = "Budget exceeded for " + scopeText(r) + ": " + usdText(r.used) + " of " +
                      usdText(r.limitValue) + " spent, and this request may cost " +
                      usdText(r.asked) + '.' + resets;
        ctx.replyError(403, quota ? "quota_exceeded" : "budget_exceeded", message,
                       quota ? "quota_exceeded" : "budget_exceeded");
        return pipeline::Verdict::Reply;
    }
    }
    return pipeline::Verdict::Continue;
}

} // namespace gateway::stages

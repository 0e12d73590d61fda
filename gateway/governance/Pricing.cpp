// INTERIM (h-limits): the part of governance/Pricing.h that the limits stage calls, so that the
// h-limits branch builds and its tests run before h-pricing lands. At the merge, h-pricing's
// Pricing.cpp (the shipped table, resources/pricing.json, and its parser) replaces this file.
#include "governance/Pricing.h"

#include <cmath>

namespace gateway::governance {

const PriceTable& PriceTable::shipped()
{
    static const PriceTable table; // h-pricing: resources/pricing.json
    return table;
}

std::optional<config::Pricing> PriceTable::find(const QString& model) const
{
    const auto it = m_prices.constFind(model);
    if (it == m_prices.cend())
        return std::nullopt;
    return it.value();
}

std::optional<config::Pricing> pricingFor(const config::ModelAlias* alias,
                                          const QString& upstreamModel, const PriceTable& table)
{
    if (alias && alias->pricing)
        return alias->pricing;
    if (auto found = table.find(upstreamModel))
        return found;
    if (alias)
        return table.find(alias->alias);
    return std::nullopt;
}

config::Nanos costOf(const config::Pricing& p, const api::Usage& usage)
{
    if (!usage.known())
        return 0;
    const auto price = [](double own, double fallback) { return own >= 0 ? own : fallback; };
    const double cacheRead = double(qMax<qint64>(0, usage.cacheReadTokens));
    const double cacheWrite = double(qMax<qint64>(0, usage.cacheWriteTokens));
    const double reasoning = double(qMax<qint64>(0, usage.reasoningTokens));
    const double input = qMax(0.0, double(usage.promptTokens) - cacheRead - cacheWrite);
    const double output = qMax(0.0, double(qMax<qint64>(0, usage.completionTokens)) - reasoning);
    // US dollars per million tokens = nano-dollars per token times 1000.
    const double nanos =
        1000.0 * (input * p.inputPer1M + cacheRead * price(p.cachedInputPer1M, p.inputPer1M) +
                  cacheWrite * price(p.cacheWritePer1M, p.inputPer1M) + output * p.outputPer1M +
                  reasoning * price(p.reasoningPer1M, p.outputPer1M));
    return config::Nanos(std::llround(nanos));
}

} // namespace gateway::governance

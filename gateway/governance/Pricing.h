#pragma once

#include "Result.h"
#include "api/Usage.h"
#include "config/Config.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <optional>

namespace gateway::governance {

// Prices of well-known models (resources/pricing.json), by the model's name as its provider
// calls it. A name with a provider's prefix ("openai/gpt-4o", "us.anthropic.claude-...") or a
// date suffix ("gpt-4o-2024-08-06", "claude-sonnet-4-5-20250929") finds its base model.
class PriceTable
{
public:
    static const PriceTable& shipped();
    static Result<PriceTable> parse(const QByteArray& json);

    std::optional<config::Pricing> find(const QString& model) const;
    const QHash<QString, config::Pricing>& entries() const { return m_prices; }

private:
    QHash<QString, config::Pricing> m_prices;
};

// The price of a request: the alias's models[].pricing, else the table's price for the upstream
// model, else for the alias's name; none when nothing is known (the request then costs 0).
std::optional<config::Pricing> pricingFor(const config::ModelAlias* alias,
                                          const QString& upstreamModel,
                                          const PriceTable& table = PriceTable::shipped());

// What usage costs at pricing, in nano-dollars: cache reads at the cached-input price, cache
// writes at the cache-write price, reasoning at the reasoning price, each part once (the parts
// are inside promptTokens and completionTokens, api/Usage.h).
config::Nanos costOf(const config::Pricing& pricing, const api::Usage& usage);

} // namespace gateway::governance

#pragma once

#include "config/Governance.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ui {

// models[].pricing in the config document, as the console's price table edits it.
class PriceOverride
{
public:
    // The JSON of a price (US dollars per million tokens): input and output always; the cache
    // and reasoning prices only when set (unset, the loader takes the input or output price).
    static QJsonObject toJson(const gateway::config::Pricing& pricing);

    // The document with the alias's models[].pricing set to pricing, or removed (none), so
    // that the shipped table's price applies again. False, and the document unchanged, when no
    // models[] entry has that alias.
    static bool apply(QJsonObject& document, const QString& alias,
                      const std::optional<gateway::config::Pricing>& pricing);
};

} // namespace ui

#include "models/PriceOverride.h"

#include <QJsonArray>

namespace ui {

QJsonObject PriceOverride::toJson(const gateway::config::Pricing& pricing)
{
    QJsonObject json{{QStringLiteral("inputPer1M"), pricing.inputPer1M},
                     {QStringLiteral("outputPer1M"), pricing.outputPer1M}};
    if (pricing.cachedInputPer1M >= 0)
        json.insert(QStringLiteral("cachedInputPer1M"), pricing.cachedInputPer1M);
    if (pricing.cacheWritePer1M >= 0)
        json.insert(QStringLiteral("cacheWritePer1M"), pricing.cacheWritePer1M);
    if (pricing.reasoningPer1M >= 0)
        json.insert(QStringLiteral("reasoningPer1M"), pricing.reasoningPer1M);
    return json;
}

bool PriceOverride::apply(QJsonObject& document, const QString& alias,
                          const std::optional<gateway::config::Pricing>& pricing)
{
    QJsonArray models = document.value(QStringLiteral("models")).toArray();
    for (qsizetype i = 0; i < models.size(); ++i) {
        QJsonObject model = models.at(i).toObject();
        if (model.value(QStringLiteral("alias")).toString() != alias)
            continue;
        if (pricing)
            model.insert(QStringLiteral("pricing"), toJson(*pricing));
        else
            model.remove(QStringLiteral("pricing"));
        models.replace(i, model);
        document.insert(QStringLiteral("models"), models);
        return true;
    }
    return false;
}

} // namespace ui

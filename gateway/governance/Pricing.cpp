#include "governance/Pricing.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QtDebug>

#include <cmath>
#include <limits>

namespace gateway::governance {

namespace {

// The table is a file a person edits (or a bundle carries): bounded before it is parsed, and
// every price the same bound as models[].pricing in the config (ConfigLoader's readPricing).
constexpr qsizetype maxTableBytes = 1 << 20;
constexpr qsizetype maxModels = 10'000;
constexpr double maxPricePer1M = 1e6;
constexpr qsizetype maxModelNameChars = 256;

Result<double> price(const QJsonObject& entry, const QString& model, const char* field,
                     double absent)
{
    const QJsonValue value = entry.value(QLatin1String(field));
    if (value.isUndefined())
        return absent;
    const double usd = value.toDouble(-1);
    if (!value.isDouble() || !std::isfinite(usd) || usd < 0 || usd > maxPricePer1M)
        return Result<double>::failure(
            QStringLiteral("models.\"%1\".%2: must be a number of US dollars from 0 to %3")
                .arg(model, QLatin1String(field))
                .arg(maxPricePer1M, 0, 'f', 0));
    return usd;
}

// "us.anthropic.claude-..." (Bedrock's inference profiles and model ids), "openai/gpt-4o",
// "models/gemini-2.5-pro": the provider's or router's prefix in front of the model's name.
QString withoutPrefix(const QString& model)
{
    QString name = model.mid(model.lastIndexOf(QLatin1Char('/')) + 1);
    // A leading segment of letters only ("us.", "eu.", "global.", "anthropic.", "meta.") is a
    // region or a vendor; a model's own dots come after digits ("gpt-4.1", "gemini-2.5-pro").
    static const QRegularExpression segment(QStringLiteral("^[a-z][a-z-]{0,15}\\."));
    for (QRegularExpressionMatch m = segment.match(name); m.hasMatch(); m = segment.match(name))
        name = name.mid(m.capturedLength());
    return name;
}

// One date or version suffix off the end, or the name unchanged: "-2024-08-06" (OpenAI),
// "-20250929" (Anthropic), "-v1:0" (Bedrock), "@20240620" (Vertex AI), "-latest", "-001"
// (Gemini's stable versions).
QString withoutOneSuffix(const QString& model)
{
    static const QRegularExpression suffix(QStringLiteral(
        "(-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|-v\\d+(:\\d+)?|@\\d{8}|@latest|-latest|-\\d{3})$"));
    const QRegularExpressionMatch m = suffix.match(model);
    return m.hasMatch() ? model.left(m.capturedStart()) : model;
}

// Dollars per million tokens as nano-dollars per million tokens: exact for any price of up to
// nine decimals, which every provider's is.
__int128 nanosPer1M(double usd)
{
    return __int128(config::usdToNanos(usd));
}

} // namespace

Result<PriceTable> PriceTable::parse(const QByteArray& json)
{
    using R = Result<PriceTable>;
    if (json.size() > maxTableBytes)
        return R::failure(
            QStringLiteral("the price table is over %1 bytes").arg(qint64(maxTableBytes)));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return R::failure(QStringLiteral("the price table is not JSON: %1 at offset %2")
                              .arg(error.errorString())
                              .arg(error.offset));
    if (!doc.isObject())
        return R::failure(QStringLiteral("the price table must be a JSON object"));
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const QString& key = it.key();
        if (key == QLatin1String("models"))
            continue;
        if (key != QLatin1String("source") && key != QLatin1String("asOf"))
            return R::failure(QStringLiteral("unknown field \"%1\" (expected models, source, "
                                             "asOf)")
                                  .arg(key));
        if (!it.value().isString())
            return R::failure(QStringLiteral("%1: must be a string").arg(key));
    }
    const QJsonValue models = root.value(QLatin1String("models"));
    if (!models.isObject())
        return R::failure(QStringLiteral("models: must be an object of model names to prices"));
    const QJsonObject entries = models.toObject();
    if (entries.size() > maxModels)
        return R::failure(QStringLiteral("models: more than %1 models").arg(qint64(maxModels)));

    static const QStringList fields = {
        QStringLiteral("inputPer1M"),       QStringLiteral("outputPer1M"),
        QStringLiteral("cachedInputPer1M"), QStringLiteral("cacheWritePer1M"),
        QStringLiteral("reasoningPer1M"),   QStringLiteral("source")};
    PriceTable table;
    for (auto it = entries.begin(); it != entries.end(); ++it) {
        const QString model = it.key();
        if (model.isEmpty() || model.size() > maxModelNameChars)
            return R::failure(QStringLiteral("models: a model's name must be 1 to %1 characters")
                                  .arg(qint64(maxModelNameChars)));
        if (!it.value().isObject())
            return R::failure(
                QStringLiteral("models.\"%1\": must be an object of prices").arg(model));
        const QJsonObject entry = it.value().toObject();
        for (auto field = entry.begin(); field != entry.end(); ++field)
            if (!fields.contains(field.key()))
                return R::failure(QStringLiteral("models.\"%1\": unknown field \"%2\" (expected "
                                                 "%3)")
                                      .arg(model, field.key(), fields.join(QStringLiteral(", "))));
        if (!entry.contains(QLatin1String("inputPer1M")) ||
            !entry.contains(QLatin1String("outputPer1M")))
            return R::failure(
                QStringLiteral("models.\"%1\": inputPer1M and outputPer1M are required")
                    .arg(model));
        if (entry.contains(QLatin1String("source")) &&
            !entry.value(QLatin1String("source")).isString())
            return R::failure(QStringLiteral("models.\"%1\".source: must be a string").arg(model));
        config::Pricing p;
        const struct
        {
            const char* field;
            double* target;
            double absent;
        } prices[] = {{"inputPer1M", &p.inputPer1M, 0},
                      {"outputPer1M", &p.outputPer1M, 0},
                      {"cachedInputPer1M", &p.cachedInputPer1M, -1},
                      {"cacheWritePer1M", &p.cacheWritePer1M, -1},
                      {"reasoningPer1M", &p.reasoningPer1M, -1}};
        for (const auto& f : prices) {
            const Result<double> usd = price(entry, model, f.field, f.absent);
            if (!usd)
                return R::failure(usd.error());
            *f.target = usd.value();
        }
        const QString key = model.toLower();
        if (table.m_prices.contains(key))
            return R::failure(
                QStringLiteral("models.\"%1\": listed twice (names are not case-sensitive)")
                    .arg(model));
        table.m_prices.insert(key, p);
    }
    return table;
}

const PriceTable& PriceTable::shipped()
{
    // Read once, on first use, from any thread (a function-local static's initialisation is
    // thread-safe). The resource is part of the build: failing to parse it is a bug that a
    // test catches (PriceTable.ShippedTableParses), so it logs and prices nothing.
    static const PriceTable table = [] {
        QFile file(QStringLiteral(":/switchboard/pricing.json"));
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("the shipped price table is missing from the build");
            return PriceTable();
        }
        Result<PriceTable> parsed = parse(file.read(maxTableBytes + 1));
        if (!parsed) {
            qWarning("the shipped price table is invalid: %s", qPrintable(parsed.error()));
            return PriceTable();
        }
        return std::move(parsed).value();
    }();
    return table;
}

std::optional<config::Pricing> PriceTable::find(const QString& model) const
{
    if (model.isEmpty() || m_prices.isEmpty())
        return std::nullopt;
    const QString exact = model.toLower();
    if (const auto it = m_prices.constFind(exact); it != m_prices.cend())
        return *it;
    QString name = withoutPrefix(exact);
    if (const auto it = m_prices.constFind(name); it != m_prices.cend())
        return *it;
    // "claude-3-5-haiku-20241022-v1:0" has two suffixes; a few are more than any id carries.
    for (int i = 0; i < 4; ++i) {
        const QString shorter = withoutOneSuffix(name);
        if (shorter == name || shorter.isEmpty())
            break;
        name = shorter;
        if (const auto it = m_prices.constFind(name); it != m_prices.cend())
            return *it;
    }
    return std::nullopt;
}

std::optional<config::Pricing> pricingFor(const config::ModelAlias* alias,
                                          const QString& upstreamModel, const PriceTable& table)
{
    if (alias && alias->pricing)
        return alias->pricing;
    if (std::optional<config::Pricing> p = table.find(upstreamModel))
        return p;
    if (alias)
        return table.find(alias->alias);
    return std::nullopt;
}

config::Nanos costOf(const config::Pricing& pricing, const api::Usage& usage)
{
    const auto tokens = [](qint64 n) { return __int128(qMax<qint64>(0, n)); };
    const qint64 cacheRead = qMax<qint64>(0, usage.cacheReadTokens);
    const qint64 cacheWrite = qMax<qint64>(0, usage.cacheWriteTokens);
    const qint64 reasoning = qMax<qint64>(0, usage.reasoningTokens);
    const __int128 input = nanosPer1M(pricing.inputPer1M);
    const __int128 output = nanosPer1M(pricing.outputPer1M);
    const auto orElse = [](double price, __int128 fallback) {
        return price >= 0 ? nanosPer1M(price) : fallback;
    };
    // Each part once: the cache and reasoning counts are inside the prompt and completion
    // counts (api/Usage.h), so they come out of those before the rest is priced in full. Not
    // doing so prices cached tokens at the full input rate (LiteLLM #11364).
    const __int128 perMillion = tokens(usage.promptTokens - cacheRead - cacheWrite) * input +
                                tokens(cacheRead) * orElse(pricing.cachedInputPer1M, input) +
                                tokens(cacheWrite) * orElse(pricing.cacheWritePer1M, input) +
                                tokens(usage.completionTokens - reasoning) * output +
                                tokens(reasoning) * orElse(pricing.reasoningPer1M, output);
    // One rounding, half up, of the whole sum.
    const __int128 nanos = (perMillion + 500'000) / 1'000'000;
    return nanos > __int128(std::numeric_limits<config::Nanos>::max())
               ? std::numeric_limits<config::Nanos>::max()
               : config::Nanos(nanos);
}

} // namespace gateway::governance

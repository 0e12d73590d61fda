#include "admin/AdminJson.h"

#include "config/ConfigLoader.h"
#include "config/LimitsJson.h"
#include "governance/Expiry.h"
#include "governance/KeyJson.h"
#include "governance/LedgerScope.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace gateway::admin {

namespace {

// Bounds on what a client may store in a key (its record is read on every reload of the key
// directory, and shown in the console).
constexpr qsizetype maxModels = 256;
constexpr qsizetype maxMetadata = 64;
constexpr qsizetype maxTextLength = 256;    // a model glob (as the key store)
constexpr qsizetype maxTagNameLength = 128; // a metadata tag's name and value (as the store)
constexpr qsizetype maxTagValueLength = 1024;

QJsonValue timeOrNull(qint64 ms)
{
    return ms == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(governance::isoTime(ms));
}

QJsonValue limitOrNull(qint64 limit)
{
    return limit > 0 ? QJsonValue(limit) : QJsonValue(QJsonValue::Null);
}

QJsonValue remainingOrNull(qint64 limit, qint64 used)
{
    return limit > 0 ? QJsonValue(qMax<qint64>(0, limit - used)) : QJsonValue(QJsonValue::Null);
}

// Reads one JSON object's fields, remembering which it knew (unknown ones are errors).
class FieldReader
{
public:
    FieldReader(const QJsonObject& object, QString path, QStringList* errors)
        : m_object(object), m_path(std::move(path)), m_errors(errors)
    {}

    QString fieldPath(const QString& key) const
    {
        return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
    }
    void error(const QString& key, const QString& message) const
    {
        m_errors->append(fieldPath(key) + QStringLiteral(": ") + message);
    }
    bool has(const QString& key)
    {
        m_known.append(key);
        return m_object.contains(key);
    }
    QJsonValue value(const QString& key)
    {
        m_known.append(key);
        return m_object.value(key);
    }
    void rejectUnknown() const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it)
            if (!m_known.contains(it.key()))
                m_errors->append(fieldPath(it.key()) + QStringLiteral(": unknown field"));
    }

private:
    QJsonObject m_object;
    QString m_path;
    QStringList* m_errors;
    QStringList m_known;
};

QString nameProblem(const QString& name)
{
    return config::ConfigLoader::isValidKeyName(name)
               ? QString()
               : QStringLiteral("\"%1\" must be 1 to 64 letters, digits, '.', '_' or '-'")
                     .arg(name.left(maxTextLength));
}

} // namespace

QJsonObject budgetJson(const governance::ScopeUsage& s)
{
    const bool limited = s.limits.budgetNanos >= 0;
    QJsonObject o;
    o.insert(QStringLiteral("spentUsd"), config::nanosToUsd(s.spentNanos));
    o.insert(QStringLiteral("limitUsd"), limited
                                             ? QJsonValue(config::nanosToUsd(s.limits.budgetNanos))
                                             : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("remainingUsd"),
             limited ? QJsonValue(config::nanosToUsd(
                           qMax<config::Nanos>(0, s.limits.budgetNanos - s.spentNanos)))
                     : QJsonValue(QJsonValue::Null));
    o.insert(QStringLiteral("period"), config::periodName(s.limits.budgetPeriod));
    o.insert(QStringLiteral("periodEnds"), timeOrNull(s.budgetPeriodEndsMs));
    return o;
}

QJsonObject quotaJson(const governance::ScopeUsage& s)
{
    QJsonObject o;
    o.insert(QStringLiteral("usedTokens"), s.quotaTokensUsed);
    o.insert(QStringLiteral("limitTokens"), limitOrNull(s.limits.tokenQuota));
    o.insert(QStringLiteral("remainingTokens"),
             remainingOrNull(s.limits.tokenQuota, s.quotaTokensUsed));
    o.insert(QStringLiteral("period"), config::periodName(s.limits.quotaPeriod));
    o.insert(QStringLiteral("periodEnds"), timeOrNull(s.quotaPeriodEndsMs));
    return o;
}

QJsonObject ratesJson(const governance::ScopeUsage& s)
{
    const auto rate = [](qint64 used, qint64 limit) {
        QJsonObject o;
        o.insert(QStringLiteral("used"), used);
        o.insert(QStringLiteral("limit"), limitOrNull(limit));
        o.insert(QStringLiteral("remaining"), remainingOrNull(limit, used));
        return o;
    };
    QJsonObject o;
    o.insert(QStringLiteral("requestsPerMinute"), rate(s.requestsThisMinute, s.limits.rpm));
    o.insert(QStringLiteral("tokensPerMinute"), rate(s.tokensThisMinute, s.limits.tpm));
    o.insert(QStringLiteral("inFlight"), rate(s.inFlight, s.limits.maxConcurrent));
    return o;
}

QJsonObject scopeJson(const governance::ScopeUsage& s, int parts)
{
    QJsonObject o;
    o.insert(QStringLiteral("kind"), QLatin1String(governance::scopeKindName(s.kind)));
    o.insert(QStringLiteral("name"), s.name);
    if (!s.keyId.isEmpty())
        o.insert(QStringLiteral("keyId"), s.keyId);
    if (parts & Spend) {
        o.insert(QStringLiteral("budget"), budgetJson(s));
        o.insert(QStringLiteral("quota"), quotaJson(s));
    }
    if (parts & Rates) {
        const QJsonObject rates = ratesJson(s);
        for (auto it = rates.begin(); it != rates.end(); ++it)
            o.insert(it.key(), it.value());
    }
    return o;
}

Result<governance::KeySpec> keySpecFromJson(const QByteArray& body, bool create, qint64 nowMs)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Result<governance::KeySpec>::failure(
            QStringLiteral("the body is not JSON: %1 at offset %2")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    if (!document.isObject())
        return Result<governance::KeySpec>::failure(QStringLiteral("the body must be an object"));
    QStringList errors;
    FieldReader r(document.object(), QString(), &errors);
    governance::KeySpec spec;
    const auto name = [&](const QString& field) -> std::optional<QString> {
        const QJsonValue v = r.value(field);
        if (v.isUndefined())
            return std::nullopt;
        const QString problem =
            v.isString() ? nameProblem(v.toString()) : QStringLiteral("must be a string");
        if (!problem.isEmpty()) {
            r.error(field, problem);
            return std::nullopt;
        }
        return v.toString();
    };
    if (create) {
        spec.name = name(QStringLiteral("name")).value_or(QString());
        if (!r.has(QStringLiteral("name")))
            r.error(QStringLiteral("name"), QStringLiteral("is required"));
    } else if (r.has(QStringLiteral("name"))) {
        r.error(QStringLiteral("name"), QStringLiteral("cannot be changed (create a new key)"));
    }
    spec.tenant = name(QStringLiteral("tenant"));
    if (r.has(QStringLiteral("models"))) {
        const QJsonValue v = r.value(QStringLiteral("models"));
        QStringList models;
        const QJsonArray items = v.toArray();
        if (!v.isArray() || items.size() > maxModels)
            r.error(QStringLiteral("models"),
                    QStringLiteral("must be an array of at most %1 model aliases or globs "
                                   "(empty: every alias)")
                        .arg(maxModels));
        for (qsizetype i = 0; v.isArray() && i < items.size() && i < maxModels; ++i) {
            const QString glob = items.at(i).toString();
            if (!items.at(i).isString() || glob.isEmpty() || glob.size() > maxTextLength)
                r.error(QStringLiteral("models[%1]").arg(i),
                        QStringLiteral("must be a non-empty string of at most %1 characters")
                            .arg(maxTextLength));
            else
                models.append(glob);
        }
        spec.models = models;
    }
    if (r.has(QStringLiteral("limits"))) {
        const Result<config::Limits> limits =
            config::limitsFromJson(r.value(QStringLiteral("limits")));
        if (limits)
            spec.limits = limits.value();
        else
            errors.append(limits.error().split(QLatin1Char('\n')));
    }
    if (r.has(QStringLiteral("expires"))) {
        const QJsonValue v = r.value(QStringLiteral("expires"));
        if (v.isNull()) {
            spec.expiresMs = 0;
        } else if (!v.isString()) {
            r.error(QStringLiteral("expires"),
                    QStringLiteral("must be a duration such as \"30d\", an ISO 8601 time, or "
                                   "null (never)"));
        } else {
            const Result<qint64> at = governance::parseExpiry(v.toString(), nowMs);
            if (at)
                spec.expiresMs = at.value();
            else
                r.error(QStringLiteral("expires"), at.error());
        }
    }
    if (r.has(QStringLiteral("metadata"))) {
        const QJsonValue v = r.value(QStringLiteral("metadata"));
        const QJsonObject tags = v.toObject();
        QList<QPair<QString, QString>> metadata;
        if (!v.isObject() || tags.size() > maxMetadata)
            r.error(
                QStringLiteral("metadata"),
                QStringLiteral("must be an object of at most %1 string values").arg(maxMetadata));
        else
            for (auto it = tags.begin(); it != tags.end(); ++it) {
                if (!it.value().isString() || it.key().isEmpty() ||
                    it.key().size() > maxTagNameLength ||
                    it.value().toString().size() > maxTagValueLength)
                    r.error(QStringLiteral("metadata.") + it.key().left(maxTagNameLength),
                            QStringLiteral("must be a string of at most %1 characters, under a "
                                           "name of 1 to %2")
                                .arg(maxTagValueLength)
                                .arg(maxTagNameLength));
                else
                    metadata.append({it.key(), it.value().toString()});
            }
        spec.metadata = metadata;
    }
    r.rejectUnknown();
    if (!create && errors.isEmpty() && !spec.tenant && !spec.models && !spec.limits &&
        !spec.expiresMs && !spec.metadata)
        errors.append(QStringLiteral("nothing to change: set one of tenant, models, limits, "
                                     "expires, metadata"));
    if (!errors.isEmpty())
        return Result<governance::KeySpec>::failure(errors.join(QStringLiteral("; ")));
    return spec;
}

} // namespace gateway::admin

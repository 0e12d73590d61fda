#include "config/LimitsJson.h"

#include <QStringList>

#include <cmath>

namespace gateway::config {

namespace {

// The bounds of ConfigLoader's readLimits (gateway/config/ConfigLoader.cpp).
constexpr qint64 maxRpm = qint64(1) << 40;
constexpr qint64 maxTokens = qint64(1) << 50;
constexpr qint64 maxConcurrent = 1'000'000;
constexpr double maxBudgetUsd = 1e9;

class Reader
{
public:
    Reader(const QJsonObject& object, QString path, QStringList* errors)
        : m_object(object), m_path(std::move(path)), m_errors(errors)
    {}

    void only(std::initializer_list<const char*> known) const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            bool ok = false;
            for (const char* k : known)
                ok = ok || it.key() == QLatin1String(k);
            if (!ok)
                error(it.key(), QStringLiteral("is not a limit (%1)")
                                    .arg(QStringList(known.begin(), known.end()).join(", ")));
        }
    }
    qint64 integer(const char* key, qint64 fallback, qint64 min, qint64 max) const
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || d != std::floor(d) || d < double(min) || d > double(max)) {
            error(QLatin1String(key),
                  QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return qint64(d);
    }
    double number(const char* key, double fallback, double min, double max) const
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || !(v.toDouble() >= min && v.toDouble() <= max)) {
            error(QLatin1String(key), QStringLiteral("must be a number from %1 to %2")
                                          .arg(min, 0, 'f', 0)
                                          .arg(max, 0, 'f', 0));
            return fallback;
        }
        return v.toDouble();
    }
    void period(Period* out) const
    {
        const QJsonValue v = m_object.value(QLatin1String("period"));
        if (v.isUndefined())
            return;
        if (!v.isString() || !periodFromName(v.toString(), out))
            error(QStringLiteral("period"),
                  QStringLiteral("must be \"day\", \"week\", \"month\" or \"total\""));
    }
    // The object under key, or nothing (an error when it is there and no object).
    std::optional<Reader> object(const char* key) const
    {
        const QJsonValue v = m_object.value(QLatin1String(key));
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isObject()) {
            error(QLatin1String(key), QStringLiteral("must be an object"));
            return std::nullopt;
        }
        return Reader(v.toObject(), m_path + QLatin1Char('.') + QLatin1String(key), m_errors);
    }
    bool has(const char* key) const { return m_object.contains(QLatin1String(key)); }
    void error(const QString& key, const QString& message) const
    {
        m_errors->append(m_path + QLatin1Char('.') + key + QStringLiteral(": ") + message);
    }

private:
    QJsonObject m_object;
    QString m_path;
    QStringList* m_errors;
};

} // namespace

QJsonObject limitsToJson(const Limits& limits)
{
    QJsonObject o;
    if (limits.rpm > 0)
        o.insert(QStringLiteral("rpm"), double(limits.rpm));
    if (limits.tpm > 0)
        o.insert(QStringLiteral("tpm"), double(limits.tpm));
    if (limits.maxConcurrent > 0)
        o.insert(QStringLiteral("maxConcurrent"), limits.maxConcurrent);
    if (limits.tokenQuota > 0)
        o.insert(QStringLiteral("quota"),
                 QJsonObject{{QStringLiteral("tokens"), double(limits.tokenQuota)},
                             {QStringLiteral("period"), periodName(limits.quotaPeriod)}});
    if (limits.budgetNanos >= 0)
        o.insert(QStringLiteral("budget"),
                 QJsonObject{{QStringLiteral("usd"), nanosToUsd(limits.budgetNanos)},
                             {QStringLiteral("period"), periodName(limits.budgetPeriod)}});
    if (limits.alertAtPercent != Limits().alertAtPercent)
        o.insert(QStringLiteral("alertAtPercent"), limits.alertAtPercent);
    return o;
}

Result<Limits> limitsFromJson(const QJsonValue& json, const QString& path)
{
    if (!json.isObject())
        return Result<Limits>::failure(path + QStringLiteral(": must be an object"));
    QStringList errors;
    const Reader r(json.toObject(), path, &errors);
    r.only({"rpm", "tpm", "maxConcurrent", "quota", "budget", "alertAtPercent"});
    Limits l;
    l.rpm = r.integer("rpm", 0, 0, maxRpm);
    l.tpm = r.integer("tpm", 0, 0, maxTokens);
    l.maxConcurrent = int(r.integer("maxConcurrent", 0, 0, maxConcurrent));
    l.alertAtPercent = int(r.integer("alertAtPercent", l.alertAtPercent, 1, 100));
    if (const std::optional<Reader> q = r.object("quota")) {
        q->only({"tokens", "period"});
        l.tokenQuota = q->integer("tokens", 0, 0, maxTokens);
        q->period(&l.quotaPeriod);
    }
    if (const std::optional<Reader> b = r.object("budget")) {
        b->only({"usd", "period"});
        if (!b->has("usd"))
            b->error(QStringLiteral("usd"), QStringLiteral("is required"));
        l.budgetNanos = usdToNanos(b->number("usd", -1, 0, maxBudgetUsd));
        if (l.budgetNanos < 0)
            l.budgetNanos = -1;
        b->period(&l.budgetPeriod);
    }
    if (!errors.isEmpty())
        return Result<Limits>::failure(errors.join(QLatin1Char('\n')));
    return l;
}

} // namespace gateway::config

#include "providers/mock/SchemaExample.h"

#include <QJsonArray>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace gateway::providers {

namespace {

constexpr int maxDepth = 16;

const char* const words[] = {"alpha", "bravo", "charlie", "delta",  "echo", "foxtrot",
                             "golf",  "hotel", "india",   "juliet", "kilo", "lima"};

class Generator
{
public:
    Generator(const QJsonObject& root, quint64 seed) : m_root(root), m_state(seed | 1) {}

    QJsonValue value(const QJsonObject& schema, int depth)
    {
        if (depth > maxDepth)
            return QJsonValue::Null;
        if (schema.contains(QLatin1String("$ref")))
            return value(resolve(schema.value(QLatin1String("$ref")).toString()), depth + 1);
        if (schema.contains(QLatin1String("const")))
            return schema.value(QLatin1String("const"));
        const QJsonArray choices = schema.value(QLatin1String("enum")).toArray();
        if (!choices.isEmpty())
            return choices.at(int(next() % quint64(choices.size())));
        if (schema.contains(QLatin1String("default")))
            return schema.value(QLatin1String("default"));
        for (const char* branch : {"anyOf", "oneOf", "allOf"}) {
            const QJsonArray branches = schema.value(QLatin1String(branch)).toArray();
            if (!branches.isEmpty())
                return value(branches.first().toObject(), depth + 1);
        }
        const QString type = typeOf(schema);
        if (type == QLatin1String("object"))
            return object(schema, depth);
        if (type == QLatin1String("array"))
            return array(schema, depth);
        if (type == QLatin1String("integer"))
            return double(integer(schema));
        if (type == QLatin1String("number"))
            return number(schema);
        if (type == QLatin1String("boolean"))
            return next() % 2 == 0;
        if (type == QLatin1String("null"))
            return QJsonValue::Null;
        return string(schema);
    }

private:
    quint64 next()
    {
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        return m_state * 2685821657736338717ULL;
    }

    QJsonObject resolve(const QString& ref) const
    {
        for (const char* prefix : {"#/$defs/", "#/definitions/"}) {
            if (ref.startsWith(QLatin1String(prefix))) {
                const QString container = QLatin1String(prefix).mid(2).chopped(1);
                return m_root.value(container)
                    .toObject()
                    .value(ref.mid(qsizetype(strlen(prefix))))
                    .toObject();
            }
        }
        return ref == QLatin1String("#") ? m_root : QJsonObject();
    }

    static QString typeOf(const QJsonObject& schema)
    {
        const QJsonValue type = schema.value(QLatin1String("type"));
        if (type.isString())
            return type.toString();
        for (const QJsonValue& t : type.toArray())
            if (t.toString() != QLatin1String("null"))
                return t.toString();
        if (schema.contains(QLatin1String("properties")))
            return QStringLiteral("object");
        if (schema.contains(QLatin1String("items")))
            return QStringLiteral("array");
        return type.toArray().isEmpty() ? QStringLiteral("string") : QStringLiteral("null");
    }

    QJsonObject object(const QJsonObject& schema, int depth)
    {
        QJsonObject out;
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            out.insert(it.key(), value(it.value().toObject(), depth + 1));
        // A required name without a schema of its own still has to be there.
        for (const QJsonValue& name : schema.value(QLatin1String("required")).toArray())
            if (!out.contains(name.toString()))
                out.insert(name.toString(), string({}));
        return out;
    }

    QJsonArray array(const QJsonObject& schema, int depth)
    {
        const int minItems = schema.value(QLatin1String("minItems")).toInt(1);
        const int maxItems = schema.value(QLatin1String("maxItems")).toInt(minItems);
        const int count = std::clamp(std::max(minItems, 1), 0, std::min(maxItems, 64));
        const QJsonObject items = schema.value(QLatin1String("items")).toObject();
        QJsonArray out;
        for (int i = 0; i < count; ++i)
            out.append(value(items, depth + 1));
        return out;
    }

    // The lowest value the bounds allow, or a small number when there are none.
    qint64 integer(const QJsonObject& schema)
    {
        double low = 1 + double(next() % 9);
        if (schema.contains(QLatin1String("minimum")))
            low = std::ceil(schema.value(QLatin1String("minimum")).toDouble());
        if (schema.contains(QLatin1String("exclusiveMinimum")))
            low = std::floor(schema.value(QLatin1String("exclusiveMinimum")).toDouble()) + 1;
        if (schema.contains(QLatin1String("maximum")))
            low = std::min(low, std::floor(schema.value(QLatin1String("maximum")).toDouble()));
        if (schema.contains(QLatin1String("exclusiveMaximum")))
            low = std::min(
                low, std::ceil(schema.value(QLatin1String("exclusiveMaximum")).toDouble()) - 1);
        // A schema's bounds are untrusted numbers: kept to what a double holds exactly.
        constexpr double exact = 9007199254740992.0; // 2^53
        return std::isnan(low) ? 0 : qint64(std::clamp(low, -exact, exact));
    }

    double number(const QJsonObject& schema)
    {
        double low = 1.5 + double(next() % 9);
        if (schema.contains(QLatin1String("minimum")))
            low = schema.value(QLatin1String("minimum")).toDouble();
        if (schema.contains(QLatin1String("exclusiveMinimum")))
            low = schema.value(QLatin1String("exclusiveMinimum")).toDouble() + 0.5;
        if (schema.contains(QLatin1String("maximum")))
            low = std::min(low, schema.value(QLatin1String("maximum")).toDouble());
        if (schema.contains(QLatin1String("exclusiveMaximum")))
            low = std::min(low, schema.value(QLatin1String("exclusiveMaximum")).toDouble() - 0.5);
        return low;
    }

    QString string(const QJsonObject& schema)
    {
        const QString format = schema.value(QLatin1String("format")).toString();
        if (format == QLatin1String("date-time"))
            return QStringLiteral("2026-01-15T09:30:00Z");
        if (format == QLatin1String("date"))
            return QStringLiteral("2026-01-15");
        if (format == QLatin1String("time"))
            return QStringLiteral("09:30:00");
        if (format == QLatin1String("email"))
            return QStringLiteral("user@example.com");
        if (format == QLatin1String("uri") || format == QLatin1String("url"))
            return QStringLiteral("https://example.com/");
        if (format == QLatin1String("uuid"))
            return QStringLiteral("%1-0000-4000-8000-000000000000")
                .arg(uint(next() & 0xffffffffu), 8, 16, QLatin1Char('0'));
        constexpr size_t count = sizeof words / sizeof words[0];
        QString out = QLatin1String(words[next() % count]);
        const int minLength = schema.value(QLatin1String("minLength")).toInt(0);
        while (out.size() < minLength)
            out += QLatin1Char(' ') + QLatin1String(words[next() % count]);
        const int maxLength = schema.value(QLatin1String("maxLength")).toInt(-1);
        if (maxLength >= 0 && out.size() > maxLength)
            out.truncate(maxLength);
        return out;
    }

    QJsonObject m_root;
    quint64 m_state;
};

} // namespace

QJsonValue schemaExample(const QJsonObject& schema, quint64 seed)
{
    return Generator(schema, seed).value(schema, 0);
}

} // namespace gateway::providers

#include "config/JsonKeyOrder.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <vector>

namespace gateway::config {

namespace {

const QChar separator(0x1f);

QString child(const QString& path, const QString& segment)
{
    return path + separator + segment;
}

QString indexSegment(qsizetype index)
{
    return QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

const QString anyIndex = QStringLiteral("[]");

// A string token of the text (quotes included) as the string it stands for.
QString decodeString(const QByteArray& token)
{
    if (!token.contains('\\'))
        return QString::fromUtf8(token.mid(1, token.size() - 2));
    return QJsonDocument::fromJson('[' + token + ']').array().at(0).toString();
}

// A scalar as QJsonDocument writes it: strings escaped the same way, numbers as it formats them.
QByteArray scalar(const QJsonValue& value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

JsonKeyOrder JsonKeyOrder::of(const QByteArray& json)
{
    JsonKeyOrder order;
    if (!QJsonDocument::fromJson(json).isObject())
        return order;
    // The text is valid JSON (checked above), so a scan that tells keys from values by where
    // they stand is enough: after '{' or an object's ',' a string is a key.
    struct Container
    {
        bool object;
        QString path;
        QString pattern;
        qsizetype index = 0; // arrays: the element being read
        bool expectKey = false;
        QString key; // objects: the key whose value is being read
    };
    std::vector<Container> stack;
    const auto valuePlace = [&stack](QString* path, QString* pattern) {
        if (stack.empty())
            return; // the root
        const Container& c = stack.back();
        *path = child(c.path, c.object ? c.key : indexSegment(c.index));
        *pattern = child(c.pattern, c.object ? c.key : anyIndex);
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        if (c == '{' || c == '[') {
            QString path;
            QString pattern;
            valuePlace(&path, &pattern);
            stack.push_back({c == '{', path, pattern, 0, c == '{', {}});
        } else if (c == '}' || c == ']') {
            stack.pop_back();
        } else if (c == ',') {
            Container& top = stack.back();
            if (top.object)
                top.expectKey = true;
            else
                ++top.index;
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; json.at(i) != '"'; ++i)
                if (json.at(i) == '\\')
                    ++i; // the escaped character cannot end the string
            Container& top = stack.back();
            if (top.object && top.expectKey) {
                top.key = decodeString(json.mid(start, i - start + 1));
                top.expectKey = false;
                order.note(top.path, top.pattern, top.key);
            }
        }
    }
    return order;
}

void JsonKeyOrder::note(const QString& path, const QString& pattern, const QString& key)
{
    m_byPath[path].append(key);
    QStringList& seen = m_byPattern[pattern];
    if (!seen.contains(key))
        seen.append(key);
}

QStringList JsonKeyOrder::orderOf(const QJsonObject& object, const QString& path,
                                  const QString& pattern) const
{
    QStringList keys;
    for (const QStringList& known : {m_byPath.value(path), m_byPattern.value(pattern)})
        for (const QString& key : known)
            if (object.contains(key) && !keys.contains(key))
                keys.append(key);
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!keys.contains(it.key()))
            keys.append(it.key());
    return keys;
}

void JsonKeyOrder::writeValue(QByteArray& out, const QJsonValue& value, const QString& path,
                              const QString& pattern, int depth) const
{
    const QByteArray indent((depth + 1) * 4, ' ');
    const QByteArray closingIndent(depth * 4, ' ');
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        const QStringList keys = orderOf(object, path, pattern);
        for (qsizetype k = 0; k < keys.size(); ++k) {
            out += indent + scalar(keys.at(k)) + ": ";
            writeValue(out, object.value(keys.at(k)), child(path, keys.at(k)),
                       child(pattern, keys.at(k)), depth + 1);
            out += k + 1 < keys.size() ? ",\n" : "\n";
        }
        out += closingIndent + '}';
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (qsizetype i = 0; i < array.size(); ++i) {
            out += indent;
            writeValue(out, array.at(i), child(path, indexSegment(i)), child(pattern, anyIndex),
                       depth + 1);
            out += i + 1 < array.size() ? ",\n" : "\n";
        }
        out += closingIndent + ']';
    } else {
        out += scalar(value);
    }
}

QByteArray JsonKeyOrder::write(const QJsonObject& document) const
{
    QByteArray out;
    writeValue(out, document, QString(), QString(), 0);
    out += '\n';
    return out;
}

} // namespace gateway::config

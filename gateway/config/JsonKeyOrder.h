#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace gateway::config {

// The key order of a JSON text, and a writer that keeps it. QJsonObject sorts its keys, so a
// config read and written back through QJsonDocument comes out in alphabetical order and a
// one-line edit in the console reorders the whole file. A host that edits a config document
// remembers the order of the text it read and writes the edited document in that order.
//
// Each object is written with its keys in the order they had in the text at the same place
// (e.g. backends[1]); keys that place did not have follow in the order its siblings in the same
// array had them (a new backend is written like the others), and keys never seen come last, in
// alphabetical order. Comments and formatting do not survive: JSON has no comments, and the
// output is indented by four spaces like QJsonDocument::Indented.
class JsonKeyOrder
{
public:
    JsonKeyOrder() = default;
    // The order of the keys in `json`; a text that is not a JSON object gives no order.
    static JsonKeyOrder of(const QByteArray& json);

    QByteArray write(const QJsonObject& document) const;

private:
    QStringList orderOf(const QJsonObject& object, const QString& path,
                        const QString& pattern) const;
    void writeValue(QByteArray& out, const QJsonValue& value, const QString& path,
                    const QString& pattern, int depth) const;
    void note(const QString& path, const QString& pattern, const QString& key);

    // Paths join keys and "[index]" with '\x1f'; patterns write every index as "[]".
    QHash<QString, QStringList> m_byPath;    // "backends\x1f[1]" -> its keys, in order
    QHash<QString, QStringList> m_byPattern; // "backends\x1f[]" -> keys of all, first seen first
};

} // namespace gateway::config

#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace gateway::api {

// Appends s to out as the contents of a JSON string (without quotes), escaped per RFC 8259.
void appendJsonEscaped(QByteArray& out, QByteArrayView s);

// s as a quoted JSON string.
QByteArray jsonString(QByteArrayView s);
// The same for text held as a QString (its UTF-8).
inline QByteArray jsonText(const QString& s)
{
    return jsonString(s.toUtf8());
}

} // namespace gateway::api

#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gateway::api {

// Appends s to out as the contents of a JSON string (without quotes), escaped per RFC 8259.
void appendJsonEscaped(QByteArray& out, QByteArrayView s);

// s as a quoted JSON string.
QByteArray jsonString(QByteArrayView s);

} // namespace gateway::api

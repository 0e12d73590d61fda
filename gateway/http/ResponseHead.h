#pragma once

#include "http/Exchange.h"

#include <QByteArray>

namespace gateway::http {

// Appends a status line and headers (without the final CRLF) to out. Adds Date, and
// "Connection: close" when the connection will close.
void appendResponseHead(QByteArray& out, int status, const QByteArray& contentType,
                        const HeaderList& extra, bool close);
// Appends "name: value\r\n" per header: more lines for a head appendResponseHead began.
void appendHeaderLines(QByteArray& out, const HeaderList& headers);
// Appends n in decimal, without the temporary QByteArray::number makes (a status, a length).
void appendDecimal(QByteArray& out, qint64 n);

} // namespace gateway::http

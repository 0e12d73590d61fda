#pragma once

#include "http/Exchange.h"

#include <QByteArray>

namespace gateway::http {

// Appends a status line and headers (without the final CRLF) to out. Adds Date, and
// "Connection: close" when the connection will close.
void appendResponseHead(QByteArray& out, int status, const QByteArray& contentType,
                        const HeaderList& extra, bool close);

} // namespace gateway::http

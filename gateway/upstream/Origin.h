#pragma once

#include <QString>

namespace gateway::upstream {

// Where a request goes: scheme, host and port, and the trust anchors used to verify it.
// Connections are pooled per origin.
struct Origin
{
    bool tls = false;
    QString host;
    quint16 port = 0;
    QString caFile; // extra CA certificates (PEM) trusted besides the system store

    // The pool key. Computed once (finish()), not per request.
    QString key;

    void finish()
    {
        key = (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + host +
              QLatin1Char(':') + QString::number(port) + QLatin1Char('|') + caFile;
    }
};

} // namespace gateway::upstream

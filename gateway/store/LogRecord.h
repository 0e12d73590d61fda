#pragma once

#include <QByteArray>
#include <QString>

namespace gateway::store {

// One row of the requests table (DESIGN.md, "Storage").
struct LogRecord
{
    qint64 timeMs = 0; // wall clock, milliseconds since the epoch
    QByteArray traceId;
    QString keyId;
    QString tenant;
    QString route;
    QString endpoint; // chat.completions, completions, embeddings
    QString model;    // the alias the client asked for
    QString backend;
    QString upstreamModel;
    int status = 0;
    QString errorClass; // empty on success
    double latencyMs = 0;
    double ttftMs = -1; // -1: not a stream, or no token arrived
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double cost = 0;
    QString cacheStatus; // empty: no cache configured
    bool stream = false;
    QByteArray requestHeaders; // "name: value" lines, secrets masked; empty when capture is off
    QByteArray requestBody;    // capped, empty when capture is off
    QByteArray responseBody;   // capped, empty when capture is off
};

} // namespace gateway::store

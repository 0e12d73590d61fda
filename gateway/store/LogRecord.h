#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace gateway::store {

// One call to an upstream on behalf of a request. A request that fails over has several, in
// the order they were made; the last one is the one the row's backend and status describe.
struct Attempt
{
    QString backend;
    QString model;      // the upstream model sent to the backend
    int status = 0;     // HTTP status of the answer; 0 when none came back (connect, TLS, timeout)
    QString errorClass; // empty on success; otherwise upstream_connect, upstream_5xx ...
    double durationMs = 0;

    bool operator==(const Attempt&) const = default;
};

// The values of requests.source and usage_rollups.source (schema 6).
inline QString sourceApi()
{
    return QStringLiteral("api");
}
inline QString sourceReplay()
{
    return QStringLiteral("replay");
}

// One row of the requests table (DESIGN.md, "Storage").
struct LogRecord
{
    qint64 timeMs = 0; // wall clock, milliseconds since the epoch
    QByteArray traceId;
    // Who sent it (governance/Principal.h); all empty while the gateway runs open.
    QString keyId;
    QString keyName; // schema 9
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
    // Parts of the two counts above (schema 8): prompt tokens read from and written to the
    // provider's cache, completion tokens spent reasoning.
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 reasoningTokens = 0;
    bool usageEstimated = false; // the provider reported no usage: the gateway counted
    QByteArray providerDetail;   // JSON object, empty when none (Azure's content filter ...)
    double cost = 0;             // US dollars (stages/Accounting.h), 0 when no price is known
    QString cacheStatus;         // empty: no cache configured
    bool stream = false;
    // Who sent it: sourceApi for any client, sourceReplay for the console's Replay page (only
    // with the engine's console token, see stages/RecordStage.cpp). The console can leave
    // replays out of the Logs page and the Dashboard.
    QString source = sourceApi();
    QByteArray requestHeaders; // "name: value" lines, secrets masked; empty when capture is off
    QByteArray requestBody;    // capped, empty when capture is off
    QByteArray responseBody;   // capped, empty when capture is off
    // Every upstream call, in order; empty when none was made (e.g. refused before routing).
    // Stored as JSON in requests.attempts (store/Attempts.h).
    std::vector<Attempt> attempts;
};

} // namespace gateway::store

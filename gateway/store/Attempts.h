#pragma once

#include "store/LogRecord.h"

#include <QByteArray>

#include <vector>

namespace gateway::store {

// The requests.attempts column: a compact JSON array, one object per upstream call,
//   [{"backend":"local","model":"llama3","status":0,"errorClass":"upstream_connect",
//     "durationMs":1.2},{"backend":"mock","model":"mock-fast","status":200,"errorClass":"",
//     "durationMs":42}]
// Every key is always written; errorClass is "" on success and status is 0 when no HTTP status
// came back.

// Beyond these the column is not trusted: a text longer than maxAttemptsJsonBytes reads as no
// attempts, and only the first maxAttempts entries are written or read.
constexpr qsizetype maxAttemptsJsonBytes = 64 * 1024;
constexpr int maxAttempts = 64;

// The JSON text of the attempts; empty (stored as NULL) when there are none. Written by hand
// rather than through QJsonDocument: it runs once per row on the log writer's thread.
QByteArray attemptsToJson(const std::vector<Attempt>& attempts);

// What a request's attempts say about failover, for the rollups and the console's charts.
struct AttemptOutcome
{
    // Attempts that the upstream failed (the gateway's upstream_* error classes, see
    // stages/InvokeStage.cpp). A call the gateway itself cancelled (client_closed, shutdown) is
    // not the upstream's failure.
    int failedAttempts = 0;
    // The last attempt answered after an earlier one had failed: a fallback target served it.
    bool servedByFallback = false;
};
AttemptOutcome outcomeOf(const std::vector<Attempt>& attempts);

// Reads the column back. Bad input (not a JSON array, an entry that is not an object, too long)
// gives an empty list; a key that is missing or of the wrong type takes its default.
std::vector<Attempt> attemptsFromJson(const QByteArray& json);

} // namespace gateway::store

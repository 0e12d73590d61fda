#pragma once

#include <QByteArray>
#include <QString>

// Synthetic request logs for the Logs page's tests: row i (ids are i + 1) is a pure function of
// i, so a test knows the exact answer of every filter by counting over rowAt() itself.
namespace testlog {

struct Spec
{
    qint64 rows = 1'000'000;
    // Fixed, so a generated file stays valid to reuse; the newest row is at endMs.
    qint64 endMs = 1'767'225'600'000; // 2026-01-01T00:00:00Z
    qint64 stepMs = 691;              // 1,000,000 rows cover 8 days
    int bodiesEvery = 10;             // row i has captured bodies when i % bodiesEvery == 0
};

struct Row
{
    qint64 tsMs = 0;
    const char* model = nullptr;
    const char* backend = nullptr;       // nullptr: NULL (the request never reached one)
    const char* upstreamModel = nullptr; // nullptr: NULL
    int status = 200;
    const char* errorClass = nullptr; // nullptr: NULL (success)
    double latencyMs = 0;
    double ttftMs = -1; // -1: NULL
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    bool stream = false;
    bool hasBodies = false;
    const char* word = nullptr;       // in the request body
    const char* answerWord = nullptr; // in the response body
};

Row rowAt(const Spec& spec, qint64 i);
QByteArray traceId(qint64 i);
QByteArray requestBody(const Spec& spec, qint64 i);
QByteArray responseBody(const Spec& spec, qint64 i); // SSE events for streams
QByteArray requestHeaders(qint64 i);

// Writes rows [first, first + count) into dir/switchboard.sqlite (created and migrated by
// gateway::store::Database::open), in one transaction through one prepared statement.
bool write(const QString& dir, const Spec& spec, qint64 first, qint64 count, QString* error);
// Generates the whole spec into dir unless dir already holds exactly that log (row count,
// newest time, schema version, sample rows); *reused says which.
bool ensure(const QString& dir, const Spec& spec, QString* error, bool* reused = nullptr);

} // namespace testlog

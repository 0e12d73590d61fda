#pragma once

#include <QMetaType>
#include <QString>
#include <QVector>

namespace ui {

// One row of the requests table as the Logs page shows it (the columns of LogFilter's
// selectColumns(), in that order). Bodies are not part of it: they are read for the selected
// row only (LogTableModel::bodies()).
struct LogRow
{
    qint64 id = 0;
    qint64 timeMs = 0;
    QString traceId;
    QString endpoint;
    QString model;
    QString backend;
    QString upstreamModel;
    int status = 0;
    QString errorClass;
    double latencyMs = 0;
    double ttftMs = -1; // -1: not a stream, or no token arrived
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 cacheReadTokens = 0; // parts of promptTokens (schema 8)
    qint64 cacheWriteTokens = 0;
    qint64 reasoningTokens = 0;  // part of completionTokens
    bool usageEstimated = false; // the backend reported no usage: the gateway counted
    double cost = 0;
    QString cacheStatus;
    bool stream = false;
    // The start of the last user message (or a completion's prompt, an embedding's input),
    // from the captured request body; empty when none was captured or it is not JSON.
    QString prompt;
    int attemptCount = 0;          // upstream calls made for it (requests.attempts)
    bool servedByFallback = false; // answered by a target after an earlier one failed
    QString source;                // "api" or "replay" (gateway::store::sourceApi/sourceReplay)
    QString keyName;               // the gateway key that sent it (schema 9); empty: none
    QString tenant;                // its tenant; empty while the gateway ran open
};

// The captured bodies of one request (logging.captureBodies), as stored: UTF-8, capped.
struct LogBodies
{
    QByteArray requestBody;
    QByteArray responseBody;
    QByteArray requestHeaders;
};

} // namespace ui

Q_DECLARE_METATYPE(ui::LogRow)

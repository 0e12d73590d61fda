#pragma once

#include "Result.h"
#include "store/LogRecord.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariantMap>

#include <vector>

namespace gateway::store {

// Read queries over the request log, on a read-only connection of the caller's thread.
struct LogFilter
{
    qint64 sinceMs = 0;  // wall clock; 0 = no lower bound
    qint64 afterId = 0;  // rows with a larger id (for tailing)
    QString model;       // exact alias
    QString tenant;      // exact tenant (schema 9's governance columns)
    QString keyName;     // exact name of the gateway key
    int status = 0;      // exact status; 0 = any
    int statusClass = 0; // 2, 4 or 5 for 2xx/4xx/5xx; 0 = any
    int limit = 100;
    bool newestFirst = true;
    bool withBodies = false;
};

class LogQuery
{
public:
    // Each row holds the requests table's column names as keys. "attempts" is a QVariantList
    // of QVariantMaps (backend, model, status, errorClass, durationMs; see attemptsToVariant),
    // empty when none were made or the log predates the column.
    static Result<QList<QVariantMap>> run(const QString& dataDir, const LogFilter& filter);
    static QVariantList attemptsToVariant(const std::vector<Attempt>& attempts);
    // Parses "90s", "15m", "2h", "7d" or an ISO 8601 time into epoch milliseconds.
    static bool parseSince(const QString& text, qint64 nowMs, qint64* sinceMs);
};

} // namespace gateway::store

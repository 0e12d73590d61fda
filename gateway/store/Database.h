#pragma once

#include "Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace gateway::store {

// Opens the SQLite file (WAL mode) under a connection name and brings its schema up to date
// with the numbered migrations. Each thread uses its own connection name (QtSql connections are
// thread-affine).
class Database
{
public:
    static constexpr int schemaVersion = 10;
    static QString fileName() { return QStringLiteral("switchboard.sqlite"); }

    // Opens (and migrates unless readOnly) dataDir/switchboard.sqlite.
    static Result<QSqlDatabase> open(const QString& dataDir, const QString& connectionName,
                                     bool readOnly = false);
    static void close(const QString& connectionName);
    // The connection of this name, opened read-only on dataDir's log the first time; not open
    // (isOpen() false) while the log cannot be read. For readers that query now and then.
    static QSqlDatabase readerConnection(const QString& dataDir, const QString& connectionName);

    // usage_rollups keeps histograms as one column per bucket of metrics::latencyBuckets (and
    // one for what is above): l0..l14 for latency, t0..t14 for TTFT. Frozen by migration 2.
    static constexpr int histogramSlots = 15;
    static QStringList histogramColumns(char prefix);

    // Brings an open database up to targetVersion (tests build the logs of older versions).
    static Result<bool> migrate(QSqlDatabase& db, int targetVersion = schemaVersion);
};

} // namespace gateway::store

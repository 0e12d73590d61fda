#pragma once

#include "Result.h"
#include "models/LogFilter.h"
#include "models/LogRow.h"
#include "store/LogRecord.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

class QSqlQuery;

namespace ui {

// A read-only connection to <dataDir>/switchboard.sqlite under a name of its own (QtSql
// connections belong to the thread that opened them: the model, its worker and the exporter
// each have one). It reads LogRows and lets a caller stop a running statement: a time budget
// on the GUI thread, a newer filter or a Cancel button elsewhere.
class LogSource
{
public:
    // What ended a query.
    enum class Outcome {
        Done,        // every row was read
        Interrupted, // the interrupt check said stop
        Failed,      // SQLite reported an error (error() says which)
    };

    explicit LogSource(const QString& dataDir);
    ~LogSource();
    LogSource(const LogSource&) = delete;
    LogSource& operator=(const LogSource&) = delete;

    // Opens the connection if it is not open; fails while the gateway has not created the file.
    gateway::Result<bool> open();
    bool isOpen() const;
    QString dataDir() const { return m_dataDir; }
    QString error() const { return m_error; }

    // Checked every few thousand SQLite VM steps while a statement runs; returning true
    // interrupts it (sqlite3_progress_handler). Empty: never.
    void setInterruptCheck(std::function<bool()> check);

    // Runs a query of LogFilter::selectColumns() and hands each row to `row`, which returns
    // false to stop early (that counts as Done).
    Outcome readRows(const SqlQueryText& query, const std::function<bool(LogRow&&)>& row);
    // Runs a query whose answer is one integer (COUNT, MAX).
    Outcome readInteger(const SqlQueryText& query, qint64* value);
    // The newest id, or 0 for an empty log: a primary-key lookup.
    qint64 maxId();
    // Bodies of one request; nullopt when none were captured.
    std::optional<LogBodies> bodies(qint64 id);
    // The upstream attempts of one request; empty when none were made, or for a log older
    // than the attempts column.
    std::vector<gateway::store::Attempt> attempts(qint64 id);

    // Error statuses are found by seeking an index once per value (an emulated skip scan), so
    // they cost a few lookups, not a scan of the table.
    QList<int> distinctStatuses(int max = 200);
    // Models and backends have no index on requests: these scan usage_rollups, far fewer rows
    // than the log (call them off the GUI thread).
    QStringList distinctModels(int max = 500);
    QStringList distinctBackends(int max = 500);

    static LogRow rowFrom(const QSqlQuery& query);

private:
    // The distinct non-empty values of a usage_rollups column (a name in our code, never
    // user input), in order.
    QStringList distinctRollupValues(const QString& column, int max);
    bool prepare(QSqlQuery& q, const SqlQueryText& query);
    Outcome finish(const QSqlQuery& q);
    static int progress(void* self);

    QString m_dataDir;
    QString m_connectionName;
    QString m_error;
    std::function<bool()> m_interrupt;
};

} // namespace ui

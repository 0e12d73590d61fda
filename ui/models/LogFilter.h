#pragma once

#include "models/LogRow.h"

#include <QString>
#include <QVariant>
#include <QVariantList>

namespace ui {

// The columns of the Logs table, in display order.
enum class LogColumn {
    Time,
    Status,
    Model,
    Prompt,
    Backend,
    UpstreamModel,
    Latency,
    Ttft,
    PromptTokens,
    CompletionTokens,
    Stream,
    ErrorClass,
    TraceId,
    Count // not a column: the number of columns
};

// SQL text and the values of its `?` placeholders, in order.
struct SqlQueryText
{
    QString sql;
    QVariantList binds;
};

// Where the next page starts: the sort key and the id of the last row already read. Rows are
// ordered by (key, id), so the pair is unique and paging never skips or repeats a row even
// when many rows share a key (keyset paging; OFFSET would rescan what was skipped).
struct LogCursor
{
    QVariant key;
    qint64 id = 0;
    bool isValid() const { return id > 0; }
};

// What the Logs page shows: the filter and the sort, and the SQL that reads it. Pure logic, no
// connection: the model, the background worker and the exporter all build their queries here.
//
// Query plans. The GUI thread only runs queries that an index serves in both the WHERE and the
// ORDER BY (indexedOnGuiThread()): sorted by time, the scan walks requests_errors_ts for an exact
// error status and requests_ts otherwise, newest first, and stops after one page; the other
// conditions (model, backend, tenant, key) are checked on the rows it walks, and a page that a
// rare value makes walk far is finished by the worker (LogTableModel's time budget). Everything
// else (a text search in the bodies, a sort by another column) runs on the worker thread.
struct LogFilter
{
    enum class TimeRange { All, Last15Minutes, LastHour, Last24Hours, Last7Days };

    TimeRange range = TimeRange::All;
    int statusClass = 0;        // 2, 4 or 5 for 2xx/4xx/5xx; 0 = any
    int status = 0;             // an exact status; wins over statusClass; 0 = any
    QString model;              // exact alias; empty = any
    QString backend;            // exact backend name; empty = any
    QString tenant;             // exact tenant; empty = any
    QString keyName;            // exact name of the gateway key; empty = any
    QString text;               // a substring of the request or response body; empty = none
    bool includeReplay = false; // the console's replay traffic too (source "replay")
    LogColumn sortColumn = LogColumn::Time;
    Qt::SortOrder sortOrder = Qt::DescendingOrder;

    bool operator==(const LogFilter&) const = default;

    // Length of a time range in milliseconds; 0 for All.
    static qint64 rangeMs(TimeRange range);
    bool isNewestFirst() const
    {
        return sortColumn == LogColumn::Time && sortOrder == Qt::DescendingOrder;
    }
    // True when neither the text nor the sort needs a scan; see the class comment.
    bool indexedOnGuiThread() const;
    // True when the filter narrows the rows at all (not the sort; leaving out replay traffic,
    // the default, does not count).
    bool isFiltering() const;
    // Only statuses of 400 and above: rows that the partial index requests_errors_ts holds.
    bool errorsOnly() const;

    // The conditions (without WHERE), "1" when there are none. nowMs anchors the time range.
    SqlQueryText where(qint64 nowMs) const;
    // One page of rows after `after` (all rows when limit <= 0), in the filter's order, among
    // the rows with id <= snapshotId (the newest id when the view was filled: later rows come
    // in through newRowsQuery()).
    SqlQueryText pageQuery(qint64 nowMs, qint64 snapshotId, const LogCursor& after,
                           int limit) const;
    SqlQueryText countQuery(qint64 nowMs, qint64 snapshotId) const;
    // The rows that arrived after afterId up to uptoId, newest first, found through the
    // primary key (only the new rows are read).
    SqlQueryText newRowsQuery(qint64 nowMs, qint64 afterId, qint64 uptoId) const;

    // The requests columns a LogRow is read from, in its order.
    static QString selectColumns();
    // Whether a column can be sorted by. The prompt cannot: it is read from each row's body.
    static bool isSortable(LogColumn column) { return column != LogColumn::Prompt; }
    // How many characters of the prompt a row reads.
    static constexpr int promptChars = 200;
    // The ORDER BY expression of a column; NULLs map to a value so that keyset comparisons hold.
    static QString sortExpression(LogColumn column);
    // The value of sortExpression() for a row (what a LogCursor holds).
    static QVariant sortKey(const LogRow& row, LogColumn column);
    static LogCursor cursorAt(const LogRow& row, LogColumn column)
    {
        return {sortKey(row, column), row.id};
    }
    // The index that drives a time-ordered scan for this filter (see the class comment).
    QString drivingIndex() const;
    // Escapes % _ and \ for LIKE ... ESCAPE '\'.
    static QString likePattern(const QString& text);
};

} // namespace ui

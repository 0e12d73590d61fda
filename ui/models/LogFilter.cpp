#include "models/LogFilter.h"

#include <QStringList>

namespace ui {

namespace {
// Text columns sort with NULL as '' and numbers with NULL as -1, so that a key is never NULL
// (a NULL in a keyset comparison would end the paging).
QString textKey(const char* column)
{
    return QStringLiteral("IFNULL(%1,'')").arg(QLatin1String(column));
}

QString emptyIfNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
} // namespace

qint64 LogFilter::rangeMs(TimeRange range)
{
    switch (range) {
    case TimeRange::All: return 0;
    case TimeRange::Last15Minutes: return 15 * 60'000;
    case TimeRange::LastHour: return 3'600'000;
    case TimeRange::Last24Hours: return 24 * 3'600'000;
    case TimeRange::Last7Days: return 7 * 24 * qint64(3'600'000);
    }
    return 0;
}

bool LogFilter::indexedOnGuiThread() const
{
    return text.isEmpty() && sortColumn == LogColumn::Time;
}

bool LogFilter::errorsOnly() const
{
    return status >= 400 || (status == 0 && statusClass >= 4);
}

bool LogFilter::isFiltering() const
{
    return range != TimeRange::All || statusClass != 0 || status != 0 || !model.isEmpty() ||
           !backend.isEmpty() || !tenant.isEmpty() || !keyName.isEmpty() || !text.isEmpty();
}

QString LogFilter::likePattern(const QString& text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    escaped += QLatin1Char('%');
    for (QChar c : text) {
        if (c == QLatin1Char('%') || c == QLatin1Char('_') || c == QLatin1Char('\\'))
            escaped += QLatin1Char('\\');
        escaped += c;
    }
    escaped += QLatin1Char('%');
    return escaped;
}

SqlQueryText LogFilter::where(qint64 nowMs) const
{
    QStringList conditions;
    SqlQueryText out;
    if (!model.isEmpty()) {
        conditions << QStringLiteral("model = ?");
        out.binds << model;
    }
    if (status > 0) {
        conditions << QStringLiteral("status = ?");
        out.binds << status;
    } else if (statusClass > 0) {
        conditions << QStringLiteral("status >= ? AND status < ?");
        out.binds << statusClass * 100 << statusClass * 100 + 100;
    }
    // Spelled out as a constant: only a query that says so literally may use the partial index
    // of errors (requests_errors_ts), SQLite cannot prove it from bound values.
    if (errorsOnly())
        conditions << QStringLiteral("status >= 400");
    if (range != TimeRange::All) {
        conditions << QStringLiteral("ts_ms >= ?");
        out.binds << nowMs - rangeMs(range);
    }
    if (!backend.isEmpty()) {
        conditions << QStringLiteral("backend = ?");
        out.binds << backend;
    }
    // No index of their own (each would cost the writer an index insert per row): like the
    // backend, they are checked on the rows the time-ordered scan walks.
    if (!tenant.isEmpty()) {
        conditions << QStringLiteral("tenant = ?");
        out.binds << tenant;
    }
    if (!keyName.isEmpty()) {
        conditions << QStringLiteral("key_name = ?");
        out.binds << keyName;
    }
    if (!includeReplay)
        conditions << QStringLiteral("source <> 'replay'");
    if (!text.isEmpty()) {
        // EXISTS keeps requests as the outer loop, so a time-ordered scan can stop after a page.
        conditions << QStringLiteral(
            "EXISTS (SELECT 1 FROM request_bodies b WHERE b.request_id = requests.id AND"
            " (b.request_body LIKE ? ESCAPE '\\' OR b.response_body LIKE ? ESCAPE '\\'))");
        const QString pattern = likePattern(text);
        out.binds << pattern << pattern;
    }
    out.sql = conditions.isEmpty() ? QStringLiteral("1") : conditions.join(QStringLiteral(" AND "));
    return out;
}

QString LogFilter::selectColumns()
{
    // The prompt is read for the rows a page returns only (a correlated subquery, one primary
    // key lookup each), never for the rows a filter walks past. Every JSON function is guarded:
    // a body cut at logging.maxBodyBytes is no JSON, and json_extract() on it would fail the
    // whole page.
    static const QString prompt =
        QStringLiteral(
            // The last user message: MAX() takes the bare column u from the row of the largest
            // index (SQLite's min/max rule), with no sort of the messages.
            "(SELECT substr(COALESCE("
            "(SELECT CASE json_type(u, '$.content')"
            "  WHEN 'text' THEN json_extract(u, '$.content')"
            "  WHEN 'array' THEN (SELECT group_concat(json_extract(p.value, '$.text'), ' ')"
            "   FROM json_each(u, '$.content') p WHERE p.type = 'object'"
            "   AND json_type(p.value, '$.text') = 'text') END"
            " FROM (SELECT MAX(m.key), m.value AS u"
            " FROM json_each(CASE WHEN json_type(pb.request_body, '$.messages') = 'array'"
            "  THEN json_extract(pb.request_body, '$.messages') ELSE '[]' END) m"
            " WHERE m.type = 'object' AND CASE WHEN m.type = 'object'"
            "  THEN json_extract(m.value, '$.role') END = 'user')),"
            " CASE json_type(pb.request_body, '$.prompt')"
            "  WHEN 'text' THEN json_extract(pb.request_body, '$.prompt') END,"
            " CASE json_type(pb.request_body, '$.input')"
            "  WHEN 'text' THEN json_extract(pb.request_body, '$.input') END), 1, %1)"
            " FROM request_bodies pb WHERE pb.request_id = requests.id"
            " AND json_valid(pb.request_body))")
            .arg(promptChars);
    return QStringLiteral(
               "id, ts_ms, trace_id, endpoint, model, backend, upstream_model, status, "
               "error_class, latency_ms, ttft_ms, prompt_tokens, completion_tokens, cost, "
               "cache_status, stream, ") +
           prompt +
           QStringLiteral(", CASE WHEN json_valid(attempts) THEN json_array_length(attempts)"
                          " ELSE 0 END, CASE WHEN json_valid(attempts) AND"
                          " json_array_length(attempts) > 1 THEN json_extract(attempts,"
                          " '$[#-1].errorClass') = '' ELSE 0 END, source, cache_read_tokens,"
                          " cache_write_tokens, reasoning_tokens, usage_estimated, key_name,"
                          " tenant");
}

QString LogFilter::sortExpression(LogColumn column)
{
    switch (column) {
    case LogColumn::Time: return QStringLiteral("ts_ms");
    case LogColumn::Status: return QStringLiteral("status");
    case LogColumn::Model: return textKey("model");
    case LogColumn::Prompt: break; // not sortable
    case LogColumn::Backend: return textKey("backend");
    case LogColumn::UpstreamModel: return textKey("upstream_model");
    case LogColumn::Latency: return QStringLiteral("latency_ms");
    case LogColumn::Ttft: return QStringLiteral("IFNULL(ttft_ms,-1)");
    case LogColumn::PromptTokens: return QStringLiteral("prompt_tokens");
    case LogColumn::CompletionTokens: return QStringLiteral("completion_tokens");
    case LogColumn::Stream: return QStringLiteral("stream");
    case LogColumn::ErrorClass: return textKey("error_class");
    case LogColumn::TraceId: return textKey("trace_id");
    case LogColumn::Count: break;
    }
    return QStringLiteral("ts_ms");
}

QVariant LogFilter::sortKey(const LogRow& row, LogColumn column)
{
    switch (column) {
    case LogColumn::Time: return row.timeMs;
    case LogColumn::Status: return row.status;
    case LogColumn::Model: return emptyIfNull(row.model);
    case LogColumn::Prompt: break; // not sortable
    case LogColumn::Backend: return emptyIfNull(row.backend);
    case LogColumn::UpstreamModel: return emptyIfNull(row.upstreamModel);
    case LogColumn::Latency: return row.latencyMs;
    case LogColumn::Ttft: return row.ttftMs < 0 ? -1.0 : row.ttftMs;
    case LogColumn::PromptTokens: return row.promptTokens;
    case LogColumn::CompletionTokens: return row.completionTokens;
    case LogColumn::Stream: return row.stream ? 1 : 0;
    case LogColumn::ErrorClass: return emptyIfNull(row.errorClass);
    case LogColumn::TraceId: return emptyIfNull(row.traceId);
    case LogColumn::Count: break;
    }
    return row.timeMs;
}

QString LogFilter::drivingIndex() const
{
    if (status > 0 && errorsOnly())
        return QStringLiteral("requests_errors_ts");
    return QStringLiteral("requests_ts");
}

SqlQueryText LogFilter::pageQuery(qint64 nowMs, qint64 snapshotId, const LogCursor& after,
                                  int limit) const
{
    SqlQueryText q = where(nowMs);
    const bool descending = sortOrder == Qt::DescendingOrder;
    const QString direction = descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    QString from = QStringLiteral(" FROM requests");
    QString order;
    QString keyset;
    if (sortColumn == LogColumn::Time) {
        // Named, so that SQLite cannot pick the status index for a status class and then sort
        // a million rows; the scan is in (ts_ms, rowid) order and stops after a page.
        from += QStringLiteral(" INDEXED BY ") + drivingIndex();
        order = QStringLiteral("ts_ms") + direction + QStringLiteral(", id") + direction;
        // Written as a range on ts_ms plus a tie-break, which SQLite turns into an index seek
        // (a row value (ts_ms, id) < (?, ?) is not a range on a one-column index).
        if (after.isValid()) {
            keyset = descending ? QStringLiteral(" AND ts_ms <= ? AND (ts_ms < ? OR id < ?)")
                                : QStringLiteral(" AND ts_ms >= ? AND (ts_ms > ? OR id > ?)");
            q.binds << after.key << after.key << after.id;
        }
    } else {
        const QString expression = sortExpression(sortColumn);
        order = expression + direction + QStringLiteral(", id") + direction;
        if (after.isValid()) {
            keyset = QStringLiteral(" AND (%1, id) %2 (?, ?)")
                         .arg(expression, descending ? QStringLiteral("<") : QStringLiteral(">"));
            q.binds << after.key << after.id;
        }
    }
    // "+id" is not an index term: the snapshot bound must not make SQLite walk the rowids.
    q.sql = QStringLiteral("SELECT ") + selectColumns() + from + QStringLiteral(" WHERE ") + q.sql +
            keyset + QStringLiteral(" AND +id <= ? ORDER BY ") + order;
    q.binds << snapshotId;
    if (limit > 0)
        q.sql += QStringLiteral(" LIMIT %1").arg(limit);
    return q;
}

SqlQueryText LogFilter::countQuery(qint64 nowMs, qint64 snapshotId) const
{
    SqlQueryText q = where(nowMs);
    // No index named here: for a count SQLite's own choice (e.g. the status index, covering,
    // for a status class) beats the time-ordered walk a page needs.
    q.sql = QStringLiteral("SELECT COUNT(*) FROM requests WHERE ") + q.sql +
            QStringLiteral(" AND +id <= ?");
    q.binds << snapshotId;
    return q;
}

SqlQueryText LogFilter::newRowsQuery(qint64 nowMs, qint64 afterId, qint64 uptoId) const
{
    SqlQueryText q = where(nowMs);
    // NOT INDEXED: the rowid range (the few new rows) and never a walk of, say, every row of
    // the chosen model.
    q.sql = QStringLiteral("SELECT ") + selectColumns() +
            QStringLiteral(" FROM requests NOT INDEXED WHERE id > ? AND id <= ? AND ") + q.sql +
            QStringLiteral(" ORDER BY id DESC");
    q.binds.prepend(uptoId);
    q.binds.prepend(afterId);
    return q;
}

} // namespace ui

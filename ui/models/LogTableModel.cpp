#include "models/LogTableModel.h"

#include "models/LogQueryWorker.h"
#include "models/LogSource.h"

#include "store/Database.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLocale>
#include <QThread>

namespace ui {

namespace {
bool isNumeric(LogColumn column)
{
    switch (column) {
    case LogColumn::Status:
    case LogColumn::Latency:
    case LogColumn::Ttft:
    case LogColumn::PromptTokens:
    case LogColumn::CompletionTokens: return true;
    default: return false;
    }
}

QString milliseconds(double ms)
{
    // Sub-millisecond answers (cache hits, the mock) keep a decimal; the rest do not need it.
    return QLocale().toString(ms, 'f', ms < 10 ? 1 : 0);
}
} // namespace

LogTableModel::LogTableModel(const QString& dataDir, QObject* parent)
    : QAbstractTableModel(parent), m_dataDir(dataDir),
      m_generation(std::make_shared<std::atomic<quint64>>(1)),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    qRegisterMetaType<ui::LogRow>();
    qRegisterMetaType<QVector<ui::LogRow>>();
    m_source = std::make_unique<LogSource>(m_dataDir);
    startWorker();
    m_pollTimer.setInterval(pollIntervalMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &LogTableModel::pollNewRows);
    m_pollTimer.start();
    requery();
}

LogTableModel::~LogTableModel()
{
    stopWorker();
}

void LogTableModel::startWorker()
{
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("switchboard-logs-query"));
    m_worker = new LogQueryWorker(m_dataDir, m_generation);
    m_worker->moveToThread(m_thread);
    // The worker's connection is closed on its own thread, where it was opened.
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &LogQueryWorker::rowsFound, this, &LogTableModel::onRowsFound);
    connect(m_worker, &LogQueryWorker::counted, this, &LogTableModel::onCounted);
    connect(m_worker, &LogQueryWorker::filterValuesFound, this, &LogTableModel::filterValuesFound);
    m_thread->start(QThread::LowPriority);
}

void LogTableModel::stopWorker()
{
    if (!m_thread)
        return;
    m_generation->fetch_add(1); // interrupts whatever runs
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_worker = nullptr; // deleted on its thread when it finished
}

void LogTableModel::setDataDir(const QString& dataDir)
{
    if (dataDir == m_dataDir)
        return;
    stopWorker();
    m_dataDir = dataDir;
    m_source = std::make_unique<LogSource>(m_dataDir);
    startWorker();
    requery();
}

bool LogTableModel::isOpen() const
{
    return m_source->isOpen();
}

bool LogTableModel::ensureOpen()
{
    if (m_source->isOpen())
        return true;
    const auto opened = m_source->open();
    if (opened)
        emit openChanged(true);
    return opened.ok();
}

int LogTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(LogColumn::Count);
}

QString LogTableModel::display(const LogRow& row, LogColumn column) const
{
    switch (column) {
    case LogColumn::Time:
        return QDateTime::fromMSecsSinceEpoch(row.timeMs)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case LogColumn::Status: return QString::number(row.status);
    case LogColumn::Model: return row.model;
    case LogColumn::Prompt: return row.prompt;
    case LogColumn::Backend: return row.backend;
    case LogColumn::UpstreamModel: return row.upstreamModel;
    case LogColumn::Latency: return milliseconds(row.latencyMs);
    case LogColumn::Ttft: return row.ttftMs < 0 ? QString() : milliseconds(row.ttftMs);
    case LogColumn::PromptTokens: return QLocale().toString(row.promptTokens);
    case LogColumn::CompletionTokens: return QLocale().toString(row.completionTokens);
    case LogColumn::Stream: return row.stream ? tr("yes") : tr("no");
    case LogColumn::ErrorClass: return row.errorClass;
    case LogColumn::TraceId: return row.traceId;
    case LogColumn::Count: break;
    }
    return QString();
}

QVariant LogTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const LogRow& row = m_rows.at(index.row());
    const auto column = LogColumn(index.column());
    switch (role) {
    case Qt::DisplayRole: return display(row, column);
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                 : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == LogColumn::Status || column == LogColumn::ErrorClass) {
            if (row.status >= 500 && m_serverErrorColor.isValid())
                return m_serverErrorColor;
            if (row.status >= 400 && m_clientErrorColor.isValid())
                return m_clientErrorColor;
        }
        return QVariant();
    case Qt::ToolTipRole:
        if (column == LogColumn::Time)
            return QDateTime::fromMSecsSinceEpoch(row.timeMs, Qt::UTC).toString(Qt::ISODateWithMs);
        if (column == LogColumn::Ttft && row.ttftMs < 0)
            return tr("No time to first token: not a stream, or no token arrived");
        if (column == LogColumn::TraceId || column == LogColumn::ErrorClass ||
            (column == LogColumn::Prompt && !row.prompt.isEmpty()))
            return display(row, column);
        if ((column == LogColumn::Status || column == LogColumn::Backend) && row.servedByFallback)
            return tr("Served by a fallback target after an earlier one failed; the details "
                      "list each attempt.");
        return QVariant();
    case RowIdRole: return row.id;
    case FallbackRole: return row.servedByFallback;
    default: return QVariant();
    }
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QVariant();
    const auto column = LogColumn(section);
    if (role == Qt::DisplayRole) {
        switch (column) {
        case LogColumn::Time: return tr("Time");
        case LogColumn::Status: return tr("Status");
        case LogColumn::Model: return tr("Model");
        case LogColumn::Prompt: return tr("Prompt");
        case LogColumn::Backend: return tr("Backend");
        // Two lines where the words are much wider than the values: twelve columns then fit
        // a 1280-pixel window.
        case LogColumn::UpstreamModel: return tr("Upstream\nmodel");
        case LogColumn::Latency: return tr("Latency\n(ms)");
        case LogColumn::Ttft: return tr("TTFT\n(ms)");
        case LogColumn::PromptTokens: return tr("Prompt\ntokens");
        case LogColumn::CompletionTokens: return tr("Completion\ntokens");
        case LogColumn::Stream: return tr("Stream");
        case LogColumn::ErrorClass: return tr("Error\nclass");
        case LogColumn::TraceId: return tr("Trace ID");
        case LogColumn::Count: break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (column) {
        case LogColumn::Model: return tr("The model alias the client asked for");
        case LogColumn::Prompt:
            return tr("The start of the last user message, from the captured request body "
                      "(not sortable)");
        case LogColumn::UpstreamModel: return tr("The model the backend was asked for");
        case LogColumn::Latency: return tr("Time until the whole answer was sent, in milliseconds");
        case LogColumn::Ttft: return tr("Time to first token of a stream, in milliseconds");
        default:
            return headerData(section, orientation, Qt::DisplayRole)
                .toString()
                .replace(QLatin1Char('\n'), QLatin1Char(' '));
        }
    } else if (role == Qt::TextAlignmentRole) {
        return isNumeric(column) ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                 : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    }
    return QVariant();
}

void LogTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
}

void LogTableModel::setStatusColors(const QColor& clientError, const QColor& serverError)
{
    m_clientErrorColor = clientError;
    m_serverErrorColor = serverError;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1),
                         {Qt::ForegroundRole});
}

bool LogTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd && !m_fetchPending;
}

void LogTableModel::fetchMore(const QModelIndex& parent)
{
    if (!parent.isValid())
        fetchPage();
}

void LogTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= int(LogColumn::Count) || !LogFilter::isSortable(LogColumn(column)))
        return;
    LogFilter filter = m_filter;
    filter.sortColumn = LogColumn(column);
    filter.sortOrder = order;
    setFilter(filter);
}

void LogTableModel::setFilter(const LogFilter& filter)
{
    if (filter == m_filter && m_source->isOpen())
        return;
    m_filter = filter;
    requery();
}

void LogTableModel::refresh()
{
    requery();
}

void LogTableModel::setBusy(bool busy)
{
    if (m_fetchPending == busy)
        return;
    m_fetchPending = busy;
    emit busyChanged(busy);
}

void LogTableModel::fail(const QString& message)
{
    m_lastError = message;
    emit errorOccurred(message);
}

void LogTableModel::requery()
{
    // A new generation interrupts the worker's statements for the old filter.
    m_generation->fetch_add(1);
    beginResetModel();
    m_rows.clear();
    m_rows.squeeze();
    m_cursor = LogCursor();
    m_atEnd = true;
    endResetModel();
    setBusy(false);
    m_lastError.clear();
    m_anchorMs = m_clock();
    m_liveInserted = 0;
    if (!ensureOpen()) {
        // No file yet is the normal state before the gateway's first start; a file that cannot
        // be read (an older schema, a broken file) is an error to show.
        if (QFile::exists(QDir(m_dataDir).filePath(gateway::store::Database::fileName())))
            fail(m_source->error());
        m_snapshotId = m_liveCursor = 0;
        m_matchingCount = 0;
        emit matchingCountChanged(m_matchingCount);
        return;
    }
    m_snapshotId = m_liveCursor = m_source->maxId();
    m_atEnd = m_snapshotId == 0;
    m_matchingCount = m_atEnd ? 0 : -1;
    emit matchingCountChanged(m_matchingCount);
    if (m_atEnd)
        return;
    const quint64 generation = m_generation->load();
    const SqlQueryText count = m_filter.countQuery(m_anchorMs, m_snapshotId);
    fetchPage();
    // Queued after the first page, on the same thread: the rows come before the total.
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation, count] { worker->count(generation, count); });
}

void LogTableModel::fetchPage()
{
    if (m_atEnd || m_fetchPending || !m_source->isOpen())
        return;
    if (!m_filter.indexedOnGuiThread()) {
        fetchInBackground(m_batchSize);
        return;
    }
    QVector<LogRow> rows;
    rows.reserve(m_batchSize);
    QElapsedTimer elapsed;
    elapsed.start();
    // An index serves this query, but a rare backend or status class can still make it walk
    // far: past the budget the worker finishes the page.
    m_source->setInterruptCheck([&] { return elapsed.hasExpired(m_guiBudgetMs); });
    const LogSource::Outcome outcome = m_source->readRows(
        m_filter.pageQuery(m_anchorMs, m_snapshotId, m_cursor, m_batchSize), [&](LogRow&& row) {
            rows.append(std::move(row));
            return true;
        });
    m_source->setInterruptCheck({});
    const int read = int(rows.size());
    switch (outcome) {
    case LogSource::Outcome::Done:
        appendRows(std::move(rows));
        m_atEnd = read < m_batchSize;
        break;
    case LogSource::Outcome::Interrupted:
        // The rows read so far are the start of the page, in order: keep them.
        appendRows(std::move(rows));
        fetchInBackground(m_batchSize - read);
        break;
    case LogSource::Outcome::Failed:
        m_atEnd = true;
        fail(m_source->error());
        break;
    }
}

void LogTableModel::fetchInBackground(int rows)
{
    m_pendingWanted = qMax(1, rows);
    m_pendingReceived = 0;
    setBusy(true);
    const quint64 generation = m_generation->load();
    const SqlQueryText query =
        m_filter.pageQuery(m_anchorMs, m_snapshotId, m_cursor, m_pendingWanted);
    const int limit = m_pendingWanted;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, generation, query, limit] {
        worker->fetchRows(generation, query, limit);
    });
}

void LogTableModel::appendRows(QVector<LogRow>&& rows)
{
    if (rows.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + int(rows.size()) - 1);
    m_rows.append(std::move(rows));
    endInsertRows();
    m_cursor = LogFilter::cursorAt(m_rows.constLast(), m_filter.sortColumn);
}

void LogTableModel::onRowsFound(quint64 generation, const QVector<LogRow>& rows, bool finished,
                                const QString& error)
{
    if (generation != m_generation->load() || !m_fetchPending)
        return;
    m_pendingReceived += int(rows.size());
    appendRows(QVector<LogRow>(rows));
    if (!finished)
        return;
    m_atEnd = !error.isEmpty() || m_pendingReceived < m_pendingWanted;
    setBusy(false);
    if (!error.isEmpty())
        fail(error);
}

void LogTableModel::onCounted(quint64 generation, qint64 count)
{
    if (generation != m_generation->load())
        return;
    // Rows the live poll inserted meanwhile are newer than the snapshot that was counted.
    m_matchingCount = count + m_liveInserted;
    emit matchingCountChanged(m_matchingCount);
}

std::optional<LogBodies> LogTableModel::bodies(qint64 id)
{
    return m_source->bodies(id);
}

std::vector<gateway::store::Attempt> LogTableModel::attempts(qint64 id)
{
    return m_source->attempts(id);
}

void LogTableModel::setLiveUpdates(bool on)
{
    if (m_live == on)
        return;
    m_live = on;
    if (on) {
        m_pollTimer.start();
        pollNewRows(); // catch up at once
    } else {
        m_pollTimer.stop();
    }
}

void LogTableModel::pollNewRows()
{
    if (!m_source->isOpen()) {
        // The gateway creates the file when it starts; show it as soon as it exists.
        if (ensureOpen())
            requery();
        return;
    }
    if (!isFollowing())
        return;
    const qint64 newest = m_source->maxId();
    if (newest <= m_liveCursor)
        return;
    if (newest - m_liveCursor > maxLiveInsert) {
        requery();
        return;
    }
    QVector<LogRow> rows;
    const LogSource::Outcome outcome = m_source->readRows(
        m_filter.newRowsQuery(m_anchorMs, m_liveCursor, newest), [&](LogRow&& row) {
            rows.append(std::move(row));
            return true;
        });
    if (outcome != LogSource::Outcome::Done) {
        fail(m_source->error());
        return;
    }
    m_liveCursor = newest;
    if (rows.isEmpty())
        return;
    const int n = int(rows.size());
    beginInsertRows(QModelIndex(), 0, n - 1);
    m_rows.insert(0, n, LogRow());
    std::move(rows.begin(), rows.end(), m_rows.begin());
    endInsertRows();
    m_liveInserted += n;
    if (m_matchingCount >= 0) {
        m_matchingCount += n;
        emit matchingCountChanged(m_matchingCount);
    }
    emit rowsArrived(n);
}

void LogTableModel::trimTo(int keep)
{
    // A page on its way continues from the last row; it must not lose that row.
    if (keep < 1 || m_rows.size() <= keep || m_fetchPending)
        return;
    beginRemoveRows(QModelIndex(), keep, int(m_rows.size()) - 1);
    m_rows.resize(keep);
    endRemoveRows();
    m_cursor = LogFilter::cursorAt(m_rows.constLast(), m_filter.sortColumn);
    m_atEnd = false;
}

void LogTableModel::requestFilterValues()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->findFilterValues(); });
}

} // namespace ui

#pragma once

#include "models/LogFilter.h"
#include "models/LogRow.h"
#include "store/LogRecord.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QTimer>
#include <QVector>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace ui {

class LogQueryWorker;
class LogSource;

// The request log as a table (Qt's fetchmore example and Wireshark's packet list in spirit):
// rowCount() counts only the rows fetched so far, canFetchMore()/fetchMore() read the next
// batch with keyset paging, and data() only formats a fetched row.
//
// Indexed pages (LogFilter::indexedOnGuiThread()) are read on the GUI thread under a time
// budget; a page that runs over it, a text search and a sort by another column are read by a
// LogQueryWorker on its own thread, and arrive in chunks while isBusy(). Sorting and filtering
// happen in SQL. A view shows the rows as of one snapshot (the newest id when it was filled);
// with live updates on and the newest first, rows that arrive later are inserted at the top,
// from one primary-key range query a second (never a signal per request).
class LogTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        RowIdRole = Qt::UserRole + 1, // the row's id in the requests table
        // bool: served by a fallback target after an earlier one failed (the "fallback" badge)
        FallbackRole,
    };
    static constexpr int defaultBatchSize = 256;
    static constexpr int pollIntervalMs = 1000;
    // More new rows than this in one poll reload the newest page instead of being inserted.
    static constexpr int maxLiveInsert = 5000;
    // How long the GUI thread may spend on one page before the worker takes over.
    static constexpr int defaultGuiBudgetMs = 40;

    explicit LogTableModel(const QString& dataDir, QObject* parent = nullptr);
    ~LogTableModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    // The filter and the sort; setting either reads the rows again from the first page.
    LogFilter filter() const { return m_filter; }
    void setFilter(const LogFilter& filter);
    // Reads everything again (a new snapshot) with the same filter.
    void refresh();
    QString dataDir() const { return m_dataDir; }
    void setDataDir(const QString& dataDir);

    const LogRow& rowAt(int row) const { return m_rows.at(row); }
    // The captured bodies of a request; nullopt when capture was off for it.
    std::optional<LogBodies> bodies(qint64 id);
    // The upstream attempts of a request, in order; empty when none were made.
    std::vector<gateway::store::Attempt> attempts(qint64 id);

    // True while a worker query for the rows of this filter runs ("Searching…").
    bool isBusy() const { return m_fetchPending; }
    // The number of rows that match the filter (counted on the worker); -1 while counting.
    qint64 matchingCount() const { return m_matchingCount; }
    // Whether the log file could be opened; false until the gateway has created it.
    bool isOpen() const;
    QString lastError() const { return m_lastError; }

    // Live updates: on by default; they apply only while sorted by time, newest first.
    void setLiveUpdates(bool on);
    bool liveUpdates() const { return m_live; }
    bool isFollowing() const { return m_live && m_filter.isNewestFirst(); }
    // One poll: what the timer runs every pollIntervalMs.
    void pollNewRows();
    // Drops fetched rows beyond the first `keep`, so that a view following a busy gateway
    // for hours does not hold every row it ever showed; scrolling down reads them again.
    void trimTo(int keep);

    // Asks the worker for the distinct models, backends and statuses (filterValuesFound).
    void requestFilterValues();

    // Tuning and tests.
    void setBatchSize(int rows) { m_batchSize = qMax(1, rows); }
    int batchSize() const { return m_batchSize; }
    // Time ranges are anchored on this clock (tests use a fixed one).
    void setClock(std::function<qint64()> nowMs) { m_clock = std::move(nowMs); }
    // How long the GUI thread may spend on one page before the worker takes over.
    void setGuiBudgetMs(int ms) { m_guiBudgetMs = ms; }
    void setStatusColors(const QColor& clientError, const QColor& serverError);
    // Headers follow the language (LanguageChange is sent to widgets, not to models).
    void retranslate();

signals:
    void busyChanged(bool busy);
    void matchingCountChanged(qint64 count);
    void rowsArrived(int count); // inserted at the top by a live poll
    void filterValuesFound(const QStringList& models, const QStringList& backends,
                           const QList<int>& statuses);
    void errorOccurred(const QString& message);
    void openChanged(bool open);

private:
    void startWorker();
    void stopWorker();
    bool ensureOpen();
    void requery();
    void fetchPage();
    void fetchInBackground(int rows);
    void appendRows(QVector<LogRow>&& rows);
    void onRowsFound(quint64 generation, const QVector<LogRow>& rows, bool finished,
                     const QString& error);
    void onCounted(quint64 generation, qint64 count);
    void setBusy(bool busy);
    void fail(const QString& message);
    QString display(const LogRow& row, LogColumn column) const;

    QString m_dataDir;
    std::unique_ptr<LogSource> m_source; // the GUI thread's connection
    QThread* m_thread = nullptr;
    LogQueryWorker* m_worker = nullptr; // lives on m_thread
    std::shared_ptr<std::atomic<quint64>> m_generation;

    LogFilter m_filter;
    QVector<LogRow> m_rows;
    LogCursor m_cursor;      // after the last fetched row
    qint64 m_snapshotId = 0; // pages read rows with id <= this
    qint64 m_liveCursor = 0; // newest id looked at by the live poll
    qint64 m_anchorMs = 0;   // "now" of the time range, fixed per snapshot
    bool m_atEnd = true;
    bool m_fetchPending = false;
    int m_pendingWanted = 0; // rows asked of the worker
    int m_pendingReceived = 0;
    qint64 m_matchingCount = -1;
    qint64 m_liveInserted = 0; // rows the live poll added since the snapshot
    QString m_lastError;

    int m_batchSize = defaultBatchSize;
    int m_guiBudgetMs = defaultGuiBudgetMs;
    bool m_live = true;
    QTimer m_pollTimer;
    std::function<qint64()> m_clock;
    QColor m_clientErrorColor;
    QColor m_serverErrorColor;
};

} // namespace ui

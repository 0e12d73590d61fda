#pragma once

#include "models/LogExporter.h"
#include "models/LogRow.h"

#include <optional>

#include "Page.h"

#include <QKeySequence>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QProgressDialog;
class QPushButton;
class QSplitter;
class QTableView;
class QTimer;

namespace ui {

class GatewayHost;
class LogCellDelegate;
class LogDetailsView;
class LogTableModel;

// The live request log: filters (time range, status, model, backend, text in the bodies, and
// whether the console's replays count) over a LogTableModel, the details of the selected
// request (collapsed until one is selected), a context menu per row, and export of the filter
// to CSV or JSON Lines. The search's matches are marked in the cells and in the bodies; Ctrl+F
// goes to the search, Esc clears it. Rows of a busy gateway come in at the top once a second while
// sorted newest first; a view scrolled down stays on the rows it shows.
class LogsPage : public Page
{
    Q_OBJECT
public:
    explicit LogsPage(GatewayHost* host, QWidget* parent = nullptr);

    // The key that exports (the window's File menu holds it).
    static QKeySequence exportShortcut() { return QKeySequence(Qt::CTRL | Qt::Key_E); }
    QString purpose() const override;
    // "Export…" (Ctrl+E): exports what the filter shows.
    QAction* mainAction() const override { return m_exportAction; }
    // Reads the log again (a new snapshot) with the same filter.
    void refresh() override;
    ~LogsPage() override;

    LogTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    LogDetailsView* details() const { return m_details; }
    LogCellDelegate* cellDelegate() const { return m_delegate; }

    // The row's context menu: Copy trace ID, Copy as cURL, Replay…, Filter by this model, each
    // for the current row (disabled, with the reason in its tooltip, where it does not apply).
    // The caller owns the menu.
    QMenu* contextMenu();
    QAction* copyTraceIdAction() const { return m_copyTraceId; }
    QAction* copyCurlAction() const { return m_copyCurl; }
    QAction* replayAction() const { return m_replayAction; }
    QAction* filterByModelAction() const { return m_filterByModel; }

    // What Export… does once it has a path: exports the current filter in the background
    // behind a progress dialog; exportFinished() tells the outcome.
    void exportTo(const QString& path, LogExporter::Format format);

signals:
    void exportFinished(bool ok, const QString& message);
    // The user asked to replay the selected request (the Replay page takes it).
    void replayRequested(qint64 requestId);

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildFilterBar();
    void fillStaticCombos();
    void applyFilter();
    void chooseExportFile();
    void onExportFinished(bool ok, const QString& error, qint64 rows);
    void mergeFilterValues(const QStringList& models, const QStringList& backends,
                           const QList<int>& statuses);
    void mergeConfigValues();
    void mergeValuesOfNewRows(int count);
    void showCurrent();
    void updateStatusLine();
    void showStatusText();
    void applySplit();
    void updateLive();
    void updateColors();
    void setColumnWidths();
    void retranslate();
    // The reason the current row cannot be replayed (or copied as cURL), empty when it can.
    QString replayProblem() const;
    QString curlProblem() const;
    void updateRowActions();
    void filterByCurrentModel();
    void copyCurrentAsCurl();

    GatewayHost* m_host;
    LogTableModel* m_model;
    QTableView* m_table;
    LogDetailsView* m_details;
    QSplitter* m_splitter;
    QComboBox* m_time;
    QComboBox* m_status;
    QComboBox* m_modelFilter;
    QComboBox* m_backend;
    QLineEdit* m_tenant;
    QLineEdit* m_key;
    QLineEdit* m_text;
    QTimer* m_textDelay;
    QProgressBar* m_busy;
    QLabel* m_busyLabel;
    QCheckBox* m_live;
    QCheckBox* m_showReplay;
    QPushButton* m_refresh;
    QPushButton* m_replay; // shows m_replayAction
    QLabel* m_statusLine;
    LogCellDelegate* m_delegate;
    QAction* m_exportAction;
    QAction* m_findAction;
    QAction* m_clearSearch;
    QAction* m_copyTraceId;
    QAction* m_copyCurl;
    QAction* m_replayAction;
    QAction* m_filterByModel;
    // The bodies of the current row, read when it became current (replay and cURL need them).
    std::optional<LogBodies> m_currentBodies;
    LogExporter* m_exporter;
    QProgressDialog* m_progress = nullptr;
    QString m_exportPath;
    QString m_statusText;         // the status line's whole text, shown elided
    int m_scrollBefore = 0;       // the first visible row before rows came in at the top
    bool m_splitterMoved = false; // by the user: from then on the split is theirs
    QList<int> m_userSplit;
};

} // namespace ui

#pragma once

#include "models/LogExporter.h"

#include "Page.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QProgressDialog;
class QPushButton;
class QSplitter;
class QTableView;
class QTimer;

namespace ui {

class GatewayHost;
class LogDetailsView;
class LogTableModel;

// The live request log: filters (time range, status, model, backend, text in the bodies) over
// a LogTableModel, the details of the selected request, and export of the filter to CSV or
// JSON Lines. Rows of a busy gateway come in at the top once a second while sorted newest
// first; a view scrolled down stays on the rows it shows.
class LogsPage : public Page
{
    Q_OBJECT
public:
    explicit LogsPage(GatewayHost* host, QWidget* parent = nullptr);

    QString purpose() const override;
    ~LogsPage() override;

    LogTableModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    LogDetailsView* details() const { return m_details; }

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
    void updateLive();
    void updateColors();
    void setColumnWidths();
    void retranslate();

    GatewayHost* m_host;
    LogTableModel* m_model;
    QTableView* m_table;
    LogDetailsView* m_details;
    QSplitter* m_splitter;
    QComboBox* m_time;
    QComboBox* m_status;
    QComboBox* m_modelFilter;
    QComboBox* m_backend;
    QLineEdit* m_text;
    QTimer* m_textDelay;
    QProgressBar* m_busy;
    QLabel* m_busyLabel;
    QCheckBox* m_live;
    QPushButton* m_refresh;
    QPushButton* m_export;
    QPushButton* m_replay;
    QLabel* m_statusLine;
    LogExporter* m_exporter;
    QProgressDialog* m_progress = nullptr;
    QString m_exportPath;
    QString m_lastExportMessage;
    int m_scrollBefore = 0;       // the first visible row before rows came in at the top
    bool m_splitterMoved = false; // by the user: from then on the split is theirs
};

} // namespace ui

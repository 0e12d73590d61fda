#include "pages/LogsPage.h"

#include "GatewayHost.h"
#include "models/LogCurl.h"
#include "models/LogTableModel.h"
#include "models/ReplayStore.h"
#include "models/ReplayTraffic.h"
#include "widgets/LogCellDelegate.h"
#include "widgets/LogDetailsView.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include <limits>

namespace ui {

namespace {
constexpr int textDelayMs = 300;
// A view at the top keeps this many rows while new ones come in (see LogTableModel::trimTo).
constexpr int liveRowsKept = 4 * LogTableModel::defaultBatchSize;

// Status combo values: "" any, "2xx"/"4xx"/"5xx" a class, "404" an exact code.
void statusFromData(const QString& data, LogFilter* filter)
{
    if (data.size() == 3 && data.endsWith(QLatin1String("xx")))
        filter->statusClass = data.at(0).digitValue();
    else if (!data.isEmpty())
        filter->status = data.toInt();
}

// Inserts a value in sorted order after the first `fixed` items, unless it is there.
void insertSorted(QComboBox* combo, const QString& text, const QVariant& data, int fixed,
                  bool numeric = false)
{
    if (combo->findData(data) >= 0)
        return;
    int at = fixed;
    for (; at < combo->count(); ++at) {
        const QVariant other = combo->itemData(at);
        if (!other.isValid()) // a separator
            continue;
        if (numeric ? other.toString().toInt() > data.toString().toInt()
                    : QString::localeAwareCompare(other.toString(), data.toString()) > 0)
            break;
    }
    combo->insertItem(at, text, data);
}
} // namespace

LogsPage::LogsPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_model(new LogTableModel(host->dataDir(), this)),
      m_table(new QTableView), m_details(new LogDetailsView),
      m_splitter(new QSplitter(Qt::Vertical)), m_time(new QComboBox), m_status(new QComboBox),
      m_modelFilter(new QComboBox), m_backend(new QComboBox), m_tenant(new QLineEdit),
      m_key(new QLineEdit), m_text(new QLineEdit), m_textDelay(new QTimer(this)),
      m_busy(new QProgressBar), m_busyLabel(new QLabel), m_live(new QCheckBox),
      m_showReplay(new QCheckBox), m_refresh(new QPushButton), m_replay(new QPushButton),
      m_statusLine(new QLabel), m_delegate(new LogCellDelegate(this)),
      m_exportAction(new QAction(this)), m_findAction(new QAction(this)),
      m_clearSearch(new QAction(this)), m_copyTraceId(new QAction(this)),
      m_copyCurl(new QAction(this)), m_replayAction(new QAction(this)),
      m_filterByModel(new QAction(this)), m_exporter(new LogExporter(this))
{
    buildFilterBar();

    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    m_table->setCornerButtonEnabled(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it
    m_table->setItemDelegate(m_delegate);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        const QModelIndex index = m_table->indexAt(at);
        if (!index.isValid())
            return;
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        QMenu* menu = contextMenu();
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(m_table->viewport()->mapToGlobal(at));
    });
    m_table->verticalHeader()->hide();
    // Fixed row heights: the view never measures rows (Wireshark's packet list does the same).
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSortIndicator(int(LogColumn::Time), Qt::DescendingOrder);
    m_table->setSortingEnabled(true);
    // The prompt cannot be sorted by (LogFilter::isSortable): a click on it keeps the sort.
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int section) {
                if (LogFilter::isSortable(LogColumn(section)))
                    return;
                const QSignalBlocker block(m_table->horizontalHeader());
                m_table->horizontalHeader()->setSortIndicator(int(m_model->filter().sortColumn),
                                                              m_model->filter().sortOrder);
            });
    m_details->setObjectName(QStringLiteral("logDetails"));

    m_statusLine->setObjectName(QStringLiteral("statusLine"));
    m_statusLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Elided to the room it has (the whole text in its tooltip): a long data dir or error
    // never widens the window.
    m_statusLine->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_statusLine->installEventFilter(this);
    m_busy->setObjectName(QStringLiteral("busyIndicator"));
    m_busy->setRange(0, 0); // busy: it moves while a search runs
    m_busy->setMaximumWidth(90);
    m_busy->setMaximumHeight(m_statusLine->sizeHint().height());
    m_busy->setTextVisible(false);
    m_busy->hide();
    m_busyLabel->hide();

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    auto* filters = new QHBoxLayout;
    filters->addWidget(m_time);
    filters->addWidget(m_status);
    filters->addWidget(m_modelFilter);
    filters->addWidget(m_backend);
    filters->addWidget(m_tenant);
    filters->addWidget(m_key);
    filters->addWidget(m_text, 1);
    topLayout->addLayout(filters);
    topLayout->addWidget(m_table, 1);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_statusLine, 1);
    bar->addWidget(m_busy);
    bar->addWidget(m_busyLabel);
    bar->addSpacing(8);
    bar->addWidget(m_showReplay);
    bar->addWidget(m_live);
    bar->addWidget(m_refresh);
    // Export… is the page's main action, in the window's header (Ctrl+E).
    bar->addWidget(m_replay);
    topLayout->addLayout(bar);

    m_splitter->addWidget(top);
    m_splitter->addWidget(m_details);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_details->hide(); // until a row is selected: the table has the page to itself
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] {
        m_splitterMoved = true;
        m_userSplit = m_splitter->sizes();
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->addWidget(m_splitter);

    connect(m_model, &LogTableModel::busyChanged, this, &LogsPage::updateStatusLine);
    connect(m_model, &LogTableModel::matchingCountChanged, this, &LogsPage::updateStatusLine);
    connect(m_model, &LogTableModel::errorOccurred, this, &LogsPage::updateStatusLine);
    connect(m_model, &LogTableModel::openChanged, this, [this] {
        m_model->requestFilterValues();
        updateStatusLine();
    });
    connect(m_model, &LogTableModel::filterValuesFound, this, &LogsPage::mergeFilterValues);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        showCurrent(); // nothing is current after a reset
        updateLive();
        updateStatusLine();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &LogsPage::updateStatusLine);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex&, int first) {
                if (first == 0)
                    m_scrollBefore = m_table->verticalScrollBar()->value();
            });
    connect(m_model, &LogTableModel::rowsArrived, this, &LogsPage::mergeValuesOfNewRows);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LogsPage::showCurrent);
    m_replay->setObjectName(QStringLiteral("replay"));
    // The button mirrors the action, so that the bar and the row's menu agree.
    connect(m_replayAction, &QAction::changed, m_replay, [this] {
        m_replay->setText(m_replayAction->text());
        m_replay->setToolTip(m_replayAction->toolTip());
        m_replay->setEnabled(m_replayAction->isEnabled());
    });
    connect(m_replay, &QPushButton::clicked, m_replayAction, &QAction::trigger);
    m_replayAction->setObjectName(QStringLiteral("replayAction"));
    connect(m_replayAction, &QAction::triggered, this, [this] {
        const QModelIndex current = m_table->selectionModel()->currentIndex();
        if (current.isValid() && replayProblem().isEmpty())
            emit replayRequested(m_model->rowAt(current.row()).id);
    });
    m_copyTraceId->setObjectName(QStringLiteral("copyTraceId"));
    connect(m_copyTraceId, &QAction::triggered, this, [this] {
        const QModelIndex current = m_table->selectionModel()->currentIndex();
        if (current.isValid())
            QGuiApplication::clipboard()->setText(m_model->rowAt(current.row()).traceId);
    });
    m_copyCurl->setObjectName(QStringLiteral("copyCurl"));
    connect(m_copyCurl, &QAction::triggered, this, &LogsPage::copyCurrentAsCurl);
    m_filterByModel->setObjectName(QStringLiteral("filterByModel"));
    connect(m_filterByModel, &QAction::triggered, this, &LogsPage::filterByCurrentModel);

    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    // Ctrl+E is the window's (File → Export logs…), which brings this page forward first: the
    // same key on this action too would make the two ambiguous, and neither would run.
    connect(m_exportAction, &QAction::triggered, this, &LogsPage::chooseExportFile);
    // Ctrl+F anywhere on the page goes to the search; Esc in it clears it.
    m_findAction->setShortcut(QKeySequence::Find);
    m_findAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_text->setFocus(Qt::ShortcutFocusReason);
        m_text->selectAll();
    });
    m_clearSearch->setShortcut(QKeySequence(Qt::Key_Escape));
    m_clearSearch->setShortcutContext(Qt::WidgetShortcut);
    connect(m_clearSearch, &QAction::triggered, this, [this] {
        m_text->clear();
        applyFilter();
    });
    addAction(m_exportAction);
    addAction(m_findAction);
    m_text->addAction(m_clearSearch);

    connect(m_host, &GatewayHost::runningChanged, this, [this] {
        // The data dir can change when a config names one.
        m_model->setDataDir(m_host->dataDir());
        updateStatusLine();
    });
    connect(m_host, &GatewayHost::configChanged, this, &LogsPage::mergeConfigValues);
    connect(m_exporter, &LogExporter::finished, this, &LogsPage::onExportFinished);

    retranslate();
    setColumnWidths();
    updateColors();
    updateLive();
    m_model->requestFilterValues();
    mergeConfigValues();
    applyFilter(); // the remembered "Show replay traffic"
}

LogsPage::~LogsPage() = default;

void LogsPage::buildFilterBar()
{
    m_time->setObjectName(QStringLiteral("timeFilter"));
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_modelFilter->setObjectName(QStringLiteral("modelFilter"));
    m_backend->setObjectName(QStringLiteral("backendFilter"));
    m_tenant->setObjectName(QStringLiteral("tenantFilter"));
    m_key->setObjectName(QStringLiteral("keyFilter"));
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_live->setObjectName(QStringLiteral("liveCheck"));
    m_showReplay->setObjectName(QStringLiteral("showReplayTraffic"));
    m_refresh->setObjectName(QStringLiteral("refreshButton"));
    for (QComboBox* combo : {m_modelFilter, m_backend})
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_modelFilter->setMinimumContentsLength(14);
    m_backend->setMinimumContentsLength(12);
    fillStaticCombos();
    m_text->setClearButtonEnabled(true);
    for (QLineEdit* edit : {m_tenant, m_key}) {
        edit->setClearButtonEnabled(true);
        edit->setMaximumWidth(edit->fontMetrics().averageCharWidth() * 18);
        // An exact name: typing waits for a pause like the search, Enter applies at once.
        connect(edit, &QLineEdit::textChanged, m_textDelay, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &LogsPage::applyFilter);
    }
    m_live->setChecked(true);
    m_showReplay->setChecked(ReplayTraffic::shown());

    m_textDelay->setSingleShot(true);
    m_textDelay->setInterval(textDelayMs);
    connect(m_textDelay, &QTimer::timeout, this, &LogsPage::applyFilter);
    // Typing waits for a pause; Enter searches at once.
    connect(m_text, &QLineEdit::textChanged, m_textDelay, qOverload<>(&QTimer::start));
    connect(m_text, &QLineEdit::returnPressed, this, &LogsPage::applyFilter);
    for (QComboBox* combo : {m_time, m_status, m_modelFilter, m_backend})
        connect(combo, &QComboBox::currentIndexChanged, this, &LogsPage::applyFilter);
    connect(m_live, &QCheckBox::toggled, this, &LogsPage::updateLive);
    connect(m_showReplay, &QCheckBox::toggled, this, [this](bool shown) {
        ReplayTraffic::setShown(shown); // the Dashboard reads it too
        applyFilter();
    });
    connect(m_refresh, &QPushButton::clicked, this, &LogsPage::refresh);
}

void LogsPage::fillStaticCombos()
{
    const QSignalBlocker blockTime(m_time);
    const QSignalBlocker blockStatus(m_status);
    const QSignalBlocker blockModel(m_modelFilter);
    const QSignalBlocker blockBackend(m_backend);
    for (auto range : {LogFilter::TimeRange::All, LogFilter::TimeRange::Last15Minutes,
                       LogFilter::TimeRange::LastHour, LogFilter::TimeRange::Last24Hours,
                       LogFilter::TimeRange::Last7Days})
        m_time->addItem(QString(), int(range));
    for (const char* data : {"", "2xx", "4xx", "5xx"})
        m_status->addItem(QString(), QString::fromLatin1(data));
    m_status->insertSeparator(m_status->count());
    m_modelFilter->addItem(QString(), QString());
    m_backend->addItem(QString(), QString());
}

void LogsPage::applyFilter()
{
    m_textDelay->stop();
    LogFilter filter = m_model->filter();
    filter.range = LogFilter::TimeRange(m_time->currentData().toInt());
    filter.status = 0;
    filter.statusClass = 0;
    statusFromData(m_status->currentData().toString(), &filter);
    filter.model = m_modelFilter->currentData().toString();
    filter.backend = m_backend->currentData().toString();
    filter.tenant = m_tenant->text().trimmed();
    filter.keyName = m_key->text().trimmed();
    filter.text = m_text->text().trimmed();
    filter.includeReplay = m_showReplay->isChecked();
    m_model->setFilter(filter);
    m_delegate->setHighlight(filter.text);
    m_details->setHighlight(filter.text);
    m_table->viewport()->update();
}

void LogsPage::refresh()
{
    m_model->refresh();
    m_model->requestFilterValues();
}

void LogsPage::mergeFilterValues(const QStringList& models, const QStringList& backends,
                                 const QList<int>& statuses)
{
    // Inserting items does not change the current choice, so no filter is applied.
    const QSignalBlocker blockModel(m_modelFilter);
    const QSignalBlocker blockBackend(m_backend);
    const QSignalBlocker blockStatus(m_status);
    for (const QString& model : models)
        if (!model.isEmpty())
            insertSorted(m_modelFilter, model, model, 1);
    for (const QString& backend : backends)
        if (!backend.isEmpty())
            insertSorted(m_backend, backend, backend, 1);
    for (int status : statuses)
        insertSorted(m_status, QString::number(status), QString::number(status), 5, true);
}

void LogsPage::mergeConfigValues()
{
    // The config's aliases and backends are offered before any request has used them.
    QStringList models, backends;
    for (const auto& alias : m_host->config().models)
        models << alias.alias;
    for (const auto& backend : m_host->config().backends)
        backends << backend.name;
    mergeFilterValues(models, backends, {});
}

void LogsPage::mergeValuesOfNewRows(int count)
{
    QStringList models, backends;
    QList<int> statuses;
    for (int r = 0; r < count && r < m_model->rowCount(); ++r) {
        const LogRow& row = m_model->rowAt(r);
        models << row.model;
        backends << row.backend;
        statuses << row.status;
    }
    mergeFilterValues(models, backends, statuses);

    QScrollBar* scroll = m_table->verticalScrollBar();
    if (m_scrollBefore > 0) {
        // Someone is reading further down: keep the same rows in view.
        m_table->doItemsLayout();
        scroll->setValue(m_scrollBefore + count);
    } else if (m_model->rowCount() > 2 * liveRowsKept) {
        m_model->trimTo(liveRowsKept);
    }
}

void LogsPage::showCurrent()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (current.isValid() == m_details->isHidden()) {
        m_details->setVisible(current.isValid());
        applySplit();
    }
    if (!current.isValid()) {
        m_currentBodies.reset();
        m_details->clear();
        updateRowActions();
        return;
    }
    const LogRow& row = m_model->rowAt(current.row());
    m_currentBodies = m_model->bodies(row.id);
    m_details->showRequest(row, m_currentBodies, m_model->attempts(row.id));
    updateRowActions();
}

QString LogsPage::replayProblem() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return tr("Select a request to replay it.");
    const LogRow& row = m_model->rowAt(current.row());
    if (row.endpoint != QLatin1String("chat.completions"))
        return row.endpoint.isEmpty()
                   ? tr("This request was refused before it reached an endpoint.")
                   : tr("Only chat completions can be replayed; this is a %1 request.")
                         .arg(row.endpoint);
    if (!m_currentBodies || m_currentBodies->requestBody.isEmpty())
        return tr("Its body was not logged: turn on \"Capture request and response bodies\" "
                  "in Settings to replay the requests that follow.");
    const QJsonDocument body = QJsonDocument::fromJson(m_currentBodies->requestBody);
    if (!body.isObject())
        return tr("Its logged body is not JSON (bodies longer than the capture limit in "
                  "Settings are cut).");
    if (!ReplayStore::isReplayable(body.object()))
        return tr("Its body has no messages to send.");
    return QString();
}

QString LogsPage::curlProblem() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return tr("Select a request first.");
    if (LogCurl::pathOf(m_model->rowAt(current.row()).endpoint).isEmpty())
        return tr("This request was refused before it reached an endpoint.");
    if (!m_currentBodies || m_currentBodies->requestBody.isEmpty())
        return tr("Its body was not logged: turn on \"Capture request and response bodies\" "
                  "in Settings.");
    if (!m_host->isRunning())
        return tr("The gateway is not running: its address is not known.");
    return QString();
}

void LogsPage::updateRowActions()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const QString replay = replayProblem();
    m_replayAction->setEnabled(replay.isEmpty());
    m_replayAction->setToolTip(
        replay.isEmpty() ? tr("Send the selected request to other models on the Replay page")
                         : tr("Cannot replay: %1").arg(replay));
    const QString curl = curlProblem();
    m_copyCurl->setEnabled(curl.isEmpty());
    m_copyCurl->setToolTip(curl.isEmpty()
                               ? tr("A curl command that sends this request to the gateway again, "
                                    "with a placeholder for the API key")
                               : curl);
    const LogRow* row = current.isValid() ? &m_model->rowAt(current.row()) : nullptr;
    m_copyTraceId->setEnabled(row && !row->traceId.isEmpty());
    m_filterByModel->setEnabled(row && !row->model.isEmpty());
    m_filterByModel->setText(row && !row->model.isEmpty() ? tr("Filter by model %1").arg(row->model)
                                                          : tr("Filter by this model"));
}

QMenu* LogsPage::contextMenu()
{
    updateRowActions();
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("logRowMenu"));
    menu->setToolTipsVisible(true); // a disabled entry says why
    menu->addAction(m_copyTraceId);
    menu->addAction(m_copyCurl);
    menu->addSeparator();
    menu->addAction(m_replayAction);
    menu->addAction(m_filterByModel);
    return menu;
}

void LogsPage::copyCurrentAsCurl()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !curlProblem().isEmpty())
        return;
    QGuiApplication::clipboard()->setText(LogCurl::command(
        m_host->baseUrl(), m_model->rowAt(current.row()).endpoint, m_currentBodies->requestBody));
    emit transientMessage(tr("Copied a curl command for this request"));
}

void LogsPage::filterByCurrentModel()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const QString model = m_model->rowAt(current.row()).model;
    if (model.isEmpty())
        return;
    insertSorted(m_modelFilter, model, model, 1);
    m_modelFilter->setCurrentIndex(m_modelFilter->findData(model)); // applies the filter
}

void LogsPage::updateLive()
{
    const bool newestFirst = m_model->filter().isNewestFirst();
    m_live->setEnabled(newestFirst);
    m_live->setToolTip(newestFirst ? tr("Show new requests at the top as they arrive")
                                   : tr("New requests are shown live only when sorted by time, "
                                        "newest first"));
    m_model->setLiveUpdates(m_live->isChecked() && isVisible());
}

void LogsPage::updateStatusLine()
{
    const bool busy = m_model->isBusy();
    m_busy->setVisible(busy);
    m_busyLabel->setVisible(busy);
    if (busy)
        m_busyLabel->setText(m_model->filter().text.isEmpty() ? tr("Sorting…")
                                                              : tr("Searching the bodies…"));
    const qint64 count = m_model->matchingCount();
    QString text;
    if (!m_model->lastError().isEmpty()) {
        text = tr("Cannot read the request log: %1").arg(m_model->lastError());
    } else if (!m_model->isOpen()) {
        text = tr("No request log yet in %1. It is created when the gateway starts.")
                   .arg(QDir::toNativeSeparators(m_model->dataDir()));
    } else if (count < 0) {
        text = tr("Counting the matching requests… loaded: %L1").arg(m_model->rowCount());
    } else if (count == 0 && !m_model->filter().isFiltering()) {
        text = m_host->isRunning()
                   ? tr("No requests yet. Send one to %1/chat/completions.").arg(m_host->baseUrl())
                   : tr("No requests yet.");
    } else if (count == 0) {
        text = tr("No request matches the filter.");
    } else {
        // Whole sentences, not "%n request(s)": without a translation loaded Qt shows "(s)".
        text = tr("Matching requests: %L1 · loaded: %L2").arg(count).arg(m_model->rowCount());
    }
    m_statusText = text;
    showStatusText();
}

void LogsPage::showStatusText()
{
    m_statusLine->setText(m_statusLine->fontMetrics().elidedText(m_statusText, Qt::ElideRight,
                                                                 m_statusLine->width()));
    m_statusLine->setToolTip(m_statusLine->text() == m_statusText ? QString() : m_statusText);
}

bool LogsPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_statusLine && event->type() == QEvent::Resize)
        showStatusText();
    return Page::eventFilter(watched, event);
}

void LogsPage::chooseExportFile()
{
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested =
        QDir(documents.isEmpty() ? QDir::homePath() : documents)
            .filePath(
                QStringLiteral("switchboard-requests-%1.csv")
                    .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
    const QString csv = tr("CSV (*.csv)");
    const QString jsonl = tr("JSON Lines (*.jsonl)");
    QString selected = csv;
    QString path = QFileDialog::getSaveFileName(this, tr("Export requests"), suggested,
                                                csv + QStringLiteral(";;") + jsonl, &selected);
    if (path.isEmpty())
        return;
    const auto format =
        selected == jsonl ? LogExporter::Format::JsonLines : LogExporter::formatForPath(path);
    if (QFileInfo(path).suffix().isEmpty())
        path += format == LogExporter::Format::JsonLines ? QStringLiteral(".jsonl")
                                                         : QStringLiteral(".csv");
    exportTo(path, format);
}

void LogsPage::exportTo(const QString& path, LogExporter::Format format)
{
    if (m_exporter->isRunning())
        return;
    m_exportPath = path;
    m_exportAction->setEnabled(false);
    m_progress =
        new QProgressDialog(tr("Exporting requests to %1…").arg(QDir::toNativeSeparators(path)),
                            tr("Cancel"), 0, 0, this);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setWindowTitle(tr("Export requests"));
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(400); // quick exports do not flash a dialog
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, m_exporter, &LogExporter::cancel);
    connect(m_exporter, &LogExporter::progress, m_progress, [this](qint64 done, qint64 total) {
        if (!m_progress)
            return;
        if (total > 0) {
            // QProgressDialog counts in int: scale huge exports down.
            const qint64 scale =
                total > std::numeric_limits<int>::max() ? total / 1'000'000 + 1 : 1;
            m_progress->setMaximum(int(total / scale));
            m_progress->setValue(int(done / scale));
            m_progress->setLabelText(tr("Exported %L1 of %L2 requests…").arg(done).arg(total));
        }
    });
    const auto started = m_exporter->start(m_model->dataDir(), m_model->filter(),
                                           QDateTime::currentMSecsSinceEpoch(), path, format);
    Q_ASSERT(started);
    Q_UNUSED(started);
}

void LogsPage::onExportFinished(bool ok, const QString& error, qint64 rows)
{
    if (m_progress) {
        m_progress->disconnect(this);
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    m_exportAction->setEnabled(true);
    QString message;
    if (ok) {
        message =
            tr("Exported to %1 (rows: %L2)").arg(QDir::toNativeSeparators(m_exportPath)).arg(rows);
    } else if (error.isEmpty()) {
        message = tr("Export canceled");
    } else {
        message = error;
        // Not exec(): the page (and its live rows) keep running behind the message.
        auto* box = new QMessageBox(QMessageBox::Critical, tr("Export failed"), error,
                                    QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("exportError"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    // In the window's status bar for a while: a path of any length never widens the page.
    if (ok || error.isEmpty())
        emit transientMessage(message);
    emit exportFinished(ok, message);
}

void LogsPage::setColumnWidths()
{
    const QFontMetrics data = m_table->fontMetrics();
    const QFontMetrics header = m_table->horizontalHeader()->fontMetrics();
    // Sized from sample text once, never from the rows (that would measure every row).
    const char* samples[int(LogColumn::Count)] = {"0000-00-00 00:00:00.000",
                                                  "000",
                                                  "claude-sonnet-4",
                                                  "Explain the rules",
                                                  "local · fallback",
                                                  "gpt-4o-mini-2024",
                                                  "00,000.0",
                                                  "0,000.0",
                                                  "000,000",
                                                  "000,000",
                                                  "yes",
                                                  "upstream_timeout",
                                                  "0123456789abcdef0123456789abcdef"};
    for (int c = 0; c < int(LogColumn::Count) - 1; ++c) {
        int titleWidth = 0;
        for (const QString& line :
             m_model->headerData(c, Qt::Horizontal).toString().split(QLatin1Char('\n')))
            titleWidth = qMax(titleWidth, header.horizontalAdvance(line));
        // Room for the padding and the sort arrow.
        const int width =
            qMax(data.horizontalAdvance(QLatin1String(samples[c])), titleWidth + 12) + 12;
        m_table->setColumnWidth(c, width);
    }
}

void LogsPage::updateColors()
{
    // Status colors readable on either palette: darker on light, lighter on dark.
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_model->setStatusColors(dark ? QColor(0xf0, 0xb3, 0x5a) : QColor(0x9a, 0x5b, 0x00),
                             dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb4, 0x23, 0x18));
}

void LogsPage::retranslate()
{
    const QString timeTexts[] = {tr("All time"), tr("Last 15 minutes"), tr("Last hour"),
                                 tr("Last 24 hours"), tr("Last 7 days")};
    for (int i = 0; i < 5; ++i)
        m_time->setItemText(i, timeTexts[i]);
    m_status->setItemText(0, tr("Any status"));
    m_status->setItemText(1, tr("2xx success"));
    m_status->setItemText(2, tr("4xx client error"));
    m_status->setItemText(3, tr("5xx server error"));
    m_modelFilter->setItemText(0, tr("Any model"));
    m_backend->setItemText(0, tr("Any backend"));
    m_time->setToolTip(tr("Time range"));
    m_status->setToolTip(tr("Status: a class or an exact code"));
    m_modelFilter->setToolTip(tr("The model alias the client asked for"));
    m_backend->setToolTip(tr("The backend that served the request"));
    for (QComboBox* combo : {m_time, m_status, m_modelFilter, m_backend})
        combo->setAccessibleName(combo->toolTip());
    m_tenant->setPlaceholderText(tr("Tenant"));
    m_tenant->setToolTip(tr("Only the requests of this tenant (its exact name)"));
    m_key->setPlaceholderText(tr("Key"));
    m_key->setToolTip(tr("Only the requests sent with this gateway key (its exact name)"));
    for (QLineEdit* edit : {m_tenant, m_key})
        edit->setAccessibleName(edit->toolTip());
    m_text->setPlaceholderText(tr("Search request and response bodies…"));
    m_text->setToolTip(tr("Finds requests whose captured request or response body contains "
                          "this text (not case-sensitive for ASCII letters). %1 goes here, Esc "
                          "clears it.")
                           .arg(m_findAction->shortcut().toString(QKeySequence::NativeText)));
    m_live->setText(tr("Live"));
    m_showReplay->setText(tr("Show replay traffic"));
    m_showReplay->setToolTip(
        tr("Also list the calls of the Replay page, and count them in the Dashboard's figures"));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(
        tr("Read the request log again (%1)")
            .arg(QKeySequence(QKeySequence::Refresh).toString(QKeySequence::NativeText)));
    m_exportAction->setText(tr("Export…"));
    m_exportAction->setToolTip(
        tr("Write the requests of this filter to a CSV or JSON Lines file (%1)")
            .arg(exportShortcut().toString(QKeySequence::NativeText)));
    m_findAction->setText(tr("Search the bodies"));
    m_clearSearch->setText(tr("Clear the search"));
    m_replayAction->setText(tr("Replay…"));
    m_copyTraceId->setText(tr("Copy trace ID"));
    m_copyTraceId->setToolTip(tr("The request's trace ID, as in its x-request-id header"));
    m_copyCurl->setText(tr("Copy as cURL"));
    m_model->retranslate();
    updateRowActions();
    updateLive();
    updateStatusLine();
}

QString LogsPage::purpose() const
{
    return tr("Every request through the gateway, with its tokens, cost and bodies.");
}

void LogsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateColors();
    Page::changeEvent(event);
}

void LogsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    updateLive(); // catches up at once
}

void LogsPage::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (!m_splitterMoved)
        applySplit();
}

void LogsPage::applySplit()
{
    if (m_details->isHidden())
        return; // the table has the page to itself
    // Until the user drags the handle, the table gets 58 % and the details the rest: enough
    // for the whole summary at 1280x800, whatever the size hints say. A split of the user's
    // comes back when the details do.
    if (m_splitterMoved) {
        m_splitter->setSizes(m_userSplit);
        return;
    }
    const int total = m_splitter->height() - m_splitter->handleWidth();
    m_splitter->setSizes({total * 58 / 100, total - total * 58 / 100});
}

void LogsPage::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_model->setLiveUpdates(false); // no polling for a page nobody sees
}

} // namespace ui

#include "pages/ReplayPage.h"

#include "Engine.h"
#include "GatewayHost.h"
#include "models/ReplayRun.h"
#include "models/WordDiff.h"
#include "stages/RecordStage.h"
#include "widgets/EmptyState.h"
#include "widgets/ReplayColumn.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyleOptionComboBox>
#include <QStylePainter>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

namespace {

constexpr int recentLimit = 50;
constexpr int savedLimit = 100;
constexpr int titleWords = 8;
// The log writer commits within its flush interval (200 ms by default) of an answer: the
// attempts of a run are read again this often, this many times, before the replay is saved
// without them.
constexpr int attemptsRetryMs = 200;
constexpr int attemptsMaxReads = 25;
// Item data roles of the targets list.
constexpr int targetRole = Qt::UserRole;
constexpr int headerRole = Qt::UserRole + 1; // section headers: which one (they are retranslated)

enum Header { AliasesHeader, BackendsHeader, OtherHeader };

QString contentText(const QJsonValue& content)
{
    if (content.isString())
        return content.toString();
    if (content.isNull() || content.isUndefined())
        return QString();
    QStringList parts;
    for (const QJsonValue& part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QLatin1String("type")).toString() == QLatin1String("text"))
            parts << p.value(QLatin1String("text")).toString();
        else
            parts << QStringLiteral("[%1]").arg(p.value(QLatin1String("type")).toString());
    }
    return parts.join(QLatin1Char('\n'));
}

// The conversation of a chat request as the prompt box shows it: "role: content" blocks.
QString conversationText(const QJsonObject& body)
{
    QStringList blocks;
    for (const QJsonValue& v : body.value(QLatin1String("messages")).toArray()) {
        const QJsonObject m = v.toObject();
        QString content = contentText(m.value(QLatin1String("content")));
        if (m.contains(QLatin1String("tool_calls")))
            content +=
                (content.isEmpty() ? QString() : QStringLiteral("\n")) +
                QString::fromUtf8(QJsonDocument(m.value(QLatin1String("tool_calls")).toArray())
                                      .toJson(QJsonDocument::Compact));
        blocks << m.value(QLatin1String("role")).toString() + QStringLiteral(": ") + content;
    }
    return blocks.join(QStringLiteral("\n\n"));
}

// The request's other parameters (temperature, max_tokens …), which the replay keeps.
QString parametersText(const QJsonObject& body)
{
    static const QStringList skipped = {QStringLiteral("model"), QStringLiteral("messages"),
                                        QStringLiteral("stream"), QStringLiteral("stream_options")};
    QStringList out;
    for (auto it = body.begin(); it != body.end(); ++it) {
        if (skipped.contains(it.key()))
            continue;
        QString value =
            it->isString()
                ? it->toString()
                : QString::fromUtf8(
                      QJsonDocument::fromVariant(it->toVariant()).toJson(QJsonDocument::Compact));
        if (it->isDouble())
            value = QString::number(it->toDouble());
        else if (it->isBool())
            value = it->toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (value.size() > 40)
            value = value.left(39) + QChar(0x2026);
        out << it.key() + QLatin1Char('=') + value;
    }
    return out.join(QStringLiteral(" · "));
}

// A combo box that elides its current text ("…") where QComboBox would cut it off; the popup's
// list elides its items itself.
class ElidingComboBox : public QComboBox
{
protected:
    void paintEvent(QPaintEvent*) override
    {
        QStylePainter painter(this);
        QStyleOptionComboBox option;
        initStyleOption(&option);
        painter.drawComplexControl(QStyle::CC_ComboBox, option);
        const QRect field = style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                    QStyle::SC_ComboBoxEditField, this);
        option.currentText =
            fontMetrics().elidedText(option.currentText, Qt::ElideRight, field.width());
        painter.drawControl(QStyle::CE_ComboBoxLabel, option);
    }
};

QString timeText(qint64 ms)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms);
    return time.date() == QDate::currentDate() ? time.toString(QStringLiteral("HH:mm:ss"))
                                               : time.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

ReplayResult originalResult(const SourceRequest& request)
{
    ReplayResult r;
    r.target = request.model;
    QString error;
    r.text = ReplayRun::answerText(request.responseBody, &error);
    r.error = error;
    r.status = request.status;
    r.latencyMs = request.latencyMs;
    r.ttftMs = request.ttftMs;
    r.promptTokens = request.promptTokens;
    r.completionTokens = request.completionTokens;
    r.attempts = request.attempts;
    r.finished = true;
    return r;
}

} // namespace

ReplayPage::ReplayPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_store(new ReplayStore(host->dataDir(), this)),
      m_attemptsRetry(new QTimer(this)), m_runAction(new QAction(this)),
      m_recentCombo(new QComboBox), m_refresh(new QPushButton), m_newPrompt(new QPushButton),
      m_sourceInfo(new QLabel), m_prompt(new QPlainTextEdit), m_notice(new QLabel),
      m_targetsLabel(new QLabel), m_targets(new QListWidget), m_customTarget(new QLineEdit),
      m_addTarget(new QPushButton), m_targetError(new QLabel), m_titleLabel(new QLabel),
      m_title(new QLineEdit), m_showDiff(new QCheckBox), m_savedCombo(new ElidingComboBox),
      m_stop(new QPushButton), m_results(new QStackedWidget), m_empty(new EmptyState),
      m_scroll(new QScrollArea), m_columnsHost(new QWidget), m_status(new QLabel)
{
    m_recentCombo->setObjectName(QStringLiteral("recentRequests"));
    m_refresh->setObjectName(QStringLiteral("refreshRecent"));
    m_newPrompt->setObjectName(QStringLiteral("newPrompt"));
    m_sourceInfo->setObjectName(QStringLiteral("sourceInfo"));
    m_prompt->setObjectName(QStringLiteral("prompt"));
    m_notice->setObjectName(QStringLiteral("notice"));
    m_targets->setObjectName(QStringLiteral("targets"));
    m_customTarget->setObjectName(QStringLiteral("customTarget"));
    m_addTarget->setObjectName(QStringLiteral("addTarget"));
    m_title->setObjectName(QStringLiteral("title"));
    m_showDiff->setObjectName(QStringLiteral("showDiff"));
    m_savedCombo->setObjectName(QStringLiteral("savedReplays"));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_runAction->setObjectName(QStringLiteral("run"));
    m_targetError->setObjectName(QStringLiteral("targetError"));
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_scroll->setObjectName(QStringLiteral("columns"));
    m_status->setObjectName(QStringLiteral("replayStatus"));

    m_sourceInfo->setWordWrap(true);
    m_sourceInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setMargin(8);
    m_notice->hide();
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_showDiff->setChecked(true);
    m_stop->setEnabled(false);
    // An action, not a button's shortcut: a button's setText() in retranslate() would reset
    // it. It works wherever the focus is on the page (the prompt, the targets); the window's
    // header shows it as the page's main action.
    m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_runAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_runAction);
    m_attemptsRetry->setSingleShot(true);
    m_attemptsRetry->setInterval(attemptsRetryMs);
    connect(m_attemptsRetry, &QTimer::timeout, this, &ReplayPage::readAttempts);

    auto* columnsLayout = new QHBoxLayout(m_columnsHost);
    columnsLayout->setContentsMargins(0, 0, 0, 0);
    columnsLayout->setSpacing(10);
    m_scroll->setWidget(m_columnsHost);
    // The columns fill the width while they fit; below their minimum width it scrolls sideways.
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_results->addWidget(m_empty);
    m_results->addWidget(m_scroll);

    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(8);
    topLayout->addWidget(createSetup(), 1);
    topLayout->addWidget(createActions());

    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(top);
    splitter->addWidget(m_results);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({210, 550});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->setSpacing(spacing::normal);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_store, &ReplayStore::recentRequestsLoaded, this, &ReplayPage::onRecentLoaded);
    connect(m_store, &ReplayStore::sourceRequestLoaded, this, &ReplayPage::onSourceLoaded);
    connect(m_store, &ReplayStore::saved, this, &ReplayPage::onSaved);
    connect(m_store, &ReplayStore::replaysLoaded, this, &ReplayPage::onReplaysLoaded);
    connect(m_store, &ReplayStore::replayLoaded, this, &ReplayPage::onReplayLoaded);
    connect(m_store, &ReplayStore::attemptsLoaded, this, &ReplayPage::onAttemptsLoaded);
    connect(m_recentCombo, &QComboBox::activated, this, [this](int index) {
        const qint64 id = m_recentCombo->itemData(index).toLongLong();
        if (id > 0)
            replayRequest(id);
    });
    connect(m_savedCombo, &QComboBox::activated, this, [this](int index) {
        const qint64 id = m_savedCombo->itemData(index).toLongLong();
        if (id > 0)
            openReplay(id);
    });
    connect(m_refresh, &QPushButton::clicked, this, &ReplayPage::refresh);
    connect(m_newPrompt, &QPushButton::clicked, this, &ReplayPage::newPrompt);
    connect(m_addTarget, &QPushButton::clicked, this, &ReplayPage::addCustomTarget);
    connect(m_customTarget, &QLineEdit::returnPressed, this, &ReplayPage::addCustomTarget);
    connect(m_customTarget, &QLineEdit::textEdited, m_targetError, &QLabel::hide);
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_source)
            m_title->setPlaceholderText(autoTitle());
    });
    connect(m_showDiff, &QCheckBox::toggled, this, [this](bool on) {
        for (ReplayColumn* c : std::as_const(m_columns))
            c->setShowDiff(on);
    });
    connect(m_runAction, &QAction::triggered, this, &ReplayPage::run);
    connect(m_stop, &QPushButton::clicked, this, &ReplayPage::stop);
    connect(m_host, &GatewayHost::runningChanged, this, [this](bool running) {
        m_store->setDataDir(m_host->dataDir());
        if (running)
            refreshRecent();
        updateState();
    });
    connect(m_host, &GatewayHost::configChanged, this, &ReplayPage::rebuildTargets);

    rebuildTargets();
    retranslate();
    updateColors();
    refreshRecent();
    m_store->loadReplays(savedLimit);
}

ReplayPage::~ReplayPage()
{
    // Runs and columns are children; the runs' replies are aborted as they go.
    for (ReplayRun* r : std::as_const(m_runs))
        r->disconnect(this);
}

QWidget* ReplayPage::createSetup()
{
    auto* setup = new QWidget;
    auto* row = new QHBoxLayout(setup);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(16);

    auto* left = new QVBoxLayout;
    left->setSpacing(6);
    auto* pick = new QHBoxLayout;
    m_recentCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recentCombo->setMinimumContentsLength(30);
    // Searchable: typing narrows the list to the requests whose time, model or words contain
    // the text; picking one (Enter, or a click) loads it.
    m_recentCombo->setEditable(true);
    m_recentCombo->setInsertPolicy(QComboBox::NoInsert);
    m_recentCombo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_recentCombo->completer()->setFilterMode(Qt::MatchContains);
    m_recentCombo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    pick->addWidget(m_recentCombo, 1);
    pick->addWidget(m_refresh);
    pick->addWidget(m_newPrompt);
    left->addLayout(pick);
    left->addWidget(m_sourceInfo);
    m_prompt->setMinimumHeight(70);
    left->addWidget(m_prompt, 1);
    left->addWidget(m_notice);
    row->addLayout(left, 3);

    auto* right = new QVBoxLayout;
    right->setSpacing(6);
    right->addWidget(m_targetsLabel);
    m_targets->setMinimumHeight(70);
    m_targets->setSelectionMode(QAbstractItemView::NoSelection);
    right->addWidget(m_targets, 1);
    auto* custom = new QHBoxLayout;
    custom->addWidget(m_customTarget, 1);
    custom->addWidget(m_addTarget);
    right->addLayout(custom);
    m_targetError->setWordWrap(true);
    m_targetError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wrapped, never wider than the column: a long name must not widen the window.
    m_targetError->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_targetError->hide();
    right->addWidget(m_targetError);
    row->addLayout(right, 2);

    m_targets->setTabKeyNavigation(false);
    // A click anywhere on a target's row ticks it, not only on its box. A click on the box is
    // ticked by the list itself (its delegate, before itemClicked): toggling it here as well
    // would undo that, so only a click that left the state as it was at the press toggles.
    connect(m_targets, &QListWidget::itemPressed, this, [this](QListWidgetItem* item) {
        m_pressedTarget = item;
        m_pressedState = item->checkState();
    });
    connect(m_targets, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const bool toggledByList = item != m_pressedTarget || item->checkState() != m_pressedState;
        m_pressedTarget = nullptr;
        if (!(item->flags() & Qt::ItemIsUserCheckable) || toggledByList)
            return;
        item->setCheckState(item->checkState() == Qt::Checked ? Qt::Unchecked : Qt::Checked);
    });
    return setup;
}

QWidget* ReplayPage::createActions()
{
    auto* actions = new QWidget;
    auto* row = new QHBoxLayout(actions);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_titleLabel);
    row->addWidget(m_title, 2);
    row->addWidget(m_showDiff);
    row->addSpacing(12);
    m_savedCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_savedCombo->setMinimumContentsLength(24);
    row->addWidget(m_savedCombo, 1);
    row->addSpacing(12);
    // Run replay is the page's main action, in the window's header (Ctrl+Return).
    row->addWidget(m_stop);
    return actions;
}

bool ReplayPage::isRunning() const
{
    for (const ReplayRun* r : m_runs)
        if (r->isRunning())
            return true;
    return false;
}

qint64 ReplayPage::sourceRequestId() const
{
    return m_source && m_source->requestId ? *m_source->requestId : 0;
}

void ReplayPage::rebuildTargets()
{
    QSet<QString> checked;
    for (int i = 0; i < m_targets->count(); ++i) {
        const QListWidgetItem* item = m_targets->item(i);
        if (item->checkState() == Qt::Checked)
            checked.insert(item->data(targetRole).toString());
    }
    m_targets->clear();
    auto header = [this](Header which) {
        auto* item = new QListWidgetItem(m_targets);
        item->setData(headerRole, int(which));
        item->setFlags(Qt::ItemIsEnabled);
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
    };
    auto target = [this, &checked](const QString& name, const QString& tip) {
        auto* item = new QListWidgetItem(name, m_targets);
        item->setData(targetRole, name);
        item->setToolTip(tip);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
    };
    const gateway::config::Config& config = m_host->config();
    QStringList seen;
    if (!config.models.isEmpty())
        header(AliasesHeader);
    for (const auto& alias : config.models) {
        QStringList to;
        for (const auto& t : alias.targets)
            to << t.backend + QLatin1Char('/') + t.model;
        target(alias.alias, tr("Alias, routed to %1").arg(to.join(QStringLiteral(", then "))));
        seen << alias.alias;
    }
    // "backend/model" reaches one backend's model without an alias (and without its
    // fallbacks). Each backend offers the models its aliases use.
    bool backendHeader = false;
    for (const auto& backend : config.backends) {
        QStringList models;
        for (const auto& alias : config.models)
            for (const auto& t : alias.targets)
                if (t.backend == backend.name && !models.contains(t.model))
                    models << t.model;
        for (const QString& model : std::as_const(models)) {
            const QString name = backend.name + QLatin1Char('/') + model;
            if (seen.contains(name))
                continue;
            if (!backendHeader) {
                header(BackendsHeader);
                backendHeader = true;
            }
            target(name, tr("Sent straight to backend %1 as model %2").arg(backend.name, model));
            seen << name;
        }
    }
    bool otherHeader = false;
    for (const QString& name : std::as_const(m_customTargets)) {
        if (seen.contains(name))
            continue;
        if (!otherHeader) {
            header(OtherHeader);
            otherHeader = true;
        }
        target(name, tr("Added by hand"));
        seen << name;
    }
    retranslateCombos();
}

QString ReplayPage::targetProblem(const QString& name) const
{
    const gateway::config::Config& config = m_host->config();
    if (config.model(name))
        return QString();
    const qsizetype slash = name.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return tr("\"%1\" is not an alias of the config. Type an alias, or backend/model to "
                  "reach one backend's model directly.")
            .arg(name);
    const QString backend = name.left(slash);
    const QString model = name.mid(slash + 1).trimmed();
    const gateway::config::Backend* known = config.backend(backend);
    if (!known)
        return tr("\"%1\" is not a backend of the config.").arg(backend);
    if (model.isEmpty())
        return tr("Type the model after \"%1/\", as the backend names it.").arg(backend);
    // A mock backend lists its models in the config; another backend knows its own, and
    // answers a name it does not know with an error in the target's column.
    if (known->type == gateway::config::BackendType::Mock && !known->mockModel(model))
        return tr("The mock backend \"%1\" has no model \"%2\".").arg(backend, model);
    return QString();
}

void ReplayPage::addCustomTarget()
{
    const QString name = m_customTarget->text().trimmed();
    if (name.isEmpty())
        return;
    const QString problem = targetProblem(name);
    m_targetError->setText(problem);
    m_targetError->setToolTip(problem);
    m_targetError->setVisible(!problem.isEmpty());
    if (!problem.isEmpty()) {
        m_customTarget->setFocus();
        return;
    }
    if (!m_customTargets.contains(name))
        m_customTargets << name;
    rebuildTargets();
    for (int i = 0; i < m_targets->count(); ++i) {
        QListWidgetItem* item = m_targets->item(i);
        if (item->data(targetRole).toString() == name) {
            item->setCheckState(Qt::Checked);
            m_targets->scrollToItem(item);
        }
    }
    m_customTarget->clear();
}

QStringList ReplayPage::checkedTargets() const
{
    QStringList out;
    for (int i = 0; i < m_targets->count(); ++i) {
        const QListWidgetItem* item = m_targets->item(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState() == Qt::Checked)
            out << item->data(targetRole).toString();
    }
    return out;
}

void ReplayPage::refreshRecent()
{
    m_store->setDataDir(m_host->dataDir());
    m_store->loadRecentRequests(recentLimit);
}

void ReplayPage::onRecentLoaded(const QList<CapturedRequest>& requests, const QString& error)
{
    m_recent = requests;
    if (!error.isEmpty())
        setStatus([error] { return tr("The request log could not be read: %1").arg(error); });
    retranslateCombos();
    emit recentRequestsLoaded();
}

void ReplayPage::onReplaysLoaded(const QList<SavedReplay>& replays, const QString& error)
{
    m_saved = replays;
    if (!error.isEmpty())
        setStatus([error] { return tr("The saved replays could not be read: %1").arg(error); });
    retranslateCombos();
}

void ReplayPage::retranslateCombos()
{
    const qint64 source = sourceRequestId();
    m_recentCombo->clear();
    m_recentCombo->lineEdit()->setPlaceholderText(
        m_recent.isEmpty() ? tr("No replayable chat requests in the log yet")
                           : tr("Search logged requests: time, model or words…"));
    for (const CapturedRequest& r : std::as_const(m_recent)) {
        const QString prompt = r.prompt.isEmpty() ? tr("(no readable prompt)") : r.prompt;
        m_recentCombo->addItem(tr("%1 · %2 · %3", "time · model · first words of the prompt")
                                   .arg(timeText(r.timeMs), r.model, prompt),
                               r.id);
        m_recentCombo->setItemData(m_recentCombo->count() - 1,
                                   tr("Request #%1: %2").arg(QString::number(r.id), prompt),
                                   Qt::ToolTipRole);
    }
    // No source: an empty field that shows what to type.
    m_recentCombo->setCurrentIndex(source > 0 ? m_recentCombo->findData(source) : -1);

    m_savedCombo->clear();
    m_savedCombo->addItem(
        m_saved.isEmpty() ? tr("No saved replays yet") : tr("Open a saved replay…"), qint64(0));
    for (const SavedReplay& r : std::as_const(m_saved)) {
        m_savedCombo->addItem(
            tr("Replay #%1 · %2 · %3").arg(QString::number(r.id), timeText(r.createdMs), r.title),
            r.id);
        m_savedCombo->setItemData(m_savedCombo->count() - 1, r.title, Qt::ToolTipRole);
    }
    m_savedCombo->setCurrentIndex(qMax(0, m_savedCombo->findData(m_openedReplay)));

    for (int i = 0; i < m_targets->count(); ++i) {
        QListWidgetItem* item = m_targets->item(i);
        if (!item->data(headerRole).isValid())
            continue;
        switch (Header(item->data(headerRole).toInt())) {
        case AliasesHeader: item->setText(tr("Aliases")); break;
        case BackendsHeader:
            item->setText(tr("Backend models (backend/model, no fallback)"));
            break;
        case OtherHeader: item->setText(tr("Added by hand")); break;
        }
    }
}

void ReplayPage::replayRequest(qint64 requestId)
{
    if (isRunning())
        stop();
    m_pendingRequest = requestId;
    m_pendingReplay = 0;
    setStatus([requestId] { return tr("Reading request #%1 from the log…").arg(requestId); });
    m_store->setDataDir(m_host->dataDir());
    m_store->loadSourceRequest(requestId);
}

void ReplayPage::onSourceLoaded(qint64 id, const SourceRequest& request, const QString& error)
{
    if (id != m_pendingRequest)
        return; // the user picked another one meanwhile
    m_pendingRequest = 0;
    m_openedReplay = 0;
    std::function<QString()> why;
    QJsonObject body;
    if (!error.isEmpty()) {
        why = [id, error] {
            return tr("Request #%1 could not be read: %2").arg(QString::number(id), error);
        };
    } else if (!request.found) {
        why = [id] {
            return tr("Request #%1 is not in the request log. Rows older than the log's "
                      "retention (Settings) are deleted.")
                .arg(id);
        };
    } else if (!request.captured) {
        why = [id] {
            return tr("The request and response bodies of request #%1 were not captured, so "
                      "there is nothing to replay. To capture them, turn on \"Capture request "
                      "and response bodies\" in Settings (logging.captureBodies in the config); "
                      "requests sent after that can be replayed.")
                .arg(id);
        };
    } else if (request.endpoint != QLatin1String("chat.completions")) {
        why = [id, endpoint = request.endpoint] {
            return tr("Request #%1 is a %2 request; only chat completions can be replayed.")
                .arg(QString::number(id), endpoint);
        };
    } else {
        body = QJsonDocument::fromJson(request.requestBody).object();
        if (body.value(QLatin1String("messages")).toArray().isEmpty())
            why = [id] {
                return tr("The captured body of request #%1 is cut short, so it cannot be "
                          "replayed. Bodies longer than the body capture limit in Settings "
                          "(logging.maxBodyBytes) are cut; raise it to replay long requests.")
                    .arg(id);
            };
    }
    if (why) {
        m_source.reset();
        clearColumns();
        m_prompt->clear();
        setNotice(why);
        setStatus({});
        updateState();
        retranslateCombos();
        emit sourceLoaded(id, false);
        return;
    }
    Source source;
    source.requestId = id;
    source.body = body;
    source.original = originalResult(request);
    source.originalModel = request.model;
    setNotice({});
    setStatus([] { return tr("Tick the targets to compare with and press Run replay."); });
    m_title->clear();
    setSource(source);
    retranslateCombos();
    emit sourceLoaded(id, true);
}

void ReplayPage::setSource(const std::optional<Source>& source)
{
    m_source = source;
    clearColumns();
    if (m_source && m_source->original) {
        ReplayColumn* column = addColumn(true);
        column->setSource(m_source->requestId.value_or(0), m_source->originalModel);
        column->setResult(*m_source->original);
    }
    showPrompt();
    updateDiffs();
    updateState();
}

void ReplayPage::showPrompt()
{
    if (m_source) {
        m_prompt->setPlainText(conversationText(m_source->body));
        m_title->setPlaceholderText(autoTitle());
    }
}

void ReplayPage::newPrompt()
{
    if (isRunning())
        stop();
    m_pendingRequest = 0;
    m_pendingReplay = 0;
    m_openedReplay = 0;
    m_source.reset();
    setNotice({});
    clearColumns();
    m_prompt->clear();
    m_title->clear();
    setStatus([] { return tr("Type a prompt, tick the targets and press Run replay."); });
    updateState();
    retranslateCombos();
    m_prompt->setFocus();
}

void ReplayPage::clearColumns(std::optional<ReplayColumn::Kind> kind)
{
    m_attemptsRetry->stop(); // the runs it would read for go
    m_attemptsPending = false;
    for (ReplayRun* r : std::as_const(m_runs)) {
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    m_runs.clear();
    for (qsizetype i = m_columns.size() - 1; i >= 0; --i) {
        ReplayColumn* c = m_columns.at(i);
        if (kind && c->kind() != *kind)
            continue;
        // Hidden at once: deleteLater leaves it in the layout until the event loop runs.
        c->hide();
        c->deleteLater();
        m_columns.removeAt(i);
        if (c == m_reference)
            m_reference = nullptr;
    }
}

QString ReplayPage::routeOf(const QString& target) const
{
    const gateway::config::Config& config = m_host->config();
    if (const auto* alias = config.model(target)) {
        QStringList to;
        for (const auto& t : alias->targets)
            to << t.backend + QLatin1Char('/') + t.model;
        return tr("Alias → %1").arg(to.join(QStringLiteral(", ")));
    }
    const qsizetype slash = target.indexOf(QLatin1Char('/'));
    if (slash > 0 && config.backend(target.left(slash)))
        return tr("Backend %1 · model %2, no fallback")
            .arg(target.left(slash), target.mid(slash + 1));
    return tr("Neither an alias nor a backend of the config");
}

ReplayColumn* ReplayPage::addColumn(bool original, const QString& target)
{
    auto* column =
        new ReplayColumn(original ? ReplayColumn::Kind::Original : ReplayColumn::Kind::Target);
    if (!original)
        column->setRoute(routeOf(target));
    column->setShowDiff(m_showDiff->isChecked());
    static_cast<QHBoxLayout*>(m_columnsHost->layout())->addWidget(column, 1);
    m_columns << column;
    return column;
}

void ReplayPage::run()
{
    if (isRunning())
        return;
    if (!m_host->isRunning()) {
        setStatus(
            [] { return tr("The gateway is not running: start it in the status bar first."); });
        return;
    }
    QJsonObject body;
    if (m_source) {
        body = m_source->body;
    } else if (!m_noticeText) {
        const QString prompt = m_prompt->toPlainText().trimmed();
        if (prompt.isEmpty()) {
            setStatus([] { return tr("Type a prompt first, or pick a logged request."); });
            return;
        }
        body.insert(QStringLiteral("messages"),
                    QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                           {QStringLiteral("content"), prompt}}});
    } else {
        return; // the notice says why this request cannot be replayed
    }
    const QStringList targets = checkedTargets();
    if (targets.isEmpty()) {
        setStatus([] { return tr("Tick at least one target to replay to."); });
        return;
    }
    m_openedReplay = 0;
    m_stopped = false;
    m_runBody = body;
    clearColumns(ReplayColumn::Kind::Target); // the original, if any, stays
    m_attemptsRetry->stop();
    m_attemptsPending = false;
    m_attemptReads = 0;
    // A minute early: the log's clock is the same, but a row's time is when it was answered.
    m_runStartedMs = QDateTime::currentMSecsSinceEpoch() - 60'000;

    QNetworkRequest request = m_host->gatewayRequest(QStringLiteral("/chat/completions"));
    // Logged as replay traffic (source "replay"), which the Logs page and the Dashboard can
    // leave out; only this process knows the token, so no other client can do the same.
    if (m_host->engine())
        request.setRawHeader(gateway::stages::RecordStage::replayHeader,
                             m_host->engine()->consoleToken());
    for (const QString& target : targets) {
        auto* run = new ReplayRun(target, this);
        ReplayColumn* column = addColumn(false, target);
        column->setResult(run->result());
        connect(run, &ReplayRun::updated, column,
                [column, run] { column->setResult(run->result()); });
        connect(run, &ReplayRun::finished, this, &ReplayPage::onRunFinished);
        m_runs << run;
    }
    // Started together, after every column exists, so that they race fairly.
    for (ReplayRun* run : std::as_const(m_runs))
        run->start(request, body);
    updateDiffs();
    showProgress();
    updateState();
    retranslateCombos();
}

bool ReplayPage::showProgress()
{
    int done = 0;
    for (const ReplayRun* r : std::as_const(m_runs))
        done += r->isRunning() ? 0 : 1;
    const int total = int(m_runs.size());
    if (done == total)
        return true;
    setStatus(
        [done, total] { return tr("Replaying: %1 of %2 answers complete…").arg(done).arg(total); });
    return false;
}

void ReplayPage::stop()
{
    if (!isRunning())
        return;
    m_stopped = true;
    const QList<ReplayRun*> runs = m_runs;
    for (ReplayRun* r : runs)
        r->abort(); // each one reports finished(), the last one ends the run
}

void ReplayPage::onRunFinished()
{
    updateDiffs();
    updateState();
    if (!showProgress())
        return;
    emit runFinished();
    if (m_stopped) {
        setStatus([] { return tr("Stopped. A stopped replay is not saved."); });
        return;
    }
    setStatus([] { return tr("All answers are in; reading which backends answered…"); });
    readAttempts();
}

void ReplayPage::readAttempts()
{
    QStringList traces;
    for (const ReplayRun* r : std::as_const(m_runs))
        if (!r->result().traceId.isEmpty() && r->result().attempts.empty())
            traces << r->result().traceId;
    if (traces.isEmpty() || m_attemptReads >= attemptsMaxReads) {
        save();
        return;
    }
    ++m_attemptReads;
    m_attemptsPending = true;
    m_store->setDataDir(m_host->dataDir());
    m_store->loadAttempts(m_runStartedMs, traces);
}

void ReplayPage::onAttemptsLoaded(const ReplayStore::AttemptsByTrace& attempts,
                                  const QString& error)
{
    if (!m_attemptsPending)
        return; // asked for by a run that was replaced since
    m_attemptsPending = false;
    for (ReplayRun* r : std::as_const(m_runs)) {
        const auto found = attempts.constFind(r->result().traceId);
        if (found != attempts.cend())
            r->setAttempts(*found);
    }
    bool missing = false;
    for (const ReplayRun* r : std::as_const(m_runs))
        missing = missing || (!r->result().traceId.isEmpty() && r->result().attempts.empty());
    // A call whose row the log writer has not committed yet is read again in a moment; a log
    // that cannot be read is not read again.
    if (missing && error.isEmpty() && m_attemptReads < attemptsMaxReads)
        m_attemptsRetry->start();
    else
        save();
}

void ReplayPage::save()
{
    if (m_runs.isEmpty())
        return;
    SavedReplay replay;
    replay.createdMs = QDateTime::currentMSecsSinceEpoch();
    replay.sourceRequestId = m_source ? m_source->requestId : std::nullopt;
    replay.title = m_title->text().trimmed().isEmpty() ? autoTitle() : m_title->text().trimmed();
    replay.request = m_runBody;
    for (const ReplayRun* r : std::as_const(m_runs))
        replay.results << r->result();
    setStatus([] { return tr("All answers are in; saving the replay…"); });
    m_store->setDataDir(m_host->dataDir());
    m_store->save(replay);
}

void ReplayPage::onSaved(qint64 id, const QString& error)
{
    if (!error.isEmpty()) {
        setStatus([error] { return tr("The replay could not be saved: %1").arg(error); });
        return;
    }
    m_lastSavedId = id;
    m_openedReplay = id;
    setStatus([id] {
        return tr("Saved as replay #%1; open it again from the saved replays at any time.").arg(id);
    });
    m_store->loadReplays(savedLimit);
    emit replaySaved(id);
}

ReplayColumn* ReplayPage::referenceColumn() const
{
    // The original answer when there is one to compare with, else the first target that has
    // (or may still get) an answer: a target that failed without text is no reference.
    for (ReplayColumn* c : m_columns)
        if (c->kind() == ReplayColumn::Kind::Original && !c->result().text.isEmpty())
            return c;
    for (ReplayColumn* c : m_columns)
        if (c->kind() == ReplayColumn::Kind::Target &&
            (!c->result().finished || !c->result().text.isEmpty()))
            return c;
    return nullptr;
}

void ReplayPage::updateDiffs(bool retell)
{
    ReplayColumn* reference = referenceColumn();
    if (reference != m_reference) {
        // The first target failed: the next one is the reference, and diffs start over.
        for (ReplayColumn* c : std::as_const(m_columns))
            if (c->diffRole() != ReplayColumn::DiffRole::None)
                c->clearDiff();
        m_reference = reference;
    }
    int compared = 0;
    for (const ReplayColumn* c : std::as_const(m_columns))
        compared += c != reference && c->kind() == ReplayColumn::Kind::Target ? 1 : 0;
    const bool compare = reference && compared > 0;
    const QString against = !reference ? QString()
                            : reference->kind() == ReplayColumn::Kind::Original
                                ? tr("the original")
                                : reference->result().target;
    for (ReplayColumn* c : std::as_const(m_columns)) {
        const bool comparable =
            compare && c != reference && c->kind() == ReplayColumn::Kind::Target;
        if (compare && c == reference) {
            if (c->diffRole() != ReplayColumn::DiffRole::Reference)
                c->setReference();
        } else if (!comparable || (c->result().finished && c->result().text.isEmpty())) {
            // Nothing to compare, or an answer that failed without text: its error says enough.
            if (c->diffRole() != ReplayColumn::DiffRole::None)
                c->clearDiff();
        } else if (reference->result().finished && c->result().finished) {
            // Each diff is computed once, when both answers are whole.
            if (c->diffRole() != ReplayColumn::DiffRole::Compared)
                c->setDiff(WordDiff::diff(reference->result().text, c->result().text), against);
            else if (retell)
                c->setDiff(*c->diff(), against); // a language change: the same diff, retold
        }
    }
    m_results->setCurrentWidget(m_columns.isEmpty() ? static_cast<QWidget*>(m_empty) : m_scroll);
}

void ReplayPage::openReplay(qint64 replayId)
{
    if (isRunning())
        return;
    m_pendingReplay = replayId;
    m_pendingRequest = 0;
    setStatus([replayId] { return tr("Opening replay #%1…").arg(replayId); });
    m_store->setDataDir(m_host->dataDir());
    m_store->loadReplay(replayId);
}

void ReplayPage::onReplayLoaded(qint64 id, const SavedReplay& replay, const QString& error)
{
    if (id != m_pendingReplay)
        return;
    m_pendingReplay = 0;
    if (!error.isEmpty()) {
        setStatus([error] { return tr("The replay could not be opened: %1").arg(error); });
        retranslateCombos();
        return;
    }
    Source source;
    source.requestId = replay.sourceRequestId;
    source.body = replay.request;
    if (replay.source && replay.source->captured) {
        source.original = originalResult(*replay.source);
        source.originalModel = replay.source->model;
    }
    setNotice({});
    setSource(source);
    for (const ReplayResult& result : replay.results)
        addColumn(false, result.target)->setResult(result);
    m_openedReplay = id;
    m_title->setText(replay.title);
    updateDiffs();
    const qint64 created = replay.createdMs;
    const std::optional<qint64> lost =
        replay.sourceRequestId && !source.original ? replay.sourceRequestId : std::nullopt;
    setStatus([id, created, lost] {
        QString text =
            tr("Replay #%1 of %2: the saved answers, not run again. Run replay sends the "
               "request again.")
                .arg(QString::number(id), timeText(created));
        if (lost)
            text +=
                QLatin1Char(' ') + tr("Its original request #%1 is no longer in the log, so the "
                                      "answers are compared with the first target's.")
                                       .arg(*lost);
        return text;
    });
    retranslateCombos();
    emit replayOpened(id);
}

void ReplayPage::updateState()
{
    const bool running = isRunning();
    const bool gateway = m_host->isRunning();
    m_runAction->setEnabled(gateway && !running && !m_noticeText);
    const QString shortcut = m_runAction->shortcut().toString(QKeySequence::NativeText);
    m_runAction->setToolTip(
        !gateway       ? tr("The gateway is not running.")
        : running      ? tr("A replay is running; Stop ends it.")
        : m_noticeText ? tr("This request cannot be replayed; the notice says why.")
                       : tr("Send the request to every ticked target at once (%1)").arg(shortcut));
    m_stop->setEnabled(running);
    m_recentCombo->setEnabled(!running);
    m_savedCombo->setEnabled(!running);
    m_newPrompt->setEnabled(!running);
    m_refresh->setEnabled(!running);
    m_prompt->setReadOnly(m_source.has_value() || m_noticeText != nullptr);
    m_prompt->setPlaceholderText(
        m_prompt->isReadOnly() ? QString() : tr("Type a prompt to send to each target…"));

    QString info;
    if (m_noticeText) {
        info = tr("This request cannot be replayed:");
    } else if (m_source && m_source->requestId) {
        info = tr("Request #%1 to %2")
                   .arg(QString::number(*m_source->requestId), m_source->originalModel);
    } else if (m_source) {
        info = tr("A typed prompt; New prompt starts another.");
    } else {
        info = tr("A new prompt: type it below, or pick a logged request above.");
    }
    if (m_source && !m_noticeText) {
        const QString parameters = parametersText(m_source->body);
        if (!parameters.isEmpty())
            info += QStringLiteral(" · ") + tr("kept parameters: %1").arg(parameters);
    }
    m_sourceInfo->setText(info);

    if (m_columns.isEmpty())
        m_results->setCurrentWidget(m_empty);
    if (!gateway) {
        m_empty->setTitle(tr("The gateway is not running"));
        m_empty->setText(tr("Replays are sent through the gateway. Start it with the button in "
                            "the status bar, then come back here."));
    } else {
        m_empty->setTitle(tr("Compare answers across models"));
        m_empty->setText(
            tr("Pick a logged request above, or type a new prompt. Then tick the targets to send "
               "it to: aliases, or backend/model to reach one backend's model directly. Run "
               "replay sends it to all of them at once; the answers stream in side by side with "
               "their latency, time to first token and tokens, and the words that differ from "
               "the original answer are marked. Each replay is saved, to be opened again "
               "later.\n\nThe gateway has no response cache yet, so every replay reaches the "
               "backends."));
    }
}

void ReplayPage::setStatus(std::function<QString()> text)
{
    m_statusText = std::move(text);
    m_status->setText(m_statusText ? m_statusText() : QString());
    m_status->setVisible(m_statusText != nullptr);
}

void ReplayPage::setNotice(std::function<QString()> text)
{
    m_noticeText = std::move(text);
    m_notice->setText(m_noticeText ? m_noticeText() : QString());
    m_notice->setVisible(m_noticeText != nullptr);
    updateState();
}

QString ReplayPage::autoTitle() const
{
    const QString prompt =
        m_source ? ReplayStore::promptOf(m_source->body) : m_prompt->toPlainText().simplified();
    QStringList words = prompt.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const bool cut = words.size() > titleWords;
    words = words.mid(0, titleWords);
    QString title = words.join(QLatin1Char(' ')) + (cut ? QString(QChar(0x2026)) : QString());
    return title.isEmpty() ? tr("Replay") : title;
}

void ReplayPage::retranslate()
{
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Read the newest captured requests and saved replays again"));
    m_newPrompt->setText(tr("New prompt"));
    m_targetsLabel->setText(tr("Targets (each one gets the same request):"));
    m_customTarget->setPlaceholderText(tr("Another target: alias or backend/model"));
    m_addTarget->setText(tr("Add"));
    m_titleLabel->setText(tr("Title:"));
    m_showDiff->setText(tr("Show differences"));
    m_showDiff->setToolTip(tr("Mark the words that differ from the original answer (or, for a "
                              "typed prompt, from the first target's answer)"));
    m_stop->setText(tr("Stop"));
    m_runAction->setText(tr("Run replay"));
    rebuildTargets(); // the tooltips and section headers; also refills the combos
    if (m_statusText)
        m_status->setText(m_statusText());
    if (m_noticeText)
        m_notice->setText(m_noticeText());
    m_title->setPlaceholderText(autoTitle());
    for (ReplayColumn* c : std::as_const(m_columns))
        if (c->kind() == ReplayColumn::Kind::Target)
            c->setRoute(routeOf(c->result().target));
    updateDiffs(true);
    updateState();
}

QString ReplayPage::purpose() const
{
    return tr(
        "Send a logged request, or a prompt of your own, to other models and compare the answers.");
}

void ReplayPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
    } else if (event->type() == QEvent::PaletteChange) {
        updateColors();
    }
    Page::changeEvent(event);
}

void ReplayPage::updateColors()
{
    QPalette errorPalette = m_targetError->palette();
    errorPalette.setColor(
        QPalette::WindowText,
        ReplayColumn::errorColor(palette().color(QPalette::Base).lightness() < 128));
    m_targetError->setPalette(errorPalette);
}

void ReplayPage::refresh()
{
    if (isRunning())
        return; // the lists are locked while a replay runs
    rebuildTargets();
    refreshRecent();
    m_store->loadReplays(savedLimit);
}

void ReplayPage::showEvent(QShowEvent* event)
{
    // Cheap (a primary-key scan of the newest rows, off the GUI thread): shown, the lists are
    // fresh.
    if (!isRunning()) {
        refreshRecent();
        m_store->loadReplays(savedLimit);
    }
    QWidget::showEvent(event);
}

} // namespace ui

#include "pages/ModelsPage.h"

#include "GatewayHost.h"
#include "models/AttemptText.h"
#include "models/BackendProbe.h"
#include "models/ConfigErrorText.h"
#include "store/Attempts.h"
#include "store/Database.h"
#include "widgets/DotIcon.h"
#include "widgets/EmptyState.h"
#include "widgets/ErrorLabel.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

namespace {
QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

// How often, and how long apart, Try it looks for its request in the log: rows reach the disk
// within logging.flushIntervalMs (200 ms by default, at most 60 s; after 5 s it gives up).
constexpr int servedByTries = 25;
constexpr int servedByRetryMs = 200;
} // namespace

ModelsPage::ModelsPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_network(new QNetworkAccessManager(this)),
      m_probe(new BackendProbe(m_network, this)), m_stack(new QStackedWidget),
      m_empty(new EmptyState), m_editor(new QSplitter), m_addAliasAction(new QAction(this)),
      m_goToBackends(new QAction(this)), m_aliases(new QListWidget), m_aliasName(new QLineEdit),
      m_targets(new QTableWidget(0, 2)), m_errors(new ErrorLabel), m_unapplied(new QLabel),
      m_removeAlias(new QPushButton), m_addTarget(new QPushButton), m_removeTarget(new QPushButton),
      m_up(new QPushButton), m_down(new QPushButton), m_apply(new QPushButton),
      m_revert(new QPushButton), m_aliasLabel(new QLabel), m_targetsLabel(new QLabel),
      m_tryTitle(new QLabel), m_tryAlias(new QComboBox), m_tryPrompt(new QLineEdit),
      m_trySend(new QPushButton), m_tryAnswer(new QPlainTextEdit), m_tryStats(new QLabel),
      m_tryRoute(new QLabel), m_connectionName(QStringLiteral("models-page-%1").arg(quintptr(this)))
{
    m_empty->setObjectName(QStringLiteral("emptyModels"));
    m_addAliasAction->setObjectName(QStringLiteral("addAlias"));
    m_aliases->setObjectName(QStringLiteral("aliases"));
    m_aliasName->setObjectName(QStringLiteral("aliasName"));
    m_targets->setObjectName(QStringLiteral("targets"));
    m_errors->setObjectName(QStringLiteral("errors"));
    m_unapplied->setObjectName(QStringLiteral("unapplied"));
    m_apply->setObjectName(QStringLiteral("apply"));
    m_revert->setObjectName(QStringLiteral("revert"));
    m_tryAlias->setObjectName(QStringLiteral("tryAlias"));
    m_tryPrompt->setObjectName(QStringLiteral("tryPrompt"));
    m_trySend->setObjectName(QStringLiteral("trySend"));
    m_tryAnswer->setObjectName(QStringLiteral("tryAnswer"));
    m_tryStats->setObjectName(QStringLiteral("tryStats"));
    m_tryRoute->setObjectName(QStringLiteral("tryRoute"));

    m_targets->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_targets->verticalHeader()->setVisible(false);
    m_targets->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_targets->setTabKeyNavigation(false); // Tab leaves the table for the next control
    m_aliases->setTextElideMode(Qt::ElideRight);
    m_unapplied->setVisible(false);
    m_tryAnswer->setReadOnly(true);
    m_tryAnswer->setMaximumHeight(120);
    // An alias of any length must not widen the window: the box shows about 16 characters.
    m_tryAlias->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_tryAlias->setMinimumContentsLength(16);
    for (QLabel* l : {m_tryStats, m_tryRoute}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, spacing::normal, 0);
    leftLayout->setSpacing(spacing::normal);
    leftLayout->addWidget(m_aliases, 1);
    auto* aliasButtons = new QHBoxLayout;
    aliasButtons->addWidget(m_removeAlias);
    aliasButtons->addStretch();
    leftLayout->addLayout(aliasButtons);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(spacing::normal, 0, 0, 0);
    rightLayout->setSpacing(spacing::normal);
    auto* form = new QFormLayout;
    form->addRow(m_aliasLabel, m_aliasName);
    rightLayout->addLayout(form);
    rightLayout->addWidget(m_targetsLabel);
    rightLayout->addWidget(m_targets, 1);
    auto* targetButtons = new QHBoxLayout;
    targetButtons->setSpacing(spacing::normal);
    for (QPushButton* b : {m_addTarget, m_removeTarget, m_up, m_down})
        targetButtons->addWidget(b);
    targetButtons->addStretch();
    rightLayout->addLayout(targetButtons);
    rightLayout->addWidget(m_errors);
    auto* applyRow = new QHBoxLayout;
    applyRow->setSpacing(spacing::normal);
    applyRow->addWidget(m_unapplied);
    applyRow->addStretch();
    applyRow->addWidget(m_revert);
    applyRow->addWidget(m_apply);
    rightLayout->addLayout(applyRow);

    auto* tryLayout = new QVBoxLayout;
    tryLayout->setSpacing(spacing::tight);
    tryLayout->addWidget(m_tryTitle);
    auto* tryRow = new QHBoxLayout;
    tryRow->setSpacing(spacing::normal);
    tryRow->addWidget(m_tryAlias);
    tryRow->addWidget(m_tryPrompt, 1);
    tryRow->addWidget(m_trySend);
    tryLayout->addLayout(tryRow);
    tryLayout->addWidget(m_tryAnswer);
    tryLayout->addWidget(m_tryStats);
    tryLayout->addWidget(m_tryRoute);
    rightLayout->addSpacing(spacing::section);
    rightLayout->addLayout(tryLayout);

    auto* splitter = static_cast<QSplitter*>(m_editor);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    m_stack->addWidget(m_editor);
    m_stack->addWidget(m_empty);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->addWidget(m_stack);

    connect(m_aliases, &QListWidget::currentRowChanged, this, &ModelsPage::showAlias);
    connect(m_aliasName, &QLineEdit::textEdited, this, &ModelsPage::markDirty);
    connect(m_addAliasAction, &QAction::triggered, this, &ModelsPage::addAlias);
    connect(m_goToBackends, &QAction::triggered, this, &ModelsPage::backendsPageRequested);
    connect(m_removeAlias, &QPushButton::clicked, this, &ModelsPage::removeAlias);
    connect(m_addTarget, &QPushButton::clicked, this, &ModelsPage::addTarget);
    connect(m_removeTarget, &QPushButton::clicked, this, &ModelsPage::removeTarget);
    connect(m_up, &QPushButton::clicked, this, [this] { moveTarget(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveTarget(1); });
    connect(m_apply, &QPushButton::clicked, this, &ModelsPage::apply);
    connect(m_revert, &QPushButton::clicked, this, &ModelsPage::reload);
    connect(m_trySend, &QPushButton::clicked, this, &ModelsPage::tryIt);
    connect(m_tryPrompt, &QLineEdit::returnPressed, this, &ModelsPage::tryIt);
    connect(m_host, &GatewayHost::configChanged, this, [this] {
        reload();
        probeBackends();
    });
    connect(m_probe, &BackendProbe::finished, this,
            [this](const QString& backend, const BackendProbe::Outcome& outcome) {
                if (!outcome.ok)
                    return; // the combo box still takes a typed model
                m_probedModels.insert(backend, outcome.models);
                for (int r = 0; r < m_targets->rowCount(); ++r) {
                    auto* b = qobject_cast<QComboBox*>(m_targets->cellWidget(r, 0));
                    auto* m = qobject_cast<QComboBox*>(m_targets->cellWidget(r, 1));
                    if (b && m && b->currentText() == backend)
                        fillModels(m, backend);
                }
            });
    retranslate();
    reload();
}

ModelsPage::~ModelsPage()
{
    gateway::store::Database::close(m_connectionName);
}

void ModelsPage::showEvent(QShowEvent* event)
{
    probeBackends();
    Page::showEvent(event);
}

void ModelsPage::refresh()
{
    if (!hasUnappliedChanges())
        reload();
    probeBackends();
}

void ModelsPage::probeBackends()
{
    for (const auto& b : m_host->config().backends)
        m_probe->probe(b);
}

void ModelsPage::reload()
{
    m_loading = true;
    m_edited.clear();
    for (const QJsonValue& v : m_host->configDocument().value(QStringLiteral("models")).toArray())
        m_edited.append(v.toObject());
    m_applied = m_edited;
    const int keep = qMax(0, m_current);
    m_aliases->clear();
    m_tryAlias->clear();
    for (const QJsonObject& m : std::as_const(m_edited)) {
        m_aliases->addItem(str(m, "alias"));
        m_tryAlias->addItem(str(m, "alias"));
    }
    m_current = -1;
    m_loading = false;
    m_aliases->setCurrentRow(qMin(keep, m_edited.size() - 1));
    m_errors->setMessage(QString());
    updateState();
}

void ModelsPage::showAlias(int row)
{
    // Edits are already in m_edited (markDirty), so leaving an alias loses nothing.
    m_loading = true;
    m_current = row;
    const bool valid = row >= 0 && row < m_edited.size();
    m_aliasName->setEnabled(valid);
    m_targets->setEnabled(valid);
    m_targets->setRowCount(0);
    m_aliasName->setText(valid ? str(m_edited.at(row), "alias") : QString());
    if (valid)
        for (const QJsonValue& t : m_edited.at(row).value(QStringLiteral("targets")).toArray())
            addTargetRow(str(t.toObject(), "backend"), str(t.toObject(), "model"));
    m_loading = false;
}

void ModelsPage::addTargetRow(const QString& backend, const QString& model)
{
    const int r = m_targets->rowCount();
    m_targets->insertRow(r);
    auto* backends = new QComboBox;
    for (const auto& b : m_host->config().backends)
        backends->addItem(b.name);
    backends->setCurrentText(backend);
    // The upstream model: one the backend listed, or any name typed (a server may serve models
    // it does not list, and an unreachable one lists none).
    auto* models = new QComboBox;
    models->setEditable(true);
    models->setInsertPolicy(QComboBox::NoInsert);
    models->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    fillModels(models, backends->currentText());
    models->setCurrentText(model);
    connect(backends, &QComboBox::currentTextChanged, this, [this, models](const QString& name) {
        fillModels(models, name);
        markDirty();
    });
    connect(models, &QComboBox::currentTextChanged, this, &ModelsPage::markDirty);
    m_targets->setCellWidget(r, 0, backends);
    m_targets->setCellWidget(r, 1, models);
}

void ModelsPage::fillModels(QComboBox* models, const QString& backend)
{
    const QString text = models->currentText();
    const QSignalBlocker blocker(models); // the text stays: no edit to mark
    models->clear();
    models->addItems(m_probedModels.value(backend));
    models->setCurrentText(text);
}

void ModelsPage::markDirty()
{
    if (m_loading)
        return;
    // Keep the edited alias in m_edited so that switching aliases loses nothing.
    if (m_current >= 0 && m_current < m_edited.size()) {
        QJsonObject alias = m_edited.at(m_current); // keeps its other keys, if any
        alias.insert(QStringLiteral("alias"), m_aliasName->text().trimmed());
        QJsonArray targets;
        for (int r = 0; r < m_targets->rowCount(); ++r) {
            auto* backend = qobject_cast<QComboBox*>(m_targets->cellWidget(r, 0));
            auto* model = qobject_cast<QComboBox*>(m_targets->cellWidget(r, 1));
            targets.append(QJsonObject{
                {QStringLiteral("backend"), backend ? backend->currentText() : QString()},
                {QStringLiteral("model"), model ? model->currentText().trimmed() : QString()}});
        }
        alias.insert(QStringLiteral("targets"), targets);
        m_edited[m_current] = alias;
        if (QListWidgetItem* item = m_aliases->item(m_current))
            item->setText(alias.value(QStringLiteral("alias")).toString());
    }
    updateState();
}

bool ModelsPage::hasUnappliedChanges() const
{
    return m_edited != m_applied;
}

void ModelsPage::updateState()
{
    const bool dirty = hasUnappliedChanges();
    // A dot before a changed alias (in the text's colour, which stands out on the selection as
    // well); the others get an empty one, so that the names stay in line.
    const QIcon marker = dotIcon(palette().color(QPalette::Text), devicePixelRatioF());
    const QIcon none = dotIcon(Qt::transparent, devicePixelRatioF());
    for (int i = 0; i < m_aliases->count(); ++i) {
        QListWidgetItem* item = m_aliases->item(i);
        const bool changed = i >= m_applied.size() || m_edited.value(i) != m_applied.at(i);
        item->setIcon(changed ? marker : none);
        item->setData(Qt::UserRole, changed);
        item->setToolTip(changed ? tr("%1 (not applied yet)").arg(item->text()) : item->text());
    }
    m_apply->setEnabled(dirty);
    m_revert->setEnabled(dirty);
    m_apply->setDefault(dirty); // Return applies, and the style draws it as the button to press
    QFont font = m_apply->font();
    font.setBold(dirty);
    m_apply->setFont(font);
    m_unapplied->setVisible(dirty);

    const bool noBackend = m_host->config().backends.isEmpty();
    m_addAliasAction->setEnabled(!noBackend);
    m_addAliasAction->setToolTip(noBackend ? tr("Add a backend first: an alias needs a target")
                                           : tr("Give a model a name clients ask for"));
    m_empty->setAction(noBackend ? m_goToBackends : m_addAliasAction);
    if (noBackend) {
        m_empty->setTitle(tr("Connect a model server first"));
        m_empty->setText(tr("An alias is the model name clients ask for; the gateway sends its "
                            "requests to a model on a backend. There is no backend yet: add one "
                            "on the Backends page, then come back to name its models."));
    } else {
        m_empty->setTitle(tr("Create an alias"));
        m_empty->setText(tr("Clients ask for a model by an alias such as \"chat\". The gateway "
                            "sends the request to the alias's first target, a model on one of "
                            "your backends, and to the next one when that fails."));
    }
    m_stack->setCurrentWidget(m_edited.isEmpty() && !dirty ? static_cast<QWidget*>(m_empty)
                                                           : m_editor);
}

QJsonObject ModelsPage::editedDocument() const
{
    QJsonObject doc = m_host->configDocument();
    QJsonArray models;
    for (const QJsonObject& m : m_edited)
        models.append(m);
    doc.insert(QStringLiteral("models"), models);
    return doc;
}

void ModelsPage::addAlias()
{
    if (m_host->config().backends.isEmpty())
        return;
    const auto& first = m_host->config().backends.first();
    const QJsonObject alias{{QStringLiteral("alias"), QStringLiteral("new-alias")},
                            {QStringLiteral("targets"),
                             QJsonArray{QJsonObject{{QStringLiteral("backend"), first.name},
                                                    {QStringLiteral("model"),
                                                     m_probedModels.value(first.name).value(0)}}}}};
    m_edited.append(alias);
    m_aliases->addItem(alias.value(QStringLiteral("alias")).toString());
    updateState();
    m_aliases->setCurrentRow(m_edited.size() - 1);
    m_aliasName->setFocus();
    m_aliasName->selectAll();
}

void ModelsPage::removeAlias()
{
    const int row = m_aliases->currentRow();
    if (row < 0 || row >= m_edited.size())
        return;
    m_edited.removeAt(row);
    m_loading = true;
    delete m_aliases->takeItem(row);
    m_current = -1;
    m_loading = false;
    showAlias(m_aliases->currentRow());
    updateState();
}

void ModelsPage::addTarget()
{
    if (m_current < 0)
        return;
    addTargetRow(m_host->config().backends.isEmpty() ? QString()
                                                     : m_host->config().backends.first().name,
                 QString());
    m_targets->setCurrentCell(m_targets->rowCount() - 1, 1);
    markDirty();
}

void ModelsPage::removeTarget()
{
    const int r = m_targets->currentRow();
    if (r < 0)
        return;
    m_targets->removeRow(r);
    markDirty();
}

void ModelsPage::moveTarget(int delta)
{
    const int r = m_targets->currentRow();
    const int to = r + delta;
    if (r < 0 || to < 0 || to >= m_targets->rowCount() || m_current < 0)
        return;
    markDirty(); // m_edited now holds the table's order
    QJsonObject alias = m_edited.at(m_current);
    QJsonArray targets = alias.value(QStringLiteral("targets")).toArray();
    const QJsonValue moved = targets.at(r);
    targets.removeAt(r);
    targets.insert(to, moved);
    alias.insert(QStringLiteral("targets"), targets);
    m_edited[m_current] = alias;
    showAlias(m_current);
    m_targets->setCurrentCell(to, 1);
    updateState();
}

bool ModelsPage::apply()
{
    const QJsonObject document = editedDocument();
    const auto applied = m_host->applyConfig(document); // configChanged: reload()
    if (!applied) {
        m_errors->setMessage(ConfigErrorText::describe(applied.error(), document));
        return false;
    }
    m_errors->setMessage(QString());
    emit transientMessage(
        tr("Aliases applied and saved to %1").arg(QDir::toNativeSeparators(m_host->configPath())));
    return true;
}

bool ModelsPage::confirmLeave()
{
    if (!hasUnappliedChanges())
        return true;
    QMessageBox box(QMessageBox::Question, tr("Unapplied changes"),
                    tr("The aliases have changes that are not applied yet."), QMessageBox::NoButton,
                    this);
    box.setObjectName(QStringLiteral("confirmLeave"));
    box.setInformativeText(tr("Apply them now, or discard them?"));
    QPushButton* applyButton = box.addButton(tr("Apply"), QMessageBox::AcceptRole);
    QPushButton* discard = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
    box.addButton(QMessageBox::Cancel);
    applyButton->setObjectName(QStringLiteral("applyChanges"));
    discard->setObjectName(QStringLiteral("discardChanges"));
    box.setDefaultButton(applyButton);
    box.exec();
    if (box.clickedButton() == applyButton)
        return apply(); // a failed Apply stays on the page, with its error shown
    if (box.clickedButton() == discard) {
        reload();
        return true;
    }
    return false;
}

void ModelsPage::tryIt()
{
    if (!m_host->isRunning()) {
        m_tryStats->setText(tr("The gateway is not running."));
        return;
    }
    const QString prompt = m_tryPrompt->text().trimmed();
    if (prompt.isEmpty()) {
        m_tryStats->setText(tr("Type a prompt first."));
        return;
    }
    QNetworkRequest request = m_host->gatewayRequest(QStringLiteral("/chat/completions"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QJsonObject body{{QStringLiteral("model"), m_tryAlias->currentText()},
                           {QStringLiteral("messages"),
                            QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                   {QStringLiteral("content"), prompt}}}}};
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    const qint64 sentMs = QDateTime::currentMSecsSinceEpoch();
    m_trySend->setEnabled(false);
    m_tryAnswer->clear();
    m_tryRoute->clear();
    m_tryTrace.clear();
    m_tryStats->setText(tr("Sending…"));
    QNetworkReply* reply =
        m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, timer, sentMs] {
        const QLocale locale;
        const QString ms = locale.toString(timer->elapsed());
        reply->deleteLater();
        m_trySend->setEnabled(true);
        const QByteArray traceId = reply->rawHeader("x-request-id");
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (!traceId.isEmpty()) {
            m_tryTrace = traceId;
            showServedBy(traceId, sentMs, servedByTries);
        }
        if (status != 200) {
            const QString message = answer.value(QStringLiteral("error"))
                                        .toObject()
                                        .value(QStringLiteral("message"))
                                        .toString();
            m_tryAnswer->setPlainText(message.isEmpty() ? reply->errorString() : message);
            m_tryStats->setText(tr("HTTP %1 after %2 ms").arg(status).arg(ms));
            return;
        }
        m_tryAnswer->setPlainText(answer.value(QStringLiteral("choices"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QStringLiteral("message"))
                                      .toObject()
                                      .value(QStringLiteral("content"))
                                      .toString());
        const QJsonObject usage = answer.value(QStringLiteral("usage")).toObject();
        m_tryStats->setText(
            tr("%1 ms · %2 prompt + %3 completion tokens · request %4")
                .arg(ms, locale.toString(usage.value(QStringLiteral("prompt_tokens")).toInt()),
                     locale.toString(usage.value(QStringLiteral("completion_tokens")).toInt()),
                     QString::fromLatin1(traceId)));
    });
}

void ModelsPage::showServedBy(const QByteArray& traceId, qint64 sentMs, int triesLeft)
{
    if (traceId != m_tryTrace)
        return; // a newer request was sent
    QSqlDatabase db =
        gateway::store::Database::readerConnection(m_host->dataDir(), m_connectionName);
    bool found = false;
    std::vector<gateway::store::Attempt> attempts;
    if (db.isOpen()) {
        // trace_id has no index: the time bound lets requests_ts find the few candidate rows.
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "SELECT attempts FROM requests WHERE ts_ms >= ? AND trace_id = ? LIMIT 1"));
        q.addBindValue(sentMs - 60'000); // the row's time is the request's start, give or take
        q.addBindValue(QString::fromLatin1(traceId));
        if (q.exec() && q.next()) {
            found = true;
            attempts = gateway::store::attemptsFromJson(q.value(0).toByteArray());
        }
    }
    if (!found) {
        if (triesLeft > 1)
            QTimer::singleShot(servedByRetryMs, this, [this, traceId, sentMs, triesLeft] {
                showServedBy(traceId, sentMs, triesLeft - 1);
            });
        return;
    }
    if (attempts.empty()) {
        m_tryRoute->setText(tr("No target was called."));
        return;
    }
    const gateway::store::Attempt& last = attempts.back();
    const QString target =
        last.model.isEmpty() ? last.backend : last.backend + QLatin1Char('/') + last.model;
    QString route =
        last.errorClass.isEmpty() ? tr("Answered by %1.").arg(target) : tr("No target answered.");
    if (attempts.size() > 1 || !last.errorClass.isEmpty())
        route += QLatin1Char('\n') + AttemptText::chain(attempts);
    m_tryRoute->setText(route);
}

void ModelsPage::retranslate()
{
    m_targets->setHorizontalHeaderLabels({tr("Backend"), tr("Upstream model")});
    m_aliasLabel->setText(tr("Alias (the model name clients ask for):"));
    m_targetsLabel->setText(
        tr("Targets, tried in order (the next takes over when one fails before answering):"));
    m_targetsLabel->setWordWrap(true);
    m_addAliasAction->setText(tr("Add alias"));
    m_goToBackends->setText(tr("Go to Backends"));
    m_removeAlias->setText(tr("Remove alias"));
    m_addTarget->setText(tr("Add target"));
    m_removeTarget->setText(tr("Remove target"));
    m_up->setText(tr("Move up"));
    m_down->setText(tr("Move down"));
    m_apply->setText(tr("Apply"));
    m_revert->setText(tr("Revert"));
    m_unapplied->setText(tr("Unapplied changes"));
    m_tryTitle->setText(tr("<b>Try it</b>: send one request to an alias through the gateway"));
    m_tryPrompt->setPlaceholderText(tr("A prompt, e.g. Say hello"));
    m_trySend->setText(tr("Send"));
    updateState();
}

QString ModelsPage::purpose() const
{
    return tr("The model names clients use, and the backends that serve each one.");
}

void ModelsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        updateState(); // the markers' colour follows the theme
    Page::changeEvent(event);
}

} // namespace ui

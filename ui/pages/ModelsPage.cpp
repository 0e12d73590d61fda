#include "pages/ModelsPage.h"

#include "GatewayHost.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

namespace {
QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}
} // namespace

ModelsPage::ModelsPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_network(new QNetworkAccessManager(this)),
      m_aliases(new QListWidget), m_aliasName(new QLineEdit), m_targets(new QTableWidget(0, 2)),
      m_errors(new QLabel), m_addAlias(new QPushButton), m_removeAlias(new QPushButton),
      m_addTarget(new QPushButton), m_removeTarget(new QPushButton), m_up(new QPushButton),
      m_down(new QPushButton), m_apply(new QPushButton), m_revert(new QPushButton),
      m_aliasLabel(new QLabel), m_targetsLabel(new QLabel), m_tryTitle(new QLabel),
      m_tryAlias(new QComboBox), m_tryPrompt(new QLineEdit), m_trySend(new QPushButton),
      m_tryAnswer(new QPlainTextEdit), m_tryStats(new QLabel)
{
    m_aliases->setObjectName(QStringLiteral("aliases"));
    m_aliasName->setObjectName(QStringLiteral("aliasName"));
    m_targets->setObjectName(QStringLiteral("targets"));
    m_errors->setObjectName(QStringLiteral("errors"));
    m_apply->setObjectName(QStringLiteral("apply"));
    m_tryAlias->setObjectName(QStringLiteral("tryAlias"));
    m_tryPrompt->setObjectName(QStringLiteral("tryPrompt"));
    m_trySend->setObjectName(QStringLiteral("trySend"));
    m_tryAnswer->setObjectName(QStringLiteral("tryAnswer"));
    m_tryStats->setObjectName(QStringLiteral("tryStats"));

    m_targets->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_targets->verticalHeader()->setVisible(false);
    m_targets->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_errors->setWordWrap(true);
    m_errors->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errors->setStyleSheet(QStringLiteral("color: #d9534f;"));
    m_errors->hide();
    m_tryAnswer->setReadOnly(true);
    m_tryAnswer->setMaximumHeight(120);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->addWidget(m_aliases, 1);
    auto* aliasButtons = new QHBoxLayout;
    aliasButtons->addWidget(m_addAlias);
    aliasButtons->addWidget(m_removeAlias);
    leftLayout->addLayout(aliasButtons);

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    auto* form = new QFormLayout;
    form->addRow(m_aliasLabel, m_aliasName);
    rightLayout->addLayout(form);
    rightLayout->addWidget(m_targetsLabel);
    rightLayout->addWidget(m_targets, 1);
    auto* targetButtons = new QHBoxLayout;
    targetButtons->addWidget(m_addTarget);
    targetButtons->addWidget(m_removeTarget);
    targetButtons->addWidget(m_up);
    targetButtons->addWidget(m_down);
    targetButtons->addStretch();
    rightLayout->addLayout(targetButtons);
    rightLayout->addWidget(m_errors);
    auto* applyRow = new QHBoxLayout;
    applyRow->addStretch();
    applyRow->addWidget(m_revert);
    applyRow->addWidget(m_apply);
    rightLayout->addLayout(applyRow);

    auto* tryBox = new QWidget;
    auto* tryLayout = new QVBoxLayout(tryBox);
    tryLayout->setContentsMargins(0, 0, 0, 0);
    tryLayout->addWidget(m_tryTitle);
    auto* tryRow = new QHBoxLayout;
    tryRow->addWidget(m_tryAlias);
    tryRow->addWidget(m_tryPrompt, 1);
    tryRow->addWidget(m_trySend);
    tryLayout->addLayout(tryRow);
    tryLayout->addWidget(m_tryAnswer);
    tryLayout->addWidget(m_tryStats);
    rightLayout->addSpacing(12);
    rightLayout->addWidget(tryBox);

    auto* splitter = new QSplitter;
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->addWidget(splitter);

    connect(m_aliases, &QListWidget::currentRowChanged, this, &ModelsPage::showAlias);
    connect(m_aliasName, &QLineEdit::textEdited, this, &ModelsPage::markDirty);
    connect(m_targets, &QTableWidget::itemChanged, this, &ModelsPage::markDirty);
    connect(m_addAlias, &QPushButton::clicked, this, &ModelsPage::addAlias);
    connect(m_removeAlias, &QPushButton::clicked, this, &ModelsPage::removeAlias);
    connect(m_addTarget, &QPushButton::clicked, this, &ModelsPage::addTarget);
    connect(m_removeTarget, &QPushButton::clicked, this, &ModelsPage::removeTarget);
    connect(m_up, &QPushButton::clicked, this, [this] { moveTarget(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveTarget(1); });
    connect(m_apply, &QPushButton::clicked, this, &ModelsPage::apply);
    connect(m_revert, &QPushButton::clicked, this, &ModelsPage::reload);
    connect(m_trySend, &QPushButton::clicked, this, &ModelsPage::tryIt);
    connect(m_tryPrompt, &QLineEdit::returnPressed, this, &ModelsPage::tryIt);
    connect(m_host, &GatewayHost::configChanged, this, &ModelsPage::reload);
    retranslate();
    reload();
}

void ModelsPage::reload()
{
    m_loading = true;
    m_edited.clear();
    for (const QJsonValue& v : m_host->configDocument().value(QStringLiteral("models")).toArray())
        m_edited.append(v.toObject());
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
    m_errors->hide();
    m_apply->setEnabled(false);
    m_revert->setEnabled(false);
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
    if (valid) {
        for (const QJsonValue& t : m_edited.at(row).value(QStringLiteral("targets")).toArray()) {
            const int r = m_targets->rowCount();
            m_targets->insertRow(r);
            auto* backend = new QComboBox;
            for (const auto& b : m_host->config().backends)
                backend->addItem(b.name);
            backend->setCurrentText(str(t.toObject(), "backend"));
            connect(backend, &QComboBox::currentTextChanged, this, &ModelsPage::markDirty);
            m_targets->setCellWidget(r, 0, backend);
            m_targets->setItem(r, 1, new QTableWidgetItem(str(t.toObject(), "model")));
        }
    }
    m_loading = false;
}

void ModelsPage::markDirty()
{
    if (m_loading)
        return;
    // Keep the edited alias in m_edited so that switching aliases loses nothing.
    if (m_current >= 0 && m_current < m_edited.size()) {
        QJsonObject alias;
        alias.insert(QStringLiteral("alias"), m_aliasName->text().trimmed());
        QJsonArray targets;
        for (int r = 0; r < m_targets->rowCount(); ++r) {
            auto* backend = qobject_cast<QComboBox*>(m_targets->cellWidget(r, 0));
            const QTableWidgetItem* model = m_targets->item(r, 1);
            targets.append(QJsonObject{
                {QStringLiteral("backend"), backend ? backend->currentText() : QString()},
                {QStringLiteral("model"), model ? model->text().trimmed() : QString()}});
        }
        alias.insert(QStringLiteral("targets"), targets);
        m_edited[m_current] = alias;
        if (QListWidgetItem* item = m_aliases->item(m_current))
            item->setText(alias.value(QStringLiteral("alias")).toString());
    }
    m_apply->setEnabled(true);
    m_revert->setEnabled(true);
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
    QJsonObject alias{{QStringLiteral("alias"), QStringLiteral("new-alias")},
                      {QStringLiteral("targets"), QJsonArray()}};
    if (!m_host->config().backends.isEmpty())
        alias.insert(QStringLiteral("targets"),
                     QJsonArray{QJsonObject{
                         {QStringLiteral("backend"), m_host->config().backends.first().name},
                         {QStringLiteral("model"), QString()}}});
    m_edited.append(alias);
    m_aliases->addItem(alias.value(QStringLiteral("alias")).toString());
    m_aliases->setCurrentRow(m_edited.size() - 1);
    m_aliasName->setFocus();
    m_aliasName->selectAll();
    markDirty();
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
    m_apply->setEnabled(true);
    m_revert->setEnabled(true);
}

void ModelsPage::addTarget()
{
    if (m_current < 0)
        return;
    const int r = m_targets->rowCount();
    m_targets->insertRow(r);
    auto* backend = new QComboBox;
    for (const auto& b : m_host->config().backends)
        backend->addItem(b.name);
    connect(backend, &QComboBox::currentTextChanged, this, &ModelsPage::markDirty);
    m_targets->setCellWidget(r, 0, backend);
    m_targets->setItem(r, 1, new QTableWidgetItem);
    m_targets->setCurrentCell(r, 1);
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
}

void ModelsPage::apply()
{
    const auto applied = m_host->applyConfig(editedDocument());
    if (!applied) {
        // The loader names the key's path (models[1].targets[0].model: ...): show it as is.
        m_errors->setText(applied.error());
        m_errors->show();
        return;
    }
    m_errors->hide();
    m_apply->setEnabled(false);
    m_revert->setEnabled(false);
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
    auto* timer = new QElapsedTimer;
    timer->start();
    m_trySend->setEnabled(false);
    m_tryAnswer->clear();
    m_tryStats->setText(tr("Sending…"));
    QNetworkReply* reply =
        m_network->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, timer] {
        const qint64 ms = timer->elapsed();
        delete timer;
        reply->deleteLater();
        m_trySend->setEnabled(true);
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
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
        m_tryStats->setText(tr("%1 ms · %2 prompt + %3 completion tokens · request %4")
                                .arg(ms)
                                .arg(usage.value(QStringLiteral("prompt_tokens")).toInt())
                                .arg(usage.value(QStringLiteral("completion_tokens")).toInt())
                                .arg(QString::fromLatin1(reply->rawHeader("x-request-id"))));
    });
}

void ModelsPage::retranslate()
{
    m_targets->setHorizontalHeaderLabels({tr("Backend"), tr("Upstream model")});
    m_aliasLabel->setText(tr("Alias (the model name clients ask for):"));
    m_targetsLabel->setText(
        tr("Targets, tried in order (the next takes over when one fails before answering):"));
    m_addAlias->setText(tr("Add alias"));
    m_removeAlias->setText(tr("Remove"));
    m_addTarget->setText(tr("Add target"));
    m_removeTarget->setText(tr("Remove target"));
    m_up->setText(tr("Move up"));
    m_down->setText(tr("Move down"));
    m_apply->setText(tr("Apply"));
    m_revert->setText(tr("Revert"));
    m_tryTitle->setText(tr("<b>Try it</b>: send one request to an alias through the gateway"));
    m_tryPrompt->setPlaceholderText(tr("A prompt, e.g. Say hello"));
    m_trySend->setText(tr("Send"));
}

QString ModelsPage::purpose() const
{
    return tr("The model names clients use, and the backends that serve each one.");
}

void ModelsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    Page::changeEvent(event);
}

} // namespace ui

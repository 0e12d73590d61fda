#include "pages/KeysPage.h"

#include "GatewayHost.h"
#include "dialogs/KeyDialog.h"
#include "dialogs/SecretDialog.h"
#include "governance/Principal.h"
#include "models/KeyText.h"
#include "widgets/EmptyState.h"
#include "widgets/ErrorLabel.h"
#include "widgets/LimitBars.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

using gateway::governance::KeyRecord;
using gateway::governance::ScopeUsage;

namespace {
enum Column { Name, Tenant, Prefix, Models, Limits, Expires, Status, Created, ColumnCount };
// The models column is never wider than this: a long list elides, in full in its tooltip.
constexpr int maxColumnWidth = 280;

QString date(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat);
}

// A new or rotated key: its secret is wiped from memory once it has been shown.
struct IssuedKeyGuard
{
    gateway::governance::IssuedKey key;
    ~IssuedKeyGuard() { key.secret.fill('\0'); }
};

KeyRecord recordOf(const gateway::config::KeyDecl& decl)
{
    KeyRecord r;
    r.source = KeyRecord::Source::Config;
    r.name = decl.name;
    r.tenant = decl.tenant.isEmpty() ? gateway::governance::defaultTenant() : decl.tenant;
    r.sha256 = decl.sha256;
    r.models = decl.models;
    r.limits = decl.limits;
    r.expiresMs = decl.expiresMs;
    r.metadata = decl.metadata;
    return r;
}
} // namespace

KeysPage::KeysPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_clock(gateway::systemWallClockMs), m_openNotice(new QLabel),
      m_error(new ErrorLabel), m_stack(new QStackedWidget), m_empty(new EmptyState),
      m_table(new QTableWidget(0, ColumnCount)), m_createAction(new QAction(this)),
      m_edit(new QPushButton), m_rotate(new QPushButton), m_revoke(new QPushButton),
      m_useTitle(new QLabel), m_useNote(new QLabel), m_bars(new LimitBars),
      m_timer(new QTimer(this))
{
    m_openNotice->setObjectName(QStringLiteral("openNotice"));
    m_error->setObjectName(QStringLiteral("error"));
    m_empty->setObjectName(QStringLiteral("emptyKeys"));
    m_table->setObjectName(QStringLiteral("keys"));
    m_createAction->setObjectName(QStringLiteral("createKey"));
    m_edit->setObjectName(QStringLiteral("edit"));
    m_rotate->setObjectName(QStringLiteral("rotate"));
    m_revoke->setObjectName(QStringLiteral("revoke"));
    m_useTitle->setObjectName(QStringLiteral("useTitle"));
    m_useNote->setObjectName(QStringLiteral("useNote"));
    m_bars->setObjectName(QStringLiteral("bars"));

    // A quiet band: the window's colours, framed, not an error.
    m_openNotice->setWordWrap(true);
    m_openNotice->setFrameShape(QFrame::StyledPanel);
    m_openNotice->setMargin(spacing::normal);
    m_openNotice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openNotice->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    // The short columns fit their contents; the limits take the room that is left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Models, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(Limits, QHeaderView::Stretch);
    m_table->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table for the next control
    m_table->setTextElideMode(Qt::ElideRight);
    m_useTitle->setTextFormat(Qt::PlainText);
    QFont bold = m_useTitle->font();
    bold.setBold(true);
    m_useTitle->setFont(bold);
    m_useNote->setWordWrap(true);
    m_empty->setAction(m_createAction);

    auto* list = new QWidget;
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(spacing::normal);
    for (QPushButton* b : {m_edit, m_rotate, m_revoke})
        buttons->addWidget(b);
    buttons->addStretch();
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(spacing::normal);
    listLayout->addLayout(buttons);
    // The table as tall as its keys (it scrolls past that), the selected key's use right below.
    listLayout->addWidget(m_table);
    listLayout->addSpacing(spacing::section);
    listLayout->addWidget(m_useTitle);
    listLayout->addWidget(m_useNote);
    listLayout->addWidget(m_bars);
    listLayout->addStretch(1);
    m_stack->addWidget(list);
    m_stack->addWidget(m_empty);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->setSpacing(spacing::normal);
    layout->addWidget(m_openNotice);
    layout->addWidget(m_error);
    layout->addWidget(m_stack, 1);

    connect(m_createAction, &QAction::triggered, this, &KeysPage::createKey);
    connect(m_edit, &QPushButton::clicked, this, &KeysPage::editKey);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &KeysPage::editKey);
    connect(m_rotate, &QPushButton::clicked, this, &KeysPage::rotateKey);
    connect(m_revoke, &QPushButton::clicked, this, &KeysPage::revokeKey);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateButtons();
        updateUse();
    });
    connect(m_host, &GatewayHost::openModeChanged, this, &KeysPage::updateOpenNotice);
    // The config's keys[] are listed too.
    connect(m_host, &GatewayHost::configChanged, this, &KeysPage::reload);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &KeysPage::updateUse);
    retranslate();
    reload();
}

KeysPage::~KeysPage() = default;

gateway::governance::KeyStore* KeysPage::store()
{
    if (m_store)
        return m_store.get();
    auto opened = gateway::governance::KeyStore::open(m_host->dataDir());
    if (!opened) {
        m_error->setMessage(tr("The keys in %1 cannot be read: %2")
                                .arg(QDir::toNativeSeparators(m_host->dataDir()), opened.error()));
        return nullptr;
    }
    m_store = std::move(opened.value());
    return m_store.get();
}

void KeysPage::setLedger(const gateway::governance::LedgerView* ledger)
{
    m_ledger = ledger;
    updateUse();
}

void KeysPage::showEvent(QShowEvent* event)
{
    reload();
    m_timer->start();
    Page::showEvent(event);
}

void KeysPage::hideEvent(QHideEvent* event)
{
    m_timer->stop();
    Page::hideEvent(event);
}

void KeysPage::refresh()
{
    reload();
}

void KeysPage::reload()
{
    const QString selected = selectedKey() ? selectedKey()->name : QString();
    m_keys.clear();
    if (gateway::governance::KeyStore* s = store()) {
        auto listed = s->list();
        if (listed) {
            m_keys = std::move(listed.value());
            m_error->setMessage(QString());
        } else {
            m_error->setMessage(tr("The keys cannot be read: %1").arg(listed.error()));
        }
    }
    for (const gateway::config::KeyDecl& decl : m_host->config().keys)
        m_keys.push_back(recordOf(decl));
    rebuild(selected);
}

void KeysPage::rebuild(const QString& selected)
{
    const qint64 now = m_clock();
    m_stack->setCurrentWidget(m_keys.empty() ? static_cast<QWidget*>(m_empty) : m_stack->widget(0));
    {
        const QSignalBlocker blocker(m_table->selectionModel());
        m_table->setRowCount(int(m_keys.size()));
        for (int r = 0; r < int(m_keys.size()); ++r) {
            const KeyRecord& k = m_keys.at(r);
            const bool config = k.source == KeyRecord::Source::Config;
            const KeyText::Status status = KeyText::status(k, now);
            const QStringList cells = {
                k.name,
                k.tenant,
                config ? tr("(in the config)") : KeyText::prefix(k.prefix),
                k.models.isEmpty() ? tr("every model") : k.models.join(QStringLiteral(", ")),
                KeyText::limitsSummary(k.limits),
                k.expiresMs == 0 ? tr("never") : date(k.expiresMs),
                KeyText::statusName(status),
                config ? QStringLiteral("–") : date(k.createdMs),
            };
            for (int c = 0; c < ColumnCount; ++c) {
                auto* item = new QTableWidgetItem(cells.at(c));
                item->setToolTip(cells.at(c));
                if (status != KeyText::Status::Active)
                    item->setForeground(palette().color(QPalette::PlaceholderText));
                m_table->setItem(r, c, item);
            }
            if (config)
                m_table->item(r, Name)->setToolTip(
                    tr("%1 is declared in the config file by its fingerprint: change it there.")
                        .arg(k.name));
            if (status == KeyText::Status::Revoked)
                m_table->item(r, Status)->setToolTip(tr("Revoked on %1").arg(date(k.revokedMs)));
        }
        m_table->resizeColumnToContents(Models);
        m_table->setColumnWidth(Models, qMin(m_table->columnWidth(Models), maxColumnWidth));
    }
    int row = 0;
    for (int r = 0; r < int(m_keys.size()); ++r)
        if (m_keys.at(r).name == selected)
            row = r;
    if (!m_keys.empty())
        m_table->selectRow(row);
    updateButtons();
    updateUse();
    updateOpenNotice();
}

const KeyRecord* KeysPage::selectedKey() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().row() >= int(m_keys.size()))
        return nullptr;
    return &m_keys.at(rows.first().row());
}

void KeysPage::selectKey(const QString& name)
{
    for (int r = 0; r < int(m_keys.size()); ++r)
        if (m_keys.at(r).name == name)
            m_table->selectRow(r);
}

void KeysPage::updateButtons()
{
    const KeyRecord* key = selectedKey();
    const bool stored = key && key->source == KeyRecord::Source::Stored;
    const bool revoked = key && key->revokedMs != 0;
    m_edit->setEnabled(stored && !revoked);
    m_rotate->setEnabled(stored && !revoked);
    m_revoke->setEnabled(stored && !revoked);
    QString why;
    if (!key)
        why = tr("Select a key first.");
    else if (!stored)
        why = tr("This key is declared in the config file: change it there.");
    else if (revoked)
        why = tr("This key is revoked.");
    for (QPushButton* b : {m_edit, m_rotate, m_revoke})
        b->setToolTip(why);
}

void KeysPage::updateUse()
{
    const KeyRecord* key = selectedKey();
    m_useTitle->setVisible(key);
    m_bars->setVisible(key);
    if (!key) {
        m_useNote->hide();
        return;
    }
    m_useTitle->setText(tr("Use of %1").arg(key->name));
    const gateway::governance::LedgerView* ledger = m_ledger ? m_ledger : m_host->ledger();
    std::vector<ScopeUsage> scopes;
    if (ledger)
        scopes = ledger->snapshot();
    const ScopeUsage* usage = nullptr;
    for (const ScopeUsage& s : scopes)
        if (s.kind == ScopeUsage::Kind::Key &&
            (key->id.isEmpty() || s.keyId.isEmpty() ? s.name == key->name : s.keyId == key->id))
            usage = &s;
    m_bars->setUsage(usage ? usage->limits : key->limits, usage, m_clock());
    m_useNote->setVisible(!ledger && key->limits.any());
    m_useNote->setText(tr("The gateway is not running: the bars show no live use."));
}

bool KeysPage::isShowingOpenNotice() const
{
    return m_openNotice->isVisibleTo(this);
}

void KeysPage::updateOpenNotice()
{
    // The engine re-reads the keys within a second: a key made here ends open mode at once.
    m_openNotice->setVisible(m_host->runsOpen() && m_keys.empty());
}

void KeysPage::createKey()
{
    gateway::governance::KeyStore* s = store();
    if (!s)
        return;
    KeyDialog::Choices choices;
    for (const KeyRecord& k : m_keys) {
        choices.takenNames << k.name;
        choices.tenants << k.tenant;
    }
    for (const auto& t : m_host->config().tenants)
        choices.tenants << t.name;
    choices.tenants.removeDuplicates();
    choices.tenants.sort();
    for (const auto& m : m_host->config().models)
        choices.aliases << m.alias;
    KeyDialog dialog(nullptr, choices, m_clock, this);
    while (dialog.exec() == QDialog::Accepted) {
        auto created = s->create(dialog.spec(), m_clock());
        if (!created) {
            dialog.showError(tr("The key was not created: %1").arg(created.error()));
            continue;
        }
        IssuedKeyGuard issued{std::move(created).value()};
        dialog.hide();
        reload();
        selectKey(issued.key.record.name);
        m_host->checkOpenMode();
        emit transientMessage(tr("Key %1 created").arg(issued.key.record.name));
        SecretDialog shown(issued.key.record.name, issued.key.secret, SecretDialog::Reason::Created,
                           this);
        shown.exec();
        return;
    }
}

void KeysPage::editKey()
{
    const KeyRecord* key = selectedKey();
    gateway::governance::KeyStore* s = store();
    if (!key || key->source != KeyRecord::Source::Stored || key->revokedMs != 0 || !s)
        return;
    const KeyRecord edited = *key;
    KeyDialog::Choices choices;
    for (const KeyRecord& k : m_keys)
        choices.tenants << k.tenant;
    for (const auto& t : m_host->config().tenants)
        choices.tenants << t.name;
    choices.tenants.removeDuplicates();
    choices.tenants.sort();
    for (const auto& m : m_host->config().models)
        choices.aliases << m.alias;
    KeyDialog dialog(&edited, choices, m_clock, this);
    while (dialog.exec() == QDialog::Accepted) {
        gateway::governance::KeySpec spec = dialog.spec();
        spec.name = edited.name;
        auto updated = s->update(spec);
        if (!updated) {
            dialog.showError(tr("The key was not changed: %1").arg(updated.error()));
            continue;
        }
        reload();
        selectKey(edited.name);
        emit transientMessage(tr("Key %1 changed").arg(edited.name));
        return;
    }
}

void KeysPage::rotateKey()
{
    const KeyRecord* key = selectedKey();
    gateway::governance::KeyStore* s = store();
    if (!key || key->source != KeyRecord::Source::Stored || key->revokedMs != 0 || !s)
        return;
    const QString name = key->name;
    QMessageBox box(QMessageBox::Question, tr("Rotate key"),
                    tr("Give the key %1 a new secret?").arg(name), QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("confirmRotate"));
    box.setInformativeText(tr("The old secret stops working at once: every client that uses it "
                              "needs the new one. The key keeps its limits and its spend."));
    QPushButton* confirm = box.addButton(tr("Rotate"), QMessageBox::AcceptRole);
    confirm->setObjectName(QStringLiteral("confirmRotateButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;
    auto rotated = s->rotate(name);
    if (!rotated) {
        m_error->setMessage(tr("The key %1 was not rotated: %2").arg(name, rotated.error()));
        return;
    }
    IssuedKeyGuard issued{std::move(rotated).value()};
    reload();
    selectKey(name);
    emit transientMessage(tr("Key %1 rotated").arg(name));
    SecretDialog shown(name, issued.key.secret, SecretDialog::Reason::Rotated, this);
    shown.exec();
}

void KeysPage::revokeKey()
{
    const KeyRecord* key = selectedKey();
    gateway::governance::KeyStore* s = store();
    if (!key || key->source != KeyRecord::Source::Stored || key->revokedMs != 0 || !s)
        return;
    const QString name = key->name;
    QMessageBox box(QMessageBox::Warning, tr("Revoke key"), tr("Revoke the key %1?").arg(name),
                    QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("confirmRevoke"));
    box.setInformativeText(tr("Requests with it are refused from now on, within a second. This "
                              "cannot be undone: a client that still needs access needs a new "
                              "key."));
    QPushButton* confirm = box.addButton(tr("Revoke key"), QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("confirmRevokeButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;
    auto revoked = s->revoke(name, m_clock());
    if (!revoked) {
        m_error->setMessage(tr("The key %1 was not revoked: %2").arg(name, revoked.error()));
        return;
    }
    reload();
    selectKey(name);
    m_host->checkOpenMode();
    emit transientMessage(tr("Key %1 revoked").arg(name));
}

void KeysPage::retranslate()
{
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Tenant"), tr("Key"), tr("Models"),
                                        tr("Limits"), tr("Expires"), tr("Status"), tr("Created")});
    m_createAction->setText(tr("Create key…"));
    m_createAction->setToolTip(tr("Make a key that clients send as their API key"));
    m_edit->setText(tr("Edit…"));
    m_rotate->setText(tr("Rotate…"));
    m_revoke->setText(tr("Revoke…"));
    m_openNotice->setText(tr("Anyone on this computer can use the gateway: no key exists. "
                             "Create a key to require one."));
    m_empty->setTitle(tr("Create a key"));
    m_empty->setText(tr("A key is what a client sends as its API key (Authorization: Bearer "
                        "sk-sb-…). Each key has a name, a tenant, the models it may use and "
                        "limits of its own: requests and tokens per minute, requests in flight, "
                        "a token quota and a budget in US dollars. Once a key exists, every "
                        "request needs one."));
    rebuild(selectedKey() ? selectedKey()->name : QString());
}

QString KeysPage::purpose() const
{
    return tr("The keys clients use to call the gateway, their limits, and what they have used.");
}

void KeysPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        rebuild(selectedKey() ? selectedKey()->name
                              : QString()); // the inactive keys' grey follows the theme
    Page::changeEvent(event);
}

} // namespace ui

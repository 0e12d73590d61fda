#include "pages/BackendsPage.h"

#include "GatewayHost.h"
#include "config/Keychain.h"
#include "config/Secrets.h"
#include "dialogs/BackendDialog.h"
#include "models/AttemptText.h"
#include "models/ConfigErrorText.h"
#include "store/Database.h"
#include "widgets/DotIcon.h"
#include "widgets/EmptyState.h"
#include "widgets/ErrorLabel.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLocale>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

namespace {

// Keys stored from a dialog whose config is not applied yet. Unless kept, the keychain gets
// back what each entry held before (nothing lost: an edited backend's old key; nothing left
// behind: a new backend's key) when the dialog ends without its config applied.
class PendingKeys
{
public:
    PendingKeys() = default;
    PendingKeys(const PendingKeys&) = delete;
    PendingKeys& operator=(const PendingKeys&) = delete;
    ~PendingKeys() { restore(); }

    gateway::Result<bool> store(const BackendDialog::TypedKey& key)
    {
        using gateway::config::Keychain;
        if (!m_previous.contains(key.entry)) {
            gateway::Result<std::optional<QByteArray>> previous = Keychain::find(key.entry);
            if (!previous)
                return gateway::Result<bool>::failure(previous.error());
            m_previous.insert(key.entry, previous.value());
        }
        return Keychain::write(key.entry, key.secret);
    }
    // Entries stored on an earlier try that this one no longer uses (the name changed) get
    // their old content back.
    void restoreAllBut(const QStringList& entries)
    {
        for (const QString& entry : m_previous.keys())
            if (!entries.contains(entry))
                restore(entry);
    }
    void keep() { m_previous.clear(); }

private:
    void restore()
    {
        for (const QString& entry : m_previous.keys())
            restore(entry);
    }
    void restore(const QString& entry)
    {
        using gateway::config::Keychain;
        const std::optional<QByteArray> previous = m_previous.take(entry);
        const gateway::Result<bool> restored =
            previous ? Keychain::write(entry, *previous) : Keychain::remove(entry);
        if (!restored)
            qWarning("keychain entry %s could not be restored: %s", qPrintable(entry),
                     qPrintable(restored.error()));
    }

    QHash<QString, std::optional<QByteArray>> m_previous; // by entry
};

// Stores the keys typed in the dialog, if any; on failure says why in the dialog.
bool storeTypedKeys(BackendDialog& dialog, PendingKeys& pending)
{
    const QList<BackendDialog::TypedKey> typed = dialog.typedKeys();
    QStringList entries;
    for (const BackendDialog::TypedKey& key : typed)
        entries << key.entry;
    pending.restoreAllBut(entries);
    for (const BackendDialog::TypedKey& key : typed) {
        const auto stored = pending.store(key);
        if (!stored) {
            dialog.showApplyError(
                BackendsPage::tr("The key could not be stored in the keychain: %1. "
                                 "Choose \"Read from an environment variable\" "
                                 "instead.")
                    .arg(stored.error()));
            return false;
        }
    }
    return true;
}

} // namespace

namespace {
enum Column { Name, Type, Address, Health, Requests, Latency, LastError, ColumnCount };
constexpr int recentMs = 5 * 60 * 1000;
// The attempts of at most this many of the newest requests that failed over are read: the
// queries run on the GUI thread, and a busy gateway logs hundreds of thousands of rows in five
// minutes.
constexpr int maxAttemptRows = 10'000;
// A column is never wider than this: longer texts (an error, a long URL) elide, in full in
// their tooltip, and the table scrolls rather than widening the window.
constexpr int maxColumnWidth = 320;
// Aliases listed by name when a backend they use is removed; the rest are counted.
constexpr int maxListedUses = 12;

} // namespace

BackendsPage::BackendsPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_network(new QNetworkAccessManager(this)),
      m_probe(new BackendProbe(m_network, this)), m_table(new QTableWidget(0, ColumnCount)),
      m_addAction(new QAction(this)), m_edit(new QPushButton), m_remove(new QPushButton),
      m_test(new QPushButton), m_error(new ErrorLabel), m_stack(new QStackedWidget),
      m_empty(new EmptyState), m_timer(new QTimer(this)),
      m_connectionName(QStringLiteral("backends-page-%1").arg(quintptr(this)))
{
    m_table->setObjectName(QStringLiteral("backends"));
    m_addAction->setObjectName(QStringLiteral("addBackend"));
    m_error->setObjectName(QStringLiteral("error"));
    m_empty->setObjectName(QStringLiteral("emptyBackends"));
    m_edit->setObjectName(QStringLiteral("edit"));
    m_remove->setObjectName(QStringLiteral("remove"));
    m_test->setObjectName(QStringLiteral("test"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setTabKeyNavigation(false); // Tab leaves the table for the next control
    m_table->setTextElideMode(Qt::ElideRight);
    m_empty->setAction(m_addAction);

    auto* list = new QWidget;
    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(spacing::normal);
    for (QPushButton* b : {m_edit, m_remove, m_test})
        buttons->addWidget(b);
    buttons->addStretch();
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(spacing::normal);
    listLayout->addLayout(buttons);
    listLayout->addWidget(m_table, 1);
    m_stack->addWidget(list);
    m_stack->addWidget(m_empty);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->setSpacing(spacing::normal);
    layout->addWidget(m_error);
    layout->addWidget(m_stack, 1);

    connect(m_addAction, &QAction::triggered, this, &BackendsPage::addBackend);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &BackendsPage::updateButtons);
    connect(m_edit, &QPushButton::clicked, this, &BackendsPage::editBackend);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, &BackendsPage::editBackend);
    connect(m_remove, &QPushButton::clicked, this, &BackendsPage::removeBackend);
    connect(m_test, &QPushButton::clicked, this, &BackendsPage::refreshHealth);
    connect(m_host, &GatewayHost::configChanged, this, &BackendsPage::rebuild);
    connect(m_probe, &BackendProbe::finished, this,
            [this](const QString& name, const BackendProbe::Outcome& o) {
                m_health.insert(name, o);
                rebuild();
            });
    connect(m_timer, &QTimer::timeout, this, [this] {
        refreshHealth();
        refreshTraffic();
    });
    retranslate();
    rebuild();
}

BackendsPage::~BackendsPage()
{
    gateway::store::Database::close(m_connectionName);
}

void BackendsPage::showEvent(QShowEvent* event)
{
    refreshHealth();
    refreshTraffic();
    m_timer->start(30'000);
    QWidget::showEvent(event);
}

void BackendsPage::hideEvent(QHideEvent* event)
{
    m_timer->stop();
    QWidget::hideEvent(event);
}

void BackendsPage::refresh()
{
    refreshHealth();
    refreshTraffic();
}

void BackendsPage::refreshHealth()
{
    for (const auto& b : m_host->config().backends)
        m_probe->probe(b);
}

void BackendsPage::refreshTraffic()
{
    QHash<QString, Traffic> traffic;
    QSqlDatabase db =
        gateway::store::Database::readerConnection(m_host->dataDir(), m_connectionName);
    if (db.isOpen()) {
        const qint64 since = QDateTime::currentMSecsSinceEpoch() - recentMs;
        // Requests by the backend that answered them, from the per-minute rollups (indexed by
        // minute).
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT backend, SUM(requests), SUM(latency_ms_sum) FROM "
                                 "usage_rollups WHERE minute_ms >= ? GROUP BY backend"));
        q.addBindValue(since - since % 60'000);
        if (q.exec())
            while (q.next()) {
                Traffic& t = traffic[q.value(0).toString()];
                t.requests = q.value(1).toLongLong();
                t.latencySum = q.value(2).toDouble();
            }
        const auto noteError = [&](const QString& backend, qint64 atMs, int status,
                                   const QString& errorClass) {
            Traffic& t = traffic[backend];
            if (atMs > t.lastErrorMs)
                t = {t.requests, t.latencySum, atMs, status, errorClass};
        };
        // The newest failed rows: a request's last call, or its only one.
        q.prepare(QStringLiteral("SELECT backend, status, error_class, ts_ms FROM requests WHERE "
                                 "ts_ms >= ? AND status >= 400"
                                 " AND backend IS NOT NULL ORDER BY ts_ms DESC LIMIT 200"));
        q.addBindValue(since);
        if (q.exec())
            while (q.next())
                noteError(q.value(0).toString(), q.value(3).toLongLong(), q.value(1).toInt(),
                          q.value(2).toString());
        // A request that failed over called other backends before the one that answered it:
        // those attempts are requests to them, and their errors are their last errors. The row's
        // last attempt is the call its backend column (and so the rollups and the query above)
        // already counts, so only rows of two attempts or more are read: written compactly
        // (store/Attempts.h), only those contain "},{".
        const QString recentAttempts =
            QStringLiteral("(SELECT ts_ms, backend, attempts FROM requests WHERE ts_ms >= ?"
                           " AND instr(attempts, '},{') > 0 AND json_valid(attempts)"
                           " ORDER BY ts_ms DESC LIMIT %1) r, json_each(r.attempts) a")
                .arg(maxAttemptRows);
        q.prepare(QStringLiteral("SELECT json_extract(a.value, '$.backend'), COUNT(*),"
                                 " TOTAL(json_extract(a.value, '$.durationMs')) FROM ") +
                  recentAttempts +
                  QStringLiteral(" WHERE NOT (a.key = json_array_length(r.attempts) - 1"
                                 " AND json_extract(a.value, '$.backend') IS r.backend)"
                                 " GROUP BY 1"));
        q.addBindValue(since);
        if (q.exec())
            while (q.next()) {
                Traffic& t = traffic[q.value(0).toString()];
                t.requests += q.value(1).toLongLong();
                t.latencySum += q.value(2).toDouble();
            }
        // The newest failed attempt per backend; of two in one row, the later (ts_ms * 100 +
        // key orders them: a row holds at most store::maxAttempts = 64).
        q.prepare(QStringLiteral("SELECT json_extract(a.value, '$.backend'),"
                                 " json_extract(a.value, '$.status'),"
                                 " json_extract(a.value, '$.errorClass'), r.ts_ms,"
                                 " MAX(r.ts_ms * 100 + a.key) FROM ") +
                  recentAttempts +
                  QStringLiteral(" WHERE json_extract(a.value, '$.errorClass') <> ''"
                                 " GROUP BY 1"));
        q.addBindValue(since);
        if (q.exec())
            while (q.next())
                noteError(q.value(0).toString(), q.value(3).toLongLong(), q.value(1).toInt(),
                          q.value(2).toString());
    }
    m_traffic = traffic;
    rebuild();
}

void BackendsPage::rebuild()
{
    const auto& backends = m_host->config().backends;
    m_stack->setCurrentWidget(backends.isEmpty() ? static_cast<QWidget*>(m_empty)
                                                 : m_stack->widget(0));

    const QLocale locale;
    const int selected = m_table->currentRow();
    m_table->setRowCount(int(backends.size()));
    for (int r = 0; r < backends.size(); ++r) {
        const auto& b = backends.at(r);
        const bool mock = b.type == gateway::config::BackendType::Mock;
        const Traffic t = m_traffic.value(b.name);
        const QString lastError =
            t.lastErrorMs == 0 ? QString()
                               : tr("%1 at %2", "error, time")
                                     .arg(AttemptText::error(t.lastErrorClass, t.lastErrorStatus),
                                          QDateTime::fromMSecsSinceEpoch(t.lastErrorMs)
                                              .toString(QStringLiteral("HH:mm:ss")));
        QString health = tr("checking…");
        QString why = tr("Not probed yet.");
        HealthState state = HealthState::Unknown;
        if (m_health.contains(b.name)) {
            const BackendProbe::Outcome& o = m_health.value(b.name);
            if (!o.listable) {
                health = tr("not checked");
                why = o.error;
                if (!lastError.isEmpty()) {
                    state = HealthState::Bad;
                    why += QLatin1Char('\n') +
                           tr("A call to it failed in the last five minutes: %1.").arg(lastError);
                }
            } else if (o.ok) {
                state = HealthState::Good;
                health =
                    mock ? tr("built in")
                         : tr("reachable (%1 ms, %2 models)")
                               .arg(locale.toString(o.latencyMs), locale.toString(o.models.size()));
                why = mock ? tr("The built-in mock answers in the gateway's own process.")
                           : tr("It answered the request for its model list.");
                if (!lastError.isEmpty()) {
                    state = HealthState::Bad;
                    why += QLatin1Char('\n') +
                           tr("A call to it failed in the last five minutes: %1.").arg(lastError);
                }
            } else {
                state = HealthState::Bad;
                health = o.reachable ? tr("answering with errors: %1").arg(o.error)
                                     : tr("unreachable: %1").arg(o.error);
                why = health;
            }
        }
        const QStringList cells = {
            b.name,
            BackendDialog::typeDisplayName(b.type),
            mock ? tr("in-process") : b.baseUrl,
            health,
            locale.toString(t.requests),
            t.requests ? tr("%1 ms").arg(locale.toString(t.latencySum / double(t.requests), 'f', 1))
                       : QStringLiteral("–"),
            lastError.isEmpty() ? QStringLiteral("–") : lastError,
        };
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == Requests || c == Latency)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c == Health) {
                item->setIcon(
                    dotIcon(healthColor(state, palette(), QPalette::Base), devicePixelRatioF()));
                item->setToolTip(why);
            } else if (c == Name || c == Address || c == LastError) {
                item->setToolTip(cells.at(c));
            }
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    for (int c = 0; c < ColumnCount; ++c)
        m_table->setColumnWidth(c, qMin(m_table->columnWidth(c), maxColumnWidth));
    if (selected >= 0 && selected < m_table->rowCount())
        m_table->selectRow(selected);
    updateButtons();
}

void BackendsPage::updateButtons()
{
    const bool selected = m_table->selectionModel()->hasSelection();
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
    const QString why = selected ? QString() : tr("Select a backend first.");
    m_edit->setToolTip(why);
    m_remove->setToolTip(why);
}

bool BackendsPage::applyBackends(const QJsonArray& backends, QString* error)
{
    QJsonObject doc = m_host->configDocument();
    doc.insert(QStringLiteral("backends"), backends);
    return apply(doc, error);
}

bool BackendsPage::apply(const QJsonObject& document, QString* error)
{
    const auto applied = m_host->applyConfig(document);
    if (!applied) {
        *error = ConfigErrorText::describe(applied.error(), document);
        return false;
    }
    emit transientMessage(tr("Saved to %1").arg(QDir::toNativeSeparators(m_host->configPath())));
    return true;
}

void BackendsPage::addBackend()
{
    QStringList names;
    for (const auto& b : m_host->config().backends)
        names << b.name;
    BackendDialog dialog(QJsonObject(), names, m_probe, this);
    dialog.setKeychainEntriesInUse(keychainEntriesInUse(-1));
    PendingKeys key;
    while (dialog.exec() == QDialog::Accepted) {
        if (!storeTypedKeys(dialog, key))
            continue;
        QJsonArray backends = m_host->configDocument().value(QStringLiteral("backends")).toArray();
        backends.append(dialog.backend());
        QString error;
        if (applyBackends(backends, &error)) {
            key.keep();
            refreshHealth();
            return;
        }
        dialog.showApplyError(error); // stay in the dialog with what was typed
    }
}

void BackendsPage::editBackend()
{
    const int row = m_table->currentRow();
    QJsonArray backends = m_host->configDocument().value(QStringLiteral("backends")).toArray();
    if (row < 0 || row >= backends.size())
        return;
    QStringList names;
    for (int i = 0; i < backends.size(); ++i)
        if (i != row)
            names << backends.at(i).toObject().value(QStringLiteral("name")).toString();
    const QString oldName = backends.at(row).toObject().value(QStringLiteral("name")).toString();
    BackendDialog dialog(backends.at(row).toObject(), names, m_probe, this);
    dialog.setKeychainEntriesInUse(keychainEntriesInUse(row));
    PendingKeys key;
    while (dialog.exec() == QDialog::Accepted) {
        if (!storeTypedKeys(dialog, key))
            continue;
        const QJsonObject edited = dialog.backend();
        QJsonArray updated = backends;
        updated.replace(row, edited);
        QJsonObject doc = m_host->configDocument();
        doc.insert(QStringLiteral("backends"), updated);
        // A rename carries the aliases that point at the backend along.
        const QString newName = edited.value(QStringLiteral("name")).toString();
        if (newName != oldName) {
            QJsonArray models = doc.value(QStringLiteral("models")).toArray();
            for (int m = 0; m < models.size(); ++m) {
                QJsonObject alias = models.at(m).toObject();
                QJsonArray targets = alias.value(QStringLiteral("targets")).toArray();
                for (int t = 0; t < targets.size(); ++t) {
                    QJsonObject target = targets.at(t).toObject();
                    if (target.value(QStringLiteral("backend")).toString() == oldName)
                        target.insert(QStringLiteral("backend"), newName);
                    targets.replace(t, target);
                }
                alias.insert(QStringLiteral("targets"), targets);
                models.replace(m, alias);
            }
            doc.insert(QStringLiteral("models"), models);
        }
        QString error;
        if (apply(doc, &error)) {
            key.keep();
            forgetUnusedSecret(backends.at(row).toObject());
            m_health.remove(oldName);
            refreshHealth();
            return;
        }
        dialog.showApplyError(error);
    }
}

void BackendsPage::removeBackend()
{
    const int row = m_table->currentRow();
    QJsonObject doc = m_host->configDocument();
    QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
    if (row < 0 || row >= backends.size())
        return;
    const QJsonObject removed = backends.at(row).toObject();
    const QString name = removed.value(QStringLiteral("name")).toString();

    // The targets that name the backend go with it, and so does an alias left with none:
    // an alias without a target is not a valid config.
    QStringList uses;    // "alias → backend/model"
    QStringList emptied; // aliases removed with it
    QJsonArray models;
    for (const QJsonValue& value : doc.value(QStringLiteral("models")).toArray()) {
        QJsonObject alias = value.toObject();
        const QString aliasName = alias.value(QStringLiteral("alias")).toString();
        const QJsonArray targets = alias.value(QStringLiteral("targets")).toArray();
        QJsonArray kept;
        for (const QJsonValue& t : targets) {
            const QJsonObject target = t.toObject();
            if (target.value(QStringLiteral("backend")).toString() != name) {
                kept.append(t);
                continue;
            }
            uses << tr("%1 → %2", "alias → backend/model")
                        .arg(aliasName, name + QLatin1Char('/') +
                                            target.value(QStringLiteral("model")).toString());
        }
        if (kept.size() == targets.size()) {
            models.append(alias);
        } else if (kept.isEmpty()) {
            emptied << aliasName;
        } else {
            alias.insert(QStringLiteral("targets"), kept);
            models.append(alias);
        }
    }

    QMessageBox box(QMessageBox::Question, tr("Remove backend"),
                    tr("Remove the backend \"%1\"?").arg(name), QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("confirmRemoval"));
    QString confirmText = tr("Remove");
    if (!uses.isEmpty()) {
        QStringList listed = uses.mid(0, maxListedUses);
        if (uses.size() > maxListedUses)
            listed << tr("… and %1 more").arg(QLocale().toString(uses.size() - maxListedUses));
        box.setIcon(QMessageBox::Warning);
        box.setText(tr("The backend \"%1\" is a target of these aliases:").arg(name) +
                    QStringLiteral("\n\n    ") + listed.join(QStringLiteral("\n    ")));
        QString consequence = tr("Removing the backend removes these targets too.");
        if (!emptied.isEmpty())
            consequence +=
                QLatin1Char(' ') + tr("Left with no target, these aliases are removed as well: %1.")
                                       .arg(emptied.join(QStringLiteral(", ")));
        box.setInformativeText(consequence);
        confirmText = emptied.isEmpty() ? tr("Remove backend and targets")
                                        : tr("Remove backend, targets and aliases");
    }
    QPushButton* confirm = box.addButton(confirmText, QMessageBox::DestructiveRole);
    confirm->setObjectName(QStringLiteral("confirmRemove"));
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != confirm)
        return;

    backends.removeAt(row);
    doc.insert(QStringLiteral("backends"), backends);
    doc.insert(QStringLiteral("models"), models);
    QString error;
    if (!apply(doc, &error)) {
        m_error->setMessage(tr("Not removed: %1").arg(error));
        return;
    }
    m_error->setMessage(QString());
    m_table->clearSelection();
    updateButtons();
    forgetUnusedSecret(removed);
}

QStringList BackendsPage::keychainEntriesInUse(int exceptRow) const
{
    QStringList entries;
    const QJsonArray backends =
        m_host->configDocument().value(QStringLiteral("backends")).toArray();
    for (int i = 0; i < backends.size(); ++i) {
        if (i == exceptRow)
            continue;
        for (const QString& reference : BackendDialog::secretReferences(backends.at(i).toObject()))
            if (const QString entry = gateway::config::keychainEntryOf(reference); !entry.isEmpty())
                entries << entry;
    }
    return entries;
}

void BackendsPage::forgetUnusedSecret(const QJsonObject& formerBackend)
{
    // A keychain entry that no backend refers to any more is deleted, so that a removed
    // backend leaves no key behind. One still in use (by another backend) stays.
    QStringList inUse;
    for (const QJsonValue& b : m_host->configDocument().value(QStringLiteral("backends")).toArray())
        inUse << BackendDialog::secretReferences(b.toObject());
    QStringList failed;
    for (const QString& reference : BackendDialog::secretReferences(formerBackend)) {
        const QString entry = gateway::config::keychainEntryOf(reference);
        if (entry.isEmpty() || inUse.contains(reference))
            continue;
        const auto removed = gateway::config::Keychain::remove(entry);
        if (!removed)
            failed << tr("The key of the removed backend is still in the keychain (%1): %2")
                          .arg(reference, removed.error());
    }
    if (!failed.isEmpty())
        m_error->setMessage(failed.join(QLatin1Char('\n')));
}

void BackendsPage::retranslate()
{
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Address"), tr("Health"),
                                        tr("Requests (5 min)"), tr("Avg latency (5 min)"),
                                        tr("Last error (5 min)")});
    m_addAction->setText(tr("Add backend…"));
    m_addAction->setToolTip(tr("Connect a server that runs models"));
    m_empty->setTitle(tr("Connect a model server"));
    m_empty->setText(tr("A backend is a server that runs models: OpenAI, Anthropic, Google "
                        "Gemini, Azure OpenAI, Amazon Bedrock, Mistral, Groq, Ollama, LM Studio, "
                        "vLLM, llama.cpp or any other OpenAI-compatible API. Add one, then give "
                        "its models the names clients ask for on the Models page."));
    m_edit->setText(tr("Edit…"));
    m_remove->setText(tr("Remove"));
    m_test->setText(tr("Test connections"));
    rebuild();
}

QString BackendsPage::purpose() const
{
    return tr("The upstream servers the gateway calls, and whether they answer.");
}

void BackendsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        rebuild(); // the health dots' colours follow the theme
    Page::changeEvent(event);
}

} // namespace ui

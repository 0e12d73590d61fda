#include "pages/BackendsPage.h"

#include "GatewayHost.h"
#include "config/Keychain.h"
#include "config/Secrets.h"
#include "dialogs/BackendDialog.h"
#include "models/AttemptText.h"
#include "store/Database.h"

#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSqlQuery>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ui {

namespace {

// A key stored from a dialog whose config is not applied yet. Unless kept, the keychain gets
// back what the entry held before (nothing lost: an edited backend's old key; nothing left
// behind: a new backend's key) when the dialog ends without its config applied.
class PendingKey
{
public:
    PendingKey() = default;
    PendingKey(const PendingKey&) = delete;
    PendingKey& operator=(const PendingKey&) = delete;
    ~PendingKey() { restore(); }

    gateway::Result<bool> store(const BackendDialog::TypedKey& key)
    {
        using gateway::config::Keychain;
        if (m_entry != key.entry) {
            restore(); // typed for another entry on an earlier try
            gateway::Result<std::optional<QByteArray>> previous = Keychain::find(key.entry);
            if (!previous)
                return gateway::Result<bool>::failure(previous.error());
            m_entry = key.entry;
            m_previous = previous.value();
        }
        return Keychain::write(key.entry, key.secret);
    }
    void keep() { m_entry.clear(); }

private:
    void restore()
    {
        using gateway::config::Keychain;
        if (m_entry.isEmpty())
            return;
        const gateway::Result<bool> restored =
            m_previous ? Keychain::write(m_entry, *m_previous) : Keychain::remove(m_entry);
        if (!restored)
            qWarning("keychain entry %s could not be restored: %s", qPrintable(m_entry),
                     qPrintable(restored.error()));
        m_entry.clear();
    }

    QString m_entry;
    std::optional<QByteArray> m_previous;
};

// Stores a key typed in the dialog, if any; on failure says why in the dialog.
bool storeTypedKey(BackendDialog& dialog, PendingKey& pending)
{
    const std::optional<BackendDialog::TypedKey> typed = dialog.typedKey();
    if (!typed)
        return true;
    const auto stored = pending.store(*typed);
    if (!stored)
        dialog.showApplyError(BackendsPage::tr("The key could not be stored in the keychain: %1. "
                                               "Choose \"Read from an environment variable\" "
                                               "instead.")
                                  .arg(stored.error()));
    return stored.ok();
}

} // namespace

namespace {
enum Column { Name, Type, Address, Health, Requests, Latency, LastError, ColumnCount };
constexpr int recentMs = 5 * 60 * 1000;
// The attempts of at most this many of the newest requests that failed over are read: the
// queries run on the GUI thread, and a busy gateway logs hundreds of thousands of rows in five
// minutes.
constexpr int maxAttemptRows = 10'000;
} // namespace

BackendsPage::BackendsPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_network(new QNetworkAccessManager(this)),
      m_probe(new BackendProbe(m_network, this)), m_table(new QTableWidget(0, ColumnCount)),
      m_add(new QPushButton), m_edit(new QPushButton), m_remove(new QPushButton),
      m_test(new QPushButton), m_error(new QLabel), m_timer(new QTimer(this)),
      m_connectionName(QStringLiteral("backends-page-%1").arg(quintptr(this)))
{
    m_table->setObjectName(QStringLiteral("backends"));
    m_add->setObjectName(QStringLiteral("add"));
    m_edit->setObjectName(QStringLiteral("edit"));
    m_remove->setObjectName(QStringLiteral("remove"));
    m_test->setObjectName(QStringLiteral("test"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d9534f;"));
    m_error->hide();

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_add, m_edit, m_remove, m_test})
        buttons->addWidget(b);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(m_table, 1);

    connect(m_add, &QPushButton::clicked, this, &BackendsPage::addBackend);
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

void BackendsPage::refreshHealth()
{
    for (const auto& b : m_host->config().backends)
        m_probe->probe(b);
}

void BackendsPage::refreshTraffic()
{
    QHash<QString, Traffic> traffic;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isValid()) {
        const auto opened =
            gateway::store::Database::open(m_host->dataDir(), m_connectionName, true);
        if (opened)
            db = opened.value();
    }
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

    const int selected = m_table->currentRow();
    m_table->setRowCount(int(backends.size()));
    for (int r = 0; r < backends.size(); ++r) {
        const auto& b = backends.at(r);
        const bool mock = b.type == gateway::config::BackendType::Mock;
        const Traffic t = m_traffic.value(b.name);
        QString health = tr("checking…");
        QColor color = palette().color(QPalette::PlaceholderText);
        if (m_health.contains(b.name)) {
            const BackendProbe::Outcome& o = m_health.value(b.name);
            if (o.ok) {
                health =
                    mock ? tr("built in")
                         : tr("reachable (%1 ms, %2 models)").arg(o.latencyMs).arg(o.models.size());
                color = QColor(0x2e, 0xa0, 0x43);
            } else {
                health = o.reachable ? tr("answering with errors: %1").arg(o.error)
                                     : tr("unreachable: %1").arg(o.error);
                color = QColor(0xd9, 0x53, 0x4f);
            }
        }
        const QStringList cells = {
            b.name,
            mock ? tr("mock") : tr("OpenAI-compatible"),
            mock ? tr("in-process") : b.baseUrl,
            health,
            QString::number(t.requests),
            t.requests ? tr("%1 ms").arg(t.latencySum / double(t.requests), 0, 'f', 1)
                       : QStringLiteral("–"),
            t.lastErrorMs == 0 ? QStringLiteral("–")
                               : tr("%1 at %2", "error, time")
                                     .arg(AttemptText::error(t.lastErrorClass, t.lastErrorStatus),
                                          QDateTime::fromMSecsSinceEpoch(t.lastErrorMs)
                                              .toString(QStringLiteral("HH:mm:ss"))),
        };
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (c == Health)
                item->setForeground(color);
            if (c == Health || c == LastError)
                item->setToolTip(cells.at(c));
            m_table->setItem(r, c, item);
        }
    }
    m_table->resizeColumnsToContents();
    if (selected >= 0 && selected < m_table->rowCount())
        m_table->selectRow(selected);
}

bool BackendsPage::applyBackends(const QJsonArray& backends, QString* error)
{
    QJsonObject doc = m_host->configDocument();
    doc.insert(QStringLiteral("backends"), backends);
    const auto applied = m_host->applyConfig(doc);
    if (!applied)
        *error = applied.error();
    return applied.ok();
}

void BackendsPage::addBackend()
{
    QStringList names;
    for (const auto& b : m_host->config().backends)
        names << b.name;
    BackendDialog dialog(QJsonObject(), names, m_probe, this);
    dialog.setKeychainEntriesInUse(keychainEntriesInUse(-1));
    PendingKey key;
    while (dialog.exec() == QDialog::Accepted) {
        if (!storeTypedKey(dialog, key))
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
    PendingKey key;
    while (dialog.exec() == QDialog::Accepted) {
        if (!storeTypedKey(dialog, key))
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
        const auto applied = m_host->applyConfig(doc);
        if (applied) {
            key.keep();
            forgetUnusedSecret(backends.at(row).toObject());
            m_health.remove(oldName);
            refreshHealth();
            return;
        }
        dialog.showApplyError(applied.error());
    }
}

void BackendsPage::removeBackend()
{
    const int row = m_table->currentRow();
    QJsonArray backends = m_host->configDocument().value(QStringLiteral("backends")).toArray();
    if (row < 0 || row >= backends.size())
        return;
    const QJsonObject removed = backends.at(row).toObject();
    const QString name = removed.value(QStringLiteral("name")).toString();
    if (QMessageBox::question(this, tr("Remove backend"),
                              tr("Remove the backend \"%1\"?").arg(name)) != QMessageBox::Yes)
        return;
    backends.removeAt(row);
    QString error;
    if (!applyBackends(backends, &error)) {
        // Typically: aliases still point at it. The loader's message names them.
        m_error->setText(tr("Not removed: %1").arg(error));
        m_error->show();
        return;
    }
    m_error->hide();
    forgetUnusedSecret(removed);
}

QStringList BackendsPage::keychainEntriesInUse(int exceptRow) const
{
    QStringList entries;
    const QJsonArray backends =
        m_host->configDocument().value(QStringLiteral("backends")).toArray();
    for (int i = 0; i < backends.size(); ++i) {
        const QString reference =
            backends.at(i).toObject().value(QStringLiteral("apiKey")).toString();
        const QString entry = gateway::config::keychainEntryOf(reference);
        if (i != exceptRow && !entry.isEmpty())
            entries << entry;
    }
    return entries;
}

void BackendsPage::forgetUnusedSecret(const QJsonObject& formerBackend)
{
    // A keychain entry that no backend refers to any more is deleted, so that a removed
    // backend leaves no key behind. One still in use (by another backend) stays.
    const QString reference = formerBackend.value(QStringLiteral("apiKey")).toString();
    const QString entry = gateway::config::keychainEntryOf(reference);
    if (entry.isEmpty())
        return;
    for (const auto& backend : m_host->config().backends)
        if (backend.apiKeyRef == reference)
            return;
    const auto removed = gateway::config::Keychain::remove(entry);
    if (!removed) {
        m_error->setText(tr("The key of the removed backend is still in the keychain (%1): %2")
                             .arg(reference, removed.error()));
        m_error->show();
    }
}

void BackendsPage::retranslate()
{
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Address"), tr("Health"),
                                        tr("Requests (5 min)"), tr("Avg latency (5 min)"),
                                        tr("Last error (5 min)")});
    m_add->setText(tr("Add backend…"));
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
    Page::changeEvent(event);
}

} // namespace ui

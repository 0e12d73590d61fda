#include "governance/Ledger.h"

#include "governance/Reservation.h"

#include <QDir>
#include <QLoggingCategory>

#include <sqlite3.h>

#include <algorithm>

namespace gateway::governance {

namespace {

constexpr int kinds = 3;

// The limits part's tables in governance.sqlite (the keys part owns `keys`). One row per
// scope: its window and the count of its quota's and its budget's current period.
constexpr char schema[] = R"(
CREATE TABLE IF NOT EXISTS governance_schema(part TEXT PRIMARY KEY, version INTEGER NOT NULL);
INSERT OR IGNORE INTO governance_schema(part, version) VALUES('limits', 1);
CREATE TABLE IF NOT EXISTS limit_counters(
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  window_head INTEGER NOT NULL,
  window BLOB NOT NULL,
  quota_period TEXT,
  quota_start INTEGER,
  quota_end INTEGER,
  quota_used INTEGER,
  quota_alerted INTEGER,
  budget_period TEXT,
  budget_start INTEGER,
  budget_end INTEGER,
  budget_used INTEGER,
  budget_alerted INTEGER,
  updated_ms INTEGER NOT NULL,
  PRIMARY KEY(kind, id)) WITHOUT ROWID;
)";
constexpr int schemaVersion = 1;

bool exec(sqlite3* db, const char* sql)
{
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) == SQLITE_OK)
        return true;
    qWarning("governance.sqlite: %s", error ? error : "error");
    sqlite3_free(error);
    return false;
}

bool kindFromName(const QByteArray& name, ScopeUsage::Kind* kind)
{
    for (ScopeUsage::Kind k :
         {ScopeUsage::Kind::Key, ScopeUsage::Kind::Tenant, ScopeUsage::Kind::Model}) {
        if (name == scopeKindName(k)) {
            *kind = k;
            return true;
        }
    }
    return false;
}

QString columnText(sqlite3_stmt* stmt, int column)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
                             sqlite3_column_bytes(stmt, column));
}

void bindText(sqlite3_stmt* stmt, int index, const QByteArray& text)
{
    sqlite3_bind_text(stmt, index, text.constData(), int(text.size()), SQLITE_TRANSIENT);
}

void bindPeriod(sqlite3_stmt* stmt, int first, const PeriodCount& c)
{
    if (!c.active) {
        for (int i = 0; i < 5; ++i)
            sqlite3_bind_null(stmt, first + i);
        return;
    }
    bindText(stmt, first, config::periodName(c.period).toUtf8());
    sqlite3_bind_int64(stmt, first + 1, c.bounds.startMs);
    sqlite3_bind_int64(stmt, first + 2, c.bounds.endMs);
    sqlite3_bind_int64(stmt, first + 3, c.used);
    sqlite3_bind_int64(stmt, first + 4, c.alertedStart);
}

// A period as stored; false when the row holds something this build did not write.
bool readPeriod(sqlite3_stmt* stmt, int first, PeriodCount* c)
{
    if (sqlite3_column_type(stmt, first) == SQLITE_NULL)
        return true; // never counted
    if (!config::periodFromName(columnText(stmt, first), &c->period))
        return false;
    c->bounds.startMs = sqlite3_column_int64(stmt, first + 1);
    c->bounds.endMs = sqlite3_column_int64(stmt, first + 2);
    c->used = sqlite3_column_int64(stmt, first + 3);
    c->alertedStart = sqlite3_column_int64(stmt, first + 4);
    if (c->used < 0 || c->bounds.startMs < 0 || c->bounds.endMs < 0)
        return false;
    c->active = true;
    return true;
}

} // namespace

Reservation::~Reservation()
{
    // Never settled: the request never ran (its body was refused), so it used nothing.
    if (!m_settled && m_count > 0)
        m_ledger->settle(*this, 0, 0);
}

Ledger::Ledger() : Ledger(Options()) {}

Ledger::Ledger(Options options) : m_options(std::move(options)) {}

Ledger::~Ledger()
{
    stop();
}

Ledger::Shard& Ledger::shardOf(const QString& id) const
{
    return m_shards[qHash(id) % m_shards.size()];
}

LedgerScope* Ledger::scope(ScopeUsage::Kind kind, const QString& id)
{
    Shard& shard = shardOf(id);
    auto& map = shard.byKind[int(kind)];
    {
        std::shared_lock lock(shard.mutex);
        if (LedgerScope* s = map.value(id))
            return s;
    }
    std::unique_lock lock(shard.mutex);
    if (LedgerScope* s = map.value(id))
        return s;
    auto made = std::make_unique<LedgerScope>(kind, id);
    LedgerScope* s = made.get();
    {
        std::lock_guard owner(m_scopesMutex);
        m_scopes.push_back(std::move(made));
    }
    map.insert(id, s);
    return s;
}

std::optional<Refusal> Ledger::admit(Reservation& reservation, const Demand* demands, int count)
{
    if (count <= 0)
        return std::nullopt;
    if (count > kinds || reservation.m_count + count > Reservation::maxHolds) {
        qWarning("limits: a reservation holds too many scopes; the request is not counted");
        return std::nullopt;
    }
    const qint64 nowMs = now();
    std::array<LedgerScope*, kinds> scopes{};
    for (int i = 0; i < count; ++i)
        scopes[size_t(i)] = scope(demands[i].kind, demands[i].id);
    // Locked in address order (the same scope may appear once only: a key, a tenant and an
    // alias are distinct scopes).
    std::array<LedgerScope*, kinds> order = scopes;
    std::sort(order.begin(), order.begin() + count);
    std::array<std::unique_lock<std::mutex>, kinds> locks;
    for (int i = 0; i < count; ++i)
        locks[size_t(i)] = std::unique_lock(order[size_t(i)]->mutex());
    for (int i = 0; i < count; ++i)
        scopes[size_t(i)]->refresh(demands[i], nowMs);
    for (int i = 0; i < count; ++i) {
        if (std::optional<Refusal> refused = scopes[size_t(i)]->check(demands[i], nowMs)) {
            // The refusal's headers show the rates as they stand.
            for (int j = 0; j < count; ++j)
                scopes[size_t(j)]->rates(&reservation.m_status, nowMs);
            return refused;
        }
    }
    for (int i = 0; i < count; ++i)
        scopes[size_t(i)]->apply(demands[i], &reservation.m_holds[size_t(reservation.m_count++)],
                                 &reservation.m_status, nowMs);
    for (int i = 0; i < count; ++i) {
        reservation.m_tokens = qMax(reservation.m_tokens, demands[i].tokens);
        reservation.m_cost = qMax(reservation.m_cost, demands[i].cost);
    }
    for (auto& lock : locks)
        if (lock.owns_lock())
            lock.unlock();
    raiseAlerts(scopes.data(), count, nowMs);
    return std::nullopt;
}

void Ledger::settle(Reservation& reservation, qint64 tokens, config::Nanos cost)
{
    if (reservation.m_settled)
        return;
    reservation.m_settled = true;
    const qint64 nowMs = now();
    std::array<LedgerScope*, Reservation::maxHolds> touched{};
    for (int i = 0; i < reservation.m_count; ++i) {
        const Hold& hold = reservation.m_holds[size_t(i)];
        std::lock_guard lock(hold.scope->mutex());
        hold.scope->settle(hold, qMax<qint64>(0, tokens), qMax<qint64>(0, cost), nowMs);
        touched[size_t(i)] = hold.scope;
    }
    raiseAlerts(touched.data(), reservation.m_count, nowMs);
}

void Ledger::raiseAlerts(LedgerScope** scopes, int count, qint64 nowMs)
{
    LimitAlert alerts[2];
    for (int i = 0; i < count; ++i) {
        if (!scopes[i]->mayAlert.load(std::memory_order_relaxed))
            continue;
        int raised = 0;
        {
            std::lock_guard lock(scopes[i]->mutex());
            raised = scopes[i]->takeAlerts(alerts, nowMs);
        }
        for (int a = 0; a < raised; ++a) {
            const int what = alerts[a].what == QLatin1String("budget") ? 1 : 0;
            m_alerts[size_t(int(alerts[a].kind) * 2 + what)].fetch_add(1,
                                                                       std::memory_order_relaxed);
            if (m_options.onAlert)
                m_options.onAlert(alerts[a]);
        }
    }
}

std::vector<ScopeUsage> Ledger::snapshot() const
{
    std::vector<LedgerScope*> scopes;
    {
        std::lock_guard owner(m_scopesMutex);
        scopes.reserve(m_scopes.size());
        for (const auto& s : m_scopes)
            scopes.push_back(s.get());
    }
    const qint64 nowMs = now();
    std::vector<ScopeUsage> out;
    out.reserve(scopes.size());
    for (LedgerScope* s : scopes) {
        std::lock_guard lock(s->mutex());
        out.push_back(s->usage(nowMs));
    }
    return out;
}

QByteArray Ledger::exposition() const
{
    QByteArray out = "# HELP switchboard_limit_alerts_total Soft limits passed (a quota's or a "
                     "budget's alertAtPercent), once per scope and period.\n"
                     "# TYPE switchboard_limit_alerts_total counter\n";
    for (int kind = 0; kind < kinds; ++kind) {
        for (int what = 0; what < 2; ++what) {
            out += "switchboard_limit_alerts_total{kind=\"";
            out += scopeKindName(ScopeUsage::Kind(kind));
            out += what ? "\",what=\"budget\"} " : "\",what=\"quota\"} ";
            out += QByteArray::number(m_alerts[size_t(kind * 2 + what)].load());
            out += '\n';
        }
    }
    return out;
}

quint64 Ledger::alertCount() const
{
    quint64 total = 0;
    for (const auto& a : m_alerts)
        total += a.load();
    return total;
}

Result<bool> Ledger::open(const QString& dataDir)
{
    if (!QDir().mkpath(dataDir))
        return Result<bool>::failure(QStringLiteral("cannot create data dir %1").arg(dataDir));
    m_path = QDir(dataDir).filePath(fileName());
    const QByteArray path = m_path.toUtf8();
    if (sqlite3_open_v2(path.constData(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK) {
        const QString error = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_close(m_db);
        m_db = nullptr;
        return Result<bool>::failure(QStringLiteral("cannot open %1: %2").arg(m_path, error));
    }
    // The CLI and the keys part write the same file from other connections.
    sqlite3_busy_timeout(m_db, 5000);
    exec(m_db, "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL");
    if (!exec(m_db, "BEGIN") || !exec(m_db, schema) || !exec(m_db, "COMMIT")) {
        exec(m_db, "ROLLBACK");
        sqlite3_close(m_db);
        m_db = nullptr;
        return Result<bool>::failure(QStringLiteral("cannot create the tables of %1").arg(m_path));
    }
    sqlite3_stmt* version = nullptr;
    qint64 stored = 0;
    if (sqlite3_prepare_v2(m_db, "SELECT version FROM governance_schema WHERE part='limits'", -1,
                           &version, nullptr) == SQLITE_OK &&
        sqlite3_step(version) == SQLITE_ROW)
        stored = sqlite3_column_int64(version, 0);
    sqlite3_finalize(version);
    if (stored > schemaVersion || !load()) {
        sqlite3_close(m_db);
        m_db = nullptr;
        return Result<bool>::failure(
            stored > schemaVersion
                ? QStringLiteral("%1: the limits' tables are of a newer build (version %2)")
                      .arg(m_path)
                      .arg(stored)
                : QStringLiteral("cannot read the limits' counters from %1").arg(m_path));
    }
    m_stopping = false;
    if (m_options.ownThread)
        m_thread = std::thread([this] { run(); });
    return true;
}

bool Ledger::load()
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(m_db,
                           "SELECT kind, id, name, window_head, window, quota_period, quota_start, "
                           "quota_end, quota_used, quota_alerted, budget_period, budget_start, "
                           "budget_end, budget_used, budget_alerted FROM limit_counters",
                           -1, &stmt, nullptr) != SQLITE_OK)
        return false;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        ScopeUsage::Kind kind;
        const QString id = columnText(stmt, 1);
        LedgerScope::Stored stored;
        stored.name = columnText(stmt, 2);
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, 4));
        const QByteArray window(blob, sqlite3_column_bytes(stmt, 4));
        // A row this build cannot read is skipped with a warning: the limits still apply,
        // counted afresh, rather than the gateway not starting.
        if (!kindFromName(columnText(stmt, 0).toUtf8(), &kind) || id.isEmpty() ||
            !RateWindow::fromBytes(sqlite3_column_int64(stmt, 3), window, &stored.window) ||
            !readPeriod(stmt, 5, &stored.quota) || !readPeriod(stmt, 10, &stored.budget)) {
            qWarning("limits: skipping an unreadable row of %s", qPrintable(m_path));
            continue;
        }
        LedgerScope* s = scope(kind, id);
        std::lock_guard lock(s->mutex());
        s->restore(stored);
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE;
}

Result<bool> Ledger::flush()
{
    std::lock_guard write(m_writeMutex);
    if (!m_db)
        return Result<bool>::failure(QStringLiteral("the ledger is not open"));
    std::vector<LedgerScope*> dirty;
    {
        std::lock_guard owner(m_scopesMutex);
        for (const auto& s : m_scopes)
            if (s->dirty.exchange(false, std::memory_order_acq_rel))
                dirty.push_back(s.get());
    }
    if (dirty.empty())
        return true;
    const qint64 nowMs = now();
    sqlite3_stmt* stmt = nullptr;
    bool ok = exec(m_db, "BEGIN") &&
              sqlite3_prepare_v2(
                  m_db,
                  "INSERT OR REPLACE INTO limit_counters(kind, id, name, window_head, window, "
                  "quota_period, quota_start, quota_end, quota_used, quota_alerted, "
                  "budget_period, budget_start, budget_end, budget_used, budget_alerted, "
                  "updated_ms) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  -1, &stmt, nullptr) == SQLITE_OK;
    for (size_t i = 0; ok && i < dirty.size(); ++i) {
        LedgerScope* s = dirty[i];
        LedgerScope::Stored row;
        {
            std::lock_guard lock(s->mutex());
            row = s->stored();
        }
        const QByteArray window = row.window.toBytes();
        bindText(stmt, 1, scopeKindName(s->kind()));
        bindText(stmt, 2, s->id().toUtf8());
        bindText(stmt, 3, row.name.toUtf8());
        sqlite3_bind_int64(stmt, 4, row.window.head());
        sqlite3_bind_blob(stmt, 5, window.constData(), int(window.size()), SQLITE_TRANSIENT);
        bindPeriod(stmt, 6, row.quota);
        bindPeriod(stmt, 11, row.budget);
        sqlite3_bind_int64(stmt, 16, nowMs);
        ok = sqlite3_step(stmt) == SQLITE_DONE;
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    if (ok && exec(m_db, "COMMIT"))
        return true;
    const QString error = QString::fromUtf8(sqlite3_errmsg(m_db));
    exec(m_db, "ROLLBACK");
    // Written at the next flush: the changes stay marked.
    for (LedgerScope* s : dirty)
        s->dirty.store(true, std::memory_order_relaxed);
    return Result<bool>::failure(
        QStringLiteral("cannot write the limits' counters to %1: %2").arg(m_path, error));
}

void Ledger::run()
{
    std::unique_lock lock(m_wakeMutex);
    while (!m_stopping) {
        m_wake.wait_for(lock, std::chrono::milliseconds(m_options.flushIntervalMs),
                        [this] { return m_stopping; });
        lock.unlock();
        if (Result<bool> written = flush(); !written)
            qWarning("limits: %s", qPrintable(written.error()));
        lock.lock();
    }
}

void Ledger::stop()
{
    {
        std::lock_guard lock(m_wakeMutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    if (!m_db)
        return;
    if (Result<bool> written = flush(); !written)
        qWarning("limits: %s", qPrintable(written.error()));
    std::lock_guard write(m_writeMutex);
    sqlite3_close(m_db);
    m_db = nullptr;
}

} // namespace gateway::governance

#pragma once

#include "Clock.h"
#include "Result.h"
#include "governance/LedgerScope.h"
#include "governance/LedgerView.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <array>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <thread>
#include <vector>

struct sqlite3;

namespace gateway::governance {

class Reservation;

// The counters of limits, quotas and budgets of every key, tenant and model alias (README,
// "Limits, quotas and budgets"). Engine-owned: it outlives reloads; stages reach it through
// WorkerServices::ledger. Thread-safe.
//
// Admission is exact: admit() takes the locks of all of a request's scopes (in address order,
// so two requests can never wait on each other), checks every limit and counts the request in
// all of them, or in none. There is no global lock on the request path: a scope is found in
// one of 16 shards under a shared lock, and only the scopes of the request are locked.
//
// Counters are kept in <dataDir>/governance.sqlite (table limit_counters), written behind
// every flushIntervalMs by a thread of the ledger's own and at stop(), and read back by open().
// What is written includes what requests in flight reserved, so a crash can only over-count:
// their spend stays counted until their window or period ends, never less than was spent.
class Ledger : public LedgerView
{
public:
    struct Options
    {
        WallClock clock = systemWallClockMs;
        int flushIntervalMs = 200;
        // false: no writer thread; the counters are written by flush() (tests).
        bool ownThread = true;
        // A soft limit passed (once per scope and period). Called on the thread whose request
        // passed it, with no lock held: it must not block.
        std::function<void(const LimitAlert&)> onAlert;
    };

    Ledger();
    explicit Ledger(Options options);
    ~Ledger() override;

    // Creates the tables if needed, loads the counters and starts the writer.
    Result<bool> open(const QString& dataDir);
    // Writes the counters and stops the writer.
    void stop();
    // Writes every counter changed since the last write, in one transaction. Any thread.
    Result<bool> flush();

    qint64 now() const { return m_options.clock(); }

    // Checks the demands of one request against their scopes' limits and, if all fit, counts
    // them in one step and adds them to the reservation. On a refusal nothing is counted.
    // At most 3 demands per call (a key, a tenant, an alias).
    std::optional<Refusal> admit(Reservation& reservation, const Demand* demands, int count);
    // Replaces the reservation's estimate by the tokens and the cost the request used, and gives
    // its concurrency slots back. Once: later calls do nothing.
    void settle(Reservation& reservation, qint64 tokens, config::Nanos cost);

    std::vector<ScopeUsage> snapshot() const override;
    // switchboard_limit_alerts_total{kind,what}, in Prometheus text format.
    QByteArray exposition() const;
    quint64 alertCount() const;

    static QString fileName() { return QStringLiteral("governance.sqlite"); }

private:
    struct Shard
    {
        mutable std::shared_mutex mutex;
        std::array<QHash<QString, LedgerScope*>, 3> byKind; // ScopeUsage::Kind
    };
    LedgerScope* scope(ScopeUsage::Kind kind, const QString& id);
    Shard& shardOf(const QString& id) const;
    void raiseAlerts(LedgerScope** scopes, int count, qint64 nowMs);
    bool load();
    void run();

    Options m_options;
    mutable std::array<Shard, 16> m_shards;
    mutable std::mutex m_scopesMutex; // owns the scopes, in order of creation
    std::vector<std::unique_ptr<LedgerScope>> m_scopes;
    std::array<std::atomic<quint64>, 6> m_alerts{}; // kind * 2 + (quota 0, budget 1)

    std::mutex m_writeMutex; // the connection
    sqlite3* m_db = nullptr;
    QString m_path;
    std::thread m_thread;
    std::mutex m_wakeMutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

} // namespace gateway::governance

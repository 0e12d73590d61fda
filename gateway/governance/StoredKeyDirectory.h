#pragma once

#include "Result.h"
#include "config/Governance.h"
#include "governance/KeySet.h"

#include <QList>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace gateway::governance {

class SqliteKeyStore;

// The engine's KeyDirectory: the keys stored in the data dir merged with the config's keys[].
//
// A thread of its own polls the store every 250 ms (a change counter, not the keys: see
// SqliteKeyStore::changeCount) and swaps in a new immutable KeySet when they changed, so a key
// that `switchboard keys` creates, revokes or rotates while the gateway runs applies within a
// second. Workers never touch SQLite: current() is an atomic load and, after a change, one
// short lock per thread.
//
// Names and secrets are unique across stored and declared keys. A config that declares a name
// or a secret the data dir holds (a revoked key keeps its name) is refused at start and at
// reload (setConfigKeys()). A stored key made with such a name while the gateway runs (the
// CLI cannot always know the config) is left out of the set, with a warning: the config's key
// keeps the name until the config changes.
class StoredKeyDirectory : public KeyDirectory
{
public:
    static constexpr std::chrono::milliseconds pollInterval{250};

    // Opens dataDir's store and reads it; polls from then on unless poll is false (tests
    // call refresh()).
    static Result<std::unique_ptr<StoredKeyDirectory>>
    open(const QString& dataDir, const QList<config::KeyDecl>& configKeys, bool poll = true);
    ~StoredKeyDirectory() override;

    std::shared_ptr<const KeySet> current() const override;
    bool hasKeys() const override { return m_hasKeys.load(std::memory_order_relaxed); }

    // Why these config keys cannot join the stored ones (a name or a secret in both), or
    // success. Changes nothing.
    Result<bool> checkConfigKeys(const QList<config::KeyDecl>& configKeys);
    // Replaces the config's keys (a reload); refused as checkConfigKeys() refuses.
    Result<bool> setConfigKeys(const QList<config::KeyDecl>& configKeys);
    // Whether the data dir holds any key (revoked ones too), as last read.
    bool hasStoredKeys() const;
    // Re-reads the store if its keys changed since the last read: what the poll runs. True if
    // it swapped in a new set.
    Result<bool> refresh();

    // A config key as a record: id "cfg_" and the first 16 hex digits of its hash.
    static KeyRecord recordOf(const config::KeyDecl& decl);

private:
    explicit StoredKeyDirectory(std::unique_ptr<SqliteKeyStore> store);
    // With m_mutex held: m_stored and m_declared into a new set.
    void publishLocked();
    // Why declared cannot join stored, or an empty string.
    static QString conflict(const std::vector<KeyRecord>& stored,
                            const std::vector<KeyRecord>& declared);
    // Re-reads when the change counter moved (force: always). With m_storeMutex held.
    Result<bool> readStore(bool force);
    void pollLoop();

    std::unique_ptr<SqliteKeyStore> m_store; // used under m_storeMutex only
    std::mutex m_storeMutex;
    qint64 m_readChanges = -1;
    QString m_lastWarning;

    mutable std::mutex m_mutex; // m_stored, m_declared, m_set, m_generation's writes
    std::vector<KeyRecord> m_stored;
    std::vector<KeyRecord> m_declared;
    std::shared_ptr<const KeySet> m_set;
    std::atomic<quint64> m_generation{0};
    std::atomic<bool> m_hasKeys{false};

    std::mutex m_pollMutex;
    std::condition_variable m_pollWake;
    bool m_stopping = false;
    std::thread m_poller;
};

} // namespace gateway::governance

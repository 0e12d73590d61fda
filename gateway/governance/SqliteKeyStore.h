#pragma once

#include "Clock.h"
#include "governance/KeyStore.h"

struct sqlite3;

namespace gateway::governance {

// KeyStore over <dataDir>/governance.sqlite (WAL, so the gateway reads while the CLI writes),
// table `keys`. A trigger counts every change to it in `key_changes`, which the running
// gateway's directory polls (StoredKeyDirectory).
//
// Names are unique among all stored keys, revoked ones included: a revoked key keeps its name
// (log rows and the console show it under that name) until a key can be deleted.
class SqliteKeyStore : public KeyStore
{
public:
    static constexpr const char* fileName = "governance.sqlite";

    // clock: updated_ms of update() and rotate() (create() and revoke() are given the time).
    static Result<std::unique_ptr<SqliteKeyStore>> open(const QString& dataDir,
                                                        WallClock clock = systemWallClockMs);
    ~SqliteKeyStore() override;

    Result<IssuedKey> create(const KeySpec& spec, qint64 nowMs) override;
    Result<std::vector<KeyRecord>> list() override;
    Result<KeyRecord> find(const QString& name) override;
    Result<KeyRecord> update(const KeySpec& spec) override;
    Result<KeyRecord> revoke(const QString& name, qint64 nowMs) override;
    Result<IssuedKey> rotate(const QString& name) override;

    // How many times the keys have changed, by any connection of any process: the directory
    // re-reads them when this moves. Cheap: PRAGMA data_version first (no read unless some
    // connection committed something), then one row.
    Result<qint64> changeCount();

    // A new secret: "sk-sb-" and 32 bytes of OpenSSL's RAND_bytes in base64url, unpadded.
    static Result<QByteArray> makeSecret();
    static QByteArray sha256(QByteArrayView secret);
    // What is kept of a secret for people to recognise it: its first 10 characters.
    static QString visiblePrefix(const QByteArray& secret);

private:
    SqliteKeyStore(sqlite3* db, WallClock clock);
    Result<bool> exec(const char* sql);
    Result<std::vector<KeyRecord>> select(const char* where, const QString& name);
    QString sqliteError() const;

    sqlite3* m_db;
    WallClock m_clock;
    qint64 m_dataVersion = -1;
    qint64 m_changes = -1;
};

} // namespace gateway::governance

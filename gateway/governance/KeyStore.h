#pragma once

#include "Result.h"
#include "governance/KeySet.h"

#include <QString>

#include <optional>
#include <vector>

namespace gateway::governance {

// What a new key, or a change to one, sets (README, "Gateway keys"). Unset optionals leave a
// stored key's value as it is.
struct KeySpec
{
    QString name;
    std::optional<QString> tenant;
    std::optional<QStringList> models;
    std::optional<config::Limits> limits;
    std::optional<qint64> expiresMs; // 0: never
    std::optional<QList<QPair<QString, QString>>> metadata;
};

// A key as made or rotated: the record, and its secret, which exists nowhere else and is shown
// once.
struct IssuedKey
{
    KeyRecord record;
    QByteArray secret; // "sk-sb-..."
};

// The gateway keys kept in the data dir (governance.sqlite, table keys): what the CLI
// (`switchboard keys`), the admin API and the console change, and what the running gateway
// reads back (KeyDirectory). Only the SHA-256 of a secret and its first characters are stored.
// One instance per thread (it holds a SQLite connection); any number of processes may open
// the same data dir.
class KeyStore
{
public:
    static Result<std::unique_ptr<KeyStore>> open(const QString& dataDir);
    virtual ~KeyStore() = default;

    // Errors are sentences for people ("a key named ci exists already").
    virtual Result<IssuedKey> create(const KeySpec& spec, qint64 nowMs) = 0;
    virtual Result<std::vector<KeyRecord>> list() = 0;
    virtual Result<KeyRecord> find(const QString& name) = 0;
    virtual Result<KeyRecord> update(const KeySpec& spec) = 0;
    virtual Result<KeyRecord> revoke(const QString& name, qint64 nowMs) = 0;
    // A new secret for the same key (same id, limits, spend); the old secret stops working at
    // once.
    virtual Result<IssuedKey> rotate(const QString& name) = 0;
};

} // namespace gateway::governance

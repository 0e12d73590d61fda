#pragma once

#include "config/Governance.h"
#include "governance/Principal.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace gateway::governance {

// The prefix of every secret the gateway makes: "sk-sb-" and 43 characters of base64url
// (32 random bytes).
inline constexpr char secretPrefix[] = "sk-sb-";

// One gateway key as the gateway knows it: stored in the data dir (`switchboard keys`, the
// admin API, the console) or declared in the config by hash. Never the secret itself.
struct KeyRecord
{
    enum class Source { Stored, Config };
    Source source = Source::Stored;
    QString id;         // stable across rotation: "key_" and 16 hex digits
    QString name;       // unique
    QString tenant;     // never empty (defaultTenant())
    QByteArray sha256;  // 32 bytes: SHA-256 of the secret
    QString prefix;     // the secret's first characters ("sk-sb-AbCd"), for people to recognise it
    QStringList models; // alias globs; empty: every alias
    config::Limits limits;
    qint64 createdMs = 0;
    qint64 expiresMs = 0; // 0: never
    qint64 revokedMs = 0; // 0: not revoked
    QList<QPair<QString, QString>> metadata;

    bool usableAt(qint64 nowMs) const
    {
        return revokedMs == 0 && (expiresMs == 0 || nowMs < expiresMs);
    }
};

// An immutable snapshot of every key: the stored ones and the config's. Looked up by the hash
// of a presented secret, or by name (a JWT's key claim, a certificate mapping).
class KeySet
{
public:
    KeySet() = default;
    explicit KeySet(std::vector<KeyRecord> keys);

    // The key whose secret hashes to sha256 (32 bytes), compared in constant time; null if none.
    // Revoked and expired keys are found too: the caller says why it refuses them.
    const KeyRecord* bySecretHash(QByteArrayView sha256) const;
    const KeyRecord* byName(const QString& name) const;
    const std::vector<KeyRecord>& all() const { return m_keys; }
    bool empty() const { return m_keys.empty(); }
    // The principal of a key of this set (Method::Key): made once per snapshot, so that an
    // accepted request shares it instead of allocating its own.
    const std::shared_ptr<const Principal>& principalOf(const KeyRecord& key) const;

private:
    std::vector<KeyRecord> m_keys;
    std::vector<std::shared_ptr<const Principal>> m_principals; // by index in m_keys
    QHash<QByteArray, qsizetype> m_byHash;
    QHash<QString, qsizetype> m_byName;
};

// The current KeySet: the data dir's keys, re-read when they change (a key created, revoked or
// changed by another process takes effect within a second), merged with the config's keys.
// Thread-safe; engine-owned.
class KeyDirectory
{
public:
    virtual ~KeyDirectory() = default;
    virtual std::shared_ptr<const KeySet> current() const = 0;
    // Whether any key exists (revoked and expired ones too): the auth stage's one check on
    // every request of a gateway that may run open. Implementations make it cheaper than
    // current().
    virtual bool hasKeys() const { return !current()->empty(); }
};

} // namespace gateway::governance

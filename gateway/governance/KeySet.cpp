#include "governance/KeySet.h"

#include <openssl/crypto.h>

#include <cstdint>

namespace gateway::governance {

KeySet::KeySet(std::vector<KeyRecord> keys) : m_keys(std::move(keys))
{
    m_principals.reserve(m_keys.size());
    m_byHash.reserve(qsizetype(m_keys.size()));
    m_byName.reserve(qsizetype(m_keys.size()));
    for (qsizetype i = 0; i < qsizetype(m_keys.size()); ++i) {
        const KeyRecord& key = m_keys[size_t(i)];
        // The first of two keys with one name or one secret wins; the directory never builds
        // such a set (names and secrets are unique across stored and declared keys).
        if (!m_byHash.contains(key.sha256))
            m_byHash.insert(key.sha256, i);
        if (!m_byName.contains(key.name))
            m_byName.insert(key.name, i);
        auto principal = std::make_shared<Principal>();
        principal->method = Principal::Method::Key;
        principal->keyId = key.id;
        principal->keyName = key.name;
        principal->tenant = key.tenant.isEmpty() ? defaultTenant() : key.tenant;
        principal->models = key.models;
        principal->limits = key.limits;
        m_principals.push_back(std::move(principal));
    }
}

const KeyRecord* KeySet::bySecretHash(QByteArrayView sha256) const
{
    if (sha256.size() != 32)
        return nullptr;
    // The table is looked up by the presented hash without a copy. Its probe compares hashes
    // in variable time, which tells an attacker nothing: a SHA-256 of a 256-bit secret cannot
    // be steered towards a stored one. The entry found is compared in constant time all the
    // same, so that no code path compares secret material with an early exit.
    const auto it = m_byHash.constFind(QByteArray::fromRawData(sha256.data(), sha256.size()));
    if (it == m_byHash.cend())
        return nullptr;
    const KeyRecord& key = m_keys[size_t(it.value())];
    if (key.sha256.size() != 32 || CRYPTO_memcmp(key.sha256.constData(), sha256.data(), 32) != 0)
        return nullptr;
    return &key;
}

const KeyRecord* KeySet::byName(const QString& name) const
{
    const auto it = m_byName.constFind(name);
    return it == m_byName.cend() ? nullptr : &m_keys[size_t(it.value())];
}

const std::shared_ptr<const Principal>& KeySet::principalOf(const KeyRecord& key) const
{
    static const std::shared_ptr<const Principal> none;
    // Addresses compared as integers: a record of another set is no element of this one.
    const auto first = reinterpret_cast<std::uintptr_t>(m_keys.data());
    const auto at = reinterpret_cast<std::uintptr_t>(&key);
    if (at < first || at >= first + m_keys.size() * sizeof(KeyRecord))
        return none;
    return m_principals[(at - first) / sizeof(KeyRecord)];
}

} // namespace gateway::governance

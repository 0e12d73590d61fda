// KeySet's few lines, for the JWT and certificate tests of branch h-jwt while the keys part
// (gateway/governance/KeySet.cpp, branch h-keys) is not merged. tests/CMakeLists.txt builds
// this file only when gateway/governance/KeySet.cpp does not exist; delete it once it does.

#include "governance/KeySet.h"

namespace gateway::governance {

KeySet::KeySet(std::vector<KeyRecord> keys) : m_keys(std::move(keys))
{
    for (qsizetype i = 0; i < qsizetype(m_keys.size()); ++i) {
        m_byHash.insert(m_keys[size_t(i)].sha256, i);
        m_byName.insert(m_keys[size_t(i)].name, i);
    }
}

const KeyRecord* KeySet::bySecretHash(QByteArrayView sha256) const
{
    const auto it = m_byHash.constFind(sha256.toByteArray());
    return it == m_byHash.constEnd() ? nullptr : &m_keys[size_t(*it)];
}

const KeyRecord* KeySet::byName(const QString& name) const
{
    const auto it = m_byName.constFind(name);
    return it == m_byName.constEnd() ? nullptr : &m_keys[size_t(*it)];
}

} // namespace gateway::governance

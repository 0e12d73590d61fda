#include "governance/StoredKeyDirectory.h"

#include "governance/SqliteKeyStore.h"

#include <QSet>
#include <QtDebug>

namespace gateway::governance {

namespace {

// Snapshots are numbered across every directory of the process, so that a thread's cached
// number never matches a snapshot of another directory.
std::atomic<quint64> nextGeneration{1};

std::vector<KeyRecord> recordsOf(const QList<config::KeyDecl>& decls)
{
    std::vector<KeyRecord> records;
    records.reserve(size_t(decls.size()));
    for (const config::KeyDecl& d : decls)
        records.push_back(StoredKeyDirectory::recordOf(d));
    return records;
}

} // namespace

KeyRecord StoredKeyDirectory::recordOf(const config::KeyDecl& decl)
{
    KeyRecord k;
    k.source = KeyRecord::Source::Config;
    k.id = QStringLiteral("cfg_") + QString::fromLatin1(decl.sha256.toHex().left(16));
    k.name = decl.name;
    k.tenant = decl.tenant.isEmpty() ? defaultTenant() : decl.tenant;
    k.sha256 = decl.sha256;
    k.models = decl.models;
    k.limits = decl.limits;
    k.expiresMs = decl.expiresMs;
    k.metadata = decl.metadata;
    return k; // no prefix: the config holds only the hash
}

StoredKeyDirectory::StoredKeyDirectory(std::unique_ptr<SqliteKeyStore> store)
    : m_store(std::move(store))
{}

StoredKeyDirectory::~StoredKeyDirectory()
{
    {
        std::lock_guard lock(m_pollMutex);
        m_stopping = true;
    }
    m_pollWake.notify_all();
    if (m_poller.joinable())
        m_poller.join();
}

Result<std::unique_ptr<StoredKeyDirectory>>
StoredKeyDirectory::open(const QString& dataDir, const QList<config::KeyDecl>& configKeys,
                         bool poll)
{
    using R = Result<std::unique_ptr<StoredKeyDirectory>>;
    Result<std::unique_ptr<SqliteKeyStore>> store = SqliteKeyStore::open(dataDir);
    if (!store)
        return R::failure(QStringLiteral("gateway keys: ") + store.error());
    std::unique_ptr<StoredKeyDirectory> directory(new StoredKeyDirectory(std::move(store).value()));
    {
        std::lock_guard lock(directory->m_storeMutex);
        if (Result<bool> read = directory->readStore(true); !read)
            return R::failure(QStringLiteral("gateway keys: ") + read.error());
    }
    if (Result<bool> set = directory->setConfigKeys(configKeys); !set)
        return R::failure(set.error());
    if (poll)
        directory->m_poller = std::thread([d = directory.get()] { d->pollLoop(); });
    return R(std::move(directory));
}

std::shared_ptr<const KeySet> StoredKeyDirectory::current() const
{
    // Each thread keeps the snapshot it last saw and the generation it had; while the
    // generation stands (all but one request after a change), a request costs one atomic load
    // and takes no lock that another worker could hold.
    struct Cached
    {
        quint64 generation = 0;
        std::shared_ptr<const KeySet> set;
    };
    thread_local Cached cached;
    if (cached.generation != m_generation.load(std::memory_order_acquire)) {
        std::lock_guard lock(m_mutex);
        cached.set = m_set;
        cached.generation = m_generation.load(std::memory_order_relaxed);
    }
    return cached.set;
}

QString StoredKeyDirectory::conflict(const std::vector<KeyRecord>& stored,
                                     const std::vector<KeyRecord>& declared)
{
    for (const KeyRecord& d : declared) {
        for (const KeyRecord& s : stored) {
            if (s.name == d.name)
                return QStringLiteral(
                           "keys: the key \"%1\" is declared in the config and stored in the "
                           "data dir%2; a name belongs to one key, so rename one of them")
                    .arg(d.name, s.revokedMs ? QStringLiteral(" (revoked: a revoked key keeps "
                                                              "its name)")
                                             : QString());
            if (s.sha256 == d.sha256)
                return QStringLiteral("keys: the key \"%1\" of the config has the secret of the "
                                      "stored key \"%2\"; declare a key of its own")
                    .arg(d.name, s.name);
        }
    }
    return {};
}

Result<bool> StoredKeyDirectory::checkConfigKeys(const QList<config::KeyDecl>& configKeys)
{
    {
        // Against what the data dir holds now, not 250 ms ago.
        std::lock_guard lock(m_storeMutex);
        if (Result<bool> read = readStore(false); !read)
            return Result<bool>::failure(QStringLiteral("gateway keys: ") + read.error());
    }
    std::lock_guard lock(m_mutex);
    const QString problem = conflict(m_stored, recordsOf(configKeys));
    if (!problem.isEmpty())
        return Result<bool>::failure(problem);
    return true;
}

Result<bool> StoredKeyDirectory::setConfigKeys(const QList<config::KeyDecl>& configKeys)
{
    if (Result<bool> ok = checkConfigKeys(configKeys); !ok)
        return ok;
    std::lock_guard lock(m_mutex);
    m_declared = recordsOf(configKeys);
    publishLocked();
    return true;
}

bool StoredKeyDirectory::hasStoredKeys() const
{
    std::lock_guard lock(m_mutex);
    return !m_stored.empty();
}

Result<bool> StoredKeyDirectory::refresh()
{
    std::lock_guard lock(m_storeMutex);
    return readStore(false);
}

Result<bool> StoredKeyDirectory::readStore(bool force)
{
    Result<qint64> changes = m_store->changeCount();
    if (!changes)
        return Result<bool>::failure(changes.error());
    if (!force && changes.value() == m_readChanges)
        return false;
    Result<std::vector<KeyRecord>> keys = m_store->list();
    if (!keys)
        return Result<bool>::failure(keys.error());
    m_readChanges = changes.value();
    std::lock_guard lock(m_mutex);
    m_stored = std::move(keys).value();
    publishLocked();
    return true;
}

void StoredKeyDirectory::publishLocked()
{
    QSet<QString> declaredNames;
    QSet<QByteArray> declaredSecrets;
    for (const KeyRecord& d : m_declared) {
        declaredNames.insert(d.name);
        declaredSecrets.insert(d.sha256);
    }
    std::vector<KeyRecord> all;
    all.reserve(m_stored.size() + m_declared.size());
    for (const KeyRecord& s : m_stored) {
        if (declaredNames.contains(s.name) || declaredSecrets.contains(s.sha256)) {
            // Stored after the config was loaded (the config was checked against the store
            // then): the config's key keeps its name until the config changes.
            qWarning("switchboard: the stored key \"%s\" is left out: the config declares a "
                     "key of that name or secret (a name belongs to one key)",
                     qPrintable(s.name));
            continue;
        }
        all.push_back(s);
    }
    all.insert(all.end(), m_declared.begin(), m_declared.end());
    m_hasKeys.store(!all.empty(), std::memory_order_relaxed);
    m_set = std::make_shared<const KeySet>(std::move(all));
    m_generation.store(nextGeneration.fetch_add(1, std::memory_order_relaxed),
                       std::memory_order_release);
}

void StoredKeyDirectory::pollLoop()
{
    std::unique_lock lock(m_pollMutex);
    while (!m_pollWake.wait_for(lock, pollInterval, [this] { return m_stopping; })) {
        lock.unlock();
        const Result<bool> read = refresh();
        // A store that cannot be read (a damaged row, a locked file) keeps the keys read
        // before: a revoked key may then work a while longer, so it is said, once per cause.
        const QString warning = read ? QString() : read.error();
        if (!warning.isEmpty() && warning != m_lastWarning)
            qWarning("switchboard: cannot read the gateway keys, keeping those read before: %s",
                     qPrintable(warning));
        m_lastWarning = warning;
        lock.lock();
    }
}

} // namespace gateway::governance

#include "governance/SqliteKeyStore.h"

#include "config/ConfigLoader.h"
#include "config/LimitsJson.h"
#include "tls/Sha256.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <openssl/rand.h>
#include <sqlite3.h>

namespace gateway::governance {

namespace {

// Frozen as shipped: a later change is a new statement guarded by governance_schema's version
// of the part "keys", never an edit of these.
const char* const schema = "CREATE TABLE IF NOT EXISTS governance_schema ("
                           " part TEXT PRIMARY KEY, version INTEGER NOT NULL);"
                           "CREATE TABLE IF NOT EXISTS keys ("
                           " id TEXT PRIMARY KEY,"
                           " name TEXT NOT NULL UNIQUE,"
                           " tenant TEXT NOT NULL,"
                           " sha256 BLOB NOT NULL UNIQUE CHECK (length(sha256) = 32),"
                           " prefix TEXT NOT NULL,"
                           " models TEXT NOT NULL DEFAULT '[]',"
                           " limits TEXT NOT NULL DEFAULT '{}',"
                           " created_ms INTEGER NOT NULL,"
                           " expires_ms INTEGER NOT NULL DEFAULT 0,"
                           " revoked_ms INTEGER NOT NULL DEFAULT 0,"
                           " metadata TEXT NOT NULL DEFAULT '{}',"
                           " updated_ms INTEGER NOT NULL);"
                           // Every change to keys, by whatever connection, moves this counter
                           // (triggers): what the gateway polls, so that the other parts' writes to
                           // the same file (the ledger's counters) do not make it re-read the keys.
                           "CREATE TABLE IF NOT EXISTS key_changes ("
                           " id INTEGER PRIMARY KEY CHECK (id = 1), counter INTEGER NOT NULL);"
                           "INSERT OR IGNORE INTO key_changes VALUES (1, 0);"
                           "CREATE TRIGGER IF NOT EXISTS keys_inserted AFTER INSERT ON keys"
                           " BEGIN UPDATE key_changes SET counter = counter + 1; END;"
                           "CREATE TRIGGER IF NOT EXISTS keys_updated AFTER UPDATE ON keys"
                           " BEGIN UPDATE key_changes SET counter = counter + 1; END;"
                           "CREATE TRIGGER IF NOT EXISTS keys_deleted AFTER DELETE ON keys"
                           " BEGIN UPDATE key_changes SET counter = counter + 1; END;"
                           "INSERT OR IGNORE INTO governance_schema VALUES ('keys', 1);";

const char* const columns = "id, name, tenant, sha256, prefix, models, limits, created_ms, "
                            "expires_ms, revoked_ms, metadata";

class Statement
{
public:
    Statement(sqlite3* db, const char* sql)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
            m_stmt = nullptr;
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool valid() const { return m_stmt != nullptr; }
    void text(int i, const QString& s)
    {
        const QByteArray utf8 = s.toUtf8();
        sqlite3_bind_text(m_stmt, i, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    }
    void blob(int i, const QByteArray& b)
    {
        sqlite3_bind_blob(m_stmt, i, b.constData(), int(b.size()), SQLITE_TRANSIENT);
    }
    void integer(int i, qint64 v) { sqlite3_bind_int64(m_stmt, i, v); }
    int step() { return sqlite3_step(m_stmt); }
    QString columnText(int i) const
    {
        return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, i)),
                                 sqlite3_column_bytes(m_stmt, i));
    }
    QByteArray columnBlob(int i) const
    {
        return QByteArray(static_cast<const char*>(sqlite3_column_blob(m_stmt, i)),
                          sqlite3_column_bytes(m_stmt, i));
    }
    qint64 columnInteger(int i) const { return sqlite3_column_int64(m_stmt, i); }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

QByteArray jsonText(const QJsonValue& value)
{
    return value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                           : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

QString modelsJson(const QStringList& models)
{
    return QString::fromUtf8(jsonText(QJsonArray::fromStringList(models)));
}

QString metadataJson(const QList<QPair<QString, QString>>& metadata)
{
    QJsonObject o;
    for (const auto& [key, value] : metadata)
        o.insert(key, value);
    return QString::fromUtf8(jsonText(o));
}

// A row as the gateway reads it. The file may have been written by anything: a value that is
// not what the store writes is an error naming the key, not a guess.
Result<KeyRecord> readRow(const Statement& s)
{
    KeyRecord k;
    k.source = KeyRecord::Source::Stored;
    k.id = s.columnText(0);
    k.name = s.columnText(1);
    k.tenant = s.columnText(2);
    k.sha256 = s.columnBlob(3);
    k.prefix = s.columnText(4);
    const auto fail = [&k](const QString& what) {
        return Result<KeyRecord>::failure(
            QStringLiteral("the stored key \"%1\" is damaged: %2").arg(k.name, what));
    };
    if (k.sha256.size() != 32)
        return fail(QStringLiteral("its sha256 is not 32 bytes"));
    const QJsonDocument models = QJsonDocument::fromJson(s.columnText(5).toUtf8());
    if (!models.isArray())
        return fail(QStringLiteral("models is not a JSON array"));
    for (const QJsonValue& m : models.array()) {
        if (!m.isString())
            return fail(QStringLiteral("models holds a value that is not a string"));
        k.models << m.toString();
    }
    const QJsonDocument limits = QJsonDocument::fromJson(s.columnText(6).toUtf8());
    Result<config::Limits> parsed = config::limitsFromJson(limits.object());
    if (!limits.isObject() || !parsed)
        return fail(limits.isObject() ? parsed.error() : QStringLiteral("limits is not JSON"));
    k.limits = parsed.value();
    k.createdMs = s.columnInteger(7);
    k.expiresMs = s.columnInteger(8);
    k.revokedMs = s.columnInteger(9);
    const QJsonDocument metadata = QJsonDocument::fromJson(s.columnText(10).toUtf8());
    if (!metadata.isObject())
        return fail(QStringLiteral("metadata is not a JSON object"));
    const QJsonObject tags = metadata.object();
    for (auto it = tags.begin(); it != tags.end(); ++it)
        k.metadata.append({it.key(), it.value().toString()});
    return k;
}

QString nameProblem(const char* what, const QString& name)
{
    return config::ConfigLoader::isValidKeyName(name)
               ? QString()
               : QStringLiteral("%1 \"%2\" must be 1 to 64 letters, digits, '.', '_' or '-'")
                     .arg(QLatin1String(what), name);
}

// Why a key's settings cannot be stored, or an empty string.
QString specProblem(const KeyRecord& k, qint64 nowMs, bool checkExpiry)
{
    if (QString p = nameProblem("the key name", k.name); !p.isEmpty())
        return p;
    if (QString p = nameProblem("the tenant name", k.tenant); !p.isEmpty())
        return p;
    for (const QString& glob : k.models)
        if (glob.isEmpty() || glob.size() > 256)
            return QStringLiteral("a model pattern must be 1 to 256 characters");
    if (k.expiresMs < 0)
        return QStringLiteral("the expiry must be a time after 1970");
    if (checkExpiry && k.expiresMs != 0 && k.expiresMs <= nowMs)
        return QStringLiteral("the expiry %1 is in the past")
            .arg(QDateTime::fromMSecsSinceEpoch(k.expiresMs, Qt::UTC).toString(Qt::ISODate));
    for (const auto& [key, value] : k.metadata)
        if (key.isEmpty() || key.size() > 128 || value.size() > 1024)
            return QStringLiteral("a metadata tag needs a name of 1 to 128 characters and a "
                                  "value of at most 1024");
    return {};
}

Result<QByteArray> randomBytes(int count)
{
    QByteArray bytes(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), count) != 1)
        return Result<QByteArray>::failure(
            QStringLiteral("the system's random number generator failed"));
    return bytes;
}

} // namespace

Result<std::unique_ptr<KeyStore>> KeyStore::open(const QString& dataDir)
{
    Result<std::unique_ptr<SqliteKeyStore>> store = SqliteKeyStore::open(dataDir);
    if (!store)
        return Result<std::unique_ptr<KeyStore>>::failure(store.error());
    return std::unique_ptr<KeyStore>(std::move(store).value());
}

SqliteKeyStore::SqliteKeyStore(sqlite3* db, WallClock clock) : m_db(db), m_clock(std::move(clock))
{}

SqliteKeyStore::~SqliteKeyStore()
{
    sqlite3_close(m_db);
}

Result<std::unique_ptr<SqliteKeyStore>> SqliteKeyStore::open(const QString& dataDir,
                                                             WallClock clock)
{
    using R = Result<std::unique_ptr<SqliteKeyStore>>;
    if (!QDir().mkpath(dataDir))
        return R::failure(QStringLiteral("cannot create the data dir %1").arg(dataDir));
    const QString path = QDir(dataDir).filePath(QLatin1String(fileName));
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        const QString error = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString();
        sqlite3_close(db);
        return R::failure(QStringLiteral("cannot open %1: %2").arg(path, error));
    }
    std::unique_ptr<SqliteKeyStore> store(new SqliteKeyStore(db, std::move(clock)));
    // Writers (the CLI, the admin API) and the gateway's reader are separate connections,
    // often of separate processes: WAL lets them read while one writes, and a writer waits
    // for another rather than failing at once.
    sqlite3_busy_timeout(db, 5000);
    Result<bool> ready = store->exec("PRAGMA journal_mode=WAL");
    if (ready)
        ready = store->exec("BEGIN IMMEDIATE");
    if (ready) {
        ready = store->exec(schema);
        ready = ready ? store->exec("COMMIT") : (store->exec("ROLLBACK"), ready);
    }
    if (!ready)
        return R::failure(QStringLiteral("cannot use %1: %2").arg(path, ready.error()));
    return R(std::move(store));
}

QString SqliteKeyStore::sqliteError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

Result<bool> SqliteKeyStore::exec(const char* sql)
{
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        const QString error = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return Result<bool>::failure(error);
    }
    return true;
}

Result<QByteArray> SqliteKeyStore::makeSecret()
{
    Result<QByteArray> random = randomBytes(32);
    if (!random)
        return random;
    return QByteArray(secretPrefix) +
           random.value().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray SqliteKeyStore::sha256(QByteArrayView secret)
{
    return tls::sha256(secret);
}

QString SqliteKeyStore::visiblePrefix(const QByteArray& secret)
{
    return QString::fromLatin1(secret.left(10));
}

Result<std::vector<KeyRecord>> SqliteKeyStore::select(const char* where, const QString& name)
{
    using R = Result<std::vector<KeyRecord>>;
    const QByteArray sql =
        QByteArray("SELECT ") + columns + " FROM keys " + where + " ORDER BY created_ms, name";
    Statement s(m_db, sql.constData());
    if (!s.valid())
        return R::failure(sqliteError());
    if (!name.isNull())
        s.text(1, name);
    std::vector<KeyRecord> keys;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        Result<KeyRecord> key = readRow(s);
        if (!key)
            return R::failure(key.error());
        keys.push_back(std::move(key).value());
    }
    if (rc != SQLITE_DONE)
        return R::failure(sqliteError());
    return keys;
}

Result<std::vector<KeyRecord>> SqliteKeyStore::list()
{
    return select("", QString());
}

Result<KeyRecord> SqliteKeyStore::find(const QString& name)
{
    Result<std::vector<KeyRecord>> found = select("WHERE name = ?1", name);
    if (!found)
        return Result<KeyRecord>::failure(found.error());
    if (found->empty())
        return Result<KeyRecord>::failure(QStringLiteral("no key is named \"%1\"").arg(name));
    return found->front();
}

Result<IssuedKey> SqliteKeyStore::create(const KeySpec& spec, qint64 nowMs)
{
    using R = Result<IssuedKey>;
    IssuedKey issued;
    KeyRecord& k = issued.record;
    k.name = spec.name;
    k.tenant = spec.tenant.value_or(defaultTenant());
    k.models = spec.models.value_or(QStringList());
    k.limits = spec.limits.value_or(config::Limits());
    k.expiresMs = spec.expiresMs.value_or(0);
    k.metadata = spec.metadata.value_or(QList<QPair<QString, QString>>());
    k.createdMs = nowMs;
    if (const QString problem = specProblem(k, nowMs, true); !problem.isEmpty())
        return R::failure(problem);
    Result<QByteArray> id = randomBytes(8);
    Result<QByteArray> secret = makeSecret();
    if (!id || !secret)
        return R::failure(id ? secret.error() : id.error());
    k.id = QStringLiteral("key_") + QString::fromLatin1(id.value().toHex());
    issued.secret = secret.value();
    k.sha256 = sha256(issued.secret);
    k.prefix = visiblePrefix(issued.secret);

    Statement s(m_db, "INSERT INTO keys (id, name, tenant, sha256, prefix, models, limits, "
                      "created_ms, expires_ms, revoked_ms, metadata, updated_ms) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?8)");
    if (!s.valid())
        return R::failure(sqliteError());
    s.text(1, k.id);
    s.text(2, k.name);
    s.text(3, k.tenant);
    s.blob(4, k.sha256);
    s.text(5, k.prefix);
    s.text(6, modelsJson(k.models));
    s.text(7, QString::fromUtf8(jsonText(config::limitsToJson(k.limits))));
    s.integer(8, nowMs);
    s.integer(9, k.expiresMs);
    s.text(10, metadataJson(k.metadata));
    if (s.step() == SQLITE_DONE) {
        m_changes = -1;
        return issued;
    }
    if (sqlite3_extended_errcode(m_db) == SQLITE_CONSTRAINT_UNIQUE) {
        Result<KeyRecord> existing = find(k.name);
        if (existing && existing->revokedMs != 0)
            return R::failure(QStringLiteral("a revoked key named \"%1\" exists: a revoked key "
                                             "keeps its name, so choose another one")
                                  .arg(k.name));
        if (existing)
            return R::failure(QStringLiteral("a key named \"%1\" exists already").arg(k.name));
    }
    return R::failure(sqliteError());
}

Result<KeyRecord> SqliteKeyStore::update(const KeySpec& spec)
{
    using R = Result<KeyRecord>;
    // Read, change and write back in one transaction: two writers changing different settings
    // of one key both keep theirs.
    if (Result<bool> begun = exec("BEGIN IMMEDIATE"); !begun)
        return R::failure(begun.error());
    const auto rollback = [this](const QString& error) {
        exec("ROLLBACK");
        return R::failure(error);
    };
    Result<KeyRecord> found = find(spec.name);
    if (!found)
        return rollback(found.error());
    KeyRecord k = found.value();
    if (k.revokedMs != 0)
        return rollback(QStringLiteral("the key \"%1\" was revoked").arg(k.name));
    if (spec.tenant)
        k.tenant = *spec.tenant;
    if (spec.models)
        k.models = *spec.models;
    if (spec.limits)
        k.limits = *spec.limits;
    if (spec.expiresMs)
        k.expiresMs = *spec.expiresMs;
    if (spec.metadata)
        k.metadata = *spec.metadata;
    const qint64 nowMs = m_clock();
    if (const QString problem = specProblem(k, nowMs, bool(spec.expiresMs)); !problem.isEmpty())
        return rollback(problem);
    Statement s(m_db, "UPDATE keys SET tenant = ?2, models = ?3, limits = ?4, expires_ms = ?5, "
                      "metadata = ?6, updated_ms = ?7 WHERE id = ?1");
    if (!s.valid())
        return rollback(sqliteError());
    s.text(1, k.id);
    s.text(2, k.tenant);
    s.text(3, modelsJson(k.models));
    s.text(4, QString::fromUtf8(jsonText(config::limitsToJson(k.limits))));
    s.integer(5, k.expiresMs);
    s.text(6, metadataJson(k.metadata));
    s.integer(7, nowMs);
    if (s.step() != SQLITE_DONE)
        return rollback(sqliteError());
    if (Result<bool> committed = exec("COMMIT"); !committed)
        return rollback(committed.error());
    m_changes = -1;
    return k;
}

Result<KeyRecord> SqliteKeyStore::revoke(const QString& name, qint64 nowMs)
{
    using R = Result<KeyRecord>;
    Statement s(m_db, "UPDATE keys SET revoked_ms = ?2, updated_ms = ?2 "
                      "WHERE name = ?1 AND revoked_ms = 0");
    if (!s.valid())
        return R::failure(sqliteError());
    s.text(1, name);
    s.integer(2, nowMs);
    if (s.step() != SQLITE_DONE)
        return R::failure(sqliteError());
    const bool changed = sqlite3_changes(m_db) > 0;
    m_changes = -1;
    Result<KeyRecord> key = find(name);
    if (key && !changed)
        return R::failure(QStringLiteral("the key \"%1\" was revoked already, at %2")
                              .arg(name, QDateTime::fromMSecsSinceEpoch(key->revokedMs, Qt::UTC)
                                             .toString(Qt::ISODate)));
    return key;
}

Result<IssuedKey> SqliteKeyStore::rotate(const QString& name)
{
    using R = Result<IssuedKey>;
    Result<QByteArray> secret = makeSecret();
    if (!secret)
        return R::failure(secret.error());
    if (Result<bool> begun = exec("BEGIN IMMEDIATE"); !begun)
        return R::failure(begun.error());
    const auto rollback = [this](const QString& error) {
        exec("ROLLBACK");
        return R::failure(error);
    };
    Result<KeyRecord> found = find(name);
    if (!found)
        return rollback(found.error());
    IssuedKey issued{found.value(), secret.value()};
    KeyRecord& k = issued.record;
    if (k.revokedMs != 0)
        return rollback(QStringLiteral("the key \"%1\" was revoked: create a new one").arg(name));
    k.sha256 = sha256(issued.secret);
    k.prefix = visiblePrefix(issued.secret);
    Statement s(m_db, "UPDATE keys SET sha256 = ?2, prefix = ?3, updated_ms = ?4 WHERE id = ?1");
    if (!s.valid())
        return rollback(sqliteError());
    s.text(1, k.id);
    s.blob(2, k.sha256);
    s.text(3, k.prefix);
    s.integer(4, m_clock());
    if (s.step() != SQLITE_DONE)
        return rollback(sqliteError());
    if (Result<bool> committed = exec("COMMIT"); !committed)
        return rollback(committed.error());
    m_changes = -1;
    return issued;
}

Result<qint64> SqliteKeyStore::changeCount()
{
    Statement version(m_db, "PRAGMA data_version");
    if (!version.valid() || version.step() != SQLITE_ROW)
        return Result<qint64>::failure(sqliteError());
    const qint64 dataVersion = version.columnInteger(0);
    // data_version moves with other connections' commits only; this connection's own writes
    // reset m_changes.
    if (dataVersion == m_dataVersion && m_changes >= 0)
        return m_changes; // nothing committed since the last look
    Statement counter(m_db, "SELECT counter FROM key_changes WHERE id = 1");
    if (!counter.valid() || counter.step() != SQLITE_ROW)
        return Result<qint64>::failure(sqliteError());
    m_dataVersion = dataVersion;
    m_changes = counter.columnInteger(0);
    return m_changes;
}

} // namespace gateway::governance

#include "governance/SqliteKeyStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gateway;
using namespace gateway::governance;

namespace {

constexpr qint64 t0 = 1'790'000'000'000; // an anchored "now"

std::unique_ptr<SqliteKeyStore> openStore(const QString& dir, qint64* clock = nullptr)
{
    auto store = SqliteKeyStore::open(dir, [clock] { return clock ? *clock : t0; });
    EXPECT_TRUE(store.ok()) << qPrintable(store.error());
    return store ? std::move(store).value() : nullptr;
}

KeySpec spec(const QString& name)
{
    KeySpec s;
    s.name = name;
    return s;
}

// Every byte SQLite wrote for the data dir: the database, its WAL and shared memory.
QByteArray filesOf(const QString& dir)
{
    QByteArray all;
    for (const QString& f : QDir(dir).entryList(QDir::Files)) {
        QFile file(QDir(dir).filePath(f));
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

TEST(SqliteKeyStore, CreatesAKeyAndKeepsOnlyItsHashAndPrefix)
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    KeySpec s = spec(QStringLiteral("ci"));
    s.tenant = QStringLiteral("team-a");
    s.models = QStringList{QStringLiteral("gpt-*"), QStringLiteral("fast")};
    config::Limits limits;
    limits.rpm = 100;
    limits.budgetNanos = config::usdToNanos(1.0);
    limits.budgetPeriod = config::Period::Day;
    s.limits = limits;
    s.metadata = QList<QPair<QString, QString>>{{QStringLiteral("owner"), QStringLiteral("qa")}};
    Result<IssuedKey> issued = store->create(s, t0);
    ASSERT_TRUE(issued.ok()) << qPrintable(issued.error());
    const QByteArray secret = issued->secret;
    EXPECT_TRUE(secret.startsWith("sk-sb-"));
    EXPECT_EQ(secret.size(), 6 + 43); // 32 random bytes in unpadded base64url
    EXPECT_EQ(issued->record.sha256, SqliteKeyStore::sha256(secret));
    EXPECT_EQ(issued->record.prefix, QString::fromLatin1(secret.left(10)));
    EXPECT_TRUE(issued->record.id.startsWith(QStringLiteral("key_")));
    EXPECT_EQ(issued->record.id.size(), 4 + 16);

    Result<KeyRecord> found = openStore(dir.path())->find(QStringLiteral("ci"));
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->id, issued->record.id);
    EXPECT_EQ(found->tenant, QStringLiteral("team-a"));
    EXPECT_EQ(found->models, (QStringList{QStringLiteral("gpt-*"), QStringLiteral("fast")}));
    EXPECT_EQ(found->limits, limits);
    EXPECT_EQ(found->createdMs, t0);
    EXPECT_EQ(found->metadata.size(), 1);
    EXPECT_EQ(found->sha256, SqliteKeyStore::sha256(secret));

    const QByteArray bytes = filesOf(dir.path());
    ASSERT_FALSE(bytes.isEmpty());
    EXPECT_FALSE(bytes.contains(secret));
    EXPECT_FALSE(bytes.contains(secret.mid(10))); // not even the part after the prefix
    EXPECT_TRUE(bytes.contains(SqliteKeyStore::sha256(secret)));
}

TEST(SqliteKeyStore, NamesAreUniqueAndARevokedKeyKeepsItsName)
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    ASSERT_TRUE(store->create(spec(QStringLiteral("ci")), t0).ok());
    Result<IssuedKey> again = store->create(spec(QStringLiteral("ci")), t0);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error(), QStringLiteral("a key named \"ci\" exists already"));
    ASSERT_TRUE(store->revoke(QStringLiteral("ci"), t0 + 1).ok());
    again = store->create(spec(QStringLiteral("ci")), t0);
    ASSERT_FALSE(again.ok());
    EXPECT_TRUE(again.error().contains(QStringLiteral("revoked key named \"ci\"")));
    EXPECT_FALSE(store->create(spec(QStringLiteral("a b")), t0).ok());
    EXPECT_FALSE(store->revoke(QStringLiteral("nope"), t0).ok());
    Result<KeyRecord> twice = store->revoke(QStringLiteral("ci"), t0 + 2);
    ASSERT_FALSE(twice.ok());
    EXPECT_TRUE(twice.error().contains(QStringLiteral("revoked already")));
    EXPECT_EQ(store->find(QStringLiteral("ci"))->revokedMs, t0 + 1);
}

TEST(SqliteKeyStore, RotateGivesANewSecretToTheSameKey)
{
    QTemporaryDir dir;
    auto store = openStore(dir.path());
    Result<IssuedKey> first = store->create(spec(QStringLiteral("ci")), t0);
    ASSERT_TRUE(first.ok());
    Result<IssuedKey> rotated = store->rotate(QStringLiteral("ci"));
    ASSERT_TRUE(rotated.ok()) << qPrintable(rotated.error());
    EXPECT_NE(rotated->secret, first->secret);
    EXPECT_EQ(rotated->record.id, first->record.id);
    const KeyRecord now = store->find(QStringLiteral("ci")).value();
    EXPECT_EQ(now.sha256, SqliteKeyStore::sha256(rotated->secret));
    EXPECT_NE(now.sha256, SqliteKeyStore::sha256(first->secret));
    EXPECT_FALSE(filesOf(dir.path()).contains(rotated->secret));

    ASSERT_TRUE(store->revoke(QStringLiteral("ci"), t0).ok());
    EXPECT_FALSE(store->rotate(QStringLiteral("ci")).ok());
    EXPECT_FALSE(store->rotate(QStringLiteral("nope")).ok());
}

TEST(SqliteKeyStore, ExpiryIsCheckedAgainstTheGivenTime)
{
    QTemporaryDir dir;
    qint64 clock = t0;
    auto store = openStore(dir.path(), &clock);
    KeySpec s = spec(QStringLiteral("old"));
    s.expiresMs = t0 - 1;
    Result<IssuedKey> past = store->create(s, t0);
    ASSERT_FALSE(past.ok());
    EXPECT_TRUE(past.error().contains(QStringLiteral("in the past")));
    s.expiresMs = t0 + 60'000;
    ASSERT_TRUE(store->create(s, t0).ok());
    EXPECT_TRUE(store->find(QStringLiteral("old"))->usableAt(t0 + 59'999));
    EXPECT_FALSE(store->find(QStringLiteral("old"))->usableAt(t0 + 60'000));

    // update changes what it is given and keeps the rest.
    KeySpec change = spec(QStringLiteral("old"));
    change.models = QStringList{QStringLiteral("fast")};
    clock = t0 + 5;
    Result<KeyRecord> updated = store->update(change);
    ASSERT_TRUE(updated.ok()) << qPrintable(updated.error());
    EXPECT_EQ(updated->models, QStringList{QStringLiteral("fast")});
    EXPECT_EQ(updated->expiresMs, t0 + 60'000);
}

TEST(SqliteKeyStore, CountsChangesMadeByAnyConnection)
{
    QTemporaryDir dir;
    auto reader = openStore(dir.path());
    auto writer = openStore(dir.path());
    const qint64 before = reader->changeCount().value();
    EXPECT_EQ(reader->changeCount().value(), before);
    ASSERT_TRUE(writer->create(spec(QStringLiteral("a")), t0).ok());
    EXPECT_EQ(reader->changeCount().value(), before + 1);
    ASSERT_TRUE(writer->rotate(QStringLiteral("a")).ok());
    ASSERT_TRUE(writer->revoke(QStringLiteral("a"), t0).ok());
    EXPECT_EQ(reader->changeCount().value(), before + 3);
}

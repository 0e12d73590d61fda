#include "governance/StoredKeyDirectory.h"
#include "governance/SqliteKeyStore.h"
#include "support/Eventually.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gateway;
using namespace gateway::governance;

namespace {

constexpr qint64 t0 = 1'790'000'000'000;

KeySpec spec(const QString& name)
{
    KeySpec s;
    s.name = name;
    return s;
}

config::KeyDecl decl(const QString& name, const QByteArray& secret)
{
    config::KeyDecl d;
    d.name = name;
    d.sha256 = SqliteKeyStore::sha256(secret);
    d.models = {QStringLiteral("fast")};
    return d;
}

std::unique_ptr<StoredKeyDirectory>
openDirectory(const QString& dir, const QList<config::KeyDecl>& keys = {}, bool poll = false)
{
    auto directory = StoredKeyDirectory::open(dir, keys, poll);
    EXPECT_TRUE(directory.ok()) << qPrintable(directory.error());
    return directory ? std::move(directory).value() : nullptr;
}

} // namespace

TEST(StoredKeyDirectory, SeesWhatAnotherConnectionChanges)
{
    QTemporaryDir dir;
    auto directory = openDirectory(dir.path());
    EXPECT_FALSE(directory->hasKeys());
    EXPECT_TRUE(directory->current()->empty());
    EXPECT_FALSE(directory->refresh().value()); // nothing changed

    auto cli = SqliteKeyStore::open(dir.path()).value();
    const IssuedKey issued = cli->create(spec(QStringLiteral("ci")), t0).value();
    const std::shared_ptr<const KeySet> before = directory->current();
    EXPECT_TRUE(directory->refresh().value());
    EXPECT_TRUE(directory->hasKeys());
    const std::shared_ptr<const KeySet> after = directory->current();
    EXPECT_TRUE(before->empty()); // a snapshot never changes
    const KeyRecord* key = after->bySecretHash(SqliteKeyStore::sha256(issued.secret));
    ASSERT_TRUE(key);
    EXPECT_EQ(key->name, QStringLiteral("ci"));
    EXPECT_EQ(key->source, KeyRecord::Source::Stored);

    const IssuedKey rotated = cli->rotate(QStringLiteral("ci")).value();
    EXPECT_TRUE(directory->refresh().value());
    EXPECT_FALSE(directory->current()->bySecretHash(SqliteKeyStore::sha256(issued.secret)));
    EXPECT_TRUE(directory->current()->bySecretHash(SqliteKeyStore::sha256(rotated.secret)));

    ASSERT_TRUE(cli->revoke(QStringLiteral("ci"), t0).ok());
    EXPECT_TRUE(directory->refresh().value());
    EXPECT_EQ(directory->current()->byName(QStringLiteral("ci"))->revokedMs, t0);
}

TEST(StoredKeyDirectory, ItsOwnThreadPicksUpAChangeWithinASecond)
{
    QTemporaryDir dir;
    auto directory = openDirectory(dir.path(), {}, true);
    auto cli = SqliteKeyStore::open(dir.path()).value();
    ASSERT_TRUE(cli->create(spec(QStringLiteral("ci")), t0).ok());
    // Generous: the poll runs every 250 ms; a loaded machine may be slower.
    EXPECT_TRUE(eventually([&] { return directory->hasKeys(); }, 10'000));
    EXPECT_TRUE(directory->current()->byName(QStringLiteral("ci")));
}

TEST(StoredKeyDirectory, MergesTheConfigsKeys)
{
    QTemporaryDir dir;
    auto cli = SqliteKeyStore::open(dir.path()).value();
    ASSERT_TRUE(cli->create(spec(QStringLiteral("stored")), t0).ok());
    auto directory =
        openDirectory(dir.path(), {decl(QStringLiteral("declared"), "sk-sb-declared-secret")});
    const auto set = directory->current();
    EXPECT_EQ(set->all().size(), 2u);
    const KeyRecord* declared = set->bySecretHash(SqliteKeyStore::sha256("sk-sb-declared-secret"));
    ASSERT_TRUE(declared);
    EXPECT_EQ(declared->source, KeyRecord::Source::Config);
    EXPECT_EQ(declared->id, QStringLiteral("cfg_") +
                                SqliteKeyStore::sha256("sk-sb-declared-secret").toHex().left(16));
    EXPECT_EQ(declared->tenant, QStringLiteral("default"));

    // A reload without it.
    ASSERT_TRUE(directory->setConfigKeys({}).ok());
    EXPECT_EQ(directory->current()->all().size(), 1u);
}

TEST(StoredKeyDirectory, RefusesAConfigThatDeclaresAStoredName)
{
    QTemporaryDir dir;
    auto cli = SqliteKeyStore::open(dir.path()).value();
    const IssuedKey stored = cli->create(spec(QStringLiteral("ci")), t0).value();
    auto refused = StoredKeyDirectory::open(dir.path(), {decl(QStringLiteral("ci"), "sk-sb-x")});
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().contains(QStringLiteral("\"ci\" is declared in the config and "
                                                        "stored in the data dir")))
        << qPrintable(refused.error());
    // The same secret under another name.
    config::KeyDecl copy = decl(QStringLiteral("copy"), stored.secret);
    refused = StoredKeyDirectory::open(dir.path(), {copy});
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().contains(QStringLiteral("has the secret of the stored key")));
    // A revoked key keeps its name.
    ASSERT_TRUE(cli->revoke(QStringLiteral("ci"), t0).ok());
    EXPECT_FALSE(StoredKeyDirectory::open(dir.path(), {decl(QStringLiteral("ci"), "sk-sb-x")}));

    auto directory = openDirectory(dir.path());
    EXPECT_FALSE(directory->setConfigKeys({decl(QStringLiteral("ci"), "sk-sb-x")}).ok());
    EXPECT_EQ(directory->current()->all().size(), 1u); // unchanged
}

TEST(StoredKeyDirectory, AStoredKeyMadeWithADeclaredNameLaterIsLeftOut)
{
    QTemporaryDir dir;
    auto directory = openDirectory(dir.path(), {decl(QStringLiteral("ci"), "sk-sb-declared")});
    auto cli = SqliteKeyStore::open(dir.path()).value();
    const IssuedKey late = cli->create(spec(QStringLiteral("ci")), t0).value();
    EXPECT_TRUE(directory->refresh().value());
    const auto set = directory->current();
    EXPECT_EQ(set->all().size(), 1u);
    EXPECT_FALSE(set->bySecretHash(SqliteKeyStore::sha256(late.secret)));
    EXPECT_EQ(set->byName(QStringLiteral("ci"))->source, KeyRecord::Source::Config);
    EXPECT_TRUE(directory->hasStoredKeys());
}

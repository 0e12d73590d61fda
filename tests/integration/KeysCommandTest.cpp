// `switchboard keys` as a separate process: the secret printed once and never stored, --json,
// list, rotate, revoke, and exit codes (2 for usage errors, 1 for failures).

#include "governance/SqliteKeyStore.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

struct CommandRun
{
    int exitCode = -1;
    QByteArray out, err;
};

CommandRun keys(const QStringList& arguments)
{
    QProcess p;
    p.start(QStringLiteral(SWITCHBOARD_BINARY), QStringList{QStringLiteral("keys")} + arguments);
    EXPECT_TRUE(p.waitForFinished(20'000));
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

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

TEST(KeysCommand, CreatesListsRotatesAndRevokesWithoutStoringTheSecret)
{
    QTemporaryDir dir;
    const QStringList at{QStringLiteral("--data-dir"), dir.path()};
    CommandRun created =
        keys(QStringList{"create", "--name", "ci", "--tenant", "team-a", "--models", "fast,gpt-*",
                         "--rpm", "60", "--budget", "2.50", "--budget-period", "week", "--expires",
                         "30d", "--json"} +
             at);
    ASSERT_EQ(created.exitCode, 0) << created.err.constData();
    const QJsonObject key = QJsonDocument::fromJson(created.out).object();
    const QByteArray secret = key.value(QStringLiteral("key")).toString().toLatin1();
    EXPECT_TRUE(secret.startsWith("sk-sb-"));
    EXPECT_TRUE(key.value(QStringLiteral("id")).toString().startsWith(QStringLiteral("key_")));
    EXPECT_EQ(key.value(QStringLiteral("name")).toString(), QStringLiteral("ci"));
    EXPECT_EQ(key.value(QStringLiteral("sha256")).toString().toLatin1(),
              gateway::governance::SqliteKeyStore::sha256(secret).toHex());
    EXPECT_EQ(key.value(QStringLiteral("prefix")).toString().toLatin1(), secret.left(10));
    const QJsonObject limits = key.value(QStringLiteral("limits")).toObject();
    EXPECT_EQ(limits.value(QStringLiteral("rpm")).toInt(), 60);
    EXPECT_EQ(
        limits.value(QStringLiteral("budget")).toObject().value(QStringLiteral("usd")).toDouble(),
        2.5);
    EXPECT_FALSE(key.value(QStringLiteral("expiresAt")).isNull());

    CommandRun listed = keys(QStringList{"list", "--json"} + at);
    ASSERT_EQ(listed.exitCode, 0) << listed.err.constData();
    EXPECT_FALSE(listed.out.contains(secret));
    const QJsonArray all = QJsonDocument::fromJson(listed.out).array();
    ASSERT_EQ(all.size(), 1);
    EXPECT_EQ(all[0].toObject().value(QStringLiteral("tenant")).toString(),
              QStringLiteral("team-a"));
    CommandRun table = keys(QStringList{"list"} + at);
    EXPECT_TRUE(table.out.contains("rpm 60, budget $2.50/week")) << table.out.constData();
    EXPECT_FALSE(table.out.contains(secret));

    CommandRun rotated = keys(QStringList{"rotate", "ci", "--json"} + at);
    ASSERT_EQ(rotated.exitCode, 0) << rotated.err.constData();
    const QByteArray second = QJsonDocument::fromJson(rotated.out)
                                  .object()
                                  .value(QStringLiteral("key"))
                                  .toString()
                                  .toLatin1();
    EXPECT_TRUE(second.startsWith("sk-sb-"));
    EXPECT_NE(second, secret);

    CommandRun revoked = keys(QStringList{"revoke", "ci"} + at);
    EXPECT_EQ(revoked.exitCode, 0) << revoked.err.constData();
    CommandRun again = keys(QStringList{"revoke", "ci"} + at);
    EXPECT_EQ(again.exitCode, 1);
    EXPECT_TRUE(again.err.contains("revoked already")) << again.err.constData();

    const QByteArray bytes = filesOf(dir.path());
    EXPECT_FALSE(bytes.contains(secret));
    EXPECT_FALSE(bytes.contains(second));
}

TEST(KeysCommand, SaysWhatIsWrongWithExitCode2ForUsageAnd1ForFailures)
{
    QTemporaryDir dir;
    const QStringList at{QStringLiteral("--data-dir"), dir.path()};
    const auto expectError = [&](const QStringList& args, int code, const char* says) {
        const CommandRun r = keys(args + at);
        EXPECT_EQ(r.exitCode, code) << qPrintable(args.join(' '));
        EXPECT_TRUE(r.err.contains(says)) << r.err.constData();
        EXPECT_TRUE(r.out.isEmpty()) << r.out.constData();
    };
    expectError({}, 2, "say create, list, revoke or rotate");
    expectError({"frob"}, 2, "unknown action \"frob\"");
    expectError({"create"}, 2, "create needs --name NAME");
    expectError({"create", "--name", "a b"}, 2, "\"a b\" is not a valid name");
    expectError({"create", "--name", "x", "--rpm", "many"}, 2, "--rpm takes a whole number");
    expectError({"create", "--name", "x", "--budget", "1", "--budget-period", "year"}, 2,
                "--budget-period takes day, week, month or total");
    expectError({"create", "--name", "x", "--budget-period", "day"}, 2,
                "--budget-period needs --budget");
    expectError({"create", "--name", "x", "--expires", "soon"}, 2,
                "--expires: expiry \"soon\" is neither a duration");
    expectError({"list", "--rpm", "3"}, 2, "--rpm applies to create only");
    expectError({"revoke"}, 2, "revoke takes the key's name");
    expectError({"rotate", "nope"}, 1, "no key is named \"nope\"");
    expectError({"revoke", "nope"}, 1, "no key is named \"nope\"");

    ASSERT_EQ(keys(QStringList{"create", "--name", "ci"} + at).exitCode, 0);
    expectError({"create", "--name", "ci"}, 1, "a key named \"ci\" exists already");
    CommandRun help = keys({"--help"});
    EXPECT_EQ(help.exitCode, 0);
    for (const char* option : {"--name", "--tenant", "--models", "--rpm", "--tpm",
                               "--max-concurrent", "--budget", "--budget-period", "--quota-tokens",
                               "--quota-period", "--expires", "--json", "--data-dir", "--config"})
        EXPECT_TRUE(help.out.contains(option)) << option;
}

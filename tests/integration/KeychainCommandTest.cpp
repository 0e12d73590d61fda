// `switchboard keychain set|has|delete NAME` as a person runs it, inside the private keyring of
// tests/support/with-keyring.sh; then `serve` uses the stored key.

#include "config/Keychain.h"

#include <QCoreApplication>
#include <QProcess>
#include <QUuid>

#include <gtest/gtest.h>

namespace {

struct Outcome
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Outcome switchboard(const QStringList& arguments, const QByteArray& input = QByteArray())
{
    QProcess process;
    process.start(QStringLiteral(SWITCHBOARD_BINARY), arguments);
    process.write(input);
    process.closeWriteChannel();
    Outcome run;
    if (!process.waitForFinished(20'000))
        return run;
    run.code = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

TEST(KeychainCommandTest, StoresChecksAndDeletesAKeyFromStandardInput)
{
    const QString name =
        QStringLiteral("cli-") + QUuid::createUuid().toString(QUuid::Id128).left(8);
    Outcome has = switchboard({"keychain", "has", name});
    EXPECT_EQ(has.code, 3) << has.err.constData();

    Outcome set = switchboard({"keychain", "set", name}, "sk-typed-on-stdin\n");
    ASSERT_EQ(set.code, 0) << set.err.constData();
    EXPECT_TRUE(set.out.contains("\"apiKey\": \"keychain:" + name.toUtf8() + "\""));
    EXPECT_FALSE(set.out.contains("sk-typed") || set.err.contains("sk-typed")) << "echoed the key";
    EXPECT_EQ(gateway::config::Keychain::read(name).value(), "sk-typed-on-stdin");

    has = switchboard({"keychain", "has", name});
    EXPECT_EQ(has.code, 0);
    EXPECT_FALSE(has.out.contains("sk-typed"));

    Outcome removed = switchboard({"keychain", "delete", name});
    EXPECT_EQ(removed.code, 0) << removed.err.constData();
    EXPECT_FALSE(gateway::config::Keychain::read(name).ok());
}

TEST(KeychainCommandTest, RefusesBadInputWithAReason)
{
    Outcome empty = switchboard({"keychain", "set", "empty-key"}, "\n");
    EXPECT_EQ(empty.code, 1);
    EXPECT_TRUE(empty.err.contains("no key on standard input")) << empty.err.constData();
    Outcome name = switchboard({"keychain", "set", "no spaces"}, "sk-x\n");
    EXPECT_EQ(name.code, 2);
    EXPECT_TRUE(name.err.contains("not a valid entry name")) << name.err.constData();
    Outcome action = switchboard({"keychain", "show", "x"});
    EXPECT_EQ(action.code, 2);
    EXPECT_TRUE(action.err.contains("expected set|has|delete NAME"));
    Outcome huge = switchboard({"keychain", "set", "huge"}, QByteArray(70'000, 'k') + "\n");
    EXPECT_EQ(huge.code, 1);
    EXPECT_FALSE(gateway::config::Keychain::find(QStringLiteral("huge")).value().has_value());
    // The longest key that fits (64 KiB) is stored whole, not cut.
    Outcome longest = switchboard({"keychain", "set", "longest"}, QByteArray(65'536, 'k') + "\n");
    EXPECT_EQ(longest.code, 0) << longest.err.constData();
    EXPECT_EQ(gateway::config::Keychain::read(QStringLiteral("longest")).value().size(), 65'536);
}

int main(int argc, char** argv)
{
    // No QT_NO_GLIB: the keychain answers through GLib's event loop.
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

// The OS keychain through QtKeychain, against a private GNOME Keyring (tests/support/
// with-keyring.sh runs this executable inside its own D-Bus session). The KeychainUnavailable
// tests run without any session bus.

#include "config/Keychain.h"
#include "config/ConfigLoader.h"

#include <QCoreApplication>
#include <QThread>
#include <QUuid>

#include <gtest/gtest.h>

using gateway::config::ConfigLoader;
using gateway::config::Keychain;

namespace {

// A name no other test run uses, so runs never see each other's entries.
QString uniqueName(const char* prefix)
{
    return QLatin1String(prefix) + QLatin1Char('-') +
           QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
}

QByteArray configWithKey(const QString& reference)
{
    return QStringLiteral(R"({"schemaVersion": 1,
      "backends": [{"name": "openai", "type": "openai-compatible",
                    "baseUrl": "https://api.openai.com/v1", "apiKey": "%1"}],
      "models": [{"alias": "gpt", "targets": [{"backend": "openai", "model": "gpt-4o-mini"}]}]})")
        .arg(reference)
        .toUtf8();
}

} // namespace

TEST(KeychainTest, WritesReadsReplacesAndRemovesASecret)
{
    const QString name = uniqueName("roundtrip");
    ASSERT_TRUE(Keychain::write(name, "sk-first").ok());
    auto read = Keychain::read(name);
    ASSERT_TRUE(read.ok()) << qPrintable(read.error());
    EXPECT_EQ(read.value(), "sk-first");

    ASSERT_TRUE(Keychain::write(name, "sk-second").ok());
    EXPECT_EQ(Keychain::read(name).value(), "sk-second");

    ASSERT_TRUE(Keychain::remove(name).ok());
    EXPECT_FALSE(Keychain::read(name).ok());
    EXPECT_TRUE(Keychain::remove(name).ok()) << "removing a missing entry is not an error";
}

TEST(KeychainTest, AMissingEntryIsNamedInTheError)
{
    const QString name = uniqueName("missing");
    const auto read = Keychain::read(name);
    ASSERT_FALSE(read.ok());
    EXPECT_TRUE(read.error().contains(QStringLiteral("no entry \"%1\"").arg(name)))
        << qPrintable(read.error());
}

TEST(KeychainTest, BinarySecretsSurviveIntact)
{
    const QString name = uniqueName("binary");
    const QByteArray secret("\x00\x01\xff key with spaces \xe2\x82\xac", 24);
    ASSERT_TRUE(Keychain::write(name, secret).ok());
    EXPECT_EQ(Keychain::read(name).value(), secret);
    Keychain::remove(name);
}

TEST(KeychainTest, TheConfigLoaderResolvesKeychainReferences)
{
    const QString name = uniqueName("openai");
    ASSERT_TRUE(Keychain::write(name, "sk-from-the-keychain").ok());
    const auto config = ConfigLoader().parse(configWithKey(QStringLiteral("keychain:") + name));
    ASSERT_TRUE(config.ok()) << qPrintable(config.error());
    EXPECT_EQ(config->backends.first().apiKey, "sk-from-the-keychain");
    EXPECT_EQ(config->backends.first().apiKeyRef, QStringLiteral("keychain:") + name);
    Keychain::remove(name);

    const auto gone = ConfigLoader().parse(configWithKey(QStringLiteral("keychain:") + name));
    ASSERT_FALSE(gone.ok());
    EXPECT_TRUE(
        gone.error().startsWith(QStringLiteral("backends[0].apiKey: the keychain has no entry")))
        << qPrintable(gone.error());
}

TEST(KeychainTest, RejectsBadNamesWithoutAskingTheKeychain)
{
    for (const QString& bad :
         {QString(), QStringLiteral("-leading-dash"), QStringLiteral("has space"),
          QStringLiteral("slash/name"), QString(129, QLatin1Char('a'))}) {
        EXPECT_FALSE(Keychain::isValidName(bad)) << qPrintable(bad);
        const auto read = Keychain::read(bad);
        ASSERT_FALSE(read.ok());
        EXPECT_TRUE(read.error().contains(QLatin1String("not a valid keychain entry name")));
    }
    EXPECT_FALSE(Keychain::write(QStringLiteral("ok-name"), QByteArray()).ok())
        << "an empty secret is refused";
    const auto plain = ConfigLoader().parse(configWithKey(QStringLiteral("sk-plain-text")));
    ASSERT_FALSE(plain.ok());
    EXPECT_TRUE(plain.error().contains(QLatin1String("env:NAME or keychain:NAME")))
        << qPrintable(plain.error());
}

TEST(KeychainTest, AThreadWithoutGlibGetsAnErrorNotAHang)
{
    // The engine's threads run Qt's UNIX dispatcher (QT_NO_GLIB), which never delivers
    // libsecret's answers.
    qputenv("QT_NO_GLIB", "1");
    QString error;
    QThread* thread = QThread::create([&] {
        QEventLoop spin; // gives the thread its (non-GLib) event dispatcher
        const auto read = Keychain::read(QStringLiteral("anything"));
        error = read.ok() ? QString() : read.error();
    });
    thread->start();
    // Unset only afterwards: the thread reads the variable when it starts.
    const bool finished = thread->wait(10'000);
    qunsetenv("QT_NO_GLIB");
    ASSERT_TRUE(finished);
    delete thread;
    EXPECT_TRUE(error.contains(QLatin1String("GLib"))) << qPrintable(error);
}

TEST(KeychainUnavailable, SaysSoAndPointsToEnvReferences)
{
    const auto read = Keychain::read(QStringLiteral("anything"));
    ASSERT_FALSE(read.ok());
    EXPECT_TRUE(read.error().contains(QLatin1String("env:NAME"))) << qPrintable(read.error());
    const auto config = ConfigLoader().parse(configWithKey(QStringLiteral("keychain:anything")));
    ASSERT_FALSE(config.ok());
    EXPECT_TRUE(config.error().startsWith(QLatin1String("backends[0].apiKey: ")))
        << qPrintable(config.error());
}

int main(int argc, char** argv)
{
    // No QT_NO_GLIB here (unlike the other test executables): the keychain needs GLib's loop.
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}

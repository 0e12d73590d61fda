// `switchboard logs --config FILE` only needs the config's data dir: secrets it refers to are
// checked for form, never read (no environment variable, no keychain needed).

#include "support/EngineFixture.h"
#include "support/TestHttp.h"

#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>

TEST_F(EngineFixture, LogsCommandReadsAConfigWhoseSecretsAreNotAvailableHere)
{
    startEngine(mockConfig);
    ASSERT_EQ(testhttp::post(port, "/v1/chat/completions", chatBody).status, 200);
    ASSERT_EQ(sql(QStringLiteral("SELECT count(*) FROM requests")), 1);

    QFile config(dataDir.filePath(QStringLiteral("elsewhere.json")));
    ASSERT_TRUE(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral(R"({"schemaVersion": 1, "dataDir": "%1",
      "backends": [
        {"name": "a", "type": "openai-compatible", "baseUrl": "https://api.openai.com/v1", "apiKey": "env:SWITCHBOARD_TEST_NEVER_SET"},
        {"name": "b", "type": "openai-compatible", "baseUrl": "https://api.mistral.ai/v1", "apiKey": "keychain:not-on-this-machine"}],
      "models": [{"alias": "x", "targets": [{"backend": "a", "model": "gpt-4o-mini"}]}]})")
                     .arg(dataDir.path())
                     .toUtf8());
    config.close();

    QProcess logs;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("SWITCHBOARD_TEST_NEVER_SET"));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=/nonexistent"));
    logs.setProcessEnvironment(env);
    logs.start(QStringLiteral(SWITCHBOARD_BINARY),
               {"logs", "query", "--json", "--config", config.fileName()});
    ASSERT_TRUE(logs.waitForFinished(20'000));
    const QByteArray err = logs.readAllStandardError();
    EXPECT_EQ(logs.exitCode(), 0) << err.constData();
    const QByteArray out = logs.readAllStandardOutput();
    EXPECT_TRUE(out.contains("\"model\":\"fast\"") || out.contains("\"fast\"")) << out.constData();

    // A malformed reference is still an error.
    ASSERT_TRUE(config.open(QIODevice::WriteOnly));
    config.write(R"({"schemaVersion": 1,
      "backends": [{"name": "a", "type": "openai-compatible", "baseUrl": "https://x.test/v1", "apiKey": "sk-plain-text"}],
      "models": []})");
    config.close();
    logs.start(QStringLiteral(SWITCHBOARD_BINARY),
               {"logs", "query", "--config", config.fileName()});
    ASSERT_TRUE(logs.waitForFinished(20'000));
    EXPECT_NE(logs.exitCode(), 0);
    EXPECT_TRUE(logs.readAllStandardError().contains("backends[0].apiKey"));
}

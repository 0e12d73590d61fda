// `switchboard logs --config FILE` only needs the config's data dir: secrets it refers to are
// checked for form, never read (no environment variable, no keychain needed).

#include "store/LogWriter.h"
#include "support/EngineFixture.h"
#include "support/TestHttp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

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

namespace {
// Runs `switchboard logs ARGS` and returns its standard output; fails the test on an error.
QByteArray runLogs(const QStringList& arguments)
{
    QProcess logs;
    logs.start(QStringLiteral(SWITCHBOARD_BINARY), QStringList{QStringLiteral("logs")} + arguments);
    EXPECT_TRUE(logs.waitForFinished(20'000));
    EXPECT_EQ(logs.exitCode(), 0) << logs.readAllStandardError().constData();
    return logs.readAllStandardOutput();
}
} // namespace

TEST(LogsCommand, QueryJsonPrintsTheAttemptsOfEveryRow)
{
    QTemporaryDir dir;
    {
        using gateway::store::Attempt;
        // An anchored "now" for the writer (its retention pass measures row age in it); the
        // query reads every row, whatever the time.
        const qint64 now = 1'790'000'000'000;
        gateway::store::LogWriter::Options options;
        options.clock = [now] { return now; };
        gateway::store::LogWriter writer(options);
        ASSERT_TRUE(writer.start(dir.path()).ok());
        gateway::store::LogRecord failedOver;
        failedOver.timeMs = now - 2000;
        failedOver.traceId = QByteArray(32, 'a');
        failedOver.endpoint = QStringLiteral("chat.completions");
        failedOver.model = QStringLiteral("llama");
        failedOver.backend = QStringLiteral("mock");
        failedOver.upstreamModel = QStringLiteral("mock-fast");
        failedOver.status = 200;
        failedOver.latencyMs = 45;
        failedOver.attempts = {
            Attempt{QStringLiteral("local-vllm"), QStringLiteral("llama3"), 0,
                    QStringLiteral("upstream_connect"), 1.5},
            Attempt{QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 42}};
        writer.push(gateway::store::LogRecord(failedOver));
        gateway::store::LogRecord refused; // 404 before routing: no attempt
        refused.timeMs = now - 1000;
        refused.traceId = QByteArray(32, 'b');
        refused.endpoint = QStringLiteral("chat.completions");
        refused.model = QStringLiteral("nope");
        refused.status = 404;
        refused.errorClass = QStringLiteral("model_not_found");
        writer.push(std::move(refused));
        writer.flush();
    }

    const QByteArray out = runLogs({QStringLiteral("query"), QStringLiteral("--json"),
                                    QStringLiteral("--data-dir"), dir.path()});
    const QList<QByteArray> lines = out.trimmed().split('\n');
    ASSERT_EQ(lines.size(), 2) << out.constData();
    // Newest first: the refused request, then the one that failed over.
    const QJsonObject refused = QJsonDocument::fromJson(lines[0]).object();
    ASSERT_TRUE(refused.value(QStringLiteral("attempts")).isArray()) << lines[0].constData();
    EXPECT_TRUE(refused.value(QStringLiteral("attempts")).toArray().isEmpty());
    const QJsonObject row = QJsonDocument::fromJson(lines[1]).object();
    const QJsonArray attempts = row.value(QStringLiteral("attempts")).toArray();
    ASSERT_EQ(attempts.size(), 2) << lines[1].constData();
    const QJsonObject first = attempts[0].toObject();
    EXPECT_EQ(first.value(QStringLiteral("backend")).toString(), QStringLiteral("local-vllm"));
    EXPECT_EQ(first.value(QStringLiteral("model")).toString(), QStringLiteral("llama3"));
    EXPECT_TRUE(first.value(QStringLiteral("status")).isDouble());
    EXPECT_EQ(first.value(QStringLiteral("status")).toInt(), 0);
    EXPECT_EQ(first.value(QStringLiteral("errorClass")).toString(),
              QStringLiteral("upstream_connect"));
    EXPECT_EQ(first.value(QStringLiteral("durationMs")).toDouble(), 1.5);
    const QJsonObject second = attempts[1].toObject();
    EXPECT_EQ(second.value(QStringLiteral("status")).toInt(), 200);
    EXPECT_TRUE(second.value(QStringLiteral("errorClass")).isString());
    EXPECT_EQ(second.value(QStringLiteral("errorClass")).toString(), QString());
    EXPECT_EQ(second.value(QStringLiteral("durationMs")).toDouble(), 42);

    // The table shows a failover as one line after the error column.
    const QByteArray table =
        runLogs({QStringLiteral("tail"), QStringLiteral("--data-dir"), dir.path()});
    EXPECT_TRUE(table.contains("local-vllm/llama3 ✗ upstream_connect → mock/mock-fast "
                               "✓"))
        << table.constData();
    EXPECT_EQ(table.count("→"), 1) << table.constData(); // not for a single attempt
}

TEST(LogsCommand, QueryFiltersByTenantAndKey)
{
    QTemporaryDir dir;
    {
        // An anchored "now" for the writer (its retention pass measures row age in it); the
        // query reads every row, whatever the time.
        const qint64 now = 1'790'000'000'000;
        gateway::store::LogWriter::Options options;
        options.clock = [now] { return now; };
        gateway::store::LogWriter writer(options);
        ASSERT_TRUE(writer.start(dir.path()).ok());
        const struct
        {
            const char* key;
            const char* tenant;
        } senders[] = {{"alice", "acme"}, {"bob", "acme"}, {"carol", "globex"}, {"", ""}};
        int i = 0;
        for (const auto& s : senders) {
            gateway::store::LogRecord r;
            r.timeMs = now - 1000 + i;
            r.traceId = QByteArray(32, char('a' + i++));
            r.endpoint = QStringLiteral("chat.completions");
            r.model = QStringLiteral("fast");
            r.status = 200;
            r.keyName = QString::fromLatin1(s.key);
            r.keyId = r.keyName.isEmpty() ? QString() : QStringLiteral("id-") + r.keyName;
            r.tenant = QString::fromLatin1(s.tenant);
            r.cost = 0.01;
            writer.push(std::move(r));
        }
        writer.flush();
    }
    const auto keysOf = [&dir](const QStringList& filter) {
        QStringList keys;
        const QByteArray out =
            runLogs(QStringList{QStringLiteral("query"), QStringLiteral("--json"),
                                QStringLiteral("--data-dir"), dir.path()} +
                    filter);
        for (const QByteArray& line : out.trimmed().split('\n'))
            if (!line.isEmpty())
                keys << QJsonDocument::fromJson(line)
                            .object()
                            .value(QStringLiteral("key_name"))
                            .toString();
        return keys;
    };
    EXPECT_EQ(keysOf({QStringLiteral("--tenant"), QStringLiteral("acme")}),
              (QStringList{QStringLiteral("bob"), QStringLiteral("alice")}));
    EXPECT_EQ(keysOf({QStringLiteral("--key"), QStringLiteral("carol")}),
              QStringList{QStringLiteral("carol")});
    EXPECT_EQ(keysOf({QStringLiteral("--tenant"), QStringLiteral("acme"), QStringLiteral("--key"),
                      QStringLiteral("carol")}),
              QStringList());
    EXPECT_EQ(keysOf({}).size(), 4);
    // The options are in the help text.
    QProcess help;
    help.start(QStringLiteral(SWITCHBOARD_BINARY),
               {QStringLiteral("logs"), QStringLiteral("--help")});
    ASSERT_TRUE(help.waitForFinished(20'000));
    const QByteArray text = help.readAllStandardOutput();
    EXPECT_TRUE(text.contains("--tenant <TENANT>")) << text.constData();
    EXPECT_TRUE(text.contains("--key <NAME>")) << text.constData();
}

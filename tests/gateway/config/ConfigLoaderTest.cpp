#include "config/ConfigLoader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gateway;
using namespace gateway::config;

namespace {

Result<QByteArray> fakeEnvironment(const QString& reference)
{
    if (reference == QLatin1String("env:LOCAL_LLM_KEY"))
        return QByteArray("sk-local-secret");
    return resolveSecretFromEnvironment(reference);
}

const QByteArray reference = R"({
  "schemaVersion": 1,
  "backends": [
    { "name": "local", "type": "openai-compatible", "baseUrl": "http://127.0.0.1:8000/v1", "apiKey": "env:LOCAL_LLM_KEY" }
  ],
  "models": [
    { "alias": "gpt-4o-mini", "targets": [ { "backend": "local", "model": "gpt-4o-mini" } ] }
  ]
})";

QString errorOf(const QByteArray& json)
{
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(json);
    return c ? QString() : c.error();
}

} // namespace

TEST(ConfigLoader, TheReferenceExampleLoadsAsWritten)
{
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(reference);
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    ASSERT_EQ(c->backends.size(), 1);
    const Backend& b = c->backends.first();
    EXPECT_EQ(b.type, BackendType::OpenAiCompatible);
    EXPECT_EQ(b.host, QStringLiteral("127.0.0.1"));
    EXPECT_EQ(b.port, 8000);
    EXPECT_EQ(b.basePath, "/v1");
    EXPECT_FALSE(b.tls);
    EXPECT_EQ(b.apiKey, "sk-local-secret");
    EXPECT_EQ(b.apiKeyRef, QStringLiteral("env:LOCAL_LLM_KEY"));
    ASSERT_EQ(c->models.size(), 1);
    EXPECT_EQ(c->models.first().targets.first().model, QStringLiteral("gpt-4o-mini"));
    // Defaults.
    EXPECT_EQ(c->server.port, 4000);
    EXPECT_EQ(c->upstream.maxConnectionsPerOrigin, 0); // no cap
    EXPECT_EQ(c->upstream.maxQueuedPerOrigin, 1024);
    EXPECT_EQ(c->upstream.queueTimeoutMs, 5000);
    EXPECT_TRUE(c->server.cors.allowedOrigins.isEmpty()); // no web page may call the gateway
    EXPECT_TRUE(c->server.allowedHosts.isEmpty());
}

TEST(ConfigLoader, TheEmbeddedDefaultServesTheMockAliases)
{
    Result<Config> c = ConfigLoader(fakeEnvironment).loadDefault();
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    ASSERT_NE(c->model(QStringLiteral("mock-fast")), nullptr);
    ASSERT_NE(c->model(QStringLiteral("mock-smart")), nullptr);
    EXPECT_EQ(c->backend(QStringLiteral("mock"))->type, BackendType::Mock);
}

TEST(ConfigLoader, UnsetEnvironmentVariableIsAnErrorNamingThePath)
{
    QByteArray json = reference;
    json.replace("env:LOCAL_LLM_KEY", "env:SWITCHBOARD_TEST_SURELY_UNSET");
    EXPECT_EQ(
        errorOf(json),
        QStringLiteral(
            "backends[0].apiKey: environment variable SWITCHBOARD_TEST_SURELY_UNSET is not set"));
}

TEST(ConfigLoader, PlainTextSecretsAreRefused)
{
    QByteArray json = reference;
    json.replace("env:LOCAL_LLM_KEY", "sk-plaintext");
    EXPECT_TRUE(
        errorOf(json).startsWith(QStringLiteral("backends[0].apiKey: must be a secret reference")));
}

TEST(ConfigLoader, UnknownKeysAreErrorsWithTheirPath)
{
    QByteArray json = reference;
    json.replace("\"alias\": \"gpt-4o-mini\",", "\"alias\": \"gpt-4o-mini\", \"wieght\": 3,");
    json.replace("\"schemaVersion\": 1,", "\"schemaVersion\": 1, \"backend\": [],");
    const QString error = errorOf(json);
    EXPECT_TRUE(error.contains(QStringLiteral("models[0].wieght: unknown key")))
        << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("backend: unknown key"))) << qPrintable(error);
}

TEST(ConfigLoader, MissingBackendIsAnError)
{
    QByteArray json = reference;
    json.replace("{ \"backend\": \"local\"", "{ \"backend\": \"remote\"");
    EXPECT_EQ(errorOf(json),
              QStringLiteral("models[0].targets[0].backend: no backend is named \"remote\""));
}

TEST(ConfigLoader, BadUrlsAreErrors)
{
    for (const char* url : {"ftp://x/v1", "not a url", "http:///v1", "http://h/v1?q=1"}) {
        QByteArray json = reference;
        json.replace("http://127.0.0.1:8000/v1", url);
        EXPECT_TRUE(errorOf(json).startsWith(QStringLiteral("backends[0].baseUrl: "))) << url;
    }
}

TEST(ConfigLoader, HttpsUrlsDefaultToPort443)
{
    QByteArray json = reference;
    json.replace("http://127.0.0.1:8000/v1", "https://api.openai.com/v1/");
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(json);
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    EXPECT_TRUE(c->backends.first().tls);
    EXPECT_EQ(c->backends.first().port, 443);
    EXPECT_EQ(c->backends.first().basePath, "/v1");
}

TEST(ConfigLoader, TypeAndRangeErrorsNameTheKey)
{
    const QByteArray json =
        R"({"schemaVersion": 1, "server": {"listen": "nowhere", "limits": {"maxBodyBytes": -5}},
      "logging": {"captureBodies": "yes"}, "backends": [{"name": "m", "type": "mock"}], "models": []})";
    const QString error = errorOf(json);
    EXPECT_TRUE(error.contains(QStringLiteral("server.listen: \"nowhere\" is not HOST:PORT")))
        << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("server.limits.maxBodyBytes: must be an integer")))
        << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("logging.captureBodies: must be true or false")))
        << qPrintable(error);
}

TEST(ConfigLoader, SchemaVersionAndJsonAreChecked)
{
    EXPECT_TRUE(errorOf("{").startsWith(QStringLiteral("invalid JSON")));
    EXPECT_TRUE(errorOf("[]").contains(QStringLiteral("must be a JSON object")));
    EXPECT_TRUE(errorOf(R"({"backends": [], "models": []})")
                    .contains(QStringLiteral("schemaVersion: is required")));
    EXPECT_TRUE(errorOf(R"({"schemaVersion": 2, "backends": [], "models": []})")
                    .contains(QStringLiteral("schemaVersion: must be")));
}

TEST(ConfigLoader, DuplicateNamesAreErrors)
{
    const QByteArray json = R"({"schemaVersion": 1,
      "backends": [{"name": "m", "type": "mock"}, {"name": "m", "type": "mock"}],
      "models": [{"alias": "a", "targets": [{"backend": "m", "model": "x"}]},
                 {"alias": "a", "targets": [{"backend": "m", "model": "y"}]}]})";
    const QString error = errorOf(json);
    EXPECT_TRUE(error.contains(QStringLiteral("backends[1].name: duplicate backend \"m\"")))
        << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("models[1].alias: duplicate alias \"a\"")))
        << qPrintable(error);
}

// A target is written "backend/model": a backend named "local/gpu" would make "local/gpu/llama"
// ambiguous, so a config file cannot name one so either.
TEST(ConfigLoader, BackendNamesAreLettersDigitsDotsUnderscoresAndDashes)
{
    const QByteArray json = R"({"schemaVersion": 1,
      "backends": [{"name": "local/gpu", "type": "mock"}, {"name": "two words", "type": "mock"},
                   {"name": "ok.name_1-2", "type": "mock"}],
      "models": []})";
    const QString error = errorOf(json);
    EXPECT_TRUE(error.contains(QStringLiteral("backends[0].name: \"local/gpu\" may hold only")))
        << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("backends[1].name: \"two words\" may hold only")))
        << qPrintable(error);
    EXPECT_FALSE(error.contains(QStringLiteral("backends[2]"))) << qPrintable(error);
    EXPECT_TRUE(ConfigLoader::isValidBackendName(QStringLiteral("ok.name_1-2")));
    EXPECT_FALSE(ConfigLoader::isValidBackendName(QStringLiteral("a/b")));
    EXPECT_FALSE(ConfigLoader::isValidBackendName(QStringLiteral("é")));
    EXPECT_FALSE(ConfigLoader::isValidBackendName(QString()));
}

TEST(ConfigLoader, ParsesListenAddresses)
{
    QString host;
    quint16 port = 0;
    EXPECT_TRUE(ConfigLoader::parseListen(QStringLiteral("127.0.0.1:4000"), &host, &port));
    EXPECT_EQ(port, 4000);
    EXPECT_TRUE(ConfigLoader::parseListen(QStringLiteral("[::1]:0"), &host, &port));
    EXPECT_EQ(host, QStringLiteral("::1"));
    EXPECT_TRUE(ConfigLoader::parseListen(QStringLiteral("localhost:80"), &host, &port));
    EXPECT_EQ(host, QStringLiteral("127.0.0.1"));
    EXPECT_FALSE(ConfigLoader::parseListen(QStringLiteral("127.0.0.1"), &host, &port));
    EXPECT_FALSE(ConfigLoader::parseListen(QStringLiteral("127.0.0.1:70000"), &host, &port));
    EXPECT_FALSE(ConfigLoader::parseListen(QStringLiteral("example.com:80"), &host, &port));
    // formatListen is its inverse, with IPv6 in brackets.
    EXPECT_EQ(ConfigLoader::formatListen(QStringLiteral("::1"), 4000),
              QStringLiteral("[::1]:4000"));
    EXPECT_EQ(ConfigLoader::formatListen(QStringLiteral("127.0.0.1"), 80),
              QStringLiteral("127.0.0.1:80"));
    EXPECT_TRUE(ConfigLoader::parseListen(ConfigLoader::formatListen(QStringLiteral("::1"), 9),
                                          &host, &port));
    EXPECT_EQ(host, QStringLiteral("::1"));
    EXPECT_EQ(port, 9);
}

TEST(ConfigLoader, RelativeFileNamesAreRelativeToTheConfigFile)
{
    QTemporaryDir dir;
    ASSERT_TRUE(QDir(dir.path()).mkpath(QStringLiteral("certs")));
    QFile ca(dir.filePath(QStringLiteral("certs/ca.pem")));
    ASSERT_TRUE(ca.open(QIODevice::WriteOnly));
    ca.close();
    const QByteArray json = R"({"schemaVersion": 1, "dataDir": "state/log",
      "backends": [{"name": "b", "type": "openai-compatible", "baseUrl": "https://x.test/v1",
                    "tls": {"caFile": "certs/ca.pem"}}],
      "models": []})";
    QFile config(dir.filePath(QStringLiteral("config.json")));
    ASSERT_TRUE(config.open(QIODevice::WriteOnly));
    config.write(json);
    config.close();

    // Loaded from elsewhere: the names still point beside the config file.
    const auto loaded = ConfigLoader(fakeEnvironment).loadFile(config.fileName());
    ASSERT_TRUE(loaded.ok()) << qPrintable(loaded.error());
    EXPECT_EQ(loaded->backends.first().caFile, dir.filePath(QStringLiteral("certs/ca.pem")));
    EXPECT_EQ(loaded->dataDir, dir.filePath(QStringLiteral("state/log")));

    // Without a file, a relative caFile is taken from the working directory, where it is not.
    const auto parsed = ConfigLoader(fakeEnvironment).parse(json);
    ASSERT_FALSE(parsed.ok());
    EXPECT_TRUE(parsed.error().contains(
        QLatin1String("backends[0].tls.caFile: file \"certs/ca.pem\" does not exist")))
        << qPrintable(parsed.error());
}

TEST(ConfigLoader, WriteSideLimitsHaveDefaultsAndAreRangeChecked)
{
    Result<Config> defaults = ConfigLoader(fakeEnvironment).parse(reference);
    ASSERT_TRUE(defaults.ok()) << qPrintable(defaults.error());
    EXPECT_EQ(defaults->server.limits.maxPendingWriteBytes, 256 * 1024);
    EXPECT_EQ(defaults->server.limits.sendTimeoutMs, 60'000);
    EXPECT_EQ(defaults->server.limits.maxBufferedResponseBytes, qint64(512) << 20);

    QByteArray set = reference;
    set.replace("\"schemaVersion\": 1,",
                R"("schemaVersion": 1, "server": {"limits": {"maxPendingWriteBytes": 65536,
                   "sendTimeoutMs": 300, "maxBufferedResponseBytes": 1048576}},)");
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(set);
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    EXPECT_EQ(c->server.limits.maxPendingWriteBytes, 65536);
    EXPECT_EQ(c->server.limits.sendTimeoutMs, 300);
    EXPECT_EQ(c->server.limits.maxBufferedResponseBytes, 1048576);

    const QString error = errorOf(R"({"schemaVersion": 1, "server": {"limits": {
        "maxPendingWriteBytes": 10, "sendTimeoutMs": 0, "maxBufferedResponseBytes": -1}},
        "backends": [{"name": "m", "type": "mock"}], "models": []})");
    for (const char* key : {"maxPendingWriteBytes", "sendTimeoutMs", "maxBufferedResponseBytes"})
        EXPECT_TRUE(error.contains(
            QStringLiteral("server.limits.%1: must be an integer").arg(QLatin1String(key))))
            << qPrintable(error);
}

TEST(ConfigLoader, LingeringCloseLimitsAreReadAndChecked)
{
    Result<Config> defaults = ConfigLoader(fakeEnvironment).parse(reference);
    ASSERT_TRUE(defaults.ok()) << qPrintable(defaults.error());
    EXPECT_EQ(defaults->server.limits.lingeringBytes, 16 * 1024 * 1024);
    EXPECT_EQ(defaults->server.limits.lingeringTimeoutMs, 5000);

    QByteArray json = reference;
    json.replace(R"("schemaVersion": 1,)",
                 R"("schemaVersion": 1, "server": {"limits": {"lingeringBytes": 0,
                    "lingeringTimeoutMs": 250}},)");
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(json);
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    EXPECT_EQ(c->server.limits.lingeringBytes, 0);
    EXPECT_EQ(c->server.limits.lingeringTimeoutMs, 250);

    json = reference;
    json.replace(R"("schemaVersion": 1,)",
                 R"("schemaVersion": 1, "server": {"limits": {"lingeringTimeoutMs": -1}},)");
    EXPECT_TRUE(errorOf(json).contains(QStringLiteral("server.limits.lingeringTimeoutMs")))
        << qPrintable(errorOf(json));
}

TEST(ConfigLoader, BrowserOriginsAndHostsAreReadAndChecked)
{
    QByteArray json = reference;
    json.replace(R"("schemaVersion": 1,)",
                 R"("schemaVersion": 1, "server": {"cors": {"allowedOrigins":
                    ["https://app.example.com", "http://localhost:5173"], "maxAgeSecs": 60},
                    "allowedHosts": ["gateway.internal"]},)");
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(json);
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    EXPECT_EQ(c->server.cors.allowedOrigins,
              QStringList({"https://app.example.com", "http://localhost:5173"}));
    EXPECT_EQ(c->server.cors.maxAgeSecs, 60);
    EXPECT_EQ(c->server.allowedHosts, QStringList({"gateway.internal"}));

    // Origins as a browser sends them, or they would never match.
    for (const char* bad : {"app.example.com", "https://app.example.com/", "ftp://x.example",
                            "https://App.Example.com", "*", "https://u@app.example.com"}) {
        json = reference;
        json.replace(R"("schemaVersion": 1,)",
                     QByteArray(R"("schemaVersion": 1, "server": {"cors": {"allowedOrigins": [")") +
                         bad + R"("]}},)");
        EXPECT_TRUE(errorOf(json).contains(QStringLiteral("server.cors.allowedOrigins[0]")))
            << bad << ": " << qPrintable(errorOf(json));
        // The same check the Settings page makes on what the user types.
        EXPECT_FALSE(ConfigLoader::originProblem(QString::fromLatin1(bad)).isEmpty()) << bad;
    }
    for (const char* good :
         {"https://app.example.com", "http://localhost:5173", "http://[::1]:8080"})
        EXPECT_EQ(ConfigLoader::originProblem(QString::fromLatin1(good)), QString()) << good;
    json = reference;
    json.replace(R"("schemaVersion": 1,)",
                 R"("schemaVersion": 1, "server": {"allowedHosts": ["gw.internal:4000", 7]},)");
    const QString error = errorOf(json);
    EXPECT_TRUE(error.contains(QStringLiteral("server.allowedHosts[0]"))) << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("server.allowedHosts[1]"))) << qPrintable(error);
}

TEST(ConfigLoader, TheUpstreamCapAndItsQueueAreReadAndChecked)
{
    QByteArray json = reference;
    json.replace(R"("schemaVersion": 1,)",
                 R"("schemaVersion": 1, "upstream": {"maxConnectionsPerOrigin": 64,
                    "maxQueuedPerOrigin": 0, "queueTimeoutMs": 250},)");
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(json);
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    EXPECT_EQ(c->upstream.maxConnectionsPerOrigin, 64);
    EXPECT_EQ(c->upstream.maxQueuedPerOrigin, 0);
    EXPECT_EQ(c->upstream.queueTimeoutMs, 250);
    json = reference;
    json.replace(R"("schemaVersion": 1,)",
                 R"("schemaVersion": 1, "upstream": {"maxConnectionsPerOrigin": -1,
                    "queueTimeoutMs": 0},)");
    const QString error = errorOf(json);
    EXPECT_TRUE(error.contains(QStringLiteral("upstream.maxConnectionsPerOrigin")))
        << qPrintable(error);
    EXPECT_TRUE(error.contains(QStringLiteral("upstream.queueTimeoutMs"))) << qPrintable(error);
}

namespace {

// A config of one backend, given as the JSON of its object.
Result<Config> withBackend(const QByteArray& backend)
{
    return ConfigLoader(fakeEnvironment)
        .parse(R"({"schemaVersion":1,"backends":[)" + backend +
               R"(],"models":[{"alias":"a","targets":[{"backend":"b","model":"m"}]}]})");
}

} // namespace

TEST(ConfigLoader, EveryBackendTypeIsKnownAndHostedOnesDefaultToTheirPublicEndpoint)
{
    struct Case
    {
        const char* type;
        BackendType expected;
        const char* host; // empty: baseUrl is required
        const char* basePath;
    };
    for (const Case& c : {
             Case{"openai-compatible", BackendType::OpenAiCompatible, "api.openai.com", "/v1"},
             Case{"anthropic", BackendType::Anthropic, "api.anthropic.com", ""},
             Case{"gemini", BackendType::Gemini, "generativelanguage.googleapis.com", "/v1beta"},
             Case{"bedrock", BackendType::Bedrock, "bedrock-runtime.us-east-1.amazonaws.com", ""},
             Case{"ollama", BackendType::Ollama, "127.0.0.1", ""},
             Case{"azure-openai", BackendType::AzureOpenAi, "", ""},
         }) {
        Result<Config> config = withBackend(QByteArray(R"({"name":"b","type":")") + c.type + "\"}");
        if (!*c.host) {
            ASSERT_FALSE(config.ok()) << c.type;
            EXPECT_TRUE(config.error().contains(QStringLiteral("baseUrl: is required")))
                << qPrintable(config.error());
            continue;
        }
        ASSERT_TRUE(config.ok()) << c.type << ": " << qPrintable(config.error());
        const Backend& b = config->backends.first();
        EXPECT_EQ(b.type, c.expected) << c.type;
        EXPECT_EQ(b.host, QLatin1String(c.host)) << c.type;
        EXPECT_EQ(b.basePath, c.basePath) << c.type;
        EXPECT_EQ(backendTypeName(b.type), QLatin1String(c.type));
    }
    // Bedrock's endpoint follows its region; a hosted baseUrl can be pointed elsewhere.
    Result<Config> bedrock = withBackend(R"({"name":"b","type":"bedrock","region":"eu-west-3"})");
    ASSERT_TRUE(bedrock.ok()) << qPrintable(bedrock.error());
    EXPECT_EQ(bedrock->backends.first().host,
              QStringLiteral("bedrock-runtime.eu-west-3.amazonaws.com"));
    Result<Config> local =
        withBackend(R"({"name":"b","type":"anthropic","baseUrl":"http://127.0.0.1:9999"})");
    ASSERT_TRUE(local.ok()) << qPrintable(local.error());
    EXPECT_EQ(local->backends.first().port, 9999);
    EXPECT_TRUE(errorOf(R"({"schemaVersion":1,"backends":[{"name":"b","type":"palm"}]})")
                    .contains(QStringLiteral("known: mock, openai-compatible, anthropic")));
}

TEST(ConfigLoader, AMockBackendAnswersInTheWireFormatItNames)
{
    // Left out: protocol-neutral events, as before the key existed.
    Result<Config> neutral = withBackend(R"({"name":"b","type":"mock"})");
    ASSERT_TRUE(neutral.ok()) << qPrintable(neutral.error());
    EXPECT_EQ(neutral->backends.first().mockFormat, MockFormat::Events);

    const struct
    {
        const char* name;
        MockFormat format;
    } cases[] = {{"openai", MockFormat::OpenAi},
                 {"anthropic", MockFormat::Anthropic},
                 {"gemini", MockFormat::Gemini},
                 {"bedrock", MockFormat::Bedrock},
                 {"ollama", MockFormat::Ollama}};
    for (const auto& c : cases) {
        Result<Config> config = withBackend(QByteArray(R"({"name":"b","type":"mock","format":")") +
                                            c.name + R"(","models":[{"name":"m"}]})");
        ASSERT_TRUE(config.ok()) << c.name << ": " << qPrintable(config.error());
        EXPECT_EQ(config->backends.first().mockFormat, c.format) << c.name;
        EXPECT_EQ(mockFormatName(c.format), QLatin1String(c.name));
    }

    const QString unknown = withBackend(R"({"name":"b","type":"mock","format":"cohere"})").error();
    EXPECT_TRUE(unknown.contains(QStringLiteral("backends[0].format: unknown mock answer format "
                                                "\"cohere\" (known: openai, anthropic, gemini, "
                                                "bedrock, ollama)")))
        << qPrintable(unknown);
    EXPECT_TRUE(withBackend(R"({"name":"b","type":"mock","format":""})")
                    .error()
                    .contains(QStringLiteral("format: must be a non-empty string")));
    EXPECT_TRUE(withBackend(R"({"name":"b","type":"mock","format":7})")
                    .error()
                    .contains(QStringLiteral("format: must be a non-empty string")));
    // The key belongs to mock backends only: a real backend speaks its type's format.
    EXPECT_TRUE(withBackend(R"({"name":"b","type":"gemini","format":"gemini"})")
                    .error()
                    .contains(QStringLiteral("format: unknown key")));
}

TEST(ConfigLoader, ExtraHeadersQueryAndDroppedParamsAreReadAndChecked)
{
    Result<Config> c = withBackend(R"({"name":"b","type":"openai-compatible",
        "baseUrl":"http://127.0.0.1:8000/v1","headers":{"HTTP-Referer":"https://me.example"},
        "query":{"api version":"2024-01-01","x":"a&b"},"dropParams":["seed","user"]})");
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    const Backend& b = c->backends.first();
    ASSERT_EQ(b.extraHeaders.size(), 1);
    EXPECT_EQ(b.extraHeaders.first().first, "HTTP-Referer");
    EXPECT_EQ(b.extraHeaders.first().second, "https://me.example");
    EXPECT_EQ(b.extraQuery, "api%20version=2024-01-01&x=a%26b");
    EXPECT_EQ(b.dropParams, QStringList({"seed", "user"}));

    const QString reserved = withBackend(R"({"name":"b","type":"openai-compatible",
        "headers":{"Content-Length":"1"}})")
                                 .error();
    EXPECT_TRUE(reserved.contains(
        QStringLiteral("backends[0].headers.Content-Length: is set by the gateway")))
        << qPrintable(reserved);
    EXPECT_TRUE(
        withBackend(R"({"name":"b","type":"openai-compatible","headers":{"X":"a\r\nB: c"}})")
            .error()
            .contains(QStringLiteral("must be a string on one line")));
    EXPECT_TRUE(withBackend(R"({"name":"b","type":"openai-compatible","dropParams":["model"]})")
                    .error()
                    .contains(QStringLiteral("cannot be dropped")));
    // Keys of another type are unknown keys.
    EXPECT_TRUE(withBackend(R"({"name":"b","type":"anthropic","dropParams":["seed"]})")
                    .error()
                    .contains(QStringLiteral("backends[0].dropParams: unknown key")));
}

TEST(ConfigLoader, AzureAndBedrockKeysAreReadAndChecked)
{
    Result<Config> azure = withBackend(R"({"name":"b","type":"azure-openai",
        "baseUrl":"https://res.openai.azure.com","apiVersion":"2024-10-21","auth":"entra",
        "deployments":{"gpt-4o":"prod-4o"}})");
    ASSERT_TRUE(azure.ok()) << qPrintable(azure.error());
    const Backend& a = azure->backends.first();
    EXPECT_EQ(a.apiVersion, QStringLiteral("2024-10-21"));
    EXPECT_TRUE(a.entraAuth);
    EXPECT_EQ(a.deploymentFor(QStringLiteral("gpt-4o")), QStringLiteral("prod-4o"));
    EXPECT_EQ(a.deploymentFor(QStringLiteral("other")), QStringLiteral("other"));
    EXPECT_TRUE(
        withBackend(
            R"({"name":"b","type":"azure-openai","baseUrl":"https://r.example","auth":"oauth"})")
            .error()
            .contains(QStringLiteral("auth: must be \"api-key\" or \"entra\"")));

    Result<Config> bedrock = withBackend(R"({"name":"b","type":"bedrock","region":"us-west-2",
        "aws":{"accessKeyId":"env:LOCAL_LLM_KEY","secretAccessKey":"env:LOCAL_LLM_KEY"}})");
    ASSERT_TRUE(bedrock.ok()) << qPrintable(bedrock.error());
    EXPECT_EQ(bedrock->backends.first().aws.accessKeyId, "sk-local-secret");
    EXPECT_EQ(bedrock->backends.first().aws.accessKeyIdRef, QStringLiteral("env:LOCAL_LLM_KEY"));
    EXPECT_TRUE(withBackend(R"({"name":"b","type":"bedrock","region":"US East"})")
                    .error()
                    .contains(QStringLiteral("is not an AWS region")));
    EXPECT_TRUE(withBackend(R"({"name":"b","type":"bedrock","aws":{"secretAccessKey":"plain"}})")
                    .error()
                    .contains(QStringLiteral("backends[0].aws.secretAccessKey")));
}

TEST(ConfigLoader, AnAliasWithAStarServesEveryNameItMatchesAfterTheExactAliases)
{
    Result<Config> c = ConfigLoader(fakeEnvironment).parse(R"({"schemaVersion":1,
        "backends":[{"name":"b","type":"mock"}],
        "models":[{"alias":"claude-*","targets":[{"backend":"b","model":"wide"}]},
                  {"alias":"claude-opus-4","targets":[{"backend":"b","model":"exact"}]},
                  {"alias":"*-mini","targets":[{"backend":"b","model":"mini"}]}]})");
    ASSERT_TRUE(c.ok()) << qPrintable(c.error());
    auto served = [&](const char* name) {
        const ModelAlias* m = c->model(QLatin1String(name));
        return m ? m->targets.first().model : QStringLiteral("none");
    };
    EXPECT_EQ(served("claude-opus-4"), QStringLiteral("exact")); // exact beats any pattern
    EXPECT_EQ(served("claude-sonnet-4-5-20250929"), QStringLiteral("wide"));
    EXPECT_EQ(served("claude-mini"), QStringLiteral("wide")); // the first pattern that matches
    EXPECT_EQ(served("gpt-4o-mini"), QStringLiteral("mini"));
    EXPECT_EQ(served("claude"), QStringLiteral("none"));
    EXPECT_EQ(served("gpt-4o"), QStringLiteral("none"));
    EXPECT_TRUE(globMatches(u"a*b*c", u"aXXbYYc"));
    EXPECT_FALSE(globMatches(u"a*b*c", u"aXXbYY"));
    EXPECT_TRUE(globMatches(u"**", u""));
    // No exponential backtracking on a hostile name.
    EXPECT_FALSE(globMatches(u"*a*a*a*a*a*a*a*a*b", QString(5000, QLatin1Char('a'))));
}

TEST(ConfigLoader, GovernanceSectionsLoad)
{
    const QByteArray json = R"({
  "schemaVersion": 1,
  "backends": [ { "name": "mock", "type": "mock" } ],
  "models": [
    { "alias": "m", "targets": [ { "backend": "mock", "model": "m" } ],
      "pricing": { "inputPer1M": 2.5, "outputPer1M": 10, "cachedInputPer1M": 1.25 },
      "limits": { "rpm": 60, "budget": { "usd": 5, "period": "day" } } }
  ],
  "auth": { "required": true, "adminRemote": false,
            "clientCertificates": [ { "sha256": "AB:CD:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01", "key": "ci" } ] },
  "tenants": [ { "name": "acme", "limits": { "tpm": 1000, "quota": { "tokens": 500000, "period": "week" } } } ],
  "keys": [ { "name": "ci", "tenant": "acme", "sha256": "00000000000000000000000000000000000000000000000000000000000000ff",
              "models": ["m*"], "limits": { "maxConcurrent": 2 }, "expires": "2027-01-31T00:00:00",
              "metadata": { "team": "build" } } ],
  "governance": { "reserveMaxTokens": 1000 }
})";
    Result<Config> loaded = ConfigLoader(fakeEnvironment).parse(json);
    ASSERT_TRUE(loaded) << loaded.error().toStdString();
    const Config& c = loaded.value();
    ASSERT_TRUE(c.models[0].pricing.has_value());
    EXPECT_EQ(c.models[0].pricing->inputPer1M, 2.5);
    EXPECT_EQ(c.models[0].pricing->cachedInputPer1M, 1.25);
    EXPECT_EQ(c.models[0].pricing->reasoningPer1M, -1); // unset: the output price applies
    EXPECT_EQ(c.models[0].limits.rpm, 60);
    EXPECT_EQ(c.models[0].limits.budgetNanos, 5 * nanosPerUsd);
    EXPECT_EQ(c.models[0].limits.budgetPeriod, Period::Day);
    EXPECT_TRUE(c.auth.required);
    ASSERT_EQ(c.auth.clientCertificates.size(), 1);
    EXPECT_EQ(c.auth.clientCertificates[0].sha256.size(), 32);
    ASSERT_NE(c.tenant("acme"), nullptr);
    EXPECT_EQ(c.tenant("acme")->limits.tokenQuota, 500000);
    EXPECT_EQ(c.tenant("acme")->limits.quotaPeriod, Period::Week);
    EXPECT_EQ(c.tenant("acme")->limits.budgetNanos, -1); // no budget: never refused for one
    ASSERT_EQ(c.keys.size(), 1);
    EXPECT_EQ(c.keys[0].sha256, QByteArray::fromHex(QByteArray(62, '0') + "ff"));
    EXPECT_EQ(c.keys[0].expiresMs, 1801353600000); // no offset written: UTC
    EXPECT_EQ(c.keys[0].metadata.value(0).second, QStringLiteral("build"));
    EXPECT_EQ(c.governance.reserveMaxTokens, 1000);
}

TEST(ConfigLoader, GovernanceErrorsNameTheirPath)
{
    const QString error = errorOf(R"({
  "schemaVersion": 1,
  "backends": [ { "name": "mock", "type": "mock" } ],
  "models": [ { "alias": "m", "targets": [ { "backend": "mock", "model": "m" } ],
                "limits": { "budget": { "usd": 1, "period": "fortnight" } } } ],
  "keys": [ { "name": "a b", "sha256": "xyz", "metadata": { "n": 1 } },
            { "name": "ok", "sha256": "00000000000000000000000000000000000000000000000000000000000000ff", "expires": "soon" } ],
  "server": { "tls": { "certFile": "c.pem", "keyFile": "k.pem", "clientAuth": "required" } }
})");
    EXPECT_TRUE(error.contains("models[0].limits.budget.period: must be \"day\""));
    EXPECT_TRUE(error.contains("keys[0].name: \"a b\" must be 1 to 64"));
    EXPECT_TRUE(error.contains("keys[0].sha256: must be the key's SHA-256"));
    EXPECT_TRUE(error.contains("keys[0].metadata.n: must be a string"));
    EXPECT_FALSE(error.contains("keys[0].metadata.n: unknown key"));
    EXPECT_TRUE(error.contains("keys[1].expires: \"soon\" is not an ISO 8601 time"));
    EXPECT_TRUE(error.contains("server.tls.clientCaFile: is required when clientAuth"));
}

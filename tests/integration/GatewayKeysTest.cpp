// Gateway keys end to end through real sockets: open mode, a key created while the gateway
// runs, the three headers, refusals in each dialect's shape, revoked and expired keys, models a
// key may not use, the routes the pipeline does not run, config keys by hash, and the refusal
// to run open off loopback.

#include "governance/SqliteKeyStore.h"
#include "governance/StoredKeyDirectory.h"
#include "pipeline/Runtime.h"
#include "support/EngineFixture.h"
#include "support/TestHttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <thread>
#include <vector>

using namespace testhttp;
using gateway::governance::IssuedKey;
using gateway::governance::KeySpec;
using gateway::governance::SqliteKeyStore;

namespace {

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

Response send(quint16 port, const QByteArray& method, const QByteArray& path,
              const QList<QByteArray>& headers, const QByteArray& body = {})
{
    Connection c(port);
    if (method == "POST") {
        c.sendRaw(postJson(path, body, headers));
    } else {
        QByteArray head = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (const QByteArray& h : headers)
            head += h + "\r\n";
        c.sendRaw(head + "\r\n");
    }
    return c.read();
}

const QByteArray anthropicBody =
    R"({"model":"fast","max_tokens":16,"messages":[{"role":"user","content":"hi"}]})";
const QByteArray responsesBody = R"({"model":"fast","input":"hi"})";

class GatewayKeysTest : public EngineFixture
{
protected:
    // A key made as `switchboard keys create` makes it, by a connection of its own; the
    // engine's directory is asked to look at once instead of waiting for its poll.
    IssuedKey createKey(KeySpec spec, qint64 nowMs = QDateTime::currentMSecsSinceEpoch())
    {
        auto store = SqliteKeyStore::open(dataDir.path()).value();
        Result<IssuedKey> issued = store->create(spec, nowMs);
        EXPECT_TRUE(issued.ok()) << qPrintable(issued.error());
        if (engine && engine->keys()) {
            EXPECT_TRUE(engine->keys()->refresh().ok());
        }
        return issued.value();
    }
    template <typename T> using Result = gateway::Result<T>;
    static KeySpec named(const QString& name)
    {
        KeySpec s;
        s.name = name;
        return s;
    }
};

} // namespace

TEST_F(GatewayKeysTest, WithoutAKeyTheGatewayRunsOpenOnLoopback)
{
    startEngine(mockConfig);
    EXPECT_TRUE(engine->runsOpen());
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody).status, 200);
    EXPECT_EQ(get(port, "/v1/models").status, 200);
}

TEST_F(GatewayKeysTest, AKeyCreatedWhileRunningTurnsAuthOnWithinASecond)
{
    startEngine(mockConfig);
    ASSERT_TRUE(engine->runsOpen());
    auto store = SqliteKeyStore::open(dataDir.path()).value();
    const IssuedKey key = store->create(named(QStringLiteral("ci")), 0).value();
    // The directory's own poll, not a refresh by the test.
    EXPECT_TRUE(eventually([&] { return !engine->runsOpen(); }, 10'000));

    const Response missing = post(port, "/v1/chat/completions", chatBody);
    EXPECT_EQ(missing.status, 401);
    const QJsonObject error = json(missing.body).value(QStringLiteral("error")).toObject();
    EXPECT_EQ(error.value(QStringLiteral("type")).toString(),
              QStringLiteral("invalid_request_error"));
    EXPECT_EQ(error.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_api_key"));
    EXPECT_TRUE(error.value(QStringLiteral("message"))
                    .toString()
                    .startsWith(QStringLiteral("Missing API key")));
    EXPECT_EQ(missing.header("www-authenticate"), "Bearer realm=\"switchboard\"");
    EXPECT_FALSE(missing.header("x-request-id").isEmpty());

    for (const QByteArray& header :
         {"Authorization: Bearer " + key.secret, "authorization: bearer " + key.secret,
          "api-key: " + key.secret, "x-api-key: " + key.secret})
        EXPECT_EQ(post(port, "/v1/chat/completions", chatBody, {header}).status, 200)
            << header.constData();

    const QByteArray wrong = key.secret.left(12) + QByteArray(37, 'x');
    const Response unknown =
        post(port, "/v1/chat/completions", chatBody, {"Authorization: Bearer " + wrong});
    EXPECT_EQ(unknown.status, 401);
    EXPECT_FALSE(unknown.body.contains(wrong));
    EXPECT_TRUE(unknown.body.contains(wrong.left(8) + "****")) << unknown.body.constData();
    // Refusals are logged, without the credential.
    EXPECT_EQ(sql(QStringLiteral("SELECT count(*) FROM requests WHERE status = 401 AND "
                                 "error_class = 'invalid_api_key'")),
              2);
}

TEST_F(GatewayKeysTest, RefusalsTakeTheShapeOfEachApi)
{
    startEngine(mockConfig);
    createKey(named(QStringLiteral("ci")));
    const Response anthropic = post(port, "/v1/messages", anthropicBody,
                                    {"anthropic-version: 2023-06-01", "x-api-key: sk-sb-nope"});
    EXPECT_EQ(anthropic.status, 401);
    const QJsonObject a = json(anthropic.body);
    EXPECT_EQ(a.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    EXPECT_EQ(a.value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
              QStringLiteral("authentication_error"));
    EXPECT_EQ(
        a.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
        QStringLiteral("Invalid API key."));

    const Response responses = post(port, "/v1/responses", responsesBody);
    EXPECT_EQ(responses.status, 401);
    const QJsonObject r = json(responses.body).value(QStringLiteral("error")).toObject();
    EXPECT_EQ(r.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request_error"));
    EXPECT_EQ(r.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_api_key"));
}

TEST_F(GatewayKeysTest, RevokedAndExpiredKeysAreRefused)
{
    startEngine(mockConfig);
    const IssuedKey revoked = createKey(named(QStringLiteral("revoked")));
    {
        auto store = SqliteKeyStore::open(dataDir.path()).value();
        ASSERT_TRUE(store->revoke(QStringLiteral("revoked"), 1).ok());
        ASSERT_TRUE(engine->keys()->refresh().ok());
    }
    // Made at an anchored time in the past, expired since.
    KeySpec expiring = named(QStringLiteral("expired"));
    expiring.expiresMs = 2'000'000'000'000 - 1'000'000'000'000; // 2001-09-09T01:46:40Z
    const IssuedKey expired = createKey(expiring, 1000);

    Response r = post(port, "/v1/chat/completions", chatBody, {"x-api-key: " + revoked.secret});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(json(r.body)
                  .value(QStringLiteral("error"))
                  .toObject()
                  .value(QStringLiteral("message"))
                  .toString(),
              QStringLiteral("This key was revoked."));
    r = post(port, "/v1/chat/completions", chatBody, {"x-api-key: " + expired.secret});
    EXPECT_EQ(r.status, 401);
    EXPECT_TRUE(r.body.contains("This key expired at 2001-09-09T01:46:40Z.")) << r.body.constData();
}

TEST_F(GatewayKeysTest, AKeyUsesOnlyItsModelsAndSeesOnlyThem)
{
    startEngine(mockConfig);
    KeySpec spec = named(QStringLiteral("limited"));
    spec.models = QStringList{QStringLiteral("fa*"), QStringLiteral("slow")};
    const QByteArray auth = "Authorization: Bearer " + createKey(spec).secret;

    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody, {auth}).status, 200);
    const Response refused =
        post(port, "/v1/chat/completions",
             R"({"model":"flaky","messages":[{"role":"user","content":"x"}]})", {auth});
    EXPECT_EQ(refused.status, 403);
    const QJsonObject error = json(refused.body).value(QStringLiteral("error")).toObject();
    EXPECT_EQ(error.value(QStringLiteral("code")).toString(), QStringLiteral("model_not_allowed"));
    EXPECT_EQ(error.value(QStringLiteral("message")).toString(),
              QStringLiteral("The key \"limited\" may not use the model \"flaky\"."));
    // Naming a backend directly is no way around it.
    EXPECT_EQ(post(port, "/v1/chat/completions",
                   R"({"model":"mock/fast","messages":[{"role":"user","content":"x"}]})", {auth})
                  .status,
              403);

    const Response models = send(port, "GET", "/v1/models", {auth});
    ASSERT_EQ(models.status, 200);
    QStringList ids;
    for (const QJsonValue& m : json(models.body).value(QStringLiteral("data")).toArray())
        ids << m.toObject().value(QStringLiteral("id")).toString();
    EXPECT_EQ(ids, (QStringList{QStringLiteral("fast"), QStringLiteral("slow")}));
    EXPECT_EQ(send(port, "GET", "/v1/models/slow", {auth}).status, 200);
    EXPECT_EQ(send(port, "GET", "/v1/models/flaky", {auth}).status, 404);

    EXPECT_EQ(get(port, "/v1/models").status, 401);
    EXPECT_EQ(get(port, "/v1/models/fast").status, 401);
    EXPECT_EQ(get(port, "/healthz").status, 200);
}

TEST_F(GatewayKeysTest, TheConsolesOwnRequestsPassWithItsTokenAndNoOtherValue)
{
    startEngine(mockConfig);
    createKey(named(QStringLiteral("someone")));
    const QByteArray console = QByteArray("x-switchboard-console: ") + engine->consoleToken();
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody, {console}).status, 200);
    EXPECT_EQ(send(port, "GET", "/v1/models", {console}).status, 200);
    QByteArray wrong = engine->consoleToken();
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody,
                   {QByteArray("x-switchboard-console: ") + wrong})
                  .status,
              401);
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody, {"x-switchboard-console: "}).status,
              401);
    // The row names the console as its key; the token itself is masked like any credential.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 200 AND key_name = 'console'"), 1);
}

TEST_F(GatewayKeysTest, SixteenClientThreadsOnAKeyOfOneHundredRequestsAMinuteGetExactlyOneHundred)
{
    startEngine(mockConfig);
    KeySpec spec = named(QStringLiteral("hammered"));
    gateway::config::Limits limits;
    limits.rpm = 100;
    spec.limits = limits;
    const QByteArray auth = "Authorization: Bearer " + createKey(spec).secret;
    std::atomic<int> ok{0}, limited{0}, other{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 16; ++t) {
        clients.emplace_back([&] {
            for (int i = 0; i < 10; ++i) {
                // A connection per request: a refusal on the head closes its connection (the
                // body it did not read is discarded, then the socket closes).
                const Response r = post(port, "/v1/chat/completions", chatBody, {auth});
                (r.status == 200 ? ok : r.status == 429 ? limited : other).fetch_add(1);
            }
        });
    }
    for (auto& c : clients)
        c.join();
    EXPECT_EQ(ok.load(), 100);
    EXPECT_EQ(limited.load(), 60);
    EXPECT_EQ(other.load(), 0);
}

TEST_F(GatewayKeysTest, AStoredResponseBelongsToItsTenant)
{
    startEngine(mockConfig);
    KeySpec a1 = named(QStringLiteral("a1")), a2 = named(QStringLiteral("a2")),
            b = named(QStringLiteral("b"));
    a1.tenant = a2.tenant = QStringLiteral("team-a");
    b.tenant = QStringLiteral("team-b");
    const QByteArray keyA1 = "Authorization: Bearer " + createKey(a1).secret;
    const QByteArray keyA2 = "Authorization: Bearer " + createKey(a2).secret;
    const QByteArray keyB = "Authorization: Bearer " + createKey(b).secret;

    const Response created = post(port, "/v1/responses", responsesBody, {keyA1});
    ASSERT_EQ(created.status, 200);
    const QByteArray id = json(created.body).value(QStringLiteral("id")).toString().toUtf8();
    ASSERT_FALSE(id.isEmpty());
    // Another tenant's key finds nothing: not the response, not its items, not to continue
    // from, not to delete.
    EXPECT_EQ(send(port, "GET", "/v1/responses/" + id, {keyB}).status, 404);
    EXPECT_EQ(send(port, "GET", "/v1/responses/" + id + "/input_items", {keyB}).status, 404);
    EXPECT_EQ(post(port, "/v1/responses",
                   R"({"model":"fast","input":"and?","previous_response_id":")" + id + "\"}",
                   {keyB})
                  .status,
              404);
    EXPECT_EQ(send(port, "DELETE", "/v1/responses/" + id, {keyB}).status, 404);
    // Any key of its own tenant does, as any key of an OpenAI project does.
    EXPECT_EQ(send(port, "GET", "/v1/responses/" + id, {keyA2}).status, 200);
    EXPECT_EQ(post(port, "/v1/responses",
                   R"({"model":"fast","input":"and?","previous_response_id":")" + id + "\"}",
                   {keyA2})
                  .status,
              200);
    EXPECT_EQ(send(port, "DELETE", "/v1/responses/" + id, {keyA2}).status, 200);
    EXPECT_EQ(send(port, "GET", "/v1/responses/" + id, {keyA1}).status, 404);
}

TEST_F(GatewayKeysTest, CountingTokensNeedsAKey)
{
    startEngine(mockConfig);
    const IssuedKey key = createKey(named(QStringLiteral("ci")));
    const QByteArray body = R"({"model":"fast","messages":[{"role":"user","content":"hi"}]})";
    const Response missing =
        post(port, "/v1/messages/count_tokens", body, {"anthropic-version: 2023-06-01"});
    EXPECT_EQ(missing.status, 401);
    EXPECT_EQ(json(missing.body)
                  .value(QStringLiteral("error"))
                  .toObject()
                  .value(QStringLiteral("type"))
                  .toString(),
              QStringLiteral("authentication_error"));
    const Response counted = post(port, "/v1/messages/count_tokens", body,
                                  {"anthropic-version: 2023-06-01", "x-api-key: " + key.secret});
    EXPECT_EQ(counted.status, 200) << counted.body.constData();
    EXPECT_TRUE(json(counted.body).contains(QStringLiteral("input_tokens")));
}

TEST_F(GatewayKeysTest, AConfigDeclaresKeysByHash)
{
    const QByteArray secret = "sk-sb-declared-in-the-config-0000000000000000000";
    QByteArray config = mockConfig;
    config.replace(R"("logging")", R"("keys": [{"name": "declared", "sha256": ")" +
                                       SqliteKeyStore::sha256(secret).toHex() +
                                       R"(", "models": ["fast"]}], "logging")");
    startEngine(config);
    EXPECT_FALSE(engine->runsOpen());
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody).status, 401);
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody, {"x-api-key: " + secret}).status, 200);

    // A reload that declares a stored key's name is refused; the running config stays.
    createKey(named(QStringLiteral("stored")));
    QByteArray clash = config;
    clash.replace(R"("name": "declared")", R"("name": "stored")");
    gateway::config::ConfigLoader loader;
    gateway::config::Config next = loader.parse(clash).value();
    next.server = engine->runtime()->config.server;
    const gateway::Result<bool> reloaded = engine->reload(next);
    ASSERT_FALSE(reloaded.ok());
    EXPECT_TRUE(reloaded.error().contains(QStringLiteral("\"stored\"")))
        << qPrintable(reloaded.error());
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody, {"x-api-key: " + secret}).status, 200);
}

TEST(GatewayKeys, TheGatewayDoesNotRunOpenOffLoopback)
{
    QTemporaryDir dataDir;
    gateway::config::Config config = gateway::config::ConfigLoader().parse(mockConfig).value();
    config.server.host = QStringLiteral("0.0.0.0");
    config.server.port = 0;
    config.server.workers = 1;
    gateway::Engine engine;
    const gateway::Result<bool> refused = engine.start(config, dataDir.path());
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.error().contains(QStringLiteral("switchboard keys create --name NAME")))
        << qPrintable(refused.error());
    EXPECT_FALSE(engine.isRunning());

    // With a stored key it serves, and a request still needs the key.
    auto store = SqliteKeyStore::open(dataDir.path()).value();
    KeySpec spec;
    spec.name = QStringLiteral("ci");
    const IssuedKey key = store->create(spec, 0).value();
    const gateway::Result<bool> started = engine.start(config, dataDir.path());
    ASSERT_TRUE(started.ok()) << qPrintable(started.error());
    EXPECT_FALSE(engine.runsOpen());
    EXPECT_EQ(post(engine.port(), "/v1/chat/completions", chatBody).status, 401);
    EXPECT_EQ(
        post(engine.port(), "/v1/chat/completions", chatBody, {"x-api-key: " + key.secret}).status,
        200);
    engine.stop();
}

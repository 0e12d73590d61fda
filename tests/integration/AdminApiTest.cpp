// The admin API over real sockets: the token (the data dir's file or auth.adminToken), the
// caller's checks on the head, and keys created, listed, changed, rotated and revoked through
// it taking effect on the API within the key directory's second.

#include "admin/AdminToken.h"
#include "support/EngineFixture.h"
#include "support/ServeProcess.h"
#include "support/TestHttp.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace testhttp;

namespace {

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

// One request with any method, on a connection of its own.
Response call(quint16 port, const QByteArray& method, const QByteArray& path,
              const QByteArray& token, const QByteArray& body = QByteArray())
{
    Connection c(port);
    QByteArray request = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    if (!body.isEmpty())
        request +=
            "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\n";
    request += "Connection: close\r\n\r\n" + body;
    EXPECT_TRUE(c.sendRaw(request));
    return c.read();
}

Response chatWith(quint16 port, const QByteArray& secret)
{
    return post(port, "/v1/chat/completions", chatBody, {"Authorization: Bearer " + secret});
}

// The key directory picks a change up within a second: wait for it with a deadline, never a
// fixed sleep.
bool becomes(quint16 port, const QByteArray& secret, int status)
{
    return eventually([&] { return chatWith(port, secret).status == status; });
}

mode_t modeOf(const QString& path)
{
    struct stat st;
    EXPECT_EQ(stat(QFile::encodeName(path).constData(), &st), 0);
    return st.st_mode & 07777;
}

class AdminApiTest : public EngineFixture
{
protected:
    QString tokenFile() const { return dataDir.filePath(QStringLiteral("admin-token")); }
    QByteArray token() const { return engine->adminToken(); }
};

} // namespace

TEST_F(AdminApiTest, EveryCallNeedsTheAdminToken)
{
    startEngine(mockConfig);
    ASSERT_FALSE(token().isEmpty());
    ASSERT_EQ(engine->adminTokenFile(), tokenFile());

    const Response none = call(port, "GET", "/admin/keys", QByteArray());
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(none.header("www-authenticate"), "Bearer realm=\"switchboard-admin\"");
    EXPECT_EQ(json(none.body).value("error").toObject().value("code").toString(),
              "admin_unauthorized");
    EXPECT_FALSE(none.header("x-request-id").isEmpty());

    const Response wrong = call(port, "GET", "/admin/keys", token().chopped(1) + "x");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_TRUE(wrong.header("www-authenticate").contains("invalid_token"));
    // Refused before anything else: an unknown path or a method says nothing either.
    EXPECT_EQ(call(port, "GET", "/admin/nothing-here", QByteArray()).status, 401);
    EXPECT_EQ(call(port, "DELETE", "/admin/keys", QByteArray()).status, 401);

    const Response right = call(port, "GET", "/admin/keys", token());
    EXPECT_EQ(right.status, 200) << right.body.constData();
    EXPECT_EQ(right.header("content-type"), "application/json");
    EXPECT_EQ(right.header("cache-control"), "no-store");
    EXPECT_TRUE(right.header("access-control-allow-origin").isEmpty());
    EXPECT_EQ(json(right.body).value("keys").toArray().size(), 0);

    EXPECT_EQ(call(port, "GET", "/admin/nothing-here", token()).status, 404);
    const Response method = call(port, "DELETE", "/admin/keys", token());
    EXPECT_EQ(method.status, 405);
    EXPECT_EQ(method.header("allow"), "GET, POST");
}

TEST_F(AdminApiTest, TheTokenFileIsMade0600AndReused)
{
    startEngine(mockConfig);
    const QByteArray first = token();
    EXPECT_TRUE(first.startsWith("sb-admin-"));
    EXPECT_EQ(modeOf(tokenFile()), mode_t(0600));
    QFile file(tokenFile());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll().trimmed(), first);
    file.close();

    engine->stop();
    engine.reset();
    startEngine(mockConfig); // the same data dir
    EXPECT_EQ(token(), first);
    EXPECT_EQ(call(port, "GET", "/admin/keys", first).status, 200);
}

TEST_F(AdminApiTest, AWiderTokenFileStopsTheStart)
{
    const QByteArray path = QFile::encodeName(tokenFile());
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "sb-admin-readable-by-everyone\n", 30), 30);
    ::close(fd);
    ASSERT_EQ(::chmod(path.constData(), 0644), 0);

    gateway::Result<gateway::config::Config> config =
        gateway::config::ConfigLoader().parse(mockConfig);
    ASSERT_TRUE(config.ok());
    config.value().server.host = QStringLiteral("127.0.0.1");
    config.value().server.port = 0;
    engine = std::make_unique<gateway::Engine>();
    const gateway::Result<bool> started = engine->start(config.value(), dataDir.path());
    ASSERT_FALSE(started.ok());
    EXPECT_TRUE(started.error().contains(tokenFile())) << qPrintable(started.error());
    EXPECT_TRUE(started.error().contains(QStringLiteral("0644"))) << qPrintable(started.error());
    EXPECT_TRUE(started.error().contains(QStringLiteral("chmod 600")));
    EXPECT_FALSE(engine->isRunning());
}

TEST_F(AdminApiTest, AConfiguredTokenReplacesTheFile)
{
    QByteArray config = mockConfig;
    config.replace(R"("schemaVersion": 1,)",
                   R"("schemaVersion": 1, "auth": {"adminToken": "env:TEST_KEY"},)");
    startEngine(config);
    EXPECT_EQ(token(), "sk-test-secret");
    EXPECT_TRUE(engine->adminTokenFile().isEmpty());
    EXPECT_FALSE(QFile::exists(tokenFile()));
    EXPECT_EQ(call(port, "GET", "/admin/keys", "sk-test-secret").status, 200);
}

TEST_F(AdminApiTest, BodiesAreBoundedAndChecked)
{
    startEngine(mockConfig);
    {
        // Refused on the head: the 70 kB are never sent, let alone read.
        Connection c(port);
        ASSERT_TRUE(c.sendRaw("POST /admin/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                              "Bearer " +
                              token() +
                              "\r\nContent-Type: application/json\r\nContent-Length: "
                              "70000\r\n\r\n"));
        const Response r = c.read();
        EXPECT_EQ(r.status, 413);
        EXPECT_EQ(json(r.body).value("error").toObject().value("code").toString(),
                  "body_too_large");
    }
    const Response bad = call(port, "POST", "/admin/keys", token(), R"({"name":"ci","rpm":5})");
    EXPECT_EQ(bad.status, 400);
    const QJsonObject error = json(bad.body).value("error").toObject();
    EXPECT_EQ(error.value("code").toString(), "invalid_request");
    EXPECT_TRUE(error.value("message").toString().contains("rpm: unknown field"))
        << bad.body.constData();
    EXPECT_EQ(call(port, "POST", "/admin/keys", token(), "{not json").status, 400);
}

TEST_F(AdminApiTest, AKeyCreatedOverTheApiWorksAndIsManagedThere)
{
    startEngine(mockConfig);
    const Response created = call(port, "POST", "/admin/keys", token(),
                                  R"({"name":"ci","tenant":"team-a","models":["fast"],
                                      "limits":{"rpm":1000},"expires":"30d",
                                      "metadata":{"owner":"ops"}})");
    ASSERT_EQ(created.status, 201) << created.body.constData();
    const QJsonObject key = json(created.body);
    const QByteArray secret = key.value("key").toString().toLatin1();
    ASSERT_TRUE(secret.startsWith("sk-sb-")) << created.body.constData();
    EXPECT_EQ(key.value("name").toString(), "ci");
    EXPECT_EQ(key.value("tenant").toString(), "team-a");
    EXPECT_EQ(key.value("status").toString(), "active");
    EXPECT_EQ(key.value("limits").toObject().value("rpm").toInteger(), 1000);
    EXPECT_FALSE(key.value("expiresAt").isNull());
    EXPECT_EQ(key.value("metadata").toObject().value("owner").toString(), "ops");

    // The gateway ran open (no key yet): the first key turns authentication on.
    EXPECT_TRUE(becomes(port, "sk-sb-not-a-key", 401));
    EXPECT_EQ(chatWith(port, secret).status, 200);

    // The secret is shown once: never in a list or a read.
    const Response list = call(port, "GET", "/admin/keys", token());
    ASSERT_EQ(list.status, 200);
    EXPECT_FALSE(list.body.contains(secret));
    EXPECT_FALSE(list.body.contains("\"key\""));
    ASSERT_EQ(json(list.body).value("keys").toArray().size(), 1);
    EXPECT_EQ(json(list.body).value("keys").toArray().at(0).toObject().value("prefix").toString(),
              QString::fromLatin1(secret.left(10)));
    const Response one = call(port, "GET", "/admin/keys/ci", token());
    ASSERT_EQ(one.status, 200);
    EXPECT_FALSE(one.body.contains(secret));
    EXPECT_EQ(call(port, "GET", "/admin/keys/nobody", token()).status, 404);

    const Response again = call(port, "POST", "/admin/keys", token(), R"({"name":"ci"})");
    EXPECT_EQ(again.status, 409);

    // Changes: the limits are replaced, the rest kept.
    const Response patched = call(port, "PATCH", "/admin/keys/ci", token(),
                                  R"({"limits":{"tpm":5000,"budget":{"usd":2.5}}})");
    ASSERT_EQ(patched.status, 200) << patched.body.constData();
    const QJsonObject limits = json(patched.body).value("limits").toObject();
    EXPECT_FALSE(limits.contains("rpm"));
    EXPECT_EQ(limits.value("tpm").toInteger(), 5000);
    EXPECT_EQ(limits.value("budget").toObject().value("usd").toDouble(), 2.5);
    EXPECT_EQ(json(patched.body).value("tenant").toString(), "team-a");
    EXPECT_EQ(json(call(port, "GET", "/admin/keys/ci", token()).body)
                  .value("limits")
                  .toObject()
                  .value("tpm")
                  .toInteger(),
              5000);
    EXPECT_EQ(call(port, "PATCH", "/admin/keys/ci", token(), R"({"limits":{"rpm":"x"}})").status,
              400);
    EXPECT_EQ(call(port, "PATCH", "/admin/keys/nobody", token(), R"({"tenant":"b"})").status, 404);

    // Rotation: the new secret works, the old one stops.
    const Response rotated = call(port, "POST", "/admin/keys/ci/rotate", token());
    ASSERT_EQ(rotated.status, 200) << rotated.body.constData();
    const QByteArray newSecret = json(rotated.body).value("key").toString().toLatin1();
    ASSERT_TRUE(newSecret.startsWith("sk-sb-"));
    EXPECT_NE(newSecret, secret);
    EXPECT_EQ(json(rotated.body).value("id"), key.value("id"));
    EXPECT_TRUE(becomes(port, secret, 401));
    EXPECT_TRUE(becomes(port, newSecret, 200));

    // Revocation.
    EXPECT_EQ(call(port, "GET", "/admin/keys/ci/revoke", token()).status, 405);
    const Response revoked = call(port, "POST", "/admin/keys/ci/revoke", token());
    ASSERT_EQ(revoked.status, 200) << revoked.body.constData();
    EXPECT_EQ(json(revoked.body).value("status").toString(), "revoked");
    EXPECT_TRUE(becomes(port, newSecret, 401));
    EXPECT_EQ(call(port, "POST", "/admin/keys/ci/revoke", token()).status, 409);
    EXPECT_EQ(call(port, "POST", "/admin/keys/ci/rotate", token()).status, 409);
    EXPECT_EQ(call(port, "POST", "/admin/keys/nobody/revoke", token()).status, 404);
}

TEST_F(AdminApiTest, ConfigKeysAreListedButChangedInTheConfig)
{
    QByteArray config = mockConfig;
    config.replace(R"("schemaVersion": 1,)",
                   R"("schemaVersion": 1, "keys": [{"name": "declared", "tenant": "ops",
                      "sha256": ")" +
                       QByteArray(64, 'a') + R"("}],)");
    startEngine(config);
    const Response list = call(port, "GET", "/admin/keys", token());
    ASSERT_EQ(list.status, 200) << list.body.constData();
    const QJsonArray keys = json(list.body).value("keys").toArray();
    ASSERT_EQ(keys.size(), 1);
    EXPECT_EQ(keys.at(0).toObject().value("source").toString(), "config");
    EXPECT_EQ(call(port, "GET", "/admin/keys/declared", token()).status, 200);
    EXPECT_EQ(call(port, "POST", "/admin/keys", token(), R"({"name":"declared"})").status, 409);
    const Response revoke = call(port, "POST", "/admin/keys/declared/revoke", token());
    EXPECT_EQ(revoke.status, 409);
    EXPECT_EQ(json(revoke.body).value("error").toObject().value("code").toString(),
              "key_declared_in_config");
}

namespace {

// A priced alias ($1000 per million output tokens, prompts free) and a tenant with a budget.
const QByteArray spendConfig = R"({"schemaVersion": 1,
  "backends": [{"name": "mock", "type": "mock", "models": [
    {"name": "fast", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 24}]}],
  "models": [{"alias": "fast", "targets": [{"backend": "mock", "model": "fast"}],
              "pricing": {"inputPer1M": 0, "outputPer1M": 1000}}],
  "tenants": [{"name": "team-a", "limits": {"budget": {"usd": 100, "period": "month"}}},
              {"name": "idle", "limits": {"rpm": 5}}]})";
// Ten output tokens at $1000 per million: exactly $0.01.
const QByteArray centChat =
    R"({"model":"fast","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})";

QJsonObject scopeNamed(const QJsonArray& scopes, const QString& kind, const QString& name)
{
    for (const QJsonValue& s : scopes)
        if (s.toObject().value("kind").toString() == kind &&
            s.toObject().value("name").toString() == name)
            return s.toObject();
    return QJsonObject();
}

} // namespace

TEST_F(AdminApiTest, SpendTenantsAndLimitsShowTheLedger)
{
    startEngine(spendConfig);
    const Response created = call(port, "POST", "/admin/keys", token(),
                                  R"({"name":"spender","tenant":"team-a",
                                      "limits":{"rpm":100,"budget":{"usd":10,"period":"day"}}})");
    ASSERT_EQ(created.status, 201) << created.body.constData();
    const QByteArray secret = json(created.body).value("key").toString().toLatin1();
    ASSERT_TRUE(becomes(port, "sk-sb-not-a-key", 401));
    for (int i = 0; i < 3; ++i) {
        const Response r =
            post(port, "/v1/chat/completions", centChat, {"Authorization: Bearer " + secret});
        ASSERT_EQ(r.status, 200) << r.body.constData();
    }
    // A request settles just after its last byte: wait (bounded) until none is in flight.
    ASSERT_TRUE(waitIdle());

    const Response spend = call(port, "GET", "/admin/spend", token());
    ASSERT_EQ(spend.status, 200) << spend.body.constData();
    const QJsonArray scopes = json(spend.body).value("scopes").toArray();
    const QJsonObject key = scopeNamed(scopes, "key", "spender");
    ASSERT_FALSE(key.isEmpty()) << spend.body.constData();
    EXPECT_EQ(key.value("keyId"), json(created.body).value("id"));
    const QJsonObject budget = key.value("budget").toObject();
    EXPECT_DOUBLE_EQ(budget.value("spentUsd").toDouble(), 0.03);
    EXPECT_DOUBLE_EQ(budget.value("limitUsd").toDouble(), 10);
    EXPECT_DOUBLE_EQ(budget.value("remainingUsd").toDouble(), 9.97);
    EXPECT_EQ(budget.value("period").toString(), "day");
    EXPECT_TRUE(budget.value("periodEnds").toString().endsWith("T00:00:00Z"));
    const QJsonObject tenant = scopeNamed(scopes, "tenant", "team-a");
    EXPECT_DOUBLE_EQ(tenant.value("budget").toObject().value("spentUsd").toDouble(), 0.03);
    EXPECT_DOUBLE_EQ(tenant.value("budget").toObject().value("remainingUsd").toDouble(), 99.97);
    EXPECT_FALSE(spend.body.contains(secret));

    // Filtered: one scope.
    const Response one = call(port, "GET", "/admin/spend?kind=tenant&name=team-a", token());
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(json(one.body).value("scopes").toArray().size(), 1);
    EXPECT_EQ(call(port, "GET", "/admin/spend?colour=red", token()).status, 400);

    const Response limits = call(port, "GET", "/admin/limits?kind=key", token());
    ASSERT_EQ(limits.status, 200) << limits.body.constData();
    const QJsonObject rates =
        scopeNamed(json(limits.body).value("scopes").toArray(), "key", "spender");
    const QJsonObject rpm = rates.value("requestsPerMinute").toObject();
    EXPECT_EQ(rpm.value("used").toInteger(), 3);
    EXPECT_EQ(rpm.value("limit").toInteger(), 100);
    EXPECT_EQ(rpm.value("remaining").toInteger(), 97);
    EXPECT_EQ(rates.value("inFlight").toObject().value("used").toInteger(), 0);
    EXPECT_FALSE(rates.contains("budget"));

    // Every tenant: the config's (used or not) and those keys name, with their use.
    call(port, "POST", "/admin/keys", token(), R"({"name":"other","tenant":"team-b"})");
    const Response tenants = call(port, "GET", "/admin/tenants", token());
    ASSERT_EQ(tenants.status, 200) << tenants.body.constData();
    const QJsonArray list = json(tenants.body).value("tenants").toArray();
    QStringList names;
    for (const QJsonValue& t : list)
        names.append(t.toObject().value("name").toString());
    EXPECT_EQ(names, (QStringList{"idle", "team-a", "team-b"}));
    const QJsonObject teamA = list.at(1).toObject();
    EXPECT_TRUE(teamA.value("declared").toBool());
    EXPECT_EQ(teamA.value("keys").toInt(), 1);
    EXPECT_DOUBLE_EQ(
        teamA.value("limits").toObject().value("budget").toObject().value("usd").toDouble(), 100);
    EXPECT_DOUBLE_EQ(teamA.value("budget").toObject().value("spentUsd").toDouble(), 0.03);
    const QJsonObject idle = list.at(0).toObject();
    EXPECT_TRUE(idle.value("declared").toBool());
    EXPECT_EQ(idle.value("keys").toInt(), 0);
    EXPECT_EQ(idle.value("requestsPerMinute").toObject().value("limit").toInteger(), 5);
    EXPECT_EQ(idle.value("requestsPerMinute").toObject().value("used").toInteger(), 0);
    const QJsonObject teamB = list.at(2).toObject();
    EXPECT_FALSE(teamB.value("declared").toBool());
    EXPECT_EQ(teamB.value("keys").toInt(), 1);
}

TEST(AdminApiServe, TheStartLineSaysWhereTheTokenIsNeverTheToken)
{
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("config.json"));
    QFile file(config);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(mockConfig);
    file.close();
    const QString data = dir.filePath(QStringLiteral("data"));
    ServeProcess serve({"--config", config, "--listen", "127.0.0.1:0", "--data-dir", data});
    ASSERT_NE(serve.port, 0) << serve.out.constData();
    QDeadlineTimer deadline(10'000);
    while (!serve.out.contains(")\n") && !deadline.hasExpired()) {
        serve.process.waitForReadyRead(100);
        serve.out += serve.process.readAllStandardOutput();
    }
    const QString tokenPath = data + QStringLiteral("/admin-token");
    EXPECT_TRUE(
        serve.out.contains("  admin API: http://127.0.0.1:" + QByteArray::number(serve.port) +
                           "/admin/ (token: " + QFile::encodeName(tokenPath) + ")\n"))
        << serve.out.constData();
    QFile tokenFile(tokenPath);
    ASSERT_TRUE(tokenFile.open(QIODevice::ReadOnly));
    const QByteArray token = tokenFile.readAll().trimmed();
    ASSERT_TRUE(token.startsWith("sb-admin-"));
    serve.err += serve.process.readAllStandardError();
    EXPECT_FALSE(serve.out.contains(token));
    EXPECT_FALSE(serve.err.contains(token));
    EXPECT_EQ(call(serve.port, "GET", "/admin/keys", token).status, 200);
}

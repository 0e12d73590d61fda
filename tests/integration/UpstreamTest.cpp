// The openai-compatible backend against real upstream servers on loopback: a separate
// `switchboard serve` process (an OpenAI-compatible server with the mock backend), a port that
// refuses connections, and a TLS server with a self-signed certificate.

#include "store/LogQuery.h"
#include "support/EngineFixture.h"
#include "support/HeldUpstream.h"
#include "support/ServeProcess.h"
#include "support/TestHttp.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <thread>

using namespace testhttp;

namespace {

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

// `switchboard serve` in its own process, on port 0, with three mock models.
class UpstreamProcess
{
public:
    UpstreamProcess() : serve(start(dir)), port(serve.port) {}

    static QStringList start(const QTemporaryDir& dir)
    {
        QFile config(dir.filePath("upstream.json"));
        config.open(QIODevice::WriteOnly);
        config.write(R"({"schemaVersion": 1,
          "backends": [{"name": "mock", "type": "mock", "models": [
            {"name": "m-fast", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 24},
            {"name": "m-slow", "ttftMs": 20, "tokensPerSecond": 20, "outputTokens": 100},
            {"name": "m-late", "ttftMs": 3000, "outputTokens": 4}]}],
          "models": [{"alias": "m-fast", "targets": [{"backend": "mock", "model": "m-fast"}]},
                     {"alias": "m-slow", "targets": [{"backend": "mock", "model": "m-slow"}]},
                     {"alias": "m-late", "targets": [{"backend": "mock", "model": "m-late"}]}]})");
        config.close();
        return {"--config",    config.fileName(), "--listen",
                "127.0.0.1:0", "--data-dir",      dir.filePath("data")};
    }

    // Waits for a row matching the filter in the upstream's own request log.
    QList<QVariantMap> waitForRows(const gateway::store::LogFilter& filter, int atLeast)
    {
        QDeadlineTimer deadline(10'000);
        while (!deadline.hasExpired()) {
            auto rows = gateway::store::LogQuery::run(dir.filePath("data"), filter);
            if (rows.ok() && rows->size() >= atLeast)
                return rows.value();
            QThread::msleep(50);
        }
        return {};
    }

    QTemporaryDir dir; // before serve, which starts in it
    ServeProcess serve;
    quint16 port = 0;
};

quint16 refusingPort()
{
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    socklen_t length = sizeof sa;
    getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &length);
    ::close(fd); // nothing listens there now
    return ntohs(sa.sin_port);
}

QByteArray gatewayConfig(quint16 upstreamPort, const QByteArray& upstreamLimits = "")
{
    const QByteArray base = "http://127.0.0.1:" + QByteArray::number(upstreamPort) + "/v1";
    const QByteArray dead = "http://127.0.0.1:" + QByteArray::number(refusingPort()) + "/v1";
    return R"({"schemaVersion": 1, )" + upstreamLimits + R"(
      "backends": [
        {"name": "up", "type": "openai-compatible", "baseUrl": ")" +
           base + R"(", "apiKey": "env:TEST_KEY"},
        {"name": "dead", "type": "openai-compatible", "baseUrl": ")" +
           dead + R"("}],
      "models": [
        {"alias": "gpt-4o-mini", "targets": [{"backend": "up", "model": "m-fast"}]},
        {"alias": "slow", "targets": [{"backend": "up", "model": "m-slow"}]},
        {"alias": "late", "targets": [{"backend": "up", "model": "m-late"}]},
        {"alias": "dead-only", "targets": [{"backend": "dead", "model": "m-fast"}]},
        {"alias": "dead-then-up", "targets": [{"backend": "dead", "model": "m-fast"}, {"backend": "up", "model": "m-fast"}]}]})";
}

} // namespace

class UpstreamTest : public EngineFixture
{
protected:
    void SetUp() override { ASSERT_NE(upstream.port, 0) << "switchboard serve did not start"; }
    UpstreamProcess upstream;
};

TEST_F(UpstreamTest, RelaysJsonAndStreamsFromASeparateServerProcess)
{
    startEngine(gatewayConfig(upstream.port));
    const QByteArray body =
        R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi"}]})";
    const Response r = post(port, "/v1/chat/completions", body);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject o = json(r.body);
    EXPECT_EQ(o["model"].toString(), QStringLiteral("m-fast")); // the alias was rewritten upstream
    EXPECT_EQ(o["usage"].toObject()["completion_tokens"].toInt(), 24);

    QByteArray streamBody = body;
    streamBody.replace("\"messages\"", "\"stream\":true,\"messages\"");
    const Response s = post(port, "/v1/chat/completions", streamBody);
    ASSERT_EQ(s.status, 200);
    const QList<QByteArray> events = ssePayloads(s.body);
    EXPECT_EQ(events.last(), "[DONE]");
    for (const QByteArray& e : events)
        EXPECT_FALSE(e.contains("\"usage\":{"))
            << "usage the client did not ask for: " << e.constData();
    // ... yet the gateway asked for usage upstream and logged the tokens.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE backend = 'up' AND completion_tokens = 24"),
              2);
    // Body capture is off unless the config turns it on.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies"), 0);
}

TEST_F(UpstreamTest, AClientThatDisconnectsMidStreamAbortsTheUpstreamCall)
{
    startEngine(gatewayConfig(upstream.port));
    {
        Connection c(port);
        c.sendRaw(postJson(
            "/v1/chat/completions",
            R"({"model":"slow","stream":true,"messages":[{"role":"user","content":"x"}]})"));
        ASSERT_TRUE(c.readUntil("data: ").contains("data: "));
    } // closed after the first event; the stream had about 5 s to go
    gateway::store::LogFilter aborted;
    aborted.status = 499;
    // The gateway logs 499 (client closed) ...
    QDeadlineTimer deadline(5000);
    while (sql("SELECT COUNT(*) FROM requests WHERE status = 499") < 1 && !deadline.hasExpired())
        QThread::msleep(20);
    EXPECT_EQ(
        sql("SELECT COUNT(*) FROM requests WHERE status = 499 AND error_class = 'client_closed'"),
        1);
    // ... and the upstream saw its client (the gateway) go away too, long before the stream's end.
    const QList<QVariantMap> rows = upstream.waitForRows(aborted, 1);
    ASSERT_EQ(rows.size(), 1);
    EXPECT_LT(rows.first().value("latency_ms").toDouble(), 4000.0);
}

TEST_F(UpstreamTest, FailsOverToTheNextTargetWhenAConnectionIsRefused)
{
    startEngine(gatewayConfig(upstream.port));
    const Response dead =
        post(port, "/v1/chat/completions",
             R"({"model":"dead-only","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(dead.status, 502);
    EXPECT_EQ(json(dead.body)["error"].toObject()["code"].toString(),
              QStringLiteral("upstream_error"));
    const Response failover =
        post(port, "/v1/chat/completions",
             R"({"model":"dead-then-up","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(failover.status, 200);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE error_class = 'upstream_connect'"), 1);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE model = 'dead-then-up' AND backend = 'up' "
                  "AND status = 200"),
              1);
    // Both attempts are on the row, in order: the refused one, then the one that answered.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests, json_each(requests.attempts) a WHERE model = "
                  "'dead-then-up' AND a.key = 0 AND json_extract(a.value, '$.backend') = 'dead' "
                  "AND json_extract(a.value, '$.status') = 0 AND "
                  "json_extract(a.value, '$.errorClass') = 'upstream_connect'"),
              1);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests, json_each(requests.attempts) a WHERE model = "
                  "'dead-then-up' AND a.key = 1 AND json_extract(a.value, '$.backend') = 'up' "
                  "AND json_extract(a.value, '$.status') = 200 AND "
                  "json_extract(a.value, '$.errorClass') = ''"),
              1);
    EXPECT_EQ(sql("SELECT json_array_length(attempts) FROM requests WHERE model = 'dead-only'"), 1);
    // The console's charts count both refusals and the one fallback, live and in the rollups.
    const auto snapshot = engine->metrics()->snapshot();
    EXPECT_EQ(snapshot.upstreamErrors, 2u);
    EXPECT_EQ(snapshot.fallbacks, 1u);
    EXPECT_EQ(sql("SELECT SUM(upstream_errors) FROM usage_rollups"), 2);
    EXPECT_EQ(sql("SELECT SUM(fallbacks) FROM usage_rollups WHERE model = 'dead-then-up'"), 1);
}

TEST_F(UpstreamTest, FirstByteTimeoutIs504)
{
    startEngine(gatewayConfig(upstream.port, R"("upstream": {"firstByteTimeoutMs": 300},)"));
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"late","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(r.status, 504);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 504 AND error_class = "
                  "'upstream_timeout'"),
              1);
}

TEST_F(UpstreamTest, CallsBeyondTheConnectionCapWaitTheirTurn)
{
    // Two connections per origin (one per worker): twelve concurrent streams queue and all finish.
    startEngine(gatewayConfig(upstream.port, R"("upstream": {"maxConnectionsPerOrigin": 2},)"));
    std::vector<std::thread> clients;
    std::atomic<int> done{0};
    for (int i = 0; i < 12; ++i) {
        clients.emplace_back([&] {
            const Response r = post(
                port, "/v1/chat/completions",
                R"({"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"q"}]})");
            if (r.status == 200 && r.body.endsWith("data: [DONE]\n\n"))
                ++done;
        });
    }
    for (auto& t : clients)
        t.join();
    EXPECT_EQ(done.load(), 12);
}

// The connection cap against an upstream that holds its calls until told (HeldUpstream): how
// many calls reach it at once is then counted, not timed.
class UpstreamCapTest : public EngineFixture
{
protected:
    void start(const QByteArray& upstreamSection)
    {
        startEngine(R"({"schemaVersion": 1, "upstream": )" + upstreamSection + R"(,
          "backends": [{"name": "held", "type": "openai-compatible", "baseUrl": "http://127.0.0.1:)" +
                    QByteArray::number(held.port()) + R"(/v1"}],
          "models": [{"alias": "m", "targets": [{"backend": "held", "model": "m"}]}]})");
    }

    // Starts a request on its own connection and thread; the listener deals connections to the
    // two workers in turn.
    void launch()
    {
        const size_t i = statuses.size();
        statuses.push_back(0);
        bodies.emplace_back();
        clients.emplace_back([this, i] {
            const Response r = post(port, "/v1/chat/completions",
                                    R"({"model":"m","messages":[{"role":"user","content":"q"}]})");
            statuses[i] = r.status;
            bodies[i] = r.body;
        });
    }

    void joinAll()
    {
        for (auto& t : clients)
            t.join();
        clients.clear();
    }

    void TearDown() override
    {
        held.release();
        joinAll();
        EngineFixture::TearDown();
    }

    static constexpr int manyCalls = 300; // more than the cap of 256 that the default once was
    HeldUpstream held{manyCalls};
    std::deque<int> statuses; // deque: elements stay put while the vector of threads grows
    std::deque<QByteArray> bodies;
    std::vector<std::thread> clients;
};

TEST_F(UpstreamCapTest, WithTheDefaultConfigEveryCallReachesTheUpstreamAtOnce)
{
    // Each call holds a client, a gateway and an upstream descriptor (times two sides).
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    ASSERT_GE(limit.rlim_cur, rlim_t(8 * manyCalls)) << "raise the open-file limit";
    // The upstream answers only once all of them are held: with any cap below manyCalls the
    // calls beyond it would wait for a first byte that never comes.
    start(R"({"firstByteTimeoutMs": 30000})");
    for (int i = 0; i < manyCalls; ++i)
        launch();
    joinAll();
    EXPECT_EQ(held.mostHeld(), manyCalls);
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), manyCalls);
}

TEST_F(UpstreamCapTest, ACallBeyondAFullQueueGets503AtOnce)
{
    // A cap of 2 is one connection per worker; no call may wait.
    start(R"({"maxConnectionsPerOrigin": 2, "maxQueuedPerOrigin": 0})");
    launch();
    launch();
    held.waitForReceived(2);
    launch(); // worker 0 again: its one connection is busy
    clients.back().join();
    clients.pop_back();
    EXPECT_EQ(statuses[2], 503);
    EXPECT_TRUE(bodies[2].contains("maxQueuedPerOrigin")) << bodies[2].constData();
    held.release();
    joinAll();
    EXPECT_EQ(statuses[0], 200);
    EXPECT_EQ(statuses[1], 200);
    EXPECT_EQ(held.received(), 2);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 503 AND error_class = "
                  "'upstream_saturated'"),
              1);
}

TEST_F(UpstreamCapTest, AQueuedCallWaitsAtMostTheQueueTimeout)
{
    // The upstream holds both connections for good (a hung model); a third call on the same
    // origin gives up after queueTimeoutMs instead of the first-byte timeout (two minutes).
    start(R"({"maxConnectionsPerOrigin": 2, "queueTimeoutMs": 50})");
    launch();
    launch();
    held.waitForReceived(2);
    launch();
    clients.back().join();
    clients.pop_back();
    EXPECT_EQ(statuses[2], 503);
    EXPECT_TRUE(bodies[2].contains("queueTimeoutMs")) << bodies[2].constData();
    held.release();
    joinAll();
    EXPECT_EQ(statuses[0], 200);
    EXPECT_EQ(held.received(), 2);
}

// A one-connection-at-a-time TLS server with a self-signed certificate for 127.0.0.1.
class TlsUpstream
{
public:
    TlsUpstream()
    {
        const QString key = dir.filePath("key.pem");
        cert = dir.filePath("cert.pem");
        const int rc = QProcess::execute(QStringLiteral("openssl"),
                                         {"req", "-x509", "-newkey", "ec", "-pkeyopt",
                                          "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                                          "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                                          "-addext", "subjectAltName=IP:127.0.0.1"});
        if (rc != 0)
            return;
        ctx = SSL_CTX_new(TLS_server_method());
        SSL_CTX_use_certificate_file(ctx, cert.toLocal8Bit().constData(), SSL_FILETYPE_PEM);
        SSL_CTX_use_PrivateKey_file(ctx, key.toLocal8Bit().constData(), SSL_FILETYPE_PEM);
        fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
        socklen_t length = sizeof sa;
        getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &length);
        port = ntohs(sa.sin_port);
        listen(fd, 16);
        thread = std::thread([this] { serve(); });
    }

    ~TlsUpstream()
    {
        stopping = true;
        if (fd >= 0)
            shutdown(fd, SHUT_RDWR);
        if (thread.joinable())
            thread.join();
        if (fd >= 0)
            ::close(fd);
        SSL_CTX_free(ctx);
    }

    void serve()
    {
        while (!stopping) {
            const int client = accept(fd, nullptr, nullptr);
            if (client < 0)
                return;
            SSL* ssl = SSL_new(ctx);
            SSL_set_fd(ssl, client);
            if (SSL_accept(ssl) == 1) {
                QByteArray request;
                char buffer[4096];
                int n;
                while ((n = SSL_read(ssl, buffer, sizeof buffer)) > 0) {
                    request.append(buffer, n);
                    const qsizetype headEnd = request.indexOf("\r\n\r\n");
                    const qsizetype lengthAt = request.toLower().indexOf("content-length: ");
                    if (headEnd > 0 && lengthAt > 0 &&
                        request.size() >=
                            headEnd + 4 +
                                request
                                    .mid(lengthAt + 16,
                                         request.indexOf('\r', lengthAt) - lengthAt - 16)
                                    .toInt())
                        break;
                }
                lastRequest = request;
                const QByteArray body =
                    R"({"id":"tls-1","object":"chat.completion","created":1,"model":"tls-model",)"
                    R"("choices":[{"index":0,"message":{"role":"assistant","content":"secure"},"finish_reason":"stop"}],)"
                    R"("usage":{"prompt_tokens":7,"completion_tokens":1,"total_tokens":8}})";
                const QByteArray response =
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: "
                    "close\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n\r\n" + body;
                SSL_write(ssl, response.constData(), int(response.size()));
                SSL_shutdown(ssl);
            }
            SSL_free(ssl);
            ::close(client);
        }
    }

    QTemporaryDir dir;
    QString cert;
    SSL_CTX* ctx = nullptr;
    int fd = -1;
    quint16 port = 0;
    std::thread thread;
    std::atomic<bool> stopping{false};
    QByteArray lastRequest;
};

class TlsTest : public EngineFixture
{
protected:
    QByteArray config(bool trustCertificate)
    {
        return R"({"schemaVersion": 1, "logging": {"captureBodies": true}, "backends": [{"name": "tls", "type": "openai-compatible",
          "baseUrl": "https://127.0.0.1:)" +
               QByteArray::number(server.port) + R"(/v1", "apiKey": "env:TEST_KEY")" +
               (trustCertificate ? R"(, "tls": {"caFile": ")" + server.cert.toUtf8() + "\"}"
                                 : QByteArray()) +
               R"(}], "models": [{"alias": "secure", "targets": [{"backend": "tls", "model": "tls-model"}]}]})";
    }
    TlsUpstream server;
};

TEST_F(TlsTest, TalksTlsToATrustedUpstreamAndSendsTheKey)
{
    ASSERT_NE(server.port, 0) << "could not create the test certificate (openssl)";
    startEngine(config(true));
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"secure","messages":[{"role":"user","content":"x"}]})");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(json(r.body)["choices"][0]["message"]["content"].toString(),
              QStringLiteral("secure"));
    EXPECT_TRUE(server.lastRequest.startsWith("POST /v1/chat/completions HTTP/1.1\r\n"));
    EXPECT_TRUE(server.lastRequest.contains("Authorization: Bearer sk-test-secret\r\n"));
    EXPECT_TRUE(server.lastRequest.contains("\"model\":\"tls-model\""));
    EXPECT_EQ(sql("SELECT prompt_tokens FROM requests"), 7);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE request_body LIKE "
                  "'%\"model\":\"secure\"%' AND response_body LIKE '%\"secure\"%'"),
              1);
    // The secret never reaches the log.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE request_body LIKE '%sk-test-secret%' "
                  "OR response_body LIKE '%sk-test-secret%'"),
              0);
}

TEST_F(TlsTest, RefusesAnUpstreamWhoseCertificateIsNotTrusted)
{
    ASSERT_NE(server.port, 0) << "could not create the test certificate (openssl)";
    startEngine(config(false));
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"secure","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(r.status, 502);
    EXPECT_TRUE(json(r.body)["error"].toObject()["message"].toString().contains(
        "certificate verification failed"))
        << r.body.constData();
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE error_class = 'upstream_tls'"), 1);
}

// The request path end to end through real sockets: what passes from an upstream to the client
// and what does not, bodies that never go upstream, the gateway's own routes, stages that refuse
// on the head or rewrite the answer, transport rejections, and state that outlives a reload.

#include "Registries.h"
#include "api/ResponseEvent.h"
#include "pipeline/RequestContext.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"
#include "support/TestHttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace testhttp;

namespace {

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QByteArray upstreamConfig(quint16 upstreamPort, const QByteArray& extra = "")
{
    return R"({"schemaVersion": 1, "logging": {"captureBodies": true}, )" + extra + R"(
      "backends": [{"name": "up", "type": "openai-compatible",
                    "baseUrl": "http://127.0.0.1:)" +
           QByteArray::number(upstreamPort) + R"(/v1"}],
      "models": [{"alias": "m", "targets": [{"backend": "up", "model": "upstream-model"}]}]})";
}

const QByteArray chat = R"({"model":"m","messages":[{"role":"user","content":"x"}]})";
const QByteArray chatStream =
    R"({"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]})";

// A stage that refuses a request on its head when it carries x-test-deny (as an
// authentication stage refuses a missing key), and, for requests that carry x-test-redact,
// asks for protocol-neutral events and redacts "secret" in the answer (as a guard does).
class TestGuardStage : public gateway::pipeline::Stage
{
public:
    const char* name() const override { return "test-guard"; }
    gateway::pipeline::Verdict
    onRequestHeaders(gateway::pipeline::RequestContext& ctx) const override
    {
        if (ctx.http->header("x-test-deny").isEmpty())
            return gateway::pipeline::Verdict::Continue;
        ctx.replyError(401, "test_denied", "denied by the test stage", "invalid_api_key");
        return gateway::pipeline::Verdict::Reply;
    }
    gateway::pipeline::Verdict onRequest(gateway::pipeline::RequestContext& ctx) const override
    {
        ctx.wantsEvents = !ctx.http->header("x-test-redact").isEmpty();
        return gateway::pipeline::Verdict::Continue;
    }
    void onResponseEvent(gateway::pipeline::RequestContext&,
                         gateway::api::ResponseEvent& event) const override
    {
        if (event.type == gateway::api::ResponseEvent::Type::TextDelta)
            event.text.replace(QStringLiteral("secret"), QStringLiteral("[redacted]"));
    }
};

class RequestPathTest : public EngineFixture
{
protected:
    // Starts the engine with the test stage in front of the route stage.
    void startWithGuard(const QByteArray& config)
    {
        registries = gateway::Registries::makeBuiltin();
        registries.stages.insertBefore("route", "test-guard",
                                       [](const gateway::pipeline::StageEnvironment&) {
                                           return std::make_unique<TestGuardStage>();
                                       });
        engine = std::make_unique<gateway::Engine>();
        engine->setRegistries(&registries);
        startEngine(config, false);
    }

    void startEngine(const QByteArray& config, bool fresh = true)
    {
        if (fresh)
            engine.reset();
        startEngineWith(config);
    }

    void startEngineWith(const QByteArray& configJson)
    {
        gateway::config::ConfigLoader loader;
        auto config = loader.parse(configJson);
        ASSERT_TRUE(config.ok()) << qPrintable(config.error());
        gateway::config::Config c = config.value();
        c.server.host = QStringLiteral("127.0.0.1");
        c.server.port = 0;
        c.server.workers = 1;
        if (!engine)
            engine = std::make_unique<gateway::Engine>();
        ASSERT_TRUE(engine->start(c, dataDir.path()).ok());
        port = engine->port();
    }

    gateway::Registries registries;
};

} // namespace

TEST_F(RequestPathTest, UpstreamHeadersThatClientsActOnPassThroughAndNoOthers)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})",
        {"x-ratelimit-remaining-requests: 99", "x-ratelimit-reset-tokens: 6m0s",
         "x-request-id: req_upstream_1", "x-internal-secret: s3", "proxy-authenticate: Basic",
         "keep-alive: timeout=5", "set-cookie: a=b"}));
    startEngine(upstreamConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", chat);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-ratelimit-remaining-requests"), "99");
    EXPECT_EQ(r.header("x-ratelimit-reset-tokens"), "6m0s");
    EXPECT_EQ(r.header("x-upstream-request-id"), "req_upstream_1");
    // The gateway's own request id, not the upstream's.
    EXPECT_EQ(r.header("x-request-id").size(), 32);
    for (const char* hidden :
         {"x-internal-secret", "proxy-authenticate", "keep-alive", "set-cookie"})
        EXPECT_TRUE(r.header(hidden).isEmpty()) << hidden;
}

TEST_F(RequestPathTest, ARateLimitedUpstreamsRetryAfterReachesTheClient)
{
    const QByteArray error =
        R"({"error":{"message":"Rate limit reached","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})";
    ScriptedUpstream upstream(ScriptedUpstream::response(
        429, "application/json", error, {"retry-after: 7", "retry-after-ms: 7000"}));
    startEngine(upstreamConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("retry-after"), "7");
    EXPECT_EQ(r.header("retry-after-ms"), "7000");
    EXPECT_EQ(r.body, error); // an OpenAI error from an OpenAI backend passes as it is
}

TEST_F(RequestPathTest, AnUpstreamThatRejectsTheBackendsKeyIsA502NamingTheBackend)
{
    for (int status : {401, 403}) {
        ScriptedUpstream upstream(ScriptedUpstream::response(
            status, "application/json",
            R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}})"));
        startEngine(upstreamConfig(upstream.port()));
        const Response r = post(port, "/v1/chat/completions", chat);
        EXPECT_EQ(r.status, 502) << status;
        const QJsonObject error = json(r.body)["error"].toObject();
        EXPECT_EQ(error["code"].toString(), QStringLiteral("upstream_auth_error"));
        EXPECT_EQ(error["type"].toString(), QStringLiteral("server_error"));
        EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("'up'")))
            << qPrintable(error["message"].toString());
        EXPECT_FALSE(error["message"].toString().contains(QStringLiteral("Incorrect API key")));
        EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                      "'upstream_auth_error'"),
                  1);
        engine->stop();
        QFile::remove(dataDir.filePath("switchboard.sqlite"));
        QFile::remove(dataDir.filePath("switchboard.sqlite-wal"));
        QFile::remove(dataDir.filePath("switchboard.sqlite-shm"));
    }
}

TEST_F(RequestPathTest, AnUpstreamErrorThatIsNotJsonIsWrappedInAnErrorObject)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(500, "text/html", "<html><body>Internal oops</body></html>"));
    startEngine(upstreamConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 500);
    EXPECT_TRUE(r.header("content-type").startsWith("application/json"));
    QJsonParseError parsed;
    const QJsonObject error = QJsonDocument::fromJson(r.body, &parsed).object()["error"].toObject();
    ASSERT_EQ(parsed.error, QJsonParseError::NoError) << r.body.constData();
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("HTTP 500")));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("Internal oops")));
    EXPECT_EQ(error["code"].toString(), QStringLiteral("upstream_error"));
}

TEST_F(RequestPathTest, BodiesThatAreNotExactlyOneJsonObjectNeverGoUpstream)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/json", "{}"));
    startEngine(upstreamConfig(upstream.port()));
    const QByteArray bodies[] = {
        chat + chat,
        chat + " trailing",
        chat + "]",
        R"({"model":"m","model":"other","messages":[{"role":"user","content":"x"}]})",
        R"({"model":"m","stream":false,"stream":true,"messages":[{"role":"user","content":"x"}]})",
    };
    for (const QByteArray& body : bodies) {
        const Response r = post(port, "/v1/chat/completions", body);
        EXPECT_EQ(r.status, 400) << body.constData();
        EXPECT_EQ(json(r.body)["error"].toObject()["type"].toString(),
                  QStringLiteral("invalid_request_error"));
    }
    EXPECT_TRUE(upstream.requests().isEmpty());
    // Whitespace after the object is fine.
    EXPECT_EQ(post(port, "/v1/chat/completions", chat + "\n  ").status, 200);
    EXPECT_EQ(upstream.requests().size(), 1);
}

TEST_F(RequestPathTest, AStageThatWantsEventsRewritesAnOpenAiBackendsAnswer)
{
    // The OpenAI backend's answer is decoded into events (no pass-through) so that the stage
    // can redact it, then encoded again for the OpenAI client: streamed and whole.
    QByteArray sse;
    for (const char* piece : {"the ", "secret", " is out"})
        sse +=
            R"(data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":")" +
            QByteArray(piece) + R"("},"finish_reason":null}]})" + "\n\n";
    sse +=
        R"(data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
        "\n\n";
    sse +=
        R"(data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}})"
        "\n\ndata: [DONE]\n\n";
    {
        ScriptedUpstream upstream(ScriptedUpstream::response(200, "text/event-stream", sse));
        startWithGuard(upstreamConfig(upstream.port()));
        const Response r = post(port, "/v1/chat/completions", chatStream, {"x-test-redact: 1"});
        ASSERT_EQ(r.status, 200);
        QString text;
        const QList<QByteArray> payloads = ssePayloads(r.body);
        ASSERT_FALSE(payloads.isEmpty());
        EXPECT_EQ(payloads.last(), "[DONE]");
        for (const QByteArray& p : payloads)
            for (const QJsonValue c : json(p)["choices"].toArray())
                text += c.toObject()["delta"].toObject()["content"].toString();
        EXPECT_EQ(text, QStringLiteral("the [redacted] is out"));
        // Without the stage's wish the bytes are relayed as they came.
        const Response relayed = post(port, "/v1/chat/completions", chatStream);
        EXPECT_TRUE(relayed.body.contains("secret"));
        EXPECT_EQ(sql("SELECT prompt_tokens + completion_tokens FROM requests ORDER BY id LIMIT 1"),
                  6);
        engine->stop();
    }
    ScriptedUpstream whole(ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"x","object":"chat.completion","model":"upstream-model","choices":[{"index":0,"message":{"role":"assistant","content":"my secret"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})"));
    startWithGuard(upstreamConfig(whole.port()));
    const Response r = post(port, "/v1/chat/completions", chat, {"x-test-redact: 1"});
    ASSERT_EQ(r.status, 200);
    const QJsonObject answer = json(r.body);
    EXPECT_EQ(answer["choices"].toArray()[0].toObject()["message"].toObject()["content"].toString(),
              QStringLiteral("my [redacted]"));
    EXPECT_EQ(answer["usage"].toObject()["total_tokens"].toInt(), 3);
    EXPECT_EQ(answer["model"].toString(), QStringLiteral("upstream-model"));
}

TEST_F(RequestPathTest, AStageRefusesOnTheHeadBeforeTheBodyIsSentOrContinued)
{
    startWithGuard(mockConfig);
    Connection c(port);
    // A client that waits for 100 Continue before it uploads a megabyte.
    ASSERT_TRUE(c.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Content-Type: application/json\r\nX-Test-Deny: 1\r\n"
                          "Expect: 100-continue\r\nContent-Length: 1000000\r\n\r\n"));
    const Response r = c.read();
    EXPECT_EQ(r.status, 401); // never 100
    EXPECT_EQ(json(r.body)["error"].toObject()["code"].toString(),
              QStringLiteral("invalid_api_key"));
    const QByteArray id = r.header("x-request-id");
    EXPECT_EQ(id.size(), 32);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 401 AND error_class = "
                  "'test_denied' AND trace_id = '" +
                  QString::fromLatin1(id) + "'"),
              1);
    // Requests without the header go on as before.
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody).status, 200);
}

TEST_F(RequestPathTest, TransportRejectionsCarryARequestIdAndAreCountedAndLogged)
{
    QByteArray config = mockConfig;
    config.replace(R"("schemaVersion": 1,)",
                   R"("schemaVersion": 1, "server": {"limits": {"maxBodyBytes": 1024}},)");
    startEngine(config);
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"fast","messages":[{"role":"user","content":")" +
                                QByteArray(4096, 'x') + R"("}]})");
    EXPECT_EQ(r.status, 413);
    const QByteArray id = r.header("x-request-id");
    ASSERT_EQ(id.size(), 32);
    const Response metrics = get(port, "/metrics");
    EXPECT_TRUE(metrics.body.contains(
        R"(switchboard_http_rejections_total{status="413",reason="body_too_large"} 1)"))
        << metrics.body.constData();
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 413 AND error_class = "
                  "'body_too_large' AND endpoint = 'chat.completions' AND trace_id = '" +
                  QString::fromLatin1(id) + "'"),
              1);
}

TEST_F(RequestPathTest, ModelsCanBeRetrievedOneByOne)
{
    startEngine(mockConfig);
    const Response fast = get(port, "/v1/models/fast");
    EXPECT_EQ(fast.status, 200);
    EXPECT_EQ(json(fast.body)["id"].toString(), QStringLiteral("fast"));
    EXPECT_EQ(json(fast.body)["object"].toString(), QStringLiteral("model"));
    const Response missing = get(port, "/v1/models/nope%2Fmodel");
    EXPECT_EQ(missing.status, 404);
    const QJsonObject error = json(missing.body)["error"].toObject();
    EXPECT_EQ(error["code"].toString(), QStringLiteral("model_not_found"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("nope/model")));
    // A route that exists answers 405 to another method, with Allow.
    const Response wrong = post(port, "/v1/models/fast", "{}");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_EQ(wrong.header("allow"), "GET, HEAD");
}

TEST_F(RequestPathTest, StageCountersAndSharedStateOutliveAReload)
{
    // Every second request of "half" fails: the sequence must go on across a reload, not
    // start again (the mock keeps it in the engine's shared state).
    QByteArray config = mockConfig;
    config.replace(
        R"({ "name": "fast",)",
        R"({ "name": "half", "ttftMs": 0, "outputTokens": 2, "failure": { "status": 503, "rate": 0.5 } },
                      { "name": "fast",)");
    config.replace(R"({ "alias": "fast",)",
                   R"({ "alias": "half", "targets": [{ "backend": "mock", "model": "half" }] },
                      { "alias": "fast",)");
    startEngine(config);
    const QByteArray half = R"({"model":"half","messages":[{"role":"user","content":"x"}]})";
    const QByteArray unknown = R"({"model":"nope","messages":[{"role":"user","content":"x"}]})";
    EXPECT_EQ(post(port, "/v1/chat/completions", half).status, 200);
    EXPECT_EQ(post(port, "/v1/chat/completions", unknown).status, 404);

    gateway::config::ConfigLoader loader;
    auto reloaded = loader.parse(config);
    ASSERT_TRUE(reloaded.ok());
    ASSERT_TRUE(engine->reload(reloaded.value()).ok());

    EXPECT_EQ(post(port, "/v1/chat/completions", half).status, 503);
    EXPECT_EQ(post(port, "/v1/chat/completions", unknown).status, 404);
    const Response metrics = get(port, "/metrics");
    EXPECT_TRUE(metrics.body.contains(
        R"(switchboard_stage_events_total{stage="route",event="model_not_found"} 2)"))
        << metrics.body.constData();
    EXPECT_TRUE(metrics.body.contains(
        R"(switchboard_stage_events_total{stage="parse",event="invalid"} 0)"));
}

TEST_F(RequestPathTest, AnErrorInTheMiddleOfADecodedStreamEndsItWithAnErrorNotDone)
{
    const QByteArray sse =
        R"(data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"partial"},"finish_reason":null}]})"
        "\n\n"
        R"(data: {"error":{"message":"model overloaded","type":"server_error","code":null}})"
        "\n\n"
        R"(data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":" never"},"finish_reason":null}]})"
        "\n\ndata: [DONE]\n\n";
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "text/event-stream", sse));
    startWithGuard(upstreamConfig(upstream.port()));
    Connection c(port);
    ASSERT_TRUE(c.sendRaw(postJson("/v1/chat/completions", chatStream, {"x-test-redact: 1"})));
    QByteArray received;
    c.waitClosed(5000, &received); // the stream is cut, not ended cleanly
    EXPECT_TRUE(received.contains("partial"));
    EXPECT_TRUE(received.contains("model overloaded"));
    EXPECT_FALSE(received.contains("never"));
    EXPECT_FALSE(received.contains("[DONE]"));
    EXPECT_FALSE(received.contains("\r\n0\r\n\r\n")); // no terminating chunk
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE error_class = 'upstream_stream_error'"), 1);
}

TEST_F(RequestPathTest, NoRequestOutlivesItsResponse)
{
    // A context admitted on the head refers to its exchange; the exchange must not keep it
    // (a cycle leaked every request with its buffers: 4 KB each, 1.5 GB after 400,000).
    startEngine(mockConfig);
    for (int i = 0; i < 20; ++i) {
        EXPECT_EQ(post(port, "/v1/chat/completions", chatBody).status, 200);
        EXPECT_EQ(
            post(port, "/v1/chat/completions",
                 R"({"model":"fast","stream":true,"messages":[{"role":"user","content":"x"}]})")
                .status,
            200);
        EXPECT_EQ(post(port, "/v1/chat/completions", R"({"model":"nope","messages":[]})").status,
                  400);
    }
    // Finished contexts are released on the worker's next turn (at most 100 ms later).
    QDeadlineTimer deadline(5000);
    while (gateway::pipeline::RequestContext::alive() > 0 && !deadline.hasExpired())
        QThread::msleep(10);
    EXPECT_EQ(gateway::pipeline::RequestContext::alive(), 0);
}

TEST_F(RequestPathTest, AnAnswerCutAfterItsHeadFailsOverWhileTheClientHasNothingYet)
{
    // The first backend sends a 200 head, then closes: nothing reached the client yet, so the
    // next target answers instead.
    ScriptedUpstream broken("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            "Content-Length: 1000\r\n\r\n");
    ScriptedUpstream good(ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})"));
    startEngine(R"({"schemaVersion": 1,
      "backends": [
        {"name": "broken", "type": "openai-compatible", "baseUrl": "http://127.0.0.1:)" +
                QByteArray::number(broken.port()) + R"(/v1"},
        {"name": "good", "type": "openai-compatible", "baseUrl": "http://127.0.0.1:)" +
                QByteArray::number(good.port()) + R"(/v1"}],
      "models": [{"alias": "m", "targets": [{"backend": "broken", "model": "a"},
                                            {"backend": "good", "model": "b"}]}]})");
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.body.contains("whole")) << r.body.constData();
    EXPECT_EQ(sql("SELECT json_array_length(attempts) FROM requests"), 2);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests, json_each(requests.attempts) a WHERE a.key = 0 "
                  "AND json_extract(a.value, '$.errorClass') = 'upstream_reset'"),
              1);
}

TEST_F(RequestPathTest, ABackendKeyThatTheUpstreamEchoesIsScrubbedFromTheCapturedBodies)
{
    // OpenAI-style: the error quotes the key it was given.
    const QByteArray key = "sk-echoed-0123456789abcdef";
    qputenv("SWITCHBOARD_TEST_ECHOED_KEY", key);
    ScriptedUpstream upstream(ScriptedUpstream::response(
        400, "application/json",
        R"({"error":{"message":"Incorrect API key provided: )" + key +
            R"(. You can find your API key at ...","type":"invalid_request_error"}})"));
    QByteArray config = upstreamConfig(upstream.port());
    config.replace(R"("type": "openai-compatible",)",
                   R"("type": "openai-compatible", "apiKey": "env:SWITCHBOARD_TEST_ECHOED_KEY",)");
    startEngine(config);
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 400);
    ASSERT_EQ(upstream.requests().size(), 1);
    ASSERT_TRUE(upstream.requests().first().contains("Bearer " + key)); // it was sent
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE response_body LIKE "
                  "'%Incorrect API key provided: [redacted].%'"),
              1);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE response_body LIKE '%" +
                  QString::fromLatin1(key) + "%' OR request_body LIKE '%" +
                  QString::fromLatin1(key) + "%' OR request_headers LIKE '%" +
                  QString::fromLatin1(key) + "%'"),
              0);
    qunsetenv("SWITCHBOARD_TEST_ECHOED_KEY");
}

TEST_F(RequestPathTest, ConfiguredHeadersQueryAndDroppedFieldsReachTheUpstream)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})"));
    startEngine(R"({"schemaVersion": 1,
      "backends": [{"name": "up", "type": "openai-compatible",
                    "baseUrl": "http://127.0.0.1:)" +
                QByteArray::number(upstream.port()) + R"(/v1",
                    "headers": {"HTTP-Referer": "https://me.example", "X-Title": "Switchboard"},
                    "query": {"api-version": "2024 10"},
                    "dropParams": ["seed", "user"]}],
      "models": [{"alias": "m", "targets": [{"backend": "up", "model": "upstream-model"}]}]})");
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"m","seed":7,"user":"u1","temperature":0.5,)"
                            R"("messages":[{"role":"user","content":"x"}]})");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    ASSERT_EQ(upstream.requests().size(), 1);
    const QByteArray sent = upstream.requests().first();
    EXPECT_TRUE(sent.startsWith("POST /v1/chat/completions?api-version=2024%2010 HTTP/1.1\r\n"))
        << sent.constData();
    EXPECT_TRUE(sent.contains("\r\nHTTP-Referer: https://me.example\r\n"));
    EXPECT_TRUE(sent.contains("\r\nX-Title: Switchboard\r\n"));
    const QJsonObject body = json(sent.mid(sent.indexOf("\r\n\r\n") + 4));
    EXPECT_FALSE(body.contains(QStringLiteral("seed")));
    EXPECT_FALSE(body.contains(QStringLiteral("user")));
    EXPECT_EQ(body.value(QStringLiteral("temperature")).toDouble(), 0.5);
    EXPECT_EQ(body.value(QStringLiteral("model")).toString(), QStringLiteral("upstream-model"));
}

TEST_F(RequestPathTest, AnAnswerWithoutUsageIsCountedAndMarkedEstimated)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]})"));
    startEngine(upstreamConfig(upstream.port()));
    ASSERT_EQ(post(port, "/v1/chat/completions", chat).status, 200);
    EXPECT_EQ(sql("SELECT usage_estimated FROM requests"), 1);
    EXPECT_GT(sql("SELECT prompt_tokens FROM requests"), 0);

    ScriptedUpstream reported(ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],)"
        R"("usage":{"prompt_tokens":30,"completion_tokens":5,"total_tokens":35,)"
        R"("prompt_tokens_details":{"cached_tokens":20},"completion_tokens_details":{"reasoning_tokens":3}}})"));
    startEngine(upstreamConfig(reported.port()));
    const Response r = post(port, "/v1/chat/completions", chat);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(sql("SELECT usage_estimated FROM requests WHERE prompt_tokens = 30"), 0);
    EXPECT_EQ(sql("SELECT cache_read_tokens FROM requests WHERE prompt_tokens = 30"), 20);
    EXPECT_EQ(sql("SELECT reasoning_tokens FROM requests WHERE prompt_tokens = 30"), 3);
}

// The gateway end to end on loopback, against the built-in mock backend.

#include "support/EngineFixture.h"
#include "support/TestHttp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <zlib.h>

#include <thread>

using namespace testhttp;

namespace {
QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}
} // namespace

class GatewayTest : public EngineFixture
{
protected:
    void SetUp() override { startEngine(mockConfig); }
};

TEST_F(GatewayTest, ChatCompletionReturnsJsonWithUsageAndARequestId)
{
    const Response r = post(port, "/v1/chat/completions", chatBody);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "application/json");
    EXPECT_EQ(r.header("x-request-id").size(), 32);
    const QJsonObject o = json(r.body);
    EXPECT_EQ(o.value("object").toString(), QStringLiteral("chat.completion"));
    EXPECT_FALSE(o["choices"][0]["message"]["content"].toString().isEmpty());
    EXPECT_EQ(o["usage"].toObject()["completion_tokens"].toInt(), 24);
    EXPECT_EQ(sql("SELECT completion_tokens FROM requests WHERE status = 200"), 24);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE trace_id = '" +
                  QString::fromLatin1(r.header("x-request-id")) + "'"),
              1);
}

TEST_F(GatewayTest, AGzipRequestBodyIsDecodedBeforeTheApiSeesIt)
{
    // What `Content-Encoding: gzip` clients send (RFC 9110 8.4.1.3).
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray gz(int(deflateBound(&z, uLong(chatBody.size()))) + 32, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chatBody.constData()));
    z.avail_in = uInt(chatBody.size());
    z.next_out = reinterpret_cast<Bytef*>(gz.data());
    z.avail_out = uInt(gz.size());
    ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    gz.resize(qsizetype(z.total_out));
    deflateEnd(&z);

    const Response r = post(port, "/v1/chat/completions", gz, {"Content-Encoding: gzip"});
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(json(r.body).value("object").toString(), QStringLiteral("chat.completion"));
    EXPECT_EQ(post(port, "/v1/chat/completions", gz, {"Content-Encoding: br"}).status, 415);
}

TEST_F(GatewayTest, TraceparentTraceIdBecomesTheRequestId)
{
    const QByteArray traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const Response r = post(port, "/v1/chat/completions", chatBody,
                            {"traceparent: 00-" + traceId + "-00f067aa0ba902b7-01"});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-request-id"), traceId);
    // An invalid one is ignored.
    const Response bad =
        post(port, "/v1/chat/completions", chatBody,
             {"traceparent: 00-00000000000000000000000000000000-00f067aa0ba902b7-01"});
    EXPECT_NE(bad.header("x-request-id"), "00000000000000000000000000000000");
}

TEST_F(GatewayTest, StreamEndsWithDoneAndCarriesUsageOnlyWhenAsked)
{
    const QByteArray streamBody =
        R"({"model":"fast","stream":true,"messages":[{"role":"user","content":"hello gateway"}]})";
    const Response plain = post(port, "/v1/chat/completions", streamBody);
    ASSERT_EQ(plain.status, 200);
    EXPECT_EQ(plain.header("content-type"), "text/event-stream");
    EXPECT_EQ(plain.header("transfer-encoding"), "chunked");
    const QList<QByteArray> events = ssePayloads(plain.body);
    ASSERT_GE(events.size(), 3);
    EXPECT_EQ(events.last(), "[DONE]");
    // The captured body is the stream as the client got it, its end included.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE response_body LIKE "
                  "'data: {%data: [DONE]' || char(10) || char(10)"),
              1);
    for (const QByteArray& e : events)
        EXPECT_FALSE(e.contains("\"usage\"")) << e.constData();

    QByteArray withUsage = streamBody;
    withUsage.replace("\"stream\":true",
                      "\"stream\":true,\"stream_options\":{\"include_usage\":true}");
    const Response asked = post(port, "/v1/chat/completions", withUsage);
    const QList<QByteArray> askedEvents = ssePayloads(asked.body);
    ASSERT_GE(askedEvents.size(), 3);
    const QJsonObject usageChunk = json(askedEvents.at(askedEvents.size() - 2));
    EXPECT_TRUE(usageChunk.value("choices").toArray().isEmpty());
    EXPECT_EQ(usageChunk["usage"].toObject()["completion_tokens"].toInt(), 24);

    // The text streamed equals the text of the same request without streaming.
    QString streamed;
    for (const QByteArray& e : events)
        streamed += json(e)["choices"][0]["delta"]["content"].toString();
    const QString whole =
        json(post(port, "/v1/chat/completions", chatBody).body)["choices"][0]["message"]["content"]
            .toString();
    EXPECT_EQ(streamed, whole);
    // Both streams are logged with their tokens (usage is always requested upstream) and a TTFT.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE stream = 1 AND completion_tokens = 24 AND "
                  "ttft_ms IS NOT NULL"),
              2);
}

TEST_F(GatewayTest, CompletionsEmbeddingsAndModels)
{
    const Response c = post(port, "/v1/completions", R"({"model":"fast","prompt":"say hi"})");
    ASSERT_EQ(c.status, 200);
    EXPECT_EQ(json(c.body).value("object").toString(), QStringLiteral("text_completion"));

    const Response e = post(port, "/v1/embeddings", R"({"model":"fast","input":["one","two"]})");
    ASSERT_EQ(e.status, 200);
    const QJsonArray data = json(e.body).value("data").toArray();
    ASSERT_EQ(data.size(), 2);
    EXPECT_EQ(data[0]["embedding"].toArray().size(), 8);
    EXPECT_NE(data[0]["embedding"].toArray(), data[1]["embedding"].toArray());

    const Response m = get(port, "/v1/models");
    ASSERT_EQ(m.status, 200);
    QStringList ids;
    for (const QJsonValue& v : json(m.body).value("data").toArray())
        ids << v["id"].toString();
    EXPECT_EQ(ids, QStringList({"fast", "slow", "broken", "flaky", "flaky-then-fast"}));
    EXPECT_EQ(get(port, "/healthz").status, 200);
}

TEST_F(GatewayTest, UnknownModelIs404ModelNotFoundAndLogged)
{
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"gpt-9","messages":[{"role":"user","content":"x"}]})");
    ASSERT_EQ(r.status, 404);
    EXPECT_EQ(json(r.body)["error"].toObject()["code"].toString(),
              QStringLiteral("model_not_found"));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 404 AND error_class = "
                  "'model_not_found' AND model = 'gpt-9'"),
              1);
}

TEST_F(GatewayTest, BadRequestsGetOpenAiErrors)
{
    const Response invalid = post(port, "/v1/chat/completions", "{\"model\":");
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(json(invalid.body)["error"].toObject()["type"].toString(),
              QStringLiteral("invalid_request_error"));
    const Response empty = post(port, "/v1/chat/completions", R"({"model":"fast","messages":[]})");
    EXPECT_EQ(empty.status, 400);
    EXPECT_EQ(json(empty.body)["error"].toObject()["param"].toString(), QStringLiteral("messages"));
    EXPECT_EQ(get(port, "/v1/chat/completions").status, 405);
    const Response unknown = get(port, "/v2/nothing");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_TRUE(
        json(unknown.body)["error"].toObject()["message"].toString().contains("/v2/nothing"));
}

TEST_F(GatewayTest, KeepAliveAndPipelinedRequestsAreAnsweredInOrder)
{
    Connection c(port);
    c.sendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
              postJson("/v1/chat/completions", chatBody) +
              "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const Response first = c.read();
    const Response second = c.read();
    const Response third = c.read();
    EXPECT_EQ(first.body, "{\"status\":\"ok\"}");
    EXPECT_EQ(json(second.body).value("object").toString(), QStringLiteral("chat.completion"));
    EXPECT_EQ(json(third.body).value("object").toString(), QStringLiteral("list"));
    // Still open for more.
    c.sendRaw(postJson("/v1/chat/completions", chatBody));
    EXPECT_EQ(c.read().status, 200);
}

TEST_F(GatewayTest, ExpectContinueGetsAnInterimResponse)
{
    Connection c(port);
    c.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
              "application/json\r\nExpect: 100-continue\r\nContent-Length: " +
              QByteArray::number(chatBody.size()) + "\r\n\r\n");
    EXPECT_TRUE(c.readUntil("\r\n\r\n").startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    EXPECT_EQ(c.read().status, 100);
    c.sendRaw(chatBody);
    EXPECT_EQ(c.read().status, 200);
}

TEST_F(GatewayTest, AfterNRequestsSqliteHoldsExactlyNRowsWithTheirTokens)
{
    constexpr int clients = 4;
    constexpr int perClient = 75;
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            Connection c(port);
            for (int i = 0; i < perClient; ++i) {
                const bool stream = (i % 3) == 0;
                const QByteArray body =
                    "{\"model\":\"fast\",\"stream\":" + QByteArray(stream ? "true" : "false") +
                    ",\"messages\":[{\"role\":\"user\",\"content\":\"n" +
                    QByteArray::number(t * 1000 + i) + "\"}]}";
                c.sendRaw(postJson("/v1/chat/completions", body));
                if (c.read().status == 200)
                    ++ok;
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(ok.load(), clients * perClient);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests"), clients * perClient);
    EXPECT_EQ(sql("SELECT SUM(completion_tokens) FROM requests"), clients * perClient * 24);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE prompt_tokens <= 0"), 0);
}

TEST_F(GatewayTest, AStreamBrokenMidWayEndsWithAnErrorEventAndNoDone)
{
    Connection c(port);
    c.sendRaw(
        postJson("/v1/chat/completions",
                 R"({"model":"broken","stream":true,"messages":[{"role":"user","content":"x"}]})"));
    QByteArray received;
    EXPECT_TRUE(c.waitClosed(5000, &received));
    EXPECT_TRUE(received.contains("\"error\"")) << received.constData();
    EXPECT_FALSE(received.contains("[DONE]"));
    EXPECT_FALSE(received.contains("\r\n0\r\n\r\n")); // no clean end of the chunked body
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE response_body LIKE '%\"error\"%' "
                  "AND response_body NOT LIKE '%[DONE]%'"),
              1);
    EXPECT_EQ(
        sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = 'upstream_reset'"),
        1);
}

TEST_F(GatewayTest, RetryableFailuresMoveToTheNextTarget)
{
    const Response flaky = post(port, "/v1/chat/completions",
                                R"({"model":"flaky","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(flaky.status, 503);
    EXPECT_EQ(json(flaky.body)["error"].toObject()["code"].toString(),
              QStringLiteral("mock_injected_failure"));
    const Response recovered =
        post(port, "/v1/chat/completions",
             R"({"model":"flaky-then-fast","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(recovered.status, 200);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE model = 'flaky-then-fast' AND "
                  "upstream_model = 'fast'"),
              1);
    const QByteArray metrics = get(port, "/metrics").body;
    EXPECT_TRUE(
        metrics.contains("switchboard_upstream_errors_total{backend=\"mock\",kind=\"5xx\"} 2"))
        << metrics.constData();
}

TEST_F(GatewayTest, MetricsCountRequestsAndTokens)
{
    // On one keep-alive connection: a worker counts a request after its last byte and before
    // it reads the next one from that connection, so /metrics asked there sees all three.
    Connection c(port);
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(c.sendRaw(postJson("/v1/chat/completions", chatBody)));
        ASSERT_EQ(c.read().status, 200);
    }
    ASSERT_TRUE(c.sendRaw("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    const Response m = c.read();
    const QByteArray counted =
        "switchboard_requests_total{status=\"200\",model=\"fast\",backend=\"mock\"} 3";
    ASSERT_EQ(m.status, 200);
    EXPECT_TRUE(m.body.contains(counted)) << m.body.constData();
    EXPECT_TRUE(
        m.body.contains("switchboard_tokens_total{direction=\"completion\",model=\"fast\"} 72"));
    EXPECT_TRUE(m.body.contains("switchboard_request_duration_seconds_count{model=\"fast\"} 3"));
    EXPECT_TRUE(m.body.contains("switchboard_requests_in_flight 0"));
}

TEST_F(GatewayTest, StopDrainsAStreamInFlight)
{
    Connection c(port);
    c.sendRaw(
        postJson("/v1/chat/completions",
                 R"({"model":"slow","stream":true,"messages":[{"role":"user","content":"x"}]})"));
    c.readUntil("data: ");
    std::thread stopper([&] { engine->stop(); });
    const Response r = c.read();
    stopper.join();
    EXPECT_TRUE(r.complete);
    EXPECT_TRUE(r.body.endsWith("data: [DONE]\n\n"));
    // Stopped: new connections are refused.
    EXPECT_FALSE(Connection(port).isOpen());
}

TEST_F(GatewayTest, EveryAnswerCarriesARequestId)
{
    for (const QByteArray& path :
         {QByteArray("/healthz"), QByteArray("/metrics"), QByteArray("/v1/models"),
          QByteArray("/nowhere"), QByteArray("/v1/chat/completions")})
        EXPECT_EQ(get(port, path).header("x-request-id").size(), 32) << path.constData();
}

TEST_F(GatewayTest, EmbeddingsHonourBase64Encoding)
{
    const Response floats = post(port, "/v1/embeddings", R"({"model":"fast","input":"abc"})");
    const Response base64 = post(port, "/v1/embeddings",
                                 R"({"model":"fast","input":"abc","encoding_format":"base64"})");
    ASSERT_EQ(base64.status, 200);
    const QJsonArray list = json(floats.body)["data"][0]["embedding"].toArray();
    const QByteArray packed =
        QByteArray::fromBase64(json(base64.body)["data"][0]["embedding"].toString().toLatin1());
    ASSERT_EQ(packed.size(), 8 * 4);
    for (int i = 0; i < 8; ++i) {
        float v;
        memcpy(&v, packed.constData() + 4 * i, 4); // little-endian float32, as the SDKs decode it
        EXPECT_NEAR(v, list[i].toDouble(), 1e-6);
    }
    EXPECT_EQ(
        post(port, "/v1/embeddings", R"({"model":"fast","input":"abc","encoding_format":"int8"})")
            .status,
        400);
}

TEST_F(GatewayTest, CapturedHeadersHaveTheirCredentialsMasked)
{
    const Response r = post(port, "/v1/chat/completions", chatBody,
                            {"Authorization: Bearer sk-very-secret", "X-Team: blue"});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(
        sql("SELECT COUNT(*) FROM request_bodies WHERE request_headers LIKE '%authorization: ***%'"
            " AND request_headers LIKE '%x-team: blue%'"),
        1);
    EXPECT_EQ(
        sql("SELECT COUNT(*) FROM request_bodies WHERE request_headers LIKE '%sk-very-secret%'"),
        0);
}

TEST_F(GatewayTest, OnlyTheConsoleTokenMarksARequestAsReplay)
{
    const QByteArray token = engine->consoleToken();
    ASSERT_EQ(token.size(), 32); // 128 random bits, in hex
    EXPECT_NE(token, gateway::Engine().consoleToken());
    const QByteArray header = "X-Switchboard-Replay: ";
    ASSERT_EQ(post(port, "/v1/chat/completions", chatBody, {header + token}).status, 200);
    // A client that guesses, or copies the header without the token, is an api client.
    QByteArray wrong = token;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    ASSERT_EQ(post(port, "/v1/chat/completions", chatBody, {header + wrong}).status, 200);
    ASSERT_EQ(post(port, "/v1/chat/completions", chatBody, {header + "1"}).status, 200);
    ASSERT_EQ(post(port, "/v1/chat/completions", chatBody).status, 200);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE source = 'replay'"), 1);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE source = 'api'"), 3);
    EXPECT_EQ(sql("SELECT SUM(requests) FROM usage_rollups WHERE source = 'replay'"), 1);
    EXPECT_EQ(sql("SELECT SUM(requests) FROM usage_rollups WHERE source = 'api'"), 3);
    // The live metrics count all four, and the replay apart, so that the console can leave it
    // out of its charts as it does with the log's.
    const gateway::metrics::Snapshot live = engine->metrics()->snapshot();
    EXPECT_EQ(live.byStatusClass[2], 4u);
    ASSERT_TRUE(live.replay);
    EXPECT_EQ(live.replay->byStatusClass[2], 1u);
    EXPECT_EQ(live.without(*live.replay).byStatusClass[2], 3u);
    // The token is a secret: the captured headers mask it.
    EXPECT_EQ(
        sql("SELECT COUNT(*) FROM request_bodies WHERE request_headers LIKE '%" + token + "%'"), 0);
}

TEST_F(GatewayTest, BackendSlashModelAddressesOneBackendDirectly)
{
    const Response direct =
        post(port, "/v1/chat/completions",
             R"({"model":"mock/fast","messages":[{"role":"user","content":"x"}]})");
    ASSERT_EQ(direct.status, 200) << direct.body.constData();
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE model = 'mock/fast' AND backend = 'mock' "
                  "AND upstream_model = 'fast' AND route = 'direct'"),
              1);
    EXPECT_EQ(post(port, "/v1/chat/completions",
                   R"({"model":"nobody/slow","messages":[{"role":"user","content":"x"}]})")
                  .status,
              404);
    EXPECT_EQ(post(port, "/v1/chat/completions",
                   R"({"model":"mock/","messages":[{"role":"user","content":"x"}]})")
                  .status,
              404);
}

TEST_F(GatewayTest, BaseUrlNamesTheBoundAddressAfterAReloadThatChangesIt)
{
    // A new listen address applies at the next start; until then the URL is the bound one.
    gateway::config::ConfigLoader loader;
    auto config = loader.parse(mockConfig);
    ASSERT_TRUE(config.ok());
    gateway::config::Config moved = config.value();
    moved.server.host = QStringLiteral("127.0.0.2");
    moved.server.port = 4999;
    ASSERT_TRUE(engine->reload(moved).ok());
    EXPECT_EQ(engine->baseUrl(), QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
}

TEST_F(GatewayTest, HealthzIsDegradedWithTheReasonWhileTheLogCannotBeWritten)
{
    const QByteArray chat = chatBody;
    ASSERT_EQ(post(port, "/v1/chat/completions", chat).status, 200);
    EXPECT_EQ(sql(QStringLiteral("SELECT COUNT(*) FROM requests")), 1);
    EXPECT_EQ(get(port, "/healthz").body, QByteArray(R"({"status":"ok"})"));

    // A full disk: the file may not grow by one page. The first rows may still fit in the
    // last page (a flush may come between two requests); within a few, one does not.
    gateway::store::LogWriter* log = engine->logWriter();
    log->setMaxPageCount(sql(QStringLiteral("PRAGMA page_count")));
    int sent = 0;
    while (log->health().ok && sent < 200) {
        ASSERT_EQ(post(port, "/v1/chat/completions", chat).status, 200);
        ++sent;
        log->flush();
    }
    ASSERT_FALSE(log->health().ok);
    // Every row is either in the log or counted as lost.
    const qint64 kept = sql(QStringLiteral("SELECT COUNT(*) FROM requests")) - 1;
    EXPECT_GE(log->dropped(), 1);
    EXPECT_EQ(kept + log->dropped(), sent);
    // Degraded, not down: requests are still answered, so the status stays 200.
    const Response degraded = get(port, "/healthz");
    EXPECT_EQ(degraded.status, 200);
    EXPECT_EQ(degraded.body, QByteArray(R"({"status":"degraded","reason":"request log cannot be )"
                                        R"(written: database or disk is full"})"));
    const QByteArray metrics = get(port, "/metrics").body;
    EXPECT_FALSE(metrics.contains("switchboard_log_dropped_total 0\n")) << metrics.constData();
    EXPECT_FALSE(metrics.contains("switchboard_log_write_failures_total 0\n"));

    // Space again: the next write succeeds and /healthz recovers.
    log->setMaxPageCount(0);
    ASSERT_EQ(post(port, "/v1/chat/completions", chat).status, 200);
    EXPECT_EQ(sql(QStringLiteral("SELECT COUNT(*) FROM requests")), kept + 2);
    EXPECT_EQ(get(port, "/healthz").body, QByteArray(R"({"status":"ok"})"));
}

TEST_F(GatewayTest, TheMockCallsAToolAsAModelWouldWholeAndStreamed)
{
    const QByteArray tools =
        R"("tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}],"tool_choice":"required")";
    const Response whole =
        post(port, "/v1/chat/completions",
             R"({"model":"fast","messages":[{"role":"user","content":"hi"}],)" + tools + "}");
    ASSERT_EQ(whole.status, 200) << whole.body.constData();
    const QJsonObject choice =
        QJsonDocument::fromJson(whole.body).object().value("choices").toArray().first().toObject();
    EXPECT_EQ(choice.value("finish_reason").toString(), QStringLiteral("tool_calls"));
    const QJsonObject call =
        choice.value("message").toObject().value("tool_calls").toArray().first().toObject();
    EXPECT_EQ(call.value("function").toObject().value("name").toString(),
              QStringLiteral("get_weather"));
    const QJsonObject args =
        QJsonDocument::fromJson(
            call.value("function").toObject().value("arguments").toString().toUtf8())
            .object();
    EXPECT_TRUE(args.value("city").isString()) << whole.body.constData();

    // Streamed: the same call in pieces, which join to the same arguments.
    const Response streamed =
        post(port, "/v1/chat/completions",
             R"({"model":"fast","stream":true,"messages":[{"role":"user","content":"hi"}],)" +
                 tools + "}");
    ASSERT_EQ(streamed.status, 200);
    QString name, arguments, finish;
    for (const QByteArray& payload : ssePayloads(streamed.body)) {
        if (payload == "[DONE]")
            continue;
        const QJsonObject c =
            QJsonDocument::fromJson(payload).object().value("choices").toArray().first().toObject();
        for (const QJsonValue& d : c.value("delta").toObject().value("tool_calls").toArray()) {
            name += d.toObject().value("function").toObject().value("name").toString();
            arguments += d.toObject().value("function").toObject().value("arguments").toString();
        }
        if (c.value("finish_reason").isString())
            finish = c.value("finish_reason").toString();
    }
    EXPECT_EQ(name, QStringLiteral("get_weather"));
    EXPECT_EQ(arguments, call.value("function").toObject().value("arguments").toString());
    EXPECT_EQ(finish, QStringLiteral("tool_calls"));
}

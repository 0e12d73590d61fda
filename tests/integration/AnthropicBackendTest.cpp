// An OpenAI client served by an Anthropic backend, over real sockets: the gateway translates
// the chat/completions request into a Messages API call to a scripted upstream on loopback
// and its answers (whole, streamed, errors, bad bytes) back into OpenAI's format.

#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"
#include "support/TestHttp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace testhttp;

namespace {

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(ANTHROPIC_FIXTURE_DIR "/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(bytes, &error).object();
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return o;
}

QByteArray anthropicConfig(quint16 upstreamPort)
{
    return R"({"schemaVersion": 1, "logging": {"captureBodies": true},
      "backends": [{"name": "claude", "type": "anthropic", "apiKey": "env:TEST_KEY",
                    "baseUrl": "http://127.0.0.1:)" +
           QByteArray::number(upstreamPort) + R"("}],
      "models": [{"alias": "claude", "targets": [{"backend": "claude", "model": "claude-sonnet-4-5"}]}]})";
}

const QByteArray tools =
    R"("tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}])";
const QByteArray chatWithTools =
    R"({"model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris and Zürich?"}],)" +
    tools + "}";
const QByteArray streamWithTools =
    R"({"model":"claude","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Weather in San Francisco and Zürich?"}],)" +
    tools + "}";
const QByteArray chat = R"({"model":"claude","messages":[{"role":"user","content":"Hi"}]})";
const QByteArray chatStream =
    R"({"model":"claude","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]})";

// The head and the body of what the upstream received.
struct Received
{
    QByteArray head;
    QJsonObject body;
};

Received received(const ScriptedUpstream& upstream)
{
    const QList<QByteArray> requests = upstream.requests();
    EXPECT_EQ(requests.size(), 1);
    if (requests.isEmpty())
        return {};
    const qsizetype split = requests.first().indexOf("\r\n\r\n");
    return {requests.first().left(split + 2), json(requests.first().mid(split + 4))};
}

// The stream's chunks, without [DONE]; *done tells whether it ended with it.
QList<QJsonObject> chunks(const QByteArray& body, bool* done)
{
    QList<QJsonObject> out;
    *done = false;
    for (const QByteArray& payload : ssePayloads(body)) {
        if (payload == "[DONE]") {
            *done = true;
            continue;
        }
        out << json(payload);
    }
    return out;
}

class AnthropicBackendTest : public EngineFixture
{
};

} // namespace

TEST_F(AnthropicBackendTest, AWholeAnswerWithToolCallsComesBackInOpenAisFormat)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        200, "application/json", fixture("whole_thinking_tools.json"), {"request-id: req_018E"}));
    startEngine(anthropicConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", chatWithTools);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(r.header("x-upstream-request-id"), "req_018E");
    const QJsonObject answer = json(r.body);
    EXPECT_EQ(answer["object"].toString(), QStringLiteral("chat.completion"));
    const QJsonObject choice = answer["choices"].toArray().first().toObject();
    EXPECT_EQ(choice["finish_reason"].toString(), QStringLiteral("tool_calls"));
    const QJsonObject message = choice["message"].toObject();
    EXPECT_EQ(message["content"].toString(), QStringLiteral("Checking both."));
    const QJsonArray calls = message["tool_calls"].toArray();
    ASSERT_EQ(calls.size(), 2) << r.body.constData();
    EXPECT_EQ(calls[0].toObject()["id"].toString(),
              QStringLiteral("toolu_01A09q90qw90lq917835lq9"));
    EXPECT_EQ(calls[0].toObject()["function"].toObject()["name"].toString(),
              QStringLiteral("get_weather"));
    EXPECT_EQ(json(calls[0].toObject()["function"].toObject()["arguments"].toString().toUtf8()),
              (QJsonObject{{"location", "Paris"}, {"unit", "celsius"}}));
    EXPECT_EQ(json(calls[1].toObject()["function"].toObject()["arguments"].toString().toUtf8()),
              (QJsonObject{{"location", QStringLiteral("Zürich")}}));
    // input_tokens + cache writes (512) + cache reads (0).
    const QJsonObject usage = answer["usage"].toObject();
    EXPECT_EQ(usage["prompt_tokens"].toInt(), 2607);
    EXPECT_EQ(usage["completion_tokens"].toInt(), 503);
    EXPECT_EQ(usage["total_tokens"].toInt(), 3110);
    EXPECT_EQ(usage["prompt_tokens_details"].toObject()["cache_write_tokens"].toInt(), 512);

    // What the Anthropic upstream received: its path, headers and a Messages body.
    const Received sent = received(upstream);
    EXPECT_TRUE(sent.head.startsWith("POST /v1/messages HTTP/1.1\r\n")) << sent.head.constData();
    EXPECT_TRUE(sent.head.contains("\r\nx-api-key: sk-test-secret\r\n")) << sent.head.constData();
    EXPECT_TRUE(sent.head.contains("\r\nanthropic-version: 2023-06-01\r\n"));
    EXPECT_TRUE(sent.head.contains("\r\nAccept: application/json\r\n"));
    EXPECT_FALSE(sent.head.contains("Authorization"));
    EXPECT_EQ(sent.body["model"].toString(), QStringLiteral("claude-sonnet-4-5"));
    EXPECT_EQ(sent.body["system"].toString(), QStringLiteral("Be brief."));
    EXPECT_EQ(sent.body["max_tokens"].toInt(), 4096);
    EXPECT_FALSE(sent.body.contains("stream"));
    EXPECT_EQ(sent.body["messages"].toArray(),
              (QJsonArray{QJsonObject{
                  {"role", "user"}, {"content", QStringLiteral("Weather in Paris and Zürich?")}}}));
    const QJsonObject tool = sent.body["tools"].toArray().first().toObject();
    EXPECT_EQ(tool["name"].toString(), QStringLiteral("get_weather"));
    EXPECT_EQ(tool["input_schema"].toObject()["required"].toArray(), QJsonArray{"location"});
    // The key is never captured.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE request_headers LIKE "
                  "'%sk-test-secret%' OR request_body LIKE '%sk-test-secret%'"),
              0);
}

TEST_F(AnthropicBackendTest, AStreamWithTwoParallelToolCallsBecomesOpenAiChunks)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", fixture("stream_parallel_tools.sse")));
    startEngine(anthropicConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", streamWithTools);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_TRUE(r.header("content-type").startsWith("text/event-stream"));
    bool done = false;
    QString text;
    QString arguments[2];
    QString ids[2];
    QString finish;
    QJsonObject usage;
    for (const QJsonObject& chunk : chunks(r.body, &done)) {
        EXPECT_EQ(chunk["object"].toString(), QStringLiteral("chat.completion.chunk"));
        if (chunk.contains("usage") && chunk["usage"].isObject())
            usage = chunk["usage"].toObject();
        for (const QJsonValue& c : chunk["choices"].toArray()) {
            const QJsonObject delta = c.toObject()["delta"].toObject();
            text += delta["content"].toString();
            for (const QJsonValue& call : delta["tool_calls"].toArray()) {
                const int i = call.toObject()["index"].toInt();
                ASSERT_TRUE(i == 0 || i == 1) << i;
                if (call.toObject().contains("id"))
                    ids[i] = call.toObject()["id"].toString();
                arguments[i] += call.toObject()["function"].toObject()["arguments"].toString();
            }
            if (c.toObject()["finish_reason"].isString())
                finish = c.toObject()["finish_reason"].toString();
        }
    }
    EXPECT_TRUE(done);
    EXPECT_EQ(text, QStringLiteral("I'll check both cities."));
    EXPECT_EQ(ids[0], QStringLiteral("toolu_01T1x1fJ34qAmk2tNTrN7Up6"));
    EXPECT_EQ(ids[1], QStringLiteral("toolu_01NRLabsLyVHZPKxbKvkfSMn"));
    EXPECT_EQ(json(arguments[0].toUtf8()),
              (QJsonObject{{"location", "San Francisco, CA"}, {"unit", "celsius"}}));
    EXPECT_EQ(json(arguments[1].toUtf8()), (QJsonObject{{"location", QStringLiteral("Zürich")}}));
    EXPECT_EQ(finish, QStringLiteral("tool_calls"));
    EXPECT_EQ(usage["prompt_tokens"].toInt(), 472);
    EXPECT_EQ(usage["completion_tokens"].toInt(), 89);

    const Received sent = received(upstream);
    EXPECT_TRUE(sent.head.contains("\r\nAccept: text/event-stream\r\n")) << sent.head.constData();
    EXPECT_EQ(sent.body["stream"].toBool(), true);
    EXPECT_FALSE(sent.body.contains("stream_options"));
    EXPECT_EQ(sql("SELECT prompt_tokens FROM requests WHERE status = 200"), 472);
}

TEST_F(AnthropicBackendTest, CacheReadsAndWritesReachTheClientsUsage)
{
    ScriptedUpstream streamed(
        ScriptedUpstream::response(200, "text/event-stream", fixture("stream_text_cache.sse")));
    startEngine(anthropicConfig(streamed.port()));
    const Response r = post(port, "/v1/chat/completions", chatStream);
    ASSERT_EQ(r.status, 200);
    bool done = false;
    QJsonObject usage;
    QString text;
    for (const QJsonObject& chunk : chunks(r.body, &done)) {
        if (chunk["usage"].isObject())
            usage = chunk["usage"].toObject();
        for (const QJsonValue& c : chunk["choices"].toArray())
            text += c.toObject()["delta"].toObject()["content"].toString();
    }
    EXPECT_TRUE(done);
    EXPECT_EQ(text, QStringLiteral("Héllo, wörld 🌍 \"quoted\"\n日本語 é😀"));
    EXPECT_EQ(usage["prompt_tokens"].toInt(), 4625);
    EXPECT_EQ(usage["completion_tokens"].toInt(), 15);
    EXPECT_EQ(usage["prompt_tokens_details"].toObject()["cached_tokens"].toInt(), 3400);
    EXPECT_EQ(usage["prompt_tokens_details"].toObject()["cache_write_tokens"].toInt(), 1200);
    engine->stop();

    ScriptedUpstream whole(
        ScriptedUpstream::response(200, "application/json", fixture("whole_text_cache.json")));
    startEngine(anthropicConfig(whole.port()));
    const Response w = post(port, "/v1/chat/completions", chat);
    ASSERT_EQ(w.status, 200);
    const QJsonObject answer = json(w.body);
    EXPECT_EQ(answer["choices"].toArray().first().toObject()["finish_reason"].toString(),
              QStringLiteral("length"));
    EXPECT_EQ(answer["usage"].toObject()["prompt_tokens"].toInt(), 2058);
    EXPECT_EQ(
        answer["usage"].toObject()["prompt_tokens_details"].toObject()["cached_tokens"].toInt(),
        2048);
}

TEST_F(AnthropicBackendTest, ARateLimitWithRetryAfterReachesTheClientInOpenAisErrorShape)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        429, "application/json",
        R"({"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}})",
        {"retry-after: 7"}));
    startEngine(anthropicConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("retry-after"), "7");
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["type"].toString(), QStringLiteral("rate_limit_error"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("per-minute rate limit")))
        << r.body.constData();
}

TEST_F(AnthropicBackendTest, AnUpstreamRequestErrorsMessageReachesTheClient)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(400, "application/json", fixture("error_invalid_request.json")));
    startEngine(anthropicConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 400);
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["type"].toString(), QStringLiteral("invalid_request_error"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("roles must alternate")))
        << r.body.constData();
}

TEST_F(AnthropicBackendTest, AnErrorEventInTheStreamEndsItWithTheErrorNotDone)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", fixture("stream_error.sse")));
    startEngine(anthropicConfig(upstream.port()));
    Connection c(port);
    ASSERT_TRUE(c.sendRaw(postJson("/v1/chat/completions", chatStream)));
    QByteArray got;
    c.waitClosed(5000, &got);
    EXPECT_TRUE(got.contains("Partial")) << got.constData();
    EXPECT_TRUE(got.contains("Overloaded")) << got.constData();
    EXPECT_FALSE(got.contains("[DONE]"));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 529"), 1);
}

TEST_F(AnthropicBackendTest, TruncatedJsonIsACleanBadGatewayWithTheReasonLogged)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        200, "application/json",
        R"({"id":"msg_1","type":"message","content":[{"type":"text","te)"));
    startEngine(anthropicConfig(upstream.port()));
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 502);
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["code"].toString(), QStringLiteral("upstream_error"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("not a JSON object")))
        << r.body.constData();
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                  "'upstream_protocol'"),
              1);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE response_body LIKE "
                  "'%not a JSON object%'"),
              1);
}

TEST_F(AnthropicBackendTest, AnSseLineOverFourMebibytesEndsTheStreamAndIsLogged)
{
    const QByteArray huge =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
        "{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        "\"delta\":{\"type\":\"text_delta\",\"text\":\"" +
        QByteArray(5 * 1024 * 1024, 'a') + "\"}}\n\n";
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "text/event-stream", huge));
    startEngine(anthropicConfig(upstream.port()));
    // Only usage came before the line: no content, so the client gets a clean 502.
    const Response r = post(port, "/v1/chat/completions", chatStream);
    EXPECT_EQ(r.status, 502);
    EXPECT_TRUE(r.body.contains("larger than 4 MiB")) << r.body.left(2000).constData();
    EXPECT_FALSE(r.body.contains("[DONE]"));
    EXPECT_LT(r.body.size(), 64 * 1024); // the line was not relayed
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                  "'upstream_protocol'"),
              1);
}

TEST_F(AnthropicBackendTest, SeveralChoicesAreRefusedWithoutAnUpstreamCall)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("whole_text_cache.json")));
    startEngine(anthropicConfig(upstream.port()));
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"claude","n":3,"messages":[{"role":"user","content":"Hi"}]})");
    EXPECT_EQ(r.status, 400);
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["type"].toString(), QStringLiteral("invalid_request_error"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("n = 3")))
        << r.body.constData();
    EXPECT_TRUE(upstream.requests().isEmpty());
}

TEST_F(AnthropicBackendTest, AnErrorBeforeAnyContentIsACleanStatusAndTheNextTargetTakesOver)
{
    // Anthropic reports overload inside a 200 stream, after message_start.
    const QByteArray overloaded =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
        "{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        "\"message\":\"Overloaded\"}}\n\n";
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "text/event-stream", overloaded));
    startEngine(anthropicConfig(upstream.port()));
    const Response alone = post(port, "/v1/chat/completions", chatStream);
    EXPECT_EQ(alone.status, 529) << alone.body.constData();
    EXPECT_TRUE(alone.body.contains("Overloaded")) << alone.body.constData();
    EXPECT_FALSE(alone.body.contains("data: "));

    // With a second target, the client never sees the overload.
    startEngine(R"({"schemaVersion": 1,
      "backends": [{"name": "claude", "type": "anthropic", "baseUrl": "http://127.0.0.1:)" +
                QByteArray::number(upstream.port()) + R"("},
                   {"name": "mock", "type": "mock", "models": [{"name": "m", "ttftMs": 0}]}],
      "models": [{"alias": "claude", "targets": [{"backend": "claude", "model": "c"},
                                                 {"backend": "mock", "model": "m"}]}]})");
    const Response served = post(port, "/v1/chat/completions", chatStream);
    EXPECT_EQ(served.status, 200);
    EXPECT_TRUE(served.body.endsWith("data: [DONE]\n\n")) << served.body.constData();
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 200 AND backend = 'mock'"), 1);
}

TEST_F(AnthropicBackendTest, ARequestOneTargetCannotCarryGoesToTheNextTarget)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("whole_text_cache.json")));
    startEngine(R"({"schemaVersion": 1,
      "backends": [{"name": "claude", "type": "anthropic", "baseUrl": "http://127.0.0.1:)" +
                QByteArray::number(upstream.port()) + R"("},
                   {"name": "mock", "type": "mock", "models": [{"name": "m", "ttftMs": 0}]}],
      "models": [{"alias": "claude", "targets": [{"backend": "claude", "model": "c"},
                                                 {"backend": "mock", "model": "m"}]}]})");
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"claude","n":3,"messages":[{"role":"user","content":"Hi"}]})");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(QJsonDocument::fromJson(r.body).object().value("choices").toArray().size(), 3);
    EXPECT_TRUE(upstream.requests().isEmpty());
    // The refusal is an attempt of its own on the row, not an upstream error.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE backend = 'mock' AND json_extract(attempts,"
                  " '$[0].errorClass') = 'unsupported_by_backend'"),
              1);
}

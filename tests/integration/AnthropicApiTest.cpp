// The inbound Anthropic API over real sockets: an Anthropic-format client request to the
// gateway, served by the built-in mock backend and by an OpenAI-compatible backend (a scripted
// upstream that answers OpenAI JSON and SSE, tool calls included). The client must get
// Anthropic's Message, its SSE events in the documented order, and every error in Anthropic's
// shape, whatever the gateway or the upstream refused.

#include "gateway/api/AnthropicSse.h"
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

// The headers Claude Code and the SDKs send (gateway keys come later: a key is accepted).
const QList<QByteArray> anthropicHeaders = {"x-api-key: sk-ant-test",
                                            "anthropic-version: 2023-06-01",
                                            "anthropic-beta: interleaved-thinking-2025-05-14"};

QByteArray messagesBody(const QByteArray& model, bool stream, const QByteArray& extra = {})
{
    return R"({"model":")" + model + R"(","max_tokens":256,"stream":)" +
           (stream ? "true" : "false") +
           R"(,"system":"Be brief.","messages":[{"role":"user","content":"hello gateway"}])" +
           extra + '}';
}

// The Anthropic error a response carries: {"type":"error","error":{"type":..,"message":..}}.
// The test fails if the body is not in that shape.
QString errorType(const Response& r)
{
    const QJsonObject o = json(r.body);
    EXPECT_EQ(o.value("type").toString(), "error") << r.body.constData();
    EXPECT_FALSE(o.value("error").toObject().value("message").toString().isEmpty())
        << r.body.constData();
    EXPECT_TRUE(r.header("content-type").startsWith("application/json"));
    return o.value("error").toObject().value("type").toString();
}

std::vector<QByteArray> eventNames(const std::vector<test::AnthropicSseEvent>& events)
{
    std::vector<QByteArray> out;
    for (const auto& e : events)
        out.push_back(e.event);
    return out;
}

class AnthropicApiTest : public EngineFixture
{
protected:
    // An openai-compatible backend at the scripted upstream, behind alias "claude-up".
    void startWithUpstream(quint16 upstreamPort)
    {
        startEngine(R"({"schemaVersion": 1, "logging": {"captureBodies": true},
          "backends": [{"name": "up", "type": "openai-compatible", "apiKey": "env:TEST_KEY",
                        "baseUrl": "http://127.0.0.1:)" +
                    QByteArray::number(upstreamPort) + R"(/v1"}],
          "models": [{"alias": "claude-up", "targets": [{"backend": "up", "model": "gpt-up"}]}]})");
    }

    // The JSON body of the (only) request the upstream received.
    static QJsonObject upstreamBody(const ScriptedUpstream& upstream)
    {
        const QList<QByteArray> requests = upstream.requests();
        EXPECT_EQ(requests.size(), 1);
        if (requests.isEmpty())
            return {};
        const QByteArray& raw = requests.first();
        EXPECT_TRUE(raw.startsWith("POST /v1/chat/completions HTTP/1.1\r\n")) << raw.constData();
        return json(raw.mid(raw.indexOf("\r\n\r\n") + 4));
    }
};

// A conversation with tools: the tool call of the last turn and its result, and a new question.
const QByteArray toolConversation = R"({"model":"claude-up","max_tokens":300,
  "system":[{"type":"text","text":"You check the weather.","cache_control":{"type":"ephemeral"}}],
  "tools":[{"name":"get_weather","description":"Weather in a city",
            "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},
           {"name":"get_time","description":"Time in a zone",
            "input_schema":{"type":"object","properties":{"tz":{"type":"string"}}}}],
  "tool_choice":{"type":"auto"},
  "messages":[
    {"role":"user","content":"Weather in Paris?"},
    {"role":"assistant","content":[{"type":"tool_use","id":"call_0","name":"get_weather","input":{"city":"Paris"}}]},
    {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_0","content":"18C"},
                              {"type":"text","text":"Now Lyon, and the time in UTC."}]}]})";

const QByteArray openAiToolAnswer =
    R"({"id":"chatcmpl-1","object":"chat.completion","model":"gpt-up",
  "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
    {"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Lyon\"}"}},
    {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"UTC\"}"}}]},
    "finish_reason":"tool_calls"}],
  "usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150,
           "prompt_tokens_details":{"cached_tokens":100}}})";

// The same answer streamed, the two calls' deltas interleaved, usage in the last chunk.
QByteArray openAiToolStream()
{
    const QByteArray head =
        R"({"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-up",)";
    const QByteArray chunks[] = {
        R"("choices":[{"index":0,"delta":{"role":"assistant","content":"Checking."},"finish_reason":null}]})",
        R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]})",
        R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]},"finish_reason":null}]})",
        R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]})",
        R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":\"UTC\"}"}}]},"finish_reason":null}]})",
        R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Lyon\"}"}}]},"finish_reason":null}]})",
        R"("choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})",
        R"("choices":[],"usage":{"prompt_tokens":120,"completion_tokens":30,"total_tokens":150}})",
    };
    QByteArray body;
    for (const QByteArray& chunk : chunks)
        body += "data: " + head + chunk + "\n\n";
    return body + "data: [DONE]\n\n";
}

} // namespace

TEST_F(AnthropicApiTest, MockBackendAnswersAMessage)
{
    startEngine(mockConfig);
    // Claude Code adds ?beta=true: the route is the path's.
    const Response r =
        post(port, "/v1/messages?beta=true", messagesBody("fast", false), anthropicHeaders);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_FALSE(r.header("x-request-id").isEmpty());
    const QJsonObject m = json(r.body);
    EXPECT_EQ(m.value("id").toString(), "msg_" + r.header("x-request-id"));
    EXPECT_EQ(m.value("type").toString(), "message");
    EXPECT_EQ(m.value("role").toString(), "assistant");
    EXPECT_EQ(m.value("model").toString(), "fast");
    const QJsonArray content = m.value("content").toArray();
    ASSERT_EQ(content.size(), 1);
    EXPECT_EQ(content[0].toObject().value("type").toString(), "text");
    EXPECT_FALSE(content[0].toObject().value("text").toString().isEmpty());
    EXPECT_EQ(m.value("stop_reason").toString(), "end_turn");
    EXPECT_TRUE(m.value("stop_sequence").isNull());
    const QJsonObject usage = m.value("usage").toObject();
    EXPECT_GT(usage.value("input_tokens").toInt(), 0);
    EXPECT_EQ(usage.value("output_tokens").toInt(), 24);
    // Logged as the Messages API's operation, not as an OpenAI one (Copy as curl, Replay).
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 200 AND endpoint = 'messages'"), 1);
}

TEST_F(AnthropicApiTest, MockBackendStreamsAnthropicEvents)
{
    startEngine(mockConfig);
    const Response r =
        post(port, "/v1/messages?beta=true", messagesBody("fast", true), anthropicHeaders);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_TRUE(r.header("content-type").startsWith("text/event-stream"));
    const auto events = test::anthropicEvents(r.body);
    EXPECT_EQ(test::checkMessageStream(events), QString()) << r.body.constData();
    const std::vector<QByteArray> names = eventNames(events);
    ASSERT_GE(names.size(), 6u);
    EXPECT_EQ(names[0], "message_start");
    EXPECT_EQ(names[1], "content_block_start");
    EXPECT_EQ(names[names.size() - 3], "content_block_stop");
    EXPECT_EQ(names[names.size() - 2], "message_delta");
    EXPECT_EQ(names.back(), "message_stop");
    const QJsonObject message = test::accumulateMessage(events);
    EXPECT_EQ(message.value("model").toString(), "fast");
    EXPECT_EQ(message.value("stop_reason").toString(), "end_turn");
    // The final usage, input included, in message_delta.
    EXPECT_GT(message.value("usage").toObject().value("input_tokens").toInt(), 0);
    EXPECT_EQ(message.value("usage").toObject().value("output_tokens").toInt(), 24);
}

TEST_F(AnthropicApiTest, CountTokensIsAnsweredByTheGateway)
{
    startEngine(mockConfig);
    const QByteArray question =
        R"({"model":"fast","messages":[{"role":"user","content":"How many tokens is this sentence?"}]})";
    const Response plain =
        post(port, "/v1/messages/count_tokens?beta=true", question, anthropicHeaders);
    ASSERT_EQ(plain.status, 200) << plain.body.constData();
    const QJsonObject count = json(plain.body);
    EXPECT_EQ(count.keys(), QStringList{"input_tokens"});
    EXPECT_GT(count.value("input_tokens").toInt(), 5);

    QByteArray withTools = question;
    withTools.chop(1);
    withTools +=
        R"(,"system":"Be brief.","tools":[{"name":"get_weather","description":"Weather in a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]})";
    const Response tools = post(port, "/v1/messages/count_tokens", withTools, anthropicHeaders);
    ASSERT_EQ(tools.status, 200);
    EXPECT_GT(json(tools.body).value("input_tokens").toInt(), count.value("input_tokens").toInt());

    const Response bad = post(port, "/v1/messages/count_tokens", R"({"model":"fast"})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(errorType(bad), "invalid_request_error");
    EXPECT_EQ(json(bad.body).value("error").toObject().value("message").toString(),
              "messages: Field required");
}

TEST_F(AnthropicApiTest, ErrorsTheGatewayMakesAreInAnthropicsShape)
{
    QByteArray config = mockConfig;
    config.replace("\"schemaVersion\": 1,",
                   "\"schemaVersion\": 1, \"server\": {\"limits\": {\"maxBodyBytes\": 4096}},");
    startEngine(config);

    const Response unknown = post(port, "/v1/messages", messagesBody("no-such-model", false));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(errorType(unknown), "not_found_error");

    const Response badJson = post(port, "/v1/messages?beta=true", "{\"model\":", anthropicHeaders);
    EXPECT_EQ(badJson.status, 400);
    EXPECT_EQ(errorType(badJson), "invalid_request_error");

    const Response noMaxTokens = post(
        port, "/v1/messages", R"({"model":"fast","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(noMaxTokens.status, 400);
    EXPECT_EQ(json(noMaxTokens.body).value("error").toObject().value("message").toString(),
              "max_tokens: Field required");

    // Refused by the transport before the body is read.
    Connection tooLarge(port);
    tooLarge.sendRaw("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");
    const Response large = tooLarge.read();
    EXPECT_EQ(large.status, 413);
    EXPECT_EQ(errorType(large), "request_too_large");

    Connection wrongType(port);
    wrongType.sendRaw("POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                      "text/plain\r\nContent-Length: 2\r\n\r\n{}");
    const Response unsupported = wrongType.read();
    EXPECT_EQ(unsupported.status, 415);
    EXPECT_EQ(errorType(unsupported), "invalid_request_error");

    Connection getMessages(port);
    getMessages.sendRaw("GET /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const Response wrongMethod = getMessages.read();
    EXPECT_EQ(wrongMethod.status, 405);
    EXPECT_EQ(errorType(wrongMethod), "invalid_request_error");

    // A path the gateway does not serve: an Anthropic client (anthropic-version) gets its shape,
    // others OpenAI's.
    Connection batches(port);
    batches.sendRaw("GET /v1/messages/batches HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "anthropic-version: 2023-06-01\r\n\r\n");
    const Response missing = batches.read();
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(errorType(missing), "not_found_error");
    const Response openAiMissing = get(port, "/v1/messages/batches");
    EXPECT_EQ(openAiMissing.status, 404);
    EXPECT_EQ(json(openAiMissing.body).value("error").toObject().value("type").toString(),
              "invalid_request_error");
    EXPECT_FALSE(json(openAiMissing.body).contains("type"));

    // The backend fails before the answer: 503 is an api_error.
    const Response flaky = post(port, "/v1/messages", messagesBody("flaky", false));
    EXPECT_EQ(flaky.status, 503);
    EXPECT_EQ(errorType(flaky), "api_error");
}

TEST_F(AnthropicApiTest, AStreamThatBreaksEndsWithAnErrorEvent)
{
    startEngine(mockConfig);
    Connection c(port);
    c.sendRaw(postJson("/v1/messages", messagesBody("broken", true)));
    // The raw bytes, chunk sizes and all: the parser reads the event: and data: lines.
    QByteArray all;
    EXPECT_TRUE(c.waitClosed(5000, &all));
    ASSERT_TRUE(all.contains("event: error\n")) << all.constData();
    const QByteArray body = all.mid(all.indexOf("event: message_start"));
    const auto events = test::anthropicEvents(body);
    EXPECT_EQ(test::checkMessageStream(events), QString()) << body.constData();
    EXPECT_EQ(events.back().event, "error");
    EXPECT_EQ(events.back().data.value("error").toObject().value("type").toString(), "api_error");
    // Cut, not ended: no message_stop, and no last chunk of the chunked body.
    EXPECT_FALSE(all.contains("message_stop"));
    EXPECT_FALSE(all.endsWith("0\r\n\r\n"));
}

TEST_F(AnthropicApiTest, OpenAiBackendServesToolCallsAsAMessage)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", openAiToolAnswer));
    startWithUpstream(upstream.port());
    const Response r = post(port, "/v1/messages?beta=true", toolConversation, anthropicHeaders);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject m = json(r.body);
    EXPECT_EQ(m.value("model").toString(), "claude-up");
    EXPECT_EQ(m.value("stop_reason").toString(), "tool_use");
    const QJsonArray content = m.value("content").toArray();
    ASSERT_EQ(content.size(), 2) << r.body.constData();
    EXPECT_EQ(content[0].toObject(), (QJsonObject{{"type", "tool_use"},
                                                  {"id", "call_a"},
                                                  {"name", "get_weather"},
                                                  {"input", QJsonObject{{"city", "Lyon"}}}}));
    EXPECT_EQ(content[1].toObject(), (QJsonObject{{"type", "tool_use"},
                                                  {"id", "call_b"},
                                                  {"name", "get_time"},
                                                  {"input", QJsonObject{{"tz", "UTC"}}}}));
    // Anthropic's input_tokens leaves the cached tokens out.
    EXPECT_EQ(m.value("usage").toObject(), (QJsonObject{{"input_tokens", 20},
                                                        {"cache_read_input_tokens", 100},
                                                        {"cache_creation_input_tokens", 0},
                                                        {"output_tokens", 30}}));

    // What the OpenAI-compatible backend got: OpenAI's body, with the system prompt, the tools,
    // the earlier call and its result.
    const QJsonObject sent = upstreamBody(upstream);
    EXPECT_EQ(sent.value("model").toString(), "gpt-up");
    EXPECT_EQ(sent.value("max_tokens").toInt(), 300);
    EXPECT_EQ(sent.value("tool_choice").toString(), "auto");
    const QJsonArray tools = sent.value("tools").toArray();
    ASSERT_EQ(tools.size(), 2);
    EXPECT_EQ(tools[0].toObject().value("function").toObject().value("name").toString(),
              "get_weather");
    const QJsonArray messages = sent.value("messages").toArray();
    ASSERT_EQ(messages.size(), 5) << QJsonDocument(sent).toJson().constData();
    EXPECT_EQ(messages[0].toObject(),
              (QJsonObject{{"role", "system"}, {"content", "You check the weather."}}));
    EXPECT_EQ(messages[2].toObject().value("tool_calls").toArray().at(0).toObject().value("id"),
              "call_0");
    EXPECT_EQ(messages[3].toObject(),
              (QJsonObject{{"role", "tool"}, {"tool_call_id", "call_0"}, {"content", "18C"}}));
    EXPECT_EQ(messages[4].toObject(),
              (QJsonObject{{"role", "user"}, {"content", "Now Lyon, and the time in UTC."}}));
}

TEST_F(AnthropicApiTest, OpenAiBackendStreamServesAnthropicEventsOneBlockPerToolCall)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", openAiToolStream()));
    startWithUpstream(upstream.port());
    QByteArray body = toolConversation;
    body.replace(R"("max_tokens":300,)", R"("max_tokens":300,"stream":true,)");
    const Response r = post(port, "/v1/messages?beta=true", body, anthropicHeaders);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const auto events = test::anthropicEvents(r.body);
    EXPECT_EQ(test::checkMessageStream(events), QString()) << r.body.constData();
    EXPECT_EQ(eventNames(events),
              (std::vector<QByteArray>{
                  "message_start", "content_block_start", "content_block_delta",
                  "content_block_stop", "content_block_start", "content_block_delta",
                  "content_block_delta", "content_block_stop", "content_block_start",
                  "content_block_delta", "content_block_stop", "message_delta", "message_stop"}))
        << r.body.constData();
    const QJsonObject m = test::accumulateMessage(events);
    const QJsonArray content = m.value("content").toArray();
    ASSERT_EQ(content.size(), 3);
    EXPECT_EQ(content[0].toObject().value("text").toString(), "Checking.");
    EXPECT_EQ(content[1].toObject().value("id").toString(), "call_a");
    EXPECT_EQ(content[1].toObject().value("input").toObject(), (QJsonObject{{"city", "Lyon"}}));
    EXPECT_EQ(content[2].toObject().value("id").toString(), "call_b");
    EXPECT_EQ(content[2].toObject().value("input").toObject(), (QJsonObject{{"tz", "UTC"}}));
    EXPECT_EQ(m.value("stop_reason").toString(), "tool_use");
    EXPECT_EQ(m.value("usage").toObject().value("input_tokens").toInt(), 120);
    EXPECT_EQ(m.value("usage").toObject().value("output_tokens").toInt(), 30);
    // The backend was asked for a stream with usage.
    const QJsonObject sent = upstreamBody(upstream);
    EXPECT_TRUE(sent.value("stream").toBool());
    EXPECT_TRUE(sent.value("stream_options").toObject().value("include_usage").toBool());
}

TEST_F(AnthropicApiTest, UpstreamRateLimitIsARateLimitErrorWithRetryAfter)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        429, "application/json",
        R"({"error":{"message":"Rate limit reached","type":"rate_limit_error","code":"rate_limit_exceeded"}})",
        {"retry-after: 7"}));
    startWithUpstream(upstream.port());
    for (bool stream : {false, true}) {
        const Response r = post(port, "/v1/messages?beta=true", messagesBody("claude-up", stream),
                                anthropicHeaders);
        EXPECT_EQ(r.status, 429) << r.body.constData();
        EXPECT_EQ(errorType(r), "rate_limit_error");
        EXPECT_EQ(r.header("retry-after"), "7");
        EXPECT_TRUE(json(r.body).value("error").toObject().value("message").toString().contains(
            "Rate limit reached"));
    }
}

TEST_F(AnthropicApiTest, BadUpstreamBytesAreACleanAnthropic502)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", R"({"choices":[{"index":0,"mess)"));
    startWithUpstream(upstream.port());
    const Response r = post(port, "/v1/messages", messagesBody("claude-up", false));
    EXPECT_EQ(r.status, 502) << r.body.constData();
    EXPECT_EQ(errorType(r), "api_error");
}

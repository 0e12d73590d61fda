// Mock backends that answer in each provider's wire format, behind aliases, over real sockets:
// an OpenAI client (whole and streamed, with tools) and an Anthropic client get their own
// dialect back from every one of them, translated by the real adapters' decoders, offline.

#include "gateway/api/AnthropicSse.h"
#include "integration/TranslatedBackendSupport.h"
#include "support/EngineFixture.h"

using namespace testhttp;

namespace {

// One mock backend per format, each behind the alias "mock-<format>"; one more Gemini-format
// backend whose model always fails with 429.
const QByteArray config = R"({
  "schemaVersion": 1,
  "logging": { "captureBodies": true },
  "backends": [
    { "name": "m-openai", "type": "mock", "format": "openai", "models": [{ "name": "gpt", "ttftMs": 0, "tokensPerSecond": 0, "chunkTokens": 2 }] },
    { "name": "m-anthropic", "type": "mock", "format": "anthropic", "models": [{ "name": "claude", "ttftMs": 0, "tokensPerSecond": 0, "chunkTokens": 2 }] },
    { "name": "m-gemini", "type": "mock", "format": "gemini", "models": [{ "name": "gemini", "ttftMs": 0, "tokensPerSecond": 0, "chunkTokens": 2 }] },
    { "name": "m-bedrock", "type": "mock", "format": "bedrock", "models": [{ "name": "nova", "ttftMs": 0, "tokensPerSecond": 0, "chunkTokens": 2 }] },
    { "name": "m-ollama", "type": "mock", "format": "ollama", "models": [{ "name": "qwen", "ttftMs": 0, "tokensPerSecond": 0, "chunkTokens": 2 }] },
    { "name": "m-gemini-busy", "type": "mock", "format": "gemini", "models": [{ "name": "gemini", "ttftMs": 0, "tokensPerSecond": 0, "failure": { "status": 429, "rate": 1 } }] }
  ],
  "models": [
    { "alias": "mock-openai", "targets": [{ "backend": "m-openai", "model": "gpt" }] },
    { "alias": "mock-anthropic", "targets": [{ "backend": "m-anthropic", "model": "claude" }] },
    { "alias": "mock-gemini", "targets": [{ "backend": "m-gemini", "model": "gemini" }] },
    { "alias": "mock-bedrock", "targets": [{ "backend": "m-bedrock", "model": "nova" }] },
    { "alias": "mock-ollama", "targets": [{ "backend": "m-ollama", "model": "qwen" }] },
    { "alias": "mock-gemini-busy", "targets": [{ "backend": "m-gemini-busy", "model": "gemini" }] }
  ]
})";

const char* const aliases[] = {"mock-openai", "mock-anthropic", "mock-gemini", "mock-bedrock",
                               "mock-ollama"};

QByteArray chatWithTools(const char* alias, bool stream)
{
    return R"({"model":")" + QByteArray(alias) + R"(","stream":)" + (stream ? "true" : "false") +
           R"(,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Weather in Paris?"}],"tool_choice":"required","tools":)" +
           translated::toolsJson + "}";
}

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

void expectUsage(const QJsonObject& usage, const char* alias)
{
    const int prompt = usage["prompt_tokens"].toInt();
    const int completion = usage["completion_tokens"].toInt();
    EXPECT_GT(prompt, 0) << alias;
    EXPECT_GT(completion, 0) << alias;
    EXPECT_EQ(usage["total_tokens"].toInt(), prompt + completion) << alias;
}

class MockFormatsTest : public EngineFixture
{
protected:
    void SetUp() override { startEngine(config); }
};

} // namespace

TEST_F(MockFormatsTest, EveryFormatAnswersAnOpenAiClientWithTheRequiredToolCall)
{
    for (const char* alias : aliases) {
        const Response r = post(port, "/v1/chat/completions", chatWithTools(alias, false));
        ASSERT_EQ(r.status, 200) << alias << ": " << r.body.constData();
        const QJsonObject answer = json(r.body);
        EXPECT_EQ(answer["object"].toString(), QStringLiteral("chat.completion")) << alias;
        const QJsonObject choice = answer["choices"][0].toObject();
        EXPECT_EQ(choice["finish_reason"].toString(), QStringLiteral("tool_calls")) << alias;
        const QJsonObject call = choice["message"]["tool_calls"][0].toObject();
        EXPECT_TRUE(call["id"].toString().startsWith(QLatin1String("call_"))) << alias;
        EXPECT_EQ(call["function"]["name"].toString(), QStringLiteral("get_weather")) << alias;
        // The arguments match the tool's schema, whatever format carried them.
        const QJsonObject arguments = json(call["function"]["arguments"].toString().toUtf8());
        EXPECT_TRUE(arguments["city"].isString()) << alias;
        expectUsage(answer["usage"].toObject(), alias);
    }
}

TEST_F(MockFormatsTest, EveryFormatStreamsToAnOpenAiClientWithUsage)
{
    for (const char* alias : aliases) {
        const Response r = post(port, "/v1/chat/completions", chatWithTools(alias, true));
        ASSERT_EQ(r.status, 200) << alias << ": " << r.body.constData();
        EXPECT_TRUE(r.header("content-type").startsWith("text/event-stream")) << alias;
        const translated::OpenAiStream s = translated::readStream(r.body);
        ASSERT_EQ(s.toolCalls.size(), 1) << alias << ": " << r.body.constData();
        EXPECT_EQ(s.toolCalls[0]["name"].toString(), QStringLiteral("get_weather")) << alias;
        EXPECT_TRUE(json(s.toolCalls[0]["arguments"].toString().toUtf8())["city"].isString())
            << alias;
        EXPECT_EQ(s.finishReasons, QStringList{QStringLiteral("tool_calls")}) << alias;
        expectUsage(s.usage, alias);
        EXPECT_TRUE(s.error.isEmpty()) << alias;
        EXPECT_TRUE(s.done) << alias;
    }
    // Each request's log row has the usage the format carried.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 200 AND completion_tokens > 0"), 5);
}

TEST_F(MockFormatsTest, AGeminiFormatFailureReachesTheClientAsItsStatus)
{
    const Response r = post(port, "/v1/chat/completions", chatWithTools("mock-gemini-busy", false));
    EXPECT_EQ(r.status, 429) << r.body.constData();
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["type"].toString(), QStringLiteral("rate_limit_error"));
    // The message the Gemini adapter read out of Google's error object, with its status.
    const QString message = error["message"].toString();
    EXPECT_EQ(message, QStringLiteral("upstream backend 'm-gemini-busy' answered HTTP 429: mock "
                                      "backend: injected failure for model gemini "
                                      "(RESOURCE_EXHAUSTED)"));

    const Response s = post(port, "/v1/chat/completions", chatWithTools("mock-gemini-busy", true));
    EXPECT_EQ(s.status, 429) << s.body.constData();
}

TEST_F(MockFormatsTest, TheAnthropicApiIsServedByAGeminiFormatMock)
{
    const QList<QByteArray> headers = {"x-api-key: sk-ant-test", "anthropic-version: 2023-06-01"};
    const Response r = post(
        port, "/v1/messages",
        R"({"model":"mock-gemini","max_tokens":256,"messages":[{"role":"user","content":"hello gateway"}]})",
        headers);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject message = json(r.body);
    EXPECT_EQ(message["type"].toString(), QStringLiteral("message"));
    EXPECT_EQ(message["content"][0]["type"].toString(), QStringLiteral("text"));
    EXPECT_FALSE(message["content"][0]["text"].toString().isEmpty());
    EXPECT_EQ(message["stop_reason"].toString(), QStringLiteral("end_turn"));
    EXPECT_GT(message["usage"]["input_tokens"].toInt(), 0);
    EXPECT_GT(message["usage"]["output_tokens"].toInt(), 0);

    // Streamed, with a tool the model must call: Anthropic's events in their order.
    const Response s = post(port, "/v1/messages",
                            R"({"model":"mock-gemini","max_tokens":256,"stream":true,
        "tool_choice":{"type":"any"},
        "tools":[{"name":"get_weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}],
        "messages":[{"role":"user","content":"Weather in Paris?"}]})",
                            headers);
    ASSERT_EQ(s.status, 200) << s.body.constData();
    const std::vector<test::AnthropicSseEvent> events = test::anthropicEvents(s.body);
    EXPECT_EQ(test::checkMessageStream(events), QString()) << s.body.constData();
    const QJsonObject streamed = test::accumulateMessage(events);
    EXPECT_EQ(streamed["stop_reason"].toString(), QStringLiteral("tool_use"));
    const QJsonObject block = streamed["content"].toArray().last().toObject();
    EXPECT_EQ(block["type"].toString(), QStringLiteral("tool_use"));
    EXPECT_EQ(block["name"].toString(), QStringLiteral("get_weather"));
    EXPECT_TRUE(block["input"]["city"].isString()) << s.body.constData();
    EXPECT_GT(streamed["usage"]["output_tokens"].toInt(), 0);
}

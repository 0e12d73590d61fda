// An OpenAI client served by a Gemini backend, over real sockets: the engine in front of a
// scripted upstream that answers in Gemini's wire format (golden fixtures written from the
// Gemini API reference). What the upstream received, and what the client got back.

#include "gateway/providers/WireReplay.h"
#include "integration/TranslatedBackendSupport.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"

using namespace testhttp;
using wirereplay::fixture;

namespace {

class GeminiBackendTest : public EngineFixture
{
protected:
    void start(const ScriptedUpstream& upstream)
    {
        startEngine(translated::config("gemini", upstream.port(), "/v1beta", "gemini-2.5-flash"));
    }
};

const QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

const QByteArray chatWithTools =
    R"({"model":"m","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Paris?"}],"tools":)" +
    translated::toolsJson + R"(,"tool_choice":"required","max_tokens":100})";

} // namespace

TEST_F(GeminiBackendTest, AToolCallAnswersAnOpenAiClientInOpenAiJson)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("gemini/whole-tools.json")));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chatWithTools);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject answer = json(r.body);
    EXPECT_EQ(answer["object"].toString(), QStringLiteral("chat.completion"));
    EXPECT_EQ(answer["model"].toString(), QStringLiteral("gemini-2.5-flash"));
    const QJsonObject choice = answer["choices"][0].toObject();
    EXPECT_EQ(choice["finish_reason"].toString(), QStringLiteral("tool_calls"));
    EXPECT_EQ(choice["message"]["content"].toString(), QStringLiteral("Checking."));
    const QJsonObject call = choice["message"]["tool_calls"][0].toObject();
    EXPECT_EQ(call["id"].toString(), QStringLiteral("fc_1"));
    EXPECT_EQ(call["function"]["name"].toString(), QStringLiteral("get_weather"));
    EXPECT_EQ(json(call["function"]["arguments"].toString().toUtf8()), json(R"({"city":"Paris"})"));
    EXPECT_EQ(answer["usage"].toObject(),
              json(R"({"prompt_tokens":30,"completion_tokens":10,"total_tokens":40})"));

    // What Gemini received: its path and key header, and the request in its own shape.
    ASSERT_EQ(upstream.requests().size(), 1);
    const translated::UpstreamRequest sent = translated::parse(upstream.requests().first());
    EXPECT_EQ(sent.requestLine, "POST /v1beta/models/gemini-2.5-flash:generateContent HTTP/1.1");
    EXPECT_EQ(sent.header("x-goog-api-key"), "sk-test-secret");
    EXPECT_TRUE(sent.header("authorization").isEmpty());
    EXPECT_EQ(sent.body["systemInstruction"].toObject(),
              json(R"({"parts":[{"text":"Be brief."}]})"));
    EXPECT_EQ(sent.body["contents"].toArray(),
              QJsonDocument::fromJson(R"([{"role":"user","parts":[{"text":"Weather in Paris?"}]}])")
                  .array());
    EXPECT_EQ(
        sent.body["tools"][0]["functionDeclarations"][0]["parameters"].toObject(),
        json(R"({"type":"object","properties":{"city":{"type":"string"}},"required":["city"]})"));
    EXPECT_EQ(sent.body["toolConfig"]["functionCallingConfig"]["mode"].toString(),
              QStringLiteral("ANY"));
    EXPECT_EQ(sent.body["generationConfig"]["maxOutputTokens"].toInt(), 100);
}

TEST_F(GeminiBackendTest, AStreamReachesAnOpenAiClientAsChunksWithUsage)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", fixture("gemini/stream-text.sse")));
    start(upstream);
    const Response r = post(
        port, "/v1/chat/completions",
        R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"reasoning_effort":"medium","messages":[{"role":"user","content":"Why is the sky blue?"}]})");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_TRUE(r.header("content-type").startsWith("text/event-stream"));
    const translated::OpenAiStream s = translated::readStream(r.body);
    EXPECT_EQ(s.reasoning, QStringLiteral("**Weighing the sky** Rayleigh scattering…"));
    EXPECT_EQ(s.content, QStringLiteral("The sky is blue — short waves scatter most. 🌤"));
    EXPECT_EQ(s.finishReasons, QStringList{QStringLiteral("stop")});
    EXPECT_EQ(s.usage, json(R"({"prompt_tokens":9,"completion_tokens":116,"total_tokens":125,
        "prompt_tokens_details":{"cached_tokens":4},
        "completion_tokens_details":{"reasoning_tokens":104}})"));
    EXPECT_TRUE(s.done);

    const translated::UpstreamRequest sent = translated::parse(upstream.requests().first());
    EXPECT_EQ(sent.requestLine,
              "POST /v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse HTTP/1.1");
    EXPECT_EQ(sent.header("accept"), "text/event-stream");
    EXPECT_EQ(sent.body["generationConfig"]["thinkingConfig"].toObject(),
              json(R"({"thinkingBudget":8192,"includeThoughts":true})"));
}

TEST_F(GeminiBackendTest, StreamedToolCallsReachAnOpenAiClientWithIds)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", fixture("gemini/stream-tools.sse")));
    start(upstream);
    const Response r = post(
        port, "/v1/chat/completions",
        R"({"model":"m","stream":true,"messages":[{"role":"user","content":"Weather?"}],"tools":)" +
            translated::toolsJson + "}");
    ASSERT_EQ(r.status, 200);
    const translated::OpenAiStream s = translated::readStream(r.body);
    ASSERT_EQ(s.toolCalls.size(), 2);
    const QString id0 = s.toolCalls[0]["id"].toString();
    const QString id1 = s.toolCalls[1]["id"].toString();
    EXPECT_TRUE(id0.startsWith(QLatin1String("call_"))) << qPrintable(id0);
    EXPECT_NE(id0, id1);
    EXPECT_EQ(json(s.toolCalls[1]["arguments"].toString().toUtf8()),
              json(R"({"city":"Tōkyō","unit":"c"})"));
    EXPECT_EQ(s.finishReasons, QStringList{QStringLiteral("tool_calls")});
}

TEST_F(GeminiBackendTest, TheNextTurnAnswersTheCallByFunctionName)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/json",
                                                         fixture("gemini/whole-candidates.json")));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"m","messages":[{"role":"user","content":"Weather?"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"call_7","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
            {"role":"tool","tool_call_id":"call_7","content":"18C"}],"tools":)" +
                                translated::toolsJson + "}");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    // Two candidates are two choices.
    EXPECT_EQ(json(r.body)["choices"].toArray().size(), 2);
    const translated::UpstreamRequest sent = translated::parse(upstream.requests().first());
    EXPECT_EQ(sent.body["contents"][2].toObject(), json(R"({"role":"user","parts":[
        {"functionResponse":{"name":"get_weather","response":{"result":"18C"}}}]})"));
}

TEST_F(GeminiBackendTest, TheRetryDelayInGooglesErrorBodyBecomesRetryAfter)
{
    // Gemini puts the delay in the body (google.rpc.RetryInfo), not in a header.
    ScriptedUpstream upstream(ScriptedUpstream::response(
        429, "application/json", fixture("gemini/error-429-retry-info.json")));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chatWithTools);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("retry-after"), "16"); // 15.3 s, rounded up
    EXPECT_TRUE(json(r.body)["error"].toObject()["message"].toString().contains(
        QStringLiteral("You exceeded your current quota")));
}

TEST_F(GeminiBackendTest, ARateLimitReachesTheClientWithItsRetryAfter)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        429, "application/json", fixture("gemini/error-429.json"), {"retry-after: 7"}));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chatWithTools);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("retry-after"), "7");
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["type"].toString(), QStringLiteral("rate_limit_error"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("Resource has been exhausted")))
        << qPrintable(error["message"].toString());
}

TEST_F(GeminiBackendTest, ABlockedPromptIsAClear400ForAnOpenAiClient)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("gemini/blocked-prompt.json")));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chatWithTools);
    EXPECT_EQ(r.status, 400) << r.body.constData();
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["code"].toString(), QStringLiteral("content_filter"));
    EXPECT_EQ(error["type"].toString(), QStringLiteral("invalid_request_error"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("blocked the prompt")))
        << qPrintable(error["message"].toString());
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("SAFETY")));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 400"), 1);
}

TEST_F(GeminiBackendTest, ARequestGeminiCannotTakeIsRefusedWithoutACall)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("gemini/whole-tools.json")));
    start(upstream);
    const Response r = post(
        port, "/v1/chat/completions",
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://example.com/cat.png"}}]}]})");
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(json(r.body)["error"]["message"].toString().contains(
        QStringLiteral("ftp://example.com/cat.png")))
        << r.body.constData();
    EXPECT_TRUE(upstream.requests().isEmpty());
}

TEST_F(GeminiBackendTest, TruncatedJsonIsACleanBadGatewayAndALogRowSaysWhy)
{
    const QByteArray whole = fixture("gemini/whole-tools.json");
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", whole.left(whole.size() / 2)));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chatWithTools);
    EXPECT_EQ(r.status, 502);
    const QJsonObject error = json(r.body)["error"].toObject();
    EXPECT_EQ(error["type"].toString(), QStringLiteral("server_error"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("not a JSON object")))
        << qPrintable(error["message"].toString());
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                  "'upstream_protocol'"),
              1);
}

TEST_F(GeminiBackendTest, AnEventOverFourMebibytesEndsTheStreamAndALogRowSaysWhy)
{
    const QByteArray huge = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" +
                            QByteArray(5 << 20, 'a') + "\"}]}}]}\r\n\r\n";
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "text/event-stream", huge));
    start(upstream);
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]})");
    // Nothing was decoded before the event: the client gets a clean 502, not a stream.
    EXPECT_EQ(r.status, 502);
    EXPECT_TRUE(r.body.contains("4 MiB")) << r.body.left(300).constData();
    EXPECT_LT(r.body.size(), 4096); // the event was not relayed
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                  "'upstream_protocol'"),
              1);
}

TEST_F(GeminiBackendTest, TheConfigsQueryAndHeadersJoinGeminisOwn)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", fixture("gemini/stream-text.sse")));
    startEngine(R"({"schemaVersion": 1,
      "backends": [{"name": "up", "type": "gemini", "apiKey": "env:TEST_KEY",
                    "baseUrl": "http://127.0.0.1:)" +
                QByteArray::number(upstream.port()) + R"(/v1beta",
                    "query": {"trace": "on"}, "headers": {"x-goog-user-project": "proj-1"}}],
      "models": [{"alias": "m", "targets": [{"backend": "up", "model": "gemini-2.5-pro"}]}]})");
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]})");
    ASSERT_EQ(r.status, 200);
    const translated::UpstreamRequest sent = translated::parse(upstream.requests().first());
    EXPECT_EQ(sent.requestLine,
              "POST /v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse&trace=on HTTP/1.1");
    EXPECT_EQ(sent.header("x-goog-user-project"), "proj-1");
    EXPECT_EQ(sent.header("x-goog-api-key"), "sk-test-secret");
}

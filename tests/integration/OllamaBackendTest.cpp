// An OpenAI client served by a native Ollama backend (/api/chat), over real sockets: the
// engine in front of a scripted upstream that answers in Ollama's wire format (golden fixtures
// written from Ollama's API reference). What the upstream received, and what the client got.

#include "gateway/providers/WireReplay.h"
#include "integration/TranslatedBackendSupport.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"

using namespace testhttp;
using wirereplay::fixture;

namespace {

class OllamaBackendTest : public EngineFixture
{
protected:
    void start(const ScriptedUpstream& upstream)
    {
        startEngine(translated::config("ollama", upstream.port(), "", "qwen3:8b"));
    }
};

const QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

const QByteArray chat =
    R"({"model":"m","messages":[{"role":"user","content":"Hi"}],"temperature":0.5,"max_tokens":64})";

} // namespace

TEST_F(OllamaBackendTest, AWholeAnswerReachesAnOpenAiClientInOpenAiJson)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("ollama/whole.json")));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chat);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject answer = json(r.body);
    const QJsonObject message = answer["choices"][0]["message"].toObject();
    EXPECT_EQ(message["content"].toString(), QStringLiteral("Hello! How are you today?"));
    EXPECT_EQ(message["reasoning_content"].toString(), QStringLiteral("Greeting."));
    EXPECT_EQ(answer["choices"][0]["finish_reason"].toString(), QStringLiteral("stop"));
    EXPECT_EQ(answer["usage"].toObject(),
              json(R"({"prompt_tokens":26,"completion_tokens":298,"total_tokens":324})"));

    const translated::UpstreamRequest sent = translated::parse(upstream.requests().first());
    EXPECT_EQ(sent.requestLine, "POST /api/chat HTTP/1.1");
    EXPECT_EQ(sent.header("authorization"), "Bearer sk-test-secret");
    EXPECT_EQ(sent.body, json(R"({"model":"qwen3:8b","stream":false,
        "messages":[{"role":"user","content":"Hi"}],
        "options":{"temperature":0.5,"num_predict":64}})"));
}

TEST_F(OllamaBackendTest, AStreamWithToolCallsReachesAnOpenAiClientAsChunksWithUsage)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/x-ndjson",
                                                         fixture("ollama/stream-tools.ndjson")));
    start(upstream);
    const Response r = post(
        port, "/v1/chat/completions",
        R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Weather?"}],"tools":)" +
            translated::toolsJson + "}");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const translated::OpenAiStream s = translated::readStream(r.body);
    ASSERT_EQ(s.toolCalls.size(), 2);
    EXPECT_TRUE(s.toolCalls[0]["id"].toString().startsWith(QLatin1String("call_")));
    EXPECT_EQ(s.toolCalls[1]["id"].toString(), QStringLiteral("call_x1"));
    EXPECT_EQ(json(s.toolCalls[0]["arguments"].toString().toUtf8()),
              json(R"({"city":"Paris","unit":"c"})"));
    EXPECT_EQ(s.finishReasons, QStringList{QStringLiteral("tool_calls")});
    EXPECT_EQ(s.usage["prompt_tokens"].toInt(), 122);
    EXPECT_EQ(s.usage["completion_tokens"].toInt(), 33);
    EXPECT_TRUE(s.done);

    const translated::UpstreamRequest sent = translated::parse(upstream.requests().first());
    EXPECT_EQ(sent.body["stream"], QJsonValue(true));
    EXPECT_EQ(sent.body["tools"][0]["function"]["name"].toString(), QStringLiteral("get_weather"));
}

TEST_F(OllamaBackendTest, AStreamedTextAnswer)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/x-ndjson",
                                                         fixture("ollama/stream-text.ndjson")));
    start(upstream);
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]})");
    const translated::OpenAiStream s = translated::readStream(r.body);
    EXPECT_EQ(s.content, QStringLiteral("Grüß dich — 你好 👋"));
    EXPECT_EQ(s.reasoning, QStringLiteral("The user greets; answer briefly."));
    EXPECT_EQ(s.finishReasons, QStringList{QStringLiteral("stop")});
    EXPECT_TRUE(s.usage.isEmpty()); // not asked for
    EXPECT_EQ(sql("SELECT prompt_tokens FROM requests"), 26);
    EXPECT_EQ(sql("SELECT completion_tokens FROM requests"), 282);
}

TEST_F(OllamaBackendTest, AModelNotFoundIsTheUpstreamsStatusWithItsMessage)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(404, "application/json", fixture("ollama/error-404.json")));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 404);
    EXPECT_TRUE(json(r.body)["error"]["message"].toString().contains(QStringLiteral("not found")))
        << r.body.constData();
}

TEST_F(OllamaBackendTest, ARateLimitReachesTheClientWithItsRetryAfter)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        429, "application/json", R"({"error":"too many requests"})", {"retry-after: 3"}));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("retry-after"), "3");
}

TEST_F(OllamaBackendTest, AnErrorObjectInTheStreamEndsItAsAnError)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/x-ndjson",
                                                         fixture("ollama/stream-error.ndjson")));
    start(upstream);
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"m","stream":true,"messages":[{"role":"user","content":"Hi"}]})");
    const translated::OpenAiStream s = translated::readStream(r.body);
    EXPECT_EQ(s.content, QStringLiteral("Partial"));
    EXPECT_TRUE(s.error["message"].toString().contains(QStringLiteral("unexpected EOF")))
        << r.body.constData();
    EXPECT_FALSE(s.done);
}

TEST_F(OllamaBackendTest, TruncatedJsonIsACleanBadGatewayAndALogRowSaysWhy)
{
    const QByteArray whole = fixture("ollama/whole.json");
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", whole.left(whole.size() - 20)));
    start(upstream);
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 502);
    EXPECT_TRUE(
        json(r.body)["error"]["message"].toString().contains(QStringLiteral("not a JSON object")))
        << r.body.constData();
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                  "'upstream_protocol'"),
              1);
}

TEST_F(OllamaBackendTest, ALineOverFourMebibytesEndsTheStreamAndALogRowSaysWhy)
{
    const QByteArray huge =
        R"({"message":{"role":"assistant","content":")" + QByteArray(5 << 20, 'a') + "\"}}\n";
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/x-ndjson", huge));
    start(upstream);
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]})");
    // Nothing was decoded before the line: the client gets a clean 502, not a stream.
    EXPECT_EQ(r.status, 502);
    EXPECT_TRUE(r.body.contains("4 MiB")) << r.body.left(300).constData();
    EXPECT_LT(r.body.size(), 4096); // the line was not relayed
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                  "'upstream_protocol'"),
              1);
}

// A `bedrock` backend end to end over real sockets: OpenAI clients (plain, streaming, tools)
// served by a Converse / ConverseStream upstream (a ScriptedUpstream answering with the
// fixtures' JSON and event-stream frames), what reached the upstream (path, SigV4 headers
// signed at a fixed clock), a 429 that passes its retry-after on, a frame with a bad CRC, and a
// request Converse cannot take.

#include "Registries.h"
#include "gateway/providers/EventStreamFrames.h"
#include "providers/bedrock/BedrockProvider.h"
#include "providers/bedrock/SigV4.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"
#include "support/TestHttp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace testhttp;
using gateway::providers::bedrock::SigV4Signer;

namespace {

// 2024-05-01T10:20:30Z: the signing time of every request here.
constexpr qint64 fixedNowMs = 1714558830000;
const QByteArray model = "anthropic.claude-3-haiku-20240307-v1:0";

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(SWITCHBOARD_PROVIDER_FIXTURES "/bedrock/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QByteArray eventStreamResponse(const QByteArray& frames)
{
    return ScriptedUpstream::response(200, "application/vnd.amazon.eventstream", frames);
}

// The value of header `name` (case-insensitive) in a raw request.
QByteArray headerOf(const QByteArray& request, const QByteArray& name)
{
    for (const QByteArray& line : request.left(request.indexOf("\r\n\r\n")).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

class BedrockBackendTest : public EngineFixture
{
protected:
    void SetUp() override
    {
        qputenv("BEDROCK_TEST_ACCESS_KEY", "AKIDEXAMPLE");
        qputenv("BEDROCK_TEST_SECRET_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
        qputenv("BEDROCK_TEST_SESSION", "session-token-1");
        // The built-in registries, with the Bedrock adapter signing at a fixed time.
        registries = gateway::Registries::makeBuiltin();
        registries.providers = gateway::providers::ProviderRegistry();
        registries.providers.add(
            gateway::config::BackendType::Bedrock,
            [](const gateway::config::Backend& b, gateway::state::SharedState&) {
                return std::make_shared<gateway::providers::BedrockProvider>(
                    b, [] { return fixedNowMs; });
            });
    }

    void start(quint16 upstreamPort)
    {
        const QByteArray config = R"({"schemaVersion": 1, "logging": {"captureBodies": true},
          "backends": [{"name": "br", "type": "bedrock", "region": "us-west-2",
                        "baseUrl": "http://127.0.0.1:)" +
                                  QByteArray::number(upstreamPort) + R"(",
                        "aws": {"accessKeyId": "env:BEDROCK_TEST_ACCESS_KEY",
                                "secretAccessKey": "env:BEDROCK_TEST_SECRET_KEY",
                                "sessionToken": "env:BEDROCK_TEST_SESSION"}}],
          "models": [{"alias": "claude", "targets": [{"backend": "br", "model": ")" +
                                  model + R"("}]}]})";
        gateway::config::ConfigLoader loader;
        auto parsed = loader.parse(config);
        ASSERT_TRUE(parsed.ok()) << qPrintable(parsed.error());
        gateway::config::Config c = parsed.value();
        c.server.host = QStringLiteral("127.0.0.1");
        c.server.port = 0;
        c.server.workers = 1;
        engine = std::make_unique<gateway::Engine>();
        engine->setRegistries(&registries);
        ASSERT_TRUE(engine->start(c, dataDir.path()).ok());
        port = engine->port();
    }

    // The signature the upstream must have seen for `request`, computed independently of the
    // adapter from what arrived.
    static QByteArray expectedAuthorization(const QByteArray& request, quint16 upstreamPort)
    {
        const SigV4Signer signer(
            {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-1"},
            "us-west-2", "bedrock");
        const QByteArray requestLine = request.left(request.indexOf("\r\n"));
        SigV4Signer::Request r;
        r.method = "POST";
        const QByteArray path = requestLine.split(' ').at(1);
        r.path = path;
        r.headers = {{"host", "127.0.0.1:" + QByteArray::number(upstreamPort)},
                     {"content-type", "application/json"}};
        const QByteArray body = request.mid(request.indexOf("\r\n\r\n") + 4);
        r.payload = body;
        r.payloadHashHeader = true;
        return signer.sign(r, fixedNowMs).authorization;
    }

    gateway::Registries registries;
};

const QByteArray chatTools =
    R"({"model":"claude","stream":true,"stream_options":{"include_usage":true},
        "messages":[{"role":"user","content":"Weather and time in Paris?"}],
        "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                 {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}]})";

} // namespace

TEST_F(BedrockBackendTest, AnOpenAiClientGetsAnOpenAiAnswerFromConverseSignedWithSigV4)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        200, "application/json", fixture("answer-text.json"), {"x-amzn-RequestId: 5d3c-req"}));
    start(upstream.port());
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"claude","max_tokens":100,"messages":[
                                {"role":"system","content":"Be kind."},
                                {"role":"user","content":"Say hello in French"}]})");
    ASSERT_EQ(r.status, 200) << r.body.constData();
    const QJsonObject answer = json(r.body);
    EXPECT_EQ(answer.value("object"), "chat.completion");
    const QJsonObject choice = answer.value("choices").toArray().at(0).toObject();
    EXPECT_EQ(choice.value("message").toObject().value("content").toString(),
              QString::fromUtf8("Bonjour à toi 👋"));
    EXPECT_EQ(choice.value("finish_reason"), "stop");
    const QJsonObject usage = answer.value("usage").toObject();
    EXPECT_EQ(usage.value("prompt_tokens"), 132); // 12 + 100 cache reads + 20 cache writes
    EXPECT_EQ(usage.value("completion_tokens"), 7);

    ASSERT_EQ(upstream.requests().size(), 1);
    const QByteArray sent = upstream.requests().first();
    EXPECT_TRUE(sent.startsWith(
        "POST /model/anthropic.claude-3-haiku-20240307-v1%3A0/converse HTTP/1.1\r\n"))
        << sent.left(120).constData();
    const QByteArray body = sent.mid(sent.indexOf("\r\n\r\n") + 4);
    const QJsonObject converse = json(body);
    EXPECT_EQ(QJsonDocument(converse.value("system").toArray()).toJson(QJsonDocument::Compact),
              R"([{"text":"Be kind."}])");
    EXPECT_EQ(converse.value("inferenceConfig").toObject().value("maxTokens"), 100);
    EXPECT_EQ(headerOf(sent, "x-amz-date"), "20240501T102030Z");
    EXPECT_EQ(headerOf(sent, "x-amz-content-sha256"), SigV4Signer::sha256Hex(body));
    EXPECT_EQ(headerOf(sent, "x-amz-security-token"), "session-token-1");
    EXPECT_EQ(headerOf(sent, "authorization"), expectedAuthorization(sent, upstream.port()));
    EXPECT_TRUE(headerOf(sent, "authorization")
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/"
                                "bedrock/aws4_request, SignedHeaders=content-type;host;"
                                "x-amz-content-sha256;x-amz-date;x-amz-security-token, "
                                "Signature="));
    EXPECT_EQ(sql("SELECT prompt_tokens FROM requests WHERE status = 200"), 132);
}

TEST_F(BedrockBackendTest, AStreamingClientGetsToolCallChunksAndUsageFromConverseStream)
{
    ScriptedUpstream upstream(
        eventStreamResponse(eventstream::fromFixture(fixture("stream-tools.events"))));
    start(upstream.port());
    const Response r = post(port, "/v1/chat/completions", chatTools);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_TRUE(r.header("content-type").startsWith("text/event-stream"));
    const QList<QByteArray> payloads = ssePayloads(r.body);
    ASSERT_FALSE(payloads.isEmpty());
    EXPECT_EQ(payloads.last(), "[DONE]");
    QString text;
    QMap<int, QString> ids, names, arguments;
    QString finish;
    QJsonObject usage;
    for (const QByteArray& p : payloads) {
        if (p == "[DONE]")
            continue;
        const QJsonObject chunk = json(p);
        EXPECT_EQ(chunk.value("object"), "chat.completion.chunk") << p.constData();
        if (chunk.value("usage").isObject())
            usage = chunk.value("usage").toObject();
        for (const QJsonValue c : chunk.value("choices").toArray()) {
            const QJsonObject delta = c.toObject().value("delta").toObject();
            text += delta.value("content").toString();
            for (const QJsonValue call : delta.value("tool_calls").toArray()) {
                const int i = call.toObject().value("index").toInt();
                ids[i] += call.toObject().value("id").toString();
                names[i] += call.toObject().value("function").toObject().value("name").toString();
                arguments[i] +=
                    call.toObject().value("function").toObject().value("arguments").toString();
            }
            if (c.toObject().value("finish_reason").isString())
                finish = c.toObject().value("finish_reason").toString();
        }
    }
    EXPECT_EQ(text, "Let me check.");
    EXPECT_EQ(ids.value(0), "tooluse_a1");
    EXPECT_EQ(names.value(0), "get_weather");
    EXPECT_EQ(arguments.value(0), R"({"city":"Paris"})");
    EXPECT_EQ(ids.value(1), "tooluse_b2");
    EXPECT_EQ(names.value(1), "get_time");
    EXPECT_EQ(arguments.value(1), R"({"tz":"CET"})");
    EXPECT_EQ(finish, "tool_calls");
    EXPECT_EQ(usage.value("prompt_tokens"), 85);
    EXPECT_EQ(usage.value("completion_tokens"), 61);

    ASSERT_EQ(upstream.requests().size(), 1);
    const QByteArray sent = upstream.requests().first();
    EXPECT_TRUE(sent.startsWith(
        "POST /model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream HTTP/1.1\r\n"));
    EXPECT_EQ(headerOf(sent, "authorization"), expectedAuthorization(sent, upstream.port()));
    const QJsonObject converse = json(sent.mid(sent.indexOf("\r\n\r\n") + 4));
    EXPECT_EQ(converse.value("toolConfig").toObject().value("tools").toArray().size(), 2);
    EXPECT_EQ(sql("SELECT completion_tokens FROM requests WHERE status = 200"), 61);
}

TEST_F(BedrockBackendTest, AThrottledUpstreamsRetryAfterReachesTheClient)
{
    ScriptedUpstream upstream(ScriptedUpstream::response(
        429, "application/json", fixture("error-throttling.json"),
        {"retry-after: 9", "x-amzn-ErrorType: ThrottlingException:http://internal.amazon.com/"}));
    start(upstream.port());
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"claude","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("retry-after"), "9");
    EXPECT_TRUE(r.body.contains("Too many requests")) << r.body.constData();
    EXPECT_EQ(json(r.body).value("error").toObject().value("type"), "rate_limit_error")
        << r.body.constData();
}

TEST_F(BedrockBackendTest, AThrottlingExceptionInTheStreamIsA429)
{
    ScriptedUpstream upstream(
        eventStreamResponse(eventstream::fromFixture(fixture("stream-throttled.events"))));
    start(upstream.port());
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"claude","stream":true,"messages":[{"role":"user","content":"x"}]})");
    EXPECT_TRUE(r.body.contains("Too many requests")) << r.body.constData();
    EXPECT_FALSE(r.body.contains("[DONE]"));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 429 AND error_class = "
                  "'upstream_429'"),
              1);
}

TEST_F(BedrockBackendTest, AFrameWithABadCrcEndsTheAnswerWithA502AndALogRowThatSaysSo)
{
    QByteArray frames = eventstream::fromFixture(fixture("stream-text.events"));
    frames[frames.size() - 30] = char(frames[frames.size() - 30] ^ 0x01); // in the last frame
    ScriptedUpstream upstream(eventStreamResponse(frames));
    start(upstream.port());
    const Response r =
        post(port, "/v1/chat/completions",
             R"({"model":"claude","stream":true,"messages":[{"role":"user","content":"x"}]})");
    // The bad frame cuts the stream: an OpenAI error event that says why, and no [DONE].
    EXPECT_TRUE(r.body.contains("CRC does not match")) << r.body.constData();
    EXPECT_FALSE(r.body.contains("[DONE]"));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 502 AND error_class = "
                  "'upstream_protocol'"),
              1);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM request_bodies WHERE response_body LIKE "
                  "'%CRC does not match%'"),
              1);
}

TEST_F(BedrockBackendTest, AnImageUrlIsRefusedWithA400BeforeAnythingIsSent)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("answer-text.json")));
    start(upstream.port());
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"claude","messages":[{"role":"user","content":[
                                {"type":"text","text":"What is this?"},
                                {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]})");
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(json(r.body).value("error").toObject().value("message").toString().contains(
        "does not fetch URLs"))
        << r.body.constData();
    EXPECT_TRUE(upstream.requests().isEmpty());
}

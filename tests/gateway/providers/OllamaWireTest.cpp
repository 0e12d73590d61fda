// Ollama's native chat API: request bodies built from canonical requests, the NDJSON line
// decoder, and answers (streamed and whole) read back as events, against golden fixtures
// written from Ollama's API reference (tests/gateway/providers/fixtures/ollama/).

#include "providers/ollama/OllamaWire.h"

#include "WireReplay.h"
#include "api/openai/OpenAiDialect.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway;
using api::ResponseEvent;
using wirereplay::describe;
using wirereplay::fixture;
namespace ollama = gateway::providers::ollama;

namespace {

api::CanonicalRequest canonical(const QByteArray& body,
                                api::Endpoint endpoint = api::Endpoint::ChatCompletions)
{
    api::ChatRequest r;
    api::DialectError e;
    EXPECT_TRUE(api::OpenAiDialect::instance().parse(endpoint, body, &r, &e))
        << e.message.constData() << " in " << body.constData();
    return r.canonical();
}

const QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return doc.object();
}

QJsonObject body(const QByteArray& openAiBody)
{
    const ollama::RequestBody b =
        ollama::requestBody(canonical(openAiBody), QStringLiteral("llama3.2"));
    EXPECT_TRUE(b.error.isEmpty()) << qPrintable(b.error);
    return json(b.body);
}

QString refusal(const QByteArray& openAiBody,
                api::Endpoint endpoint = api::Endpoint::ChatCompletions)
{
    const ollama::RequestBody b =
        ollama::requestBody(canonical(openAiBody, endpoint), QStringLiteral("llama3.2"));
    EXPECT_TRUE(b.body.isEmpty());
    return b.error;
}

const wirereplay::DecoderFactory decoder = [] { return std::make_unique<ollama::OllamaDecoder>(); };

std::vector<QByteArray> lines(ollama::NdjsonDecoder& d, const QByteArray& bytes, bool finish)
{
    std::vector<QByteArray> out;
    EXPECT_TRUE(d.feed(bytes.constData(), size_t(bytes.size()), out));
    if (finish)
        d.finish(out);
    return out;
}

} // namespace

TEST(NdjsonDecoder, SplitsLinesAnywhereAndSkipsBlankOnes)
{
    ollama::NdjsonDecoder d;
    EXPECT_TRUE(lines(d, "{\"a\":1}\r\n\n  \n{\"b\"", false) ==
                (std::vector<QByteArray>{"{\"a\":1}"}));
    EXPECT_TRUE(lines(d, ":2}\n{\"c\":3}", true) ==
                (std::vector<QByteArray>{"{\"b\":2}", "{\"c\":3}"}));
}

TEST(NdjsonDecoder, ALineOverTheBoundIsRefusedWhileItArrives)
{
    ollama::NdjsonDecoder d(16);
    std::vector<QByteArray> out;
    EXPECT_TRUE(d.feed("0123456789", 10, out));
    EXPECT_FALSE(d.feed("0123456789", 10, out));
    ollama::NdjsonDecoder whole(16);
    EXPECT_FALSE(whole.feed("01234567890123456789\n", 21, out));
    ollama::NdjsonDecoder exact(16);
    EXPECT_TRUE(exact.feed("0123456789012345\n", 17, out));
}

TEST(OllamaWire, ChatWithToolsImagesThinkingAndOptionsIsAnApiChatRequest)
{
    EXPECT_EQ(body(fixture("ollama/chat-tools.request.openai.json")),
              json(fixture("ollama/chat-tools.request.ollama.json")));
}

TEST(OllamaWire, StreamIsAlwaysSaidAndFormatAndThinkFollowTheRequest)
{
    const QJsonObject plain = body(R"({"model":"o","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(plain, json(R"({"model":"llama3.2","stream":false,
        "messages":[{"role":"user","content":"x"}]})"));
    const QJsonObject schema = body(R"({"model":"o","messages":[{"role":"user","content":"x"}],
        "response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object","properties":{"age":{"type":"integer"}}}}},
        "reasoning_effort":"none"})");
    EXPECT_EQ(schema["format"].toObject(),
              json(R"({"type":"object","properties":{"age":{"type":"integer"}}})"));
    EXPECT_EQ(schema["think"], QJsonValue(false));
}

TEST(OllamaWire, ToolChoiceNoneOffersNoToolsAndANamedOneOffersOnlyIt)
{
    const QByteArray head =
        R"({"model":"o","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"a","parameters":{}}},{"type":"function","function":{"name":"b","parameters":{}}}],"tool_choice":)";
    EXPECT_FALSE(body(head + R"("none"})").contains(QLatin1String("tools")));
    EXPECT_EQ(body(head + R"("required"})")["tools"].toArray().size(), 2);
    const QJsonArray named =
        body(head + R"({"type":"function","function":{"name":"b"}}})")["tools"].toArray();
    ASSERT_EQ(named.size(), 1);
    EXPECT_EQ(named[0]["function"]["name"].toString(), QStringLiteral("b"));
}

TEST(OllamaWire, RequestsOllamaCannotTakeAreRefusedWithAReason)
{
    EXPECT_TRUE(
        refusal(
            R"({"model":"o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]})")
            .contains(QStringLiteral("base64")));
    EXPECT_TRUE(refusal(R"({"model":"o","n":3,"messages":[{"role":"user","content":"x"}]})")
                    .contains(QStringLiteral("n=3")));
    EXPECT_TRUE(
        refusal(
            R"({"model":"o","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{oops"}}]}]})")
            .contains(QStringLiteral("not a JSON object")));
    EXPECT_TRUE(refusal(R"({"model":"o","input":"x"})", api::Endpoint::Embeddings)
                    .contains(QStringLiteral("embeddings")));
}

TEST(OllamaWire, AStreamedAnswerWithThinkingTextAndUsageAtEverySplit)
{
    wirereplay::expectStream(decoder, fixture("ollama/stream-text.ndjson"),
                             {QStringLiteral("R0 The user greets; "),
                              QStringLiteral("R0 answer briefly."), QStringLiteral("T0 Grüß dich"),
                              QStringLiteral("T0  — 你好 👋"), QStringLiteral("U 26/282 0/0"),
                              QStringLiteral("F0 stop")});
}

TEST(OllamaWire, StreamedToolCallsGetIdsWhereOllamaGaveNone)
{
    wirereplay::expectStream(
        decoder, fixture("ollama/stream-tools.ndjson"),
        {QStringLiteral(R"(C0.0 call_0 get_weather {"city":"Paris","unit":"c"})"),
         QStringLiteral(R"(C0.1 call_x1 get_weather {"city":"Tōkyō"})"),
         QStringLiteral("U 122/33 0/0"), QStringLiteral("F0 tool_calls")});
    const auto traced = wirereplay::replayWhole(
        [] { return std::make_unique<ollama::OllamaDecoder>(QStringLiteral("4bf92f35")); },
        fixture("ollama/stream-tools.ndjson"));
    EXPECT_EQ(traced.events[0].id, QStringLiteral("call_4bf92f35_0"));
}

TEST(OllamaWire, DoneReasonLengthIsLengthAndAMissingPromptCountIsZero)
{
    wirereplay::expectStream(
        decoder, fixture("ollama/stream-length.ndjson"),
        {QStringLiteral("T0 Once upon"), QStringLiteral("U 0/2 0/0"), QStringLiteral("F0 length")});
}

TEST(OllamaWire, AnErrorInTheStreamEndsIt)
{
    wirereplay::expectStream(
        decoder, fixture("ollama/stream-error.ndjson"),
        {QStringLiteral("T0 Partial"),
         QStringLiteral("E 0 upstream_stream_error an error was encountered while running the "
                        "model: unexpected EOF")});
}

TEST(OllamaWire, AWholeAnswer)
{
    ollama::OllamaDecoder d;
    std::vector<ResponseEvent> out;
    QString error;
    ASSERT_TRUE(d.decodeWhole(fixture("ollama/whole.json"), out, &error)) << qPrintable(error);
    EXPECT_EQ(
        describe(out),
        (QStringList{QStringLiteral("R0 Greeting."), QStringLiteral("T0 Hello! How are you today?"),
                     QStringLiteral("U 26/298 0/0"), QStringLiteral("F0 stop")}));
}

TEST(OllamaWire, ErrorMessageReadsOllamasErrorObject)
{
    ollama::OllamaDecoder d;
    EXPECT_EQ(d.errorMessage(404, fixture("ollama/error-404.json")),
              "model \"nope\" not found, try pulling it first");
    EXPECT_EQ(d.errorMessage(500, "Internal Server Error"), "");
}

TEST(OllamaWire, BadBytesAreRefusedWithAReason)
{
    const QByteArray stream = fixture("ollama/stream-text.ndjson");
    // Cut inside the last line: its JSON is incomplete.
    const auto truncated = wirereplay::replayWhole(decoder, stream.left(stream.size() - 30));
    EXPECT_FALSE(truncated.ok);
    EXPECT_TRUE(truncated.error.contains(QStringLiteral("not a JSON object")))
        << qPrintable(truncated.error);
    // Whole lines, but the final one (done: true) is missing.
    const qsizetype last = stream.lastIndexOf('\n', stream.size() - 2);
    const auto early = wirereplay::replayWhole(decoder, stream.left(last + 1));
    EXPECT_FALSE(early.ok);
    EXPECT_TRUE(early.error.contains(QStringLiteral("done: true"))) << qPrintable(early.error);
    // Something after the end.
    const auto after = wirereplay::replayWhole(decoder, stream + stream);
    EXPECT_FALSE(after.ok);
    // A line over 4 MiB is refused while it arrives.
    ollama::OllamaDecoder d;
    std::vector<ResponseEvent> out;
    QString error;
    EXPECT_FALSE(d.feed("{\"message\":{\"content\":\"" + QByteArray(5 << 20, 'a'), out, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("4 MiB"))) << qPrintable(error);
}

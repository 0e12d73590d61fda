// Anthropic answers as response events: golden streams (text with cache usage, two parallel
// tool calls, thinking with its signature, an error event) and whole answers, written from
// Anthropic's API reference ("Streaming Messages", "Messages", "Errors"). Each stream is
// replayed whole, split in two at every byte offset, and one byte at a time, so that splits
// inside a UTF-8 character, a JSON string, an SSE line and a CRLF are all covered.

#include "providers/anthropic/AnthropicDecoder.h"

#include <QFile>
#include <QStringList>

#include <gtest/gtest.h>

using namespace gateway;
using api::ResponseEvent;
using providers::anthropic::AnthropicDecoder;

namespace {

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(ANTHROPIC_FIXTURE_DIR "/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

// One line per event, for comparing whole transcripts.
QString describe(const ResponseEvent& e)
{
    using T = ResponseEvent::Type;
    switch (e.type) {
    case T::TextDelta: return QStringLiteral("text ") + e.text;
    case T::ReasoningDelta:
        return QStringLiteral("reasoning ") + e.text +
               (e.signature.isEmpty()
                    ? QString()
                    : QStringLiteral(" signature=") + QString::fromLatin1(e.signature));
    case T::ToolCallDelta:
        return QStringLiteral("tool %1%2%3 args=%4")
            .arg(e.toolIndex)
            .arg(e.id.isEmpty() ? QString() : QStringLiteral(" id=") + e.id,
                 e.name.isEmpty() ? QString() : QStringLiteral(" name=") + e.name, e.text);
    case T::Usage:
        return QStringLiteral("usage prompt=%1 completion=%2 cacheRead=%3 cacheWrite=%4")
            .arg(e.usage.promptTokens)
            .arg(e.usage.completionTokens)
            .arg(e.usage.cacheReadTokens)
            .arg(e.usage.cacheWriteTokens);
    case T::Finish: return QStringLiteral("finish ") + QString::fromLatin1(e.finishReason);
    case T::Error:
        return QStringLiteral("error %1 %2 %3")
            .arg(e.status)
            .arg(QString::fromLatin1(e.code), QString::fromUtf8(e.message));
    default: return QStringLiteral("other %1").arg(int(e.type));
    }
}

QStringList transcript(const std::vector<ResponseEvent>& events)
{
    QStringList out;
    for (const ResponseEvent& e : events)
        out << describe(e);
    return out;
}

// Feeds the stream in the given pieces, then ends it; the transcript, and finish()'s verdict.
QStringList decode(const QList<QByteArrayView>& pieces, bool* finished = nullptr)
{
    AnthropicDecoder decoder;
    std::vector<ResponseEvent> events;
    QString error;
    for (QByteArrayView piece : pieces)
        EXPECT_TRUE(decoder.feed(piece, events, &error)) << qPrintable(error);
    const bool ok = decoder.finish(events, &error);
    if (finished)
        *finished = ok;
    else
        EXPECT_TRUE(ok) << qPrintable(error);
    return transcript(events);
}

// The stream's transcript, the same however the bytes are split.
void expectStream(const char* name, const QStringList& expected)
{
    const QByteArray bytes = fixture(name);
    EXPECT_EQ(decode({bytes}), expected) << name;
    for (qsizetype at = 1; at < bytes.size(); ++at) {
        const QByteArrayView all(bytes);
        ASSERT_EQ(decode({all.first(at), all.sliced(at)}), expected) << name << " split at " << at;
    }
    QList<QByteArrayView> bytewise;
    for (qsizetype at = 0; at < bytes.size(); ++at)
        bytewise << QByteArrayView(bytes).sliced(at, 1);
    EXPECT_EQ(decode(bytewise), expected) << name << " one byte at a time";
}

QStringList whole(const QByteArray& body)
{
    AnthropicDecoder decoder;
    std::vector<ResponseEvent> events;
    QString error;
    EXPECT_TRUE(decoder.decodeWhole(body, events, &error)) << qPrintable(error);
    return transcript(events);
}

} // namespace

TEST(AnthropicDecoder, TextStreamWithCacheUsage)
{
    // input_tokens leaves the cache out: the prompt is 25 + 1200 + 3400 tokens.
    expectStream(
        "stream_text_cache.sse",
        {QStringLiteral("text Héllo, wörld "), QStringLiteral("text 🌍 \"quoted\"\n日本語 é😀"),
         QStringLiteral("finish stop"),
         QStringLiteral("usage prompt=4625 completion=15 cacheRead=3400 cacheWrite=1200")});
}

TEST(AnthropicDecoder, TwoParallelToolCallsEachWithItsOwnIndex)
{
    expectStream("stream_parallel_tools.sse",
                 {QStringLiteral("text I'll check both cities."),
                  QStringLiteral("tool 0 id=toolu_01T1x1fJ34qAmk2tNTrN7Up6 name=get_weather args="),
                  QStringLiteral("tool 0 args={\"location\": \"San Fra"),
                  QStringLiteral("tool 0 args=ncisco, CA\", \"unit\": \"celsius\"}"),
                  QStringLiteral("tool 1 id=toolu_01NRLabsLyVHZPKxbKvkfSMn name=get_weather args="),
                  QStringLiteral("tool 1 args={\"location\": \"Zürich\"}"),
                  QStringLiteral("finish tool_calls"),
                  QStringLiteral("usage prompt=472 completion=89 cacheRead=0 cacheWrite=0")});
}

TEST(AnthropicDecoder, ThinkingWithItsSignatureThenText)
{
    expectStream(
        "stream_thinking.sse",
        {QStringLiteral(
             "reasoning Let me solve this step by step:\n\n1. First break down 27 × 453"),
         QStringLiteral("reasoning \n2. 453 = 400 + 50 + 3"),
         QStringLiteral(
             "reasoning  signature=EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds/a+b="),
         QStringLiteral("text 27 × 453 = 12,231"), QStringLiteral("finish stop"),
         QStringLiteral("usage prompt=40 completion=120 cacheRead=0 cacheWrite=0")});
}

TEST(AnthropicDecoder, AnErrorEventEndsTheAnswerWithItsStatus)
{
    // overloaded_error stands for HTTP 529 ("Errors"); the stream needs no message_stop after it.
    expectStream("stream_error.sse", {QStringLiteral("text Partial"),
                                      QStringLiteral("error 529 overloaded_error Overloaded")});
    AnthropicDecoder decoder;
    std::vector<ResponseEvent> events;
    QString error;
    ASSERT_TRUE(decoder.feed(fixture("stream_error.sse"), events, &error));
    ASSERT_EQ(events.back().type, ResponseEvent::Type::Error);
    EXPECT_TRUE(events.back().body.contains("\"overloaded_error\""))
        << events.back().body.constData();
    // Nothing after the error counts.
    events.clear();
    ASSERT_TRUE(
        decoder.feed("event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
                     "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"late\"}}\n\n",
                     events, &error));
    EXPECT_TRUE(events.empty());
}

TEST(AnthropicDecoder, AStreamCutBeforeMessageStopIsTruncated)
{
    const QByteArray bytes = fixture("stream_text_cache.sse");
    const qsizetype stopEnd = bytes.indexOf("data: {\"type\":\"message_stop\"}") +
                              qsizetype(strlen("data: {\"type\":\"message_stop\"}"));
    for (qsizetype cut = 0; cut < stopEnd; ++cut) {
        AnthropicDecoder decoder;
        std::vector<ResponseEvent> events;
        QString error;
        if (!decoder.feed(QByteArrayView(bytes).first(cut), events, &error))
            continue; // refused on the way: also not a whole answer
        EXPECT_FALSE(decoder.finish(events, &error)) << "cut at " << cut;
        EXPECT_FALSE(error.isEmpty());
    }
    bool finished = true;
    decode({QByteArrayView(bytes).first(stopEnd)}, &finished);
    EXPECT_TRUE(finished); // the last event's blank line is all that is missing
}

TEST(AnthropicDecoder, AToolCallWithoutInputStillHasJsonArguments)
{
    const QByteArray sse =
        "event: message_start\ndata: "
        "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":"
        "1}}}\n\n"
        "event: content_block_start\ndata: "
        "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\","
        "\"id\":\"toolu_9\",\"name\":\"get_time\",\"input\":{}}}\n\n"
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        "event: message_delta\ndata: "
        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_"
        "tokens\":7}}\n\n"
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    EXPECT_EQ(
        decode({sse}),
        (QStringList{QStringLiteral("tool 0 id=toolu_9 name=get_time args="),
                     QStringLiteral("tool 0 args={}"), QStringLiteral("finish tool_calls"),
                     QStringLiteral("usage prompt=3 completion=7 cacheRead=0 cacheWrite=0")}));
}

TEST(AnthropicDecoder, BytesThatBreakTheFormatAreRefusedWithAReason)
{
    struct Case
    {
        QByteArray bytes;
        const char* why;
    } cases[] = {
        {"event: content_block_delta\ndata: {\"type\":\"content_block_del", "not a JSON object"},
        {"data: [1,2]\n\n", "not a JSON object"},
        {"data: {\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\","
         "\"text\":\"x\"}}\n\n",
         "did not start"},
        {"data: {\"type\":\"content_block_start\"}\n\n", "no index"},
    };
    for (const Case& c : cases) {
        AnthropicDecoder decoder;
        std::vector<ResponseEvent> events;
        QString error;
        bool ok = decoder.feed(c.bytes + "\n\n", events, &error);
        if (ok)
            ok = decoder.finish(events, &error);
        EXPECT_FALSE(ok) << c.bytes.constData();
        EXPECT_TRUE(error.contains(QLatin1String(c.why))) << qPrintable(error);
    }
    // An event over the SSE decoder's 4 MiB bound.
    AnthropicDecoder decoder;
    std::vector<ResponseEvent> events;
    QString error;
    EXPECT_FALSE(decoder.feed("data: \"" + QByteArray(5 * 1024 * 1024, 'a'), events, &error));
    EXPECT_TRUE(error.contains(QLatin1String("4 MiB"))) << qPrintable(error);
}

TEST(AnthropicDecoder, ContentBlocksAreBounded)
{
    AnthropicDecoder decoder;
    std::vector<ResponseEvent> events;
    QString error;
    QByteArray sse;
    for (size_t i = 0; i <= AnthropicDecoder::maxContentBlocks; ++i)
        sse += "data: {\"type\":\"content_block_start\",\"index\":" +
               QByteArray::number(qulonglong(i)) +
               ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n";
    EXPECT_FALSE(decoder.feed(sse, events, &error));
    EXPECT_TRUE(error.contains(QLatin1String("content blocks"))) << qPrintable(error);
}

TEST(AnthropicDecoder, WholeAnswers)
{
    EXPECT_EQ(
        whole(fixture("whole_text_cache.json")),
        (QStringList{QStringLiteral("text Hi! My name is Claude. ☺"),
                     QStringLiteral("usage prompt=2058 completion=25 cacheRead=2048 cacheWrite=0"),
                     QStringLiteral("finish length")}));
    EXPECT_EQ(
        whole(fixture("whole_thinking_tools.json")),
        (QStringList{
            QStringLiteral("reasoning The user wants the weather in two cities; I can ask for both "
                           "at once. signature=WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/"
                           "op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL=="),
            QStringLiteral("text Checking both."),
            QStringLiteral("tool 0 id=toolu_01A09q90qw90lq917835lq9 name=get_weather "
                           "args={\"location\":\"Paris\",\"unit\":\"celsius\"}"),
            QStringLiteral("tool 1 id=toolu_01B09q90qw90lq917835lq9 name=get_weather "
                           "args={\"location\":\"Zürich\"}"),
            QStringLiteral("usage prompt=2607 completion=503 cacheRead=0 cacheWrite=512"),
            QStringLiteral("finish tool_calls")}));
    // An error object in a 200 answer is an error.
    EXPECT_EQ(whole(fixture("error_invalid_request.json")).value(0).left(40),
              QStringLiteral("error 400 invalid_request_error messages"));

    AnthropicDecoder decoder;
    std::vector<ResponseEvent> events;
    QString error;
    EXPECT_FALSE(
        decoder.decodeWhole("{\"type\":\"message\",\"content\":[{\"type\":\"te", events, &error));
    EXPECT_TRUE(error.contains(QLatin1String("not a JSON object")));
    EXPECT_FALSE(decoder.decodeWhole("{\"type\":\"message\"}", events, &error));
    EXPECT_TRUE(error.contains(QLatin1String("content")));
}

TEST(AnthropicDecoder, ErrorMessagesOfErrorAnswers)
{
    const AnthropicDecoder decoder;
    EXPECT_EQ(decoder.errorMessage(400, fixture("error_invalid_request.json")),
              "invalid_request_error: messages: roles must alternate between \"user\" and "
              "\"assistant\", but found multiple \"user\" roles in a row");
    EXPECT_EQ(decoder.errorMessage(529, R"({"type":"error","error":{"type":"overloaded_error"}})"),
              "overloaded_error");
    EXPECT_TRUE(decoder.errorMessage(502, "<html>Bad gateway</html>").isEmpty());
    EXPECT_TRUE(decoder.errorMessage(500, R"({"error":"text"})").isEmpty());
}

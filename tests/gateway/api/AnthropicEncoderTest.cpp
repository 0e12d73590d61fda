// The Anthropic encoder: response events as a Message object or as Anthropic's SSE events.
// Golden fixtures (fixtures/anthropic/) are written from Anthropic's API reference ("Messages",
// "Streaming Messages", "Extended thinking"); every streamed answer is also checked against the
// documented event order and, accumulated as the SDKs do, against the whole answer.

#include "api/anthropic/AnthropicEncoder.h"

#include "api/anthropic/AnthropicDialect.h"
#include "gateway/api/AnthropicSse.h"
#include "support/RecordingWriter.h"

#include <QFile>

#include <gtest/gtest.h>

using namespace gateway::api;
using test::RecordingWriter;
using Kind = RecordingWriter::Kind;
using T = ResponseEvent::Type;

namespace {

const QByteArray traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(ANTHROPIC_API_FIXTURES "/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

QJsonObject json(const QByteArray& bytes)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << bytes.constData();
    return doc.object();
}

ChatRequest request(bool stream)
{
    ChatRequest r;
    DialectError e;
    const QByteArray body =
        R"({"model":"claude-alias","max_tokens":256,"messages":[{"role":"user","content":"hi"}])" +
        QByteArray(stream ? R"(,"stream":true})" : "}");
    EXPECT_TRUE(AnthropicDialect::instance().parse(Endpoint::ChatCompletions, body, &r, &e));
    return r;
}

// Runs events through the dialect's encoder; returns what the writer saw. Start's stream flag
// is the request's.
RecordingWriter encode(bool stream, std::vector<ResponseEvent> events)
{
    EncodeOptions options;
    options.traceId = traceId;
    options.headers = {{"x-request-id", traceId}};
    const ChatRequest r = request(stream);
    const auto encoder = AnthropicDialect::instance().encoder(r, options);
    RecordingWriter writer;
    for (ResponseEvent& e : events) {
        if (e.type == T::Start)
            e.stream = stream;
        encoder->encode(e, writer);
    }
    return writer;
}

ResponseEvent usage(qint64 prompt, qint64 completion, qint64 cacheRead = 0, qint64 cacheWrite = 0)
{
    Usage u;
    u.promptTokens = prompt;
    u.completionTokens = completion;
    u.cacheReadTokens = cacheRead;
    u.cacheWriteTokens = cacheWrite;
    return ResponseEvent::usageEvent(u);
}

ResponseEvent signature(QByteArray value)
{
    ResponseEvent e = ResponseEvent::reasoningDelta({});
    e.signature = std::move(value);
    return e;
}

std::vector<ResponseEvent> textAnswer()
{
    return {
        ResponseEvent::start(QStringLiteral("upstream-model-name"), false),
        ResponseEvent::textDelta(QStringLiteral("Hello")),
        ResponseEvent::textDelta(QStringLiteral(", \"world\"\n")),
        ResponseEvent::finish("stop"),
        usage(12, 5),
        ResponseEvent::end(),
    };
}

// Text, then two tool calls whose deltas a provider interleaves, usage after the finish (as
// OpenAI-format backends send it).
std::vector<ResponseEvent> parallelToolCalls()
{
    return {
        ResponseEvent::start(QStringLiteral("gpt-4o"), false),
        ResponseEvent::textDelta(QStringLiteral("Checking both.")),
        ResponseEvent::toolCallDelta(0, QStringLiteral("call_a"), QStringLiteral("get_weather"),
                                     {}),
        ResponseEvent::toolCallDelta(1, QStringLiteral("call_b"), QStringLiteral("get_time"), {}),
        ResponseEvent::toolCallDelta(0, {}, {}, QStringLiteral(R"({"city":)")),
        ResponseEvent::toolCallDelta(1, {}, {}, QStringLiteral(R"({"tz":)")),
        ResponseEvent::toolCallDelta(0, {}, {}, QStringLiteral(R"("Paris"})")),
        ResponseEvent::toolCallDelta(1, {}, {}, QStringLiteral(R"("UTC"})")),
        ResponseEvent::finish("tool_calls"),
        usage(40, 22),
        ResponseEvent::end(),
    };
}

// Thinking with its signature, then text and a tool call; the usage came up front (as an
// Anthropic upstream's message_start reports it) and again at the end, with cache tokens.
std::vector<ResponseEvent> thinkingThenToolCall()
{
    return {
        ResponseEvent::start(QStringLiteral("claude-sonnet"), false),
        usage(2100, 1, 2000, 0),
        ResponseEvent::reasoningDelta(QStringLiteral("The user wants ")),
        ResponseEvent::reasoningDelta(QStringLiteral("the weather.")),
        signature("EqQBCgIYAhIM1gbcDa9GJwZA2b3h"),
        ResponseEvent::textDelta(QStringLiteral("Let me look.")),
        ResponseEvent::toolCallDelta(0, QStringLiteral("toolu_01"), QStringLiteral("get_weather"),
                                     QStringLiteral(R"({"city":"Paris"})")),
        ResponseEvent::finish("tool_calls"),
        usage(2150, 80, 2000, 50),
        ResponseEvent::end(),
    };
}

// The body of a whole answer; the test fails unless it was one 200 respond().
QByteArray wholeBody(const RecordingWriter& w)
{
    EXPECT_EQ(w.kinds(), (std::vector<Kind>{Kind::Respond}));
    if (w.calls.empty())
        return {};
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(w.calls[0].contentType, "application/json");
    return w.calls[0].bytes;
}

// The body of a streamed answer, after checking the head and the event order.
QByteArray streamBody(const RecordingWriter& w)
{
    EXPECT_FALSE(w.calls.empty());
    if (w.calls.empty())
        return {};
    EXPECT_EQ(w.calls.front().kind, Kind::StartBody);
    EXPECT_EQ(w.calls.front().status, 200);
    EXPECT_EQ(w.calls.front().contentType, "text/event-stream");
    EXPECT_EQ(RecordingWriter::header(w.calls.front(), "cache-control"), "no-cache");
    EXPECT_EQ(RecordingWriter::header(w.calls.front(), "x-request-id"), traceId);
    EXPECT_EQ(w.calls.back().kind, Kind::EndStream);
    const QByteArray body = w.written();
    EXPECT_EQ(test::checkMessageStream(test::anthropicEvents(body)), QString()) << body.constData();
    return body;
}

// The same events, whole and streamed: the stream accumulates to the whole answer.
void expectStreamAddsUpToWhole(const std::vector<ResponseEvent>& events)
{
    const QJsonObject whole = json(wholeBody(encode(false, events)));
    const QJsonObject streamed =
        test::accumulateMessage(test::anthropicEvents(streamBody(encode(true, events))));
    EXPECT_EQ(streamed, whole) << QJsonDocument(streamed).toJson().constData();
}

} // namespace

TEST(AnthropicEncoder, WholeTextAnswerIsAMessage)
{
    const QByteArray body = wholeBody(encode(false, textAnswer()));
    EXPECT_EQ(json(body), json(fixture("message-text.json"))) << body.constData();
    // The id comes from the trace id; the model is the one the client asked for.
    EXPECT_EQ(json(body).value("id").toString(), "msg_" + traceId);
    EXPECT_EQ(json(body).value("model").toString(), "claude-alias");
}

TEST(AnthropicEncoder, StreamedTextAnswerIsExactSse)
{
    const RecordingWriter w = encode(true, textAnswer());
    EXPECT_EQ(streamBody(w), fixture("stream-text.sse"));
    // The head leaves alone at Start; each delta is one write; the end leaves in one write.
    EXPECT_EQ(w.calls.front().bytes, QByteArray());
    expectStreamAddsUpToWhole(textAnswer());
}

TEST(AnthropicEncoder, ParallelToolCallsAreOneBlockEachInOrder)
{
    const QByteArray whole = wholeBody(encode(false, parallelToolCalls()));
    EXPECT_EQ(json(whole), json(fixture("message-parallel-tools.json"))) << whole.constData();
    EXPECT_EQ(streamBody(encode(true, parallelToolCalls())), fixture("stream-parallel-tools.sse"));
    expectStreamAddsUpToWhole(parallelToolCalls());
}

TEST(AnthropicEncoder, ThinkingWithSignatureThenTextAndToolUse)
{
    const QByteArray whole = wholeBody(encode(false, thinkingThenToolCall()));
    EXPECT_EQ(json(whole), json(fixture("message-thinking-tool.json"))) << whole.constData();
    EXPECT_EQ(streamBody(encode(true, thinkingThenToolCall())),
              fixture("stream-thinking-tool.sse"));
    expectStreamAddsUpToWhole(thinkingThenToolCall());
}

TEST(AnthropicEncoder, CallsThatFollowEachOtherStreamOneAfterTheOther)
{
    // The common case (OpenAI streams one call after the other): each call's arguments stream
    // as they come, and later calls are held only while an earlier block is open.
    const std::vector<ResponseEvent> events = {
        ResponseEvent::start({}, true),
        ResponseEvent::toolCallDelta(0, QStringLiteral("a"), QStringLiteral("f"), {}),
        ResponseEvent::toolCallDelta(0, {}, {}, QStringLiteral(R"({"x":1})")),
        ResponseEvent::toolCallDelta(1, QStringLiteral("b"), QStringLiteral("g"), {}),
        ResponseEvent::toolCallDelta(1, {}, {}, QStringLiteral(R"({"y":2})")),
        ResponseEvent::toolCallDelta(2, QStringLiteral("c"), QStringLiteral("h"), {}),
        ResponseEvent::finish("tool_calls"),
        ResponseEvent::end(),
    };
    const auto stream = test::anthropicEvents(streamBody(encode(true, events)));
    const QJsonObject message = test::accumulateMessage(stream);
    const QJsonArray content = message.value("content").toArray();
    ASSERT_EQ(content.size(), 3);
    EXPECT_EQ(content[0].toObject().value("input").toObject(), (QJsonObject{{"x", 1}}));
    EXPECT_EQ(content[1].toObject().value("id").toString(), "b");
    EXPECT_EQ(content[1].toObject().value("input").toObject(), (QJsonObject{{"y", 2}}));
    EXPECT_EQ(content[2].toObject().value("name").toString(), "h");
    EXPECT_EQ(content[2].toObject().value("input").toObject(), QJsonObject());
    EXPECT_EQ(message.value("stop_reason").toString(), "tool_use");
    expectStreamAddsUpToWhole(events);
}

TEST(AnthropicEncoder, StopReasonsFromTheNeutralFinish)
{
    const std::pair<QByteArray, const char*> reasons[] = {
        {"stop", "end_turn"},          {"length", "max_tokens"}, {"tool_calls", "tool_use"},
        {"content_filter", "refusal"}, {"", "end_turn"},
    };
    for (const auto& [finish, stopReason] : reasons) {
        std::vector<ResponseEvent> events = {ResponseEvent::start({}, false),
                                             ResponseEvent::textDelta(QStringLiteral("x"))};
        if (!finish.isEmpty())
            events.push_back(ResponseEvent::finish(finish));
        events.push_back(ResponseEvent::end());
        EXPECT_EQ(json(wholeBody(encode(false, events))).value("stop_reason").toString(),
                  QLatin1String(stopReason))
            << finish.constData();
    }
    // A server that finishes a tool-calling answer with "stop" (Ollama, vLLM) still asks for
    // the tool to be used.
    const std::vector<ResponseEvent> events = {
        ResponseEvent::start({}, false),
        ResponseEvent::toolCallDelta(0, QStringLiteral("a"), QStringLiteral("f"), "{}"),
        ResponseEvent::finish("stop"), ResponseEvent::end()};
    EXPECT_EQ(json(wholeBody(encode(false, events))).value("stop_reason").toString(), "tool_use");
}

TEST(AnthropicEncoder, UsageCountsInputWithoutTheCacheAndMessageStartHasWhatIsKnown)
{
    const QJsonObject whole = json(wholeBody(encode(false, thinkingThenToolCall())));
    EXPECT_EQ(whole.value("usage").toObject(), (QJsonObject{{"input_tokens", 100},
                                                            {"cache_read_input_tokens", 2000},
                                                            {"cache_creation_input_tokens", 50},
                                                            {"output_tokens", 80}}));

    const auto stream = test::anthropicEvents(streamBody(encode(true, thinkingThenToolCall())));
    // message_start: the usage reported before the first content.
    EXPECT_EQ(stream.front().data.value("message").toObject().value("usage").toObject(),
              (QJsonObject{{"input_tokens", 100},
                           {"cache_read_input_tokens", 2000},
                           {"cache_creation_input_tokens", 0},
                           {"output_tokens", 1}}));
    // message_delta: the final usage, input tokens included.
    EXPECT_EQ(stream[stream.size() - 2].data.value("usage").toObject(),
              whole.value("usage").toObject());

    // No usage at all: zeros, never a missing or negative field.
    const QJsonObject none = json(wholeBody(
        encode(false, {ResponseEvent::start({}, false),
                       ResponseEvent::textDelta(QStringLiteral("x")), ResponseEvent::end()})));
    EXPECT_EQ(none.value("usage").toObject(), (QJsonObject{{"input_tokens", 0},
                                                           {"cache_read_input_tokens", 0},
                                                           {"cache_creation_input_tokens", 0},
                                                           {"output_tokens", 0}}));
}

TEST(AnthropicEncoder, OtherChoicesAreLeftOut)
{
    const QJsonObject whole = json(wholeBody(encode(
        false, {ResponseEvent::start({}, false), ResponseEvent::textDelta(QStringLiteral("a")),
                ResponseEvent::textDelta(QStringLiteral("b"), 1), ResponseEvent::finish("stop"),
                ResponseEvent::finish("length", 1), ResponseEvent::end()})));
    EXPECT_EQ(whole.value("content").toArray(),
              (QJsonArray{QJsonObject{{"type", "text"}, {"text", "a"}}}));
    EXPECT_EQ(whole.value("stop_reason").toString(), "end_turn");
}

TEST(AnthropicEncoder, ArgumentsThatAreNotAnObjectGiveAnEmptyInput)
{
    const QJsonObject whole = json(wholeBody(
        encode(false, {ResponseEvent::start({}, false),
                       ResponseEvent::toolCallDelta(0, QStringLiteral("a"), QStringLiteral("f"),
                                                    QStringLiteral(R"({"cut": "of)")),
                       ResponseEvent::finish("length"), ResponseEvent::end()})));
    EXPECT_EQ(whole.value("content").toArray().at(0).toObject().value("input").toObject(),
              QJsonObject());
    EXPECT_EQ(whole.value("stop_reason").toString(), "max_tokens");
}

TEST(AnthropicEncoder, ErrorBeforeOutputIsAnAnthropicErrorWithTheUpstreamHeaders)
{
    ResponseEvent error = ResponseEvent::error(429, "upstream_error", "slow down");
    error.headers = {{"retry-after", "7"}};
    for (bool stream : {false, true}) {
        const RecordingWriter w = encode(stream, {error});
        ASSERT_EQ(w.kinds(), (std::vector<Kind>{Kind::Respond}));
        EXPECT_EQ(w.calls[0].status, 429);
        EXPECT_EQ(w.calls[0].bytes,
                  R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})");
        EXPECT_EQ(RecordingWriter::header(w.calls[0], "retry-after"), "7");
        EXPECT_EQ(RecordingWriter::header(w.calls[0], "x-request-id"), traceId);
    }
    // A transport failure (status 0) is a 502 api_error.
    const RecordingWriter w =
        encode(false, {ResponseEvent::error(0, "upstream_connect", "connection refused")});
    EXPECT_EQ(w.calls[0].status, 502);
    EXPECT_EQ(json(w.calls[0].bytes).value("error").toObject().value("type").toString(),
              "api_error");
}

TEST(AnthropicEncoder, ErrorMidStreamIsAnErrorEventThenTheStreamIsCut)
{
    const RecordingWriter w = encode(
        true, {ResponseEvent::start({}, true), ResponseEvent::textDelta(QStringLiteral("Hi")),
               ResponseEvent::error(529, "upstream_error", "Overloaded"),
               ResponseEvent::textDelta(QStringLiteral("late")), ResponseEvent::end()});
    ASSERT_EQ(w.calls.back().kind, Kind::AbortStream);
    const QByteArray body = w.written();
    EXPECT_TRUE(body.endsWith(
        "event: error\n"
        R"(data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"
        "\n\n"))
        << body.constData();
    EXPECT_FALSE(body.contains("late"));
    EXPECT_EQ(test::checkMessageStream(test::anthropicEvents(body)), QString());
}

TEST(AnthropicEncoder, AStreamWithoutContentStillHasItsFrame)
{
    const RecordingWriter w =
        encode(true, {ResponseEvent::start({}, true), ResponseEvent::finish("stop"), usage(3, 0),
                      ResponseEvent::end()});
    const auto events = test::anthropicEvents(streamBody(w));
    std::vector<QByteArray> names;
    for (const auto& e : events)
        names.push_back(e.event);
    EXPECT_EQ(names, (std::vector<QByteArray>{"message_start", "message_delta", "message_stop"}));
}

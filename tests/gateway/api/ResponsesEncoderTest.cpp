// The Responses encoder against golden fixtures (tests/gateway/api/fixtures/responses/), written
// from OpenAI's API reference ("The response object", "Streaming events"): whole answers and
// streams, with text, a function call and reasoning, a cut answer, and a failure mid-stream.

#include "api/responses/ResponsesEncoder.h"

#include "api/responses/ResponsesDialect.h"
#include "support/RecordingWriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway::api;
using test::RecordingWriter;
using Kind = RecordingWriter::Kind;

namespace {

const QByteArray traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(RESPONSES_FIXTURES_DIR "/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

ChatRequest request(const QByteArray& body)
{
    ChatRequest r;
    DialectError e;
    EXPECT_TRUE(ResponsesDialect::instance().parse(Endpoint::ChatCompletions, body, &r, &e))
        << e.message.constData();
    return r;
}

RecordingWriter encode(const ChatRequest& r, std::vector<ResponseEvent> events)
{
    EncodeOptions options;
    options.traceId = traceId;
    options.createdSecs = 1741476542;
    options.headers = {{"x-request-id", traceId}};
    const auto encoder = ResponsesDialect::instance().encoder(r, options);
    RecordingWriter writer;
    for (ResponseEvent& e : events)
        encoder->encode(e, writer);
    return writer;
}

Usage usage(qint64 prompt, qint64 completion, qint64 cached = 0, qint64 reasoning = 0)
{
    Usage u;
    u.promptTokens = prompt;
    u.completionTokens = completion;
    u.cacheReadTokens = cached;
    u.reasoningTokens = reasoning;
    return u;
}

std::vector<ResponseEvent> textAnswer(bool stream)
{
    return {ResponseEvent::start("gpt-4.1-2025-04-14", stream),
            ResponseEvent::textDelta("In a peaceful grove, "),
            ResponseEvent::textDelta("a unicorn slept."),
            ResponseEvent::usageEvent(usage(36, 87, 4)),
            ResponseEvent::finish("stop"),
            ResponseEvent::end()};
}

std::vector<ResponseEvent> toolAnswer(bool stream)
{
    return {ResponseEvent::start("gpt-4.1-2025-04-14", stream),
            ResponseEvent::reasoningDelta("The user asks for weather."),
            ResponseEvent::toolCallDelta(0, "call_12345xyz", "get_weather", ""),
            ResponseEvent::toolCallDelta(0, "", "", "{\"location\":"),
            ResponseEvent::toolCallDelta(0, "", "", "\"Paris, France\"}"),
            ResponseEvent::usageEvent(usage(291, 23, 0, 7)),
            ResponseEvent::finish("tool_calls"),
            ResponseEvent::end()};
}

const QByteArray textRequest =
    R"({"model":"gpt-4.1","input":"Tell me a three sentence bedtime story about a unicorn."})";
const QByteArray toolRequest =
    R"({"model":"gpt-4.1","input":[{"role":"user","content":"What is the weather like in Paris today?"}],
  "tools":[{"type":"function","name":"get_weather","description":"Get current temperature for a given location.",
            "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"],"additionalProperties":false},"strict":true}],
  "reasoning":{"effort":"low"}})";

// The SSE events of a stream: (event line, data object).
std::vector<std::pair<QByteArray, QJsonObject>> sseEvents(const QByteArray& body)
{
    std::vector<std::pair<QByteArray, QJsonObject>> out;
    for (const QByteArray& block : body.split('\n')) {
        if (block.startsWith("event: "))
            out.emplace_back(block.mid(7), QJsonObject());
        else if (block.startsWith("data: ") && !out.empty())
            out.back().second = QJsonDocument::fromJson(block.mid(6)).object();
    }
    return out;
}

} // namespace

TEST(ResponsesEncoderTest, WholeTextAnswerIsAResponseObject)
{
    const RecordingWriter w = encode(request(textRequest), textAnswer(false));
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].kind, Kind::Respond);
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(w.calls[0].bytes, fixture("text-whole.json").trimmed());
}

TEST(ResponsesEncoderTest, WholeFunctionCallAnswer)
{
    const RecordingWriter w = encode(request(toolRequest), toolAnswer(false));
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].bytes, fixture("function-call-whole.json").trimmed());
}

TEST(ResponsesEncoderTest, StreamedTextAnswerIsTypedEvents)
{
    ChatRequest r = request(textRequest);
    r.stream = true;
    const RecordingWriter w = encode(r, textAnswer(true));
    EXPECT_EQ(w.calls.front().kind, Kind::StartBody);
    EXPECT_EQ(w.calls.front().contentType, "text/event-stream");
    EXPECT_EQ(w.calls.back().kind, Kind::EndStream);
    EXPECT_EQ(w.written(), fixture("text-stream.sse"));
}

TEST(ResponsesEncoderTest, StreamedFunctionCallAnswer)
{
    ChatRequest r = request(toolRequest);
    r.stream = true;
    const RecordingWriter w = encode(r, toolAnswer(true));
    EXPECT_EQ(w.written(), fixture("function-call-stream.sse"));
}

TEST(ResponsesEncoderTest, StreamEventsAreNumberedInOrderAndEndWithTheFullResponse)
{
    ChatRequest r = request(toolRequest);
    r.stream = true;
    const auto events = sseEvents(encode(r, toolAnswer(true)).written());
    ASSERT_FALSE(events.empty());
    for (size_t i = 0; i < events.size(); ++i) {
        EXPECT_EQ(events[i].first, events[i].second.value("type").toString().toUtf8());
        EXPECT_EQ(events[i].second.value("sequence_number").toInt(-1), int(i));
    }
    EXPECT_EQ(events.front().first, "response.created");
    EXPECT_EQ(events[1].first, "response.in_progress");
    EXPECT_EQ(events.back().first, "response.completed");
    const QJsonObject response = events.back().second.value("response").toObject();
    EXPECT_EQ(response.value("status").toString(), "completed");
    EXPECT_EQ(response.value("output").toArray().size(), 2);
    EXPECT_EQ(response.value("usage").toObject().value("total_tokens").toInt(), 314);
}

TEST(ResponsesEncoderTest, AnswerCutAtMaxOutputTokensIsIncomplete)
{
    std::vector<ResponseEvent> events = {ResponseEvent::start("m", false),
                                         ResponseEvent::textDelta("Once upon"),
                                         ResponseEvent::usageEvent(usage(5, 2)),
                                         ResponseEvent::finish("length"), ResponseEvent::end()};
    const RecordingWriter whole = encode(request(textRequest), events);
    const QJsonObject o = QJsonDocument::fromJson(whole.calls[0].bytes).object();
    EXPECT_EQ(o.value("status").toString(), "incomplete");
    EXPECT_EQ(o.value("incomplete_details").toObject().value("reason").toString(),
              "max_output_tokens");
    EXPECT_EQ(o.value("output").toArray()[0].toObject().value("status").toString(), "incomplete");

    ChatRequest r = request(textRequest);
    r.stream = true;
    events.front().stream = true;
    const auto streamed = sseEvents(encode(r, events).written());
    EXPECT_EQ(streamed.back().first, "response.incomplete");
}

TEST(ResponsesEncoderTest, FailureBeforeTheAnswerIsAnOpenAiError)
{
    const RecordingWriter w =
        encode(request(textRequest),
               {ResponseEvent::error(429, "upstream_429", "upstream backend 'b' answered 429")});
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 429);
    const QJsonObject error =
        QJsonDocument::fromJson(w.calls[0].bytes).object()["error"].toObject();
    EXPECT_EQ(error.value("type").toString(), "rate_limit_error");
    EXPECT_EQ(error.value("code").toString(), "upstream_429");
}

TEST(ResponsesEncoderTest, FailureMidStreamIsAnErrorEventAndResponseFailedThenACut)
{
    ChatRequest r = request(textRequest);
    r.stream = true;
    const RecordingWriter w =
        encode(r, {ResponseEvent::start("m", true), ResponseEvent::textDelta("Once"),
                   ResponseEvent::error(502, "upstream_error", "the stream broke")});
    EXPECT_EQ(w.calls.back().kind, Kind::AbortStream);
    const auto events = sseEvents(w.written());
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(events[events.size() - 2].first, "error");
    EXPECT_EQ(events[events.size() - 2].second.value("message").toString(), "the stream broke");
    EXPECT_EQ(events.back().first, "response.failed");
    const QJsonObject response = events.back().second.value("response").toObject();
    EXPECT_EQ(response.value("status").toString(), "failed");
    EXPECT_EQ(response.value("error").toObject().value("code").toString(), "upstream_error");
}

TEST(ResponsesEncoderTest, EchoesTheRequestFieldsTheSdksRead)
{
    const RecordingWriter w =
        encode(request(R"({"model":"m","input":"x","instructions":"Be brief.","temperature":0.2,
                    "max_output_tokens":50,"store":false,"metadata":{"k":"v"},
                    "previous_response_id":"resp_abc","text":{"format":{"type":"json_object"}}})"),
               textAnswer(false));
    const QJsonObject o = QJsonDocument::fromJson(w.calls[0].bytes).object();
    EXPECT_EQ(o.value("id").toString(), "resp_" + traceId);
    EXPECT_EQ(o.value("object").toString(), "response");
    EXPECT_EQ(o.value("instructions").toString(), "Be brief.");
    EXPECT_DOUBLE_EQ(o.value("temperature").toDouble(), 0.2);
    EXPECT_EQ(o.value("max_output_tokens").toInt(), 50);
    EXPECT_FALSE(o.value("store").toBool(true));
    EXPECT_EQ(o.value("metadata").toObject().value("k").toString(), "v");
    EXPECT_EQ(o.value("previous_response_id").toString(), "resp_abc");
    EXPECT_EQ(o.value("text").toObject()["format"].toObject()["type"].toString(), "json_object");
    EXPECT_EQ(o.value("tool_choice").toString(), "auto");
    EXPECT_TRUE(o.value("tools").isArray());
    EXPECT_EQ(o.value("model").toString(), "gpt-4.1-2025-04-14"); // the model that answered
}

// OpenAI's answers through the OpenAI dialect's encoder (what the mock's "openai" format writes)
// and back through OpenAiDecoder.

#include "providers/openai/OpenAiDecoder.h"

#include "api/openai/OpenAiEncoder.h"
#include "api/openai/OpenAiError.h"
#include "gateway/providers/AnswerRoundTrip.h"

using gateway::api::ChatRequest;
using gateway::api::Endpoint;
using gateway::providers::openai::OpenAiDecoder;
using test::RecordingWriter;

namespace {

wirereplay::DecoderFactory decoder(Endpoint endpoint = Endpoint::ChatCompletions)
{
    return [endpoint] { return std::make_unique<OpenAiDecoder>(endpoint); };
}

// As the mock's wire sets the encoder up: usage always asked for.
RecordingWriter encode(const std::vector<gateway::api::ResponseEvent>& events,
                       Endpoint endpoint = Endpoint::ChatCompletions)
{
    ChatRequest request;
    request.endpoint = endpoint;
    request.model = QStringLiteral("gpt-4o");
    request.stream = events.front().stream;
    request.includeUsage = true;
    gateway::api::EncodeOptions options;
    options.traceId = "t1";
    options.createdSecs = 1750000000;
    gateway::api::OpenAiEncoder encoder(request, options);
    return roundtrip::encode(encoder, events);
}

} // namespace

TEST(OpenAiDecoder, AStreamReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(true));
    const QByteArray bytes = w.written();
    EXPECT_TRUE(bytes.endsWith("data: [DONE]\n\n"));
    // Chat chunks carry no reasoning signature: it is the one thing that does not come back.
    wirereplay::expectStream(decoder(), bytes,
                             {"R0 Let me think", "T0 Héllo 👋 wörld—", "T0  \"again\"\n",
                              "C0.0 call_a get_weather ", "C0.0   {\"city\":", "C0.0   \"Tōkyō\"}",
                              R"(C0.1 call_b get_time {"tz":"CET"})", "F0 tool_calls",
                              "U 12/30 4/5"});
}

TEST(OpenAiDecoder, AWholeAnswerReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(false));
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(
        roundtrip::decodeWhole(decoder(), w.calls[0].bytes),
        QStringList({"R0 Let me think", "T0 Héllo 👋 wörld— \"again\"\n",
                     R"(C0.0 call_a get_weather {"city":"Tōkyō"})",
                     R"(C0.1 call_b get_time {"tz":"CET"})", "F0 tool_calls", "U 12/30 4/5"}));
}

TEST(OpenAiDecoder, ChoicesAndFinishReasonsTravelInChatAndCompletions)
{
    wirereplay::expectStream(decoder(), encode(roundtrip::textAnswer(true, "length", 2)).written(),
                             {"T0 choice 0 ", "T1 choice 1 ", "T0 ends", "T1 ends", "F0 length",
                              "F1 length", "U 7/9 0/0"});
    wirereplay::expectStream(
        decoder(Endpoint::Completions),
        encode(roundtrip::textAnswer(true, "stop"), Endpoint::Completions).written(),
        {"T0 choice 0 ", "T0 ends", "F0 stop", "U 7/9 0/0"});
    EXPECT_EQ(
        roundtrip::decodeWhole(decoder(),
                               encode(roundtrip::textAnswer(false, "stop", 2)).calls[0].bytes),
        QStringList({"T0 choice 0 ends", "F0 stop", "T1 choice 1 ends", "F1 stop", "U 7/9 0/0"}));
}

TEST(OpenAiDecoder, AStreamWithoutDoneIsTruncated)
{
    QByteArray bytes = encode(roundtrip::textAnswer(true, "stop")).written();
    bytes.chop(QByteArray("data: [DONE]\n\n").size());
    const wirereplay::Replay r = wirereplay::replayWhole(decoder(), bytes);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, QStringLiteral("the OpenAI stream ended before data: [DONE]"));
    EXPECT_FALSE(wirereplay::replayWhole(decoder(), "data: {not json\n\n").ok);
}

TEST(OpenAiDecoder, ErrorsAreReadFromOpenAisErrorObject)
{
    const RecordingWriter w = encode(
        {gateway::api::ResponseEvent::error(429, "mock_injected_failure", "Rate limit reached")});
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 429);
    EXPECT_EQ(OpenAiDecoder(Endpoint::ChatCompletions).errorMessage(429, w.calls[0].bytes),
              "Rate limit reached");
    EXPECT_EQ(OpenAiDecoder(Endpoint::ChatCompletions).errorMessage(500, R"({"error":"boom"})"),
              "boom");
    // In a stream: an error chunk ends the answer.
    const wirereplay::Replay r = wirereplay::replayWhole(
        decoder(), "data: " + gateway::api::openAiError("overloaded", "server_error") +
                       "\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}\n\n");
    ASSERT_TRUE(r.ok) << qPrintable(r.error);
    EXPECT_EQ(wirereplay::describe(r.events), QStringList{"E 0 upstream_stream_error overloaded"});
}

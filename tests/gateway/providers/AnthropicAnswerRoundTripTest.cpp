// Anthropic's answers through the inbound Anthropic dialect's encoder (what the mock's
// "anthropic" format writes) and back through the Anthropic adapter's decoder.

#include "api/anthropic/AnthropicEncoder.h"
#include "gateway/providers/AnswerRoundTrip.h"
#include "providers/anthropic/AnthropicDecoder.h"

using gateway::providers::anthropic::AnthropicDecoder;
using test::RecordingWriter;

namespace {

wirereplay::DecoderFactory decoder()
{
    return [] { return std::make_unique<AnthropicDecoder>(); };
}

RecordingWriter encode(const std::vector<gateway::api::ResponseEvent>& events)
{
    gateway::api::ChatRequest request;
    request.model = QStringLiteral("claude-sonnet-4-5");
    request.stream = events.front().stream;
    gateway::api::EncodeOptions options;
    options.traceId = "t1";
    gateway::api::AnthropicEncoder encoder(request, options);
    return roundtrip::encode(encoder, events);
}

} // namespace

TEST(AnthropicAnswerRoundTrip, AStreamReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(true));
    const QByteArray bytes = w.written();
    // The prompt's tokens are in message_start, as Anthropic sends them.
    EXPECT_TRUE(bytes.startsWith(
        "event: message_start\ndata: "
        R"({"type":"message_start","message":{"id":"msg_t1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,)"))
        << bytes.constData();
    // Blocks are sequential: the second call is its own block after the first.
    wirereplay::expectStream(decoder(), bytes,
                             {"R0 Let me think", "R0  |c2lnbmF0dXJl", "T0 Héllo 👋 wörld—",
                              "T0  \"again\"\n", "C0.0 call_a get_weather ",
                              "C0.0   {\"city\":", "C0.0   \"Tōkyō\"}", "C0.1 call_b get_time ",
                              R"(C0.1   {"tz":"CET"})", "F0 tool_calls", "U 12/30 4/0"});
}

TEST(AnthropicAnswerRoundTrip, AWholeAnswerReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(false));
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(
        roundtrip::decodeWhole(decoder(), w.calls[0].bytes),
        QStringList({"R0 Let me think |c2lnbmF0dXJl", "T0 Héllo 👋 wörld— \"again\"\n",
                     R"(C0.0 call_a get_weather {"city":"Tōkyō"})",
                     R"(C0.1 call_b get_time {"tz":"CET"})", "U 12/30 4/0", "F0 tool_calls"}));
}

TEST(AnthropicAnswerRoundTrip, ALengthFinishTravelsAsMaxTokens)
{
    wirereplay::expectStream(decoder(), encode(roundtrip::textAnswer(true, "length")).written(),
                             {"T0 choice 0 ", "T0 ends", "F0 length", "U 7/9 0/0"});
}

TEST(AnthropicAnswerRoundTrip, AnErrorIsAnthropicsErrorObject)
{
    const RecordingWriter w = encode(
        {gateway::api::ResponseEvent::error(429, "mock_injected_failure", "Number of requests")});
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 429);
    EXPECT_EQ(AnthropicDecoder().errorMessage(429, w.calls[0].bytes),
              "rate_limit_error: Number of requests");
}

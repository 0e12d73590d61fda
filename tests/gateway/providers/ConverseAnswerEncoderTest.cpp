#include "providers/bedrock/ConverseAnswerEncoder.h"

#include "gateway/providers/AnswerRoundTrip.h"
#include "providers/bedrock/ConverseWire.h"

using gateway::providers::bedrock::ConverseAnswerEncoder;
using gateway::providers::bedrock::ConverseDecoder;
using test::RecordingWriter;

namespace {

wirereplay::DecoderFactory decoder()
{
    return [] { return std::make_unique<ConverseDecoder>(); };
}

RecordingWriter encode(const std::vector<gateway::api::ResponseEvent>& events)
{
    ConverseAnswerEncoder encoder;
    return roundtrip::encode(encoder, events);
}

} // namespace

TEST(ConverseAnswerEncoder, AnEventStreamReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(true));
    EXPECT_EQ(w.calls.front().contentType, "application/vnd.amazon.eventstream");
    // Each frame's CRCs are checked by the decoder, split at every offset (inside preludes,
    // headers, payloads and CRCs).
    wirereplay::expectStream(decoder(), w.written(),
                             {"R0 Let me think", "R0  |c2lnbmF0dXJl", "T0 Héllo 👋 wörld—",
                              "T0  \"again\"\n", "C0.0 call_a get_weather ",
                              "C0.0   {\"city\":", "C0.0   \"Tōkyō\"}", "C0.1 call_b get_time ",
                              R"(C0.1   {"tz":"CET"})", "F0 tool_calls", "U 12/30 4/0"});
}

TEST(ConverseAnswerEncoder, AWholeAnswerReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(false));
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(
        roundtrip::decodeWhole(decoder(), w.calls[0].bytes),
        QStringList({"R0 Let me think |c2lnbmF0dXJl", "T0 Héllo 👋 wörld— \"again\"\n",
                     R"(C0.0 call_a get_weather {"city":"Tōkyō"})",
                     R"(C0.1 call_b get_time {"tz":"CET"})", "F0 tool_calls", "U 12/30 4/0"}));
}

TEST(ConverseAnswerEncoder, ALengthFinishTravelsAsMaxTokens)
{
    const RecordingWriter stream = encode(roundtrip::textAnswer(true, "length"));
    wirereplay::expectStream(decoder(), stream.written(),
                             {"T0 choice 0 ", "T0 ends", "F0 length", "U 7/9 0/0"});
    const RecordingWriter whole = encode(roundtrip::textAnswer(false, "stop"));
    EXPECT_EQ(roundtrip::decodeWhole(decoder(), whole.calls[0].bytes),
              QStringList({"T0 choice 0 ends", "F0 stop", "U 7/9 0/0"}));
}

TEST(ConverseAnswerEncoder, AnErrorIsBedrocksErrorShapeOrAnExceptionEvent)
{
    const RecordingWriter w = encode(
        {gateway::api::ResponseEvent::error(429, "mock_injected_failure", "Too many requests")});
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 429);
    EXPECT_EQ(RecordingWriter::header(w.calls[0], "x-amzn-ErrorType"), "ThrottlingException");
    EXPECT_EQ(ConverseDecoder().errorMessage(429, w.calls[0].bytes), "Too many requests");

    ConverseAnswerEncoder encoder;
    RecordingWriter s;
    encoder.encode(gateway::api::ResponseEvent::start(QStringLiteral("m"), true), s);
    encoder.encode(gateway::api::ResponseEvent::error(429, {}, "slow down"), s);
    EXPECT_EQ(s.kinds().back(), RecordingWriter::Kind::AbortStream);
    const wirereplay::Replay r = wirereplay::replayWhole(decoder(), s.written());
    ASSERT_TRUE(r.ok) << qPrintable(r.error);
    EXPECT_EQ(wirereplay::describe(r.events), QStringList{"E 429 throttlingException slow down"});
}

#include "providers/ollama/OllamaAnswerEncoder.h"

#include "gateway/providers/AnswerRoundTrip.h"
#include "providers/ollama/OllamaWire.h"

using gateway::providers::ollama::OllamaAnswerEncoder;
using gateway::providers::ollama::OllamaDecoder;
using test::RecordingWriter;

namespace {

wirereplay::DecoderFactory decoder()
{
    return [] { return std::make_unique<OllamaDecoder>(QStringLiteral("t")); };
}

RecordingWriter encode(const std::vector<gateway::api::ResponseEvent>& events)
{
    OllamaAnswerEncoder encoder("qwen3", "2025-06-01T10:00:00Z");
    return roundtrip::encode(encoder, events);
}

} // namespace

TEST(OllamaAnswerEncoder, AStreamReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(true));
    EXPECT_EQ(w.calls.front().contentType, "application/x-ndjson");
    const QByteArray bytes = w.written();
    EXPECT_TRUE(bytes.startsWith(
        R"({"model":"qwen3","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"","thinking":"Let me think"},"done":false})"
        "\n"))
        << bytes.constData();
    EXPECT_TRUE(bytes.endsWith(
        R"({"model":"qwen3","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"prompt_eval_count":12,"eval_count":30})"
        "\n"))
        << bytes.constData();
    // Ollama has no reasoning signatures and no cache or reasoning counts; calls are whole.
    wirereplay::expectStream(decoder(), bytes,
                             {"R0 Let me think", "T0 Héllo 👋 wörld—", "T0  \"again\"\n",
                              R"(C0.0 call_a get_weather {"city":"Tōkyō"})",
                              R"(C0.1 call_b get_time {"tz":"CET"})", "U 12/30 0/0",
                              "F0 tool_calls"});
}

TEST(OllamaAnswerEncoder, AWholeAnswerReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(false));
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(
        roundtrip::decodeWhole(decoder(), w.calls[0].bytes),
        QStringList({"R0 Let me think", "T0 Héllo 👋 wörld— \"again\"\n",
                     R"(C0.0 call_a get_weather {"city":"Tōkyō"})",
                     R"(C0.1 call_b get_time {"tz":"CET"})", "U 12/30 0/0", "F0 tool_calls"}));
}

TEST(OllamaAnswerEncoder, ALengthFinishTravelsAsDoneReasonLength)
{
    const RecordingWriter stream = encode(roundtrip::textAnswer(true, "length"));
    wirereplay::expectStream(decoder(), stream.written(),
                             {"T0 choice 0 ", "T0 ends", "U 7/9 0/0", "F0 length"});
    const RecordingWriter whole = encode(roundtrip::textAnswer(false, "stop"));
    EXPECT_EQ(roundtrip::decodeWhole(decoder(), whole.calls[0].bytes),
              QStringList({"T0 choice 0 ends", "U 7/9 0/0", "F0 stop"}));
}

TEST(OllamaAnswerEncoder, AnErrorIsOllamasErrorObject)
{
    const RecordingWriter w = encode({gateway::api::ResponseEvent::error(
        404, "mock_injected_failure", "model \"nope\" not found")});
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 404);
    EXPECT_EQ(w.calls[0].bytes, R"({"error":"model \"nope\" not found"})");
    EXPECT_EQ(OllamaDecoder().errorMessage(404, w.calls[0].bytes), "model \"nope\" not found");

    OllamaAnswerEncoder encoder("m", "t");
    RecordingWriter s;
    encoder.encode(gateway::api::ResponseEvent::start(QStringLiteral("m"), true), s);
    encoder.encode(gateway::api::ResponseEvent::textDelta(QStringLiteral("a")), s);
    encoder.encode(gateway::api::ResponseEvent::error(500, {}, "out of memory"), s);
    EXPECT_EQ(s.kinds().back(), RecordingWriter::Kind::AbortStream);
    const wirereplay::Replay r = wirereplay::replayWhole(decoder(), s.written());
    ASSERT_TRUE(r.ok) << qPrintable(r.error);
    EXPECT_EQ(wirereplay::describe(r.events),
              QStringList({"T0 a", "E 0 upstream_stream_error out of memory"}));
}

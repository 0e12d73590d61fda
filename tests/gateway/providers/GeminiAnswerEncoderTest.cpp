#include "providers/gemini/GeminiAnswerEncoder.h"

#include "gateway/providers/AnswerRoundTrip.h"
#include "providers/gemini/GeminiWire.h"

#include <QJsonDocument>
#include <QJsonObject>

using gateway::providers::gemini::GeminiAnswerEncoder;
using gateway::providers::gemini::GeminiDecoder;
using test::RecordingWriter;

namespace {

wirereplay::DecoderFactory decoder()
{
    return [] { return std::make_unique<GeminiDecoder>(QStringLiteral("t")); };
}

RecordingWriter encode(const std::vector<gateway::api::ResponseEvent>& events)
{
    GeminiAnswerEncoder encoder("gemini-2.5-flash", "r1");
    return roundtrip::encode(encoder, events);
}

} // namespace

TEST(GeminiAnswerEncoder, AStreamReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(true));
    ASSERT_EQ(w.calls.front().kind, RecordingWriter::Kind::StartBody);
    EXPECT_EQ(w.calls.front().status, 200);
    EXPECT_EQ(w.calls.front().contentType, "text/event-stream");
    const QByteArray bytes = w.written();
    // Google's SSE framing, a GenerateContentResponse per event, the prompt counted from the
    // first one on.
    EXPECT_TRUE(bytes.startsWith(
        R"(data: {"candidates":[{"content":{"parts":[{"text":"Let me think","thought":true}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":12,"totalTokenCount":12},"modelVersion":"gemini-2.5-flash","responseId":"r1"})"
        "\r\n\r\n"))
        << bytes.constData();
    // Gemini's calls are whole, without ids: the decoder names them as for a real backend.
    wirereplay::expectStream(decoder(), bytes,
                             {"R0 Let me think", "R0  |c2lnbmF0dXJl", "T0 Héllo 👋 wörld—",
                              "T0  \"again\"\n", R"(C0.0 call_t_0_0 get_weather {"city":"Tōkyō"})",
                              R"(C0.1 call_t_0_1 get_time {"tz":"CET"})", "F0 tool_calls",
                              "U 12/30 4/5"});
}

TEST(GeminiAnswerEncoder, AWholeAnswerReadsBackAsTheSameAnswer)
{
    const RecordingWriter w = encode(roundtrip::answer(false));
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].kind, RecordingWriter::Kind::Respond);
    EXPECT_EQ(w.calls[0].status, 200);
    EXPECT_EQ(
        roundtrip::decodeWhole(decoder(), w.calls[0].bytes),
        QStringList({"R0 Let me think", "R0  |c2lnbmF0dXJl", "T0 Héllo 👋 wörld— \"again\"\n",
                     R"(C0.0 call_t_0_0 get_weather {"city":"Tōkyō"})",
                     R"(C0.1 call_t_0_1 get_time {"tz":"CET"})", "F0 tool_calls", "U 12/30 4/5"}));
}

TEST(GeminiAnswerEncoder, ChoicesAreCandidatesAndFinishReasonsTravel)
{
    const RecordingWriter stream = encode(roundtrip::textAnswer(true, "length", 2));
    wirereplay::expectStream(decoder(), stream.written(),
                             {"T0 choice 0 ", "T1 choice 1 ", "T0 ends", "T1 ends", "F0 length",
                              "F1 length", "U 7/9 0/0"});
    const RecordingWriter whole = encode(roundtrip::textAnswer(false, "stop", 2));
    EXPECT_EQ(
        roundtrip::decodeWhole(decoder(), whole.calls[0].bytes),
        QStringList({"T0 choice 0 ends", "F0 stop", "T1 choice 1 ends", "F1 stop", "U 7/9 0/0"}));
}

TEST(GeminiAnswerEncoder, AnErrorIsGooglesErrorObject)
{
    const RecordingWriter w = encode({gateway::api::ResponseEvent::error(
        429, "mock_injected_failure", "mock backend: injected failure")});
    ASSERT_EQ(w.calls.size(), 1u);
    EXPECT_EQ(w.calls[0].status, 429);
    EXPECT_EQ(GeminiDecoder().errorMessage(429, w.calls[0].bytes),
              "mock backend: injected failure (RESOURCE_EXHAUSTED)");
    EXPECT_EQ(QJsonDocument::fromJson(w.calls[0].bytes).object()["error"].toObject()["code"], 429);

    // After the stream began: an error event, then the stream is cut.
    GeminiAnswerEncoder encoder("g", "r");
    RecordingWriter s;
    encoder.encode(gateway::api::ResponseEvent::start(QStringLiteral("g"), true), s);
    encoder.encode(gateway::api::ResponseEvent::error(503, {}, "overloaded"), s);
    EXPECT_EQ(s.kinds().back(), RecordingWriter::Kind::AbortStream);
    const wirereplay::Replay r = wirereplay::replayWhole(decoder(), s.written());
    ASSERT_TRUE(r.ok) << qPrintable(r.error);
    EXPECT_EQ(wirereplay::describe(r.events), QStringList{"E 0 upstream_stream_error overloaded"});
}

#pragma once

// Round trips of the answer encoders the built-in mock writes its wire formats with
// (providers/mock/MockWire.h): events -> the provider's answer bytes -> that provider's own
// decoder -> events. Streams are replayed split at every offset and byte by byte
// (WireReplay.h), so that splits inside UTF-8 characters, JSON strings, SSE lines, NDJSON
// lines and event-stream frames are all covered.

#include "api/Dialect.h"
#include "gateway/providers/WireReplay.h"
#include "support/RecordingWriter.h"

#include <vector>

namespace roundtrip {

using gateway::api::ResponseEvent;

inline ResponseEvent usage(qint64 prompt, qint64 completion, qint64 cacheRead = 0,
                           qint64 reasoning = 0)
{
    gateway::api::Usage u;
    u.promptTokens = prompt;
    u.completionTokens = completion;
    u.cacheReadTokens = cacheRead;
    u.reasoningTokens = reasoning;
    return ResponseEvent::usageEvent(u);
}

inline ResponseEvent signature(const QByteArray& signature)
{
    ResponseEvent e = ResponseEvent::reasoningDelta(QString());
    e.signature = signature;
    return e;
}

// The answer each round trip writes: reasoning and its signature, text with characters of two,
// three and four UTF-8 bytes, two tool calls in one answer (the first one's arguments in
// pieces), the finish and the usage. A stream also reports the prompt's tokens as it begins,
// as the mock does (MockProvider.cpp).
inline std::vector<ResponseEvent> answer(bool stream)
{
    std::vector<ResponseEvent> events;
    events.push_back(ResponseEvent::start(QStringLiteral("m"), stream));
    if (stream)
        events.push_back(usage(12, 0));
    events.push_back(ResponseEvent::reasoningDelta(QStringLiteral("Let me think")));
    events.push_back(signature("c2lnbmF0dXJl"));
    events.push_back(ResponseEvent::textDelta(QStringLiteral("Héllo 👋 wörld—")));
    events.push_back(ResponseEvent::textDelta(QStringLiteral(" \"again\"\n")));
    if (stream) {
        events.push_back(ResponseEvent::toolCallDelta(0, QStringLiteral("call_a"),
                                                      QStringLiteral("get_weather"), {}));
        events.push_back(ResponseEvent::toolCallDelta(0, {}, {}, QStringLiteral("{\"city\":")));
        events.push_back(ResponseEvent::toolCallDelta(0, {}, {}, QStringLiteral("\"Tōkyō\"}")));
    } else {
        events.push_back(ResponseEvent::toolCallDelta(0, QStringLiteral("call_a"),
                                                      QStringLiteral("get_weather"),
                                                      QStringLiteral("{\"city\":\"Tōkyō\"}")));
    }
    events.push_back(ResponseEvent::toolCallDelta(1, QStringLiteral("call_b"),
                                                  QStringLiteral("get_time"),
                                                  QStringLiteral("{\"tz\":\"CET\"}")));
    events.push_back(ResponseEvent::finish("tool_calls"));
    events.push_back(usage(12, 30, 4, 5));
    events.push_back(ResponseEvent::end());
    return events;
}

// A text answer of `choices` choices that ends for `reason` (stop or length).
inline std::vector<ResponseEvent> textAnswer(bool stream, const QByteArray& reason, int choices = 1)
{
    std::vector<ResponseEvent> events;
    events.push_back(ResponseEvent::start(QStringLiteral("m"), stream));
    for (int i = 0; i < choices; ++i)
        events.push_back(ResponseEvent::textDelta(QStringLiteral("choice %1 ").arg(i), i));
    for (int i = 0; i < choices; ++i)
        events.push_back(ResponseEvent::textDelta(QStringLiteral("ends"), i));
    for (int i = 0; i < choices; ++i)
        events.push_back(ResponseEvent::finish(reason, i));
    events.push_back(usage(7, 9));
    events.push_back(ResponseEvent::end());
    return events;
}

inline test::RecordingWriter encode(gateway::api::ResponseEncoder& encoder,
                                    const std::vector<ResponseEvent>& events)
{
    test::RecordingWriter writer;
    for (const ResponseEvent& e : events)
        encoder.encode(e, writer);
    return writer;
}

// A whole answer's body, decoded.
inline QStringList decodeWhole(const wirereplay::DecoderFactory& make, const QByteArray& body)
{
    std::vector<ResponseEvent> events;
    QString error;
    EXPECT_TRUE(make()->decodeWhole(body, events, &error)) << qPrintable(error);
    return wirereplay::describe(events);
}

} // namespace roundtrip

#include "http/SseDecoder.h"

#include <gtest/gtest.h>

using gateway::http::SseDecoder;

namespace {
std::vector<SseDecoder::Event> decodeInPieces(const QByteArray& stream, size_t split)
{
    SseDecoder decoder;
    std::vector<SseDecoder::Event> events;
    for (size_t at = 0; at < size_t(stream.size()); at += split)
        EXPECT_TRUE(decoder.feed(stream.constData() + at,
                                 std::min(split, size_t(stream.size()) - at), events));
    decoder.finish(events);
    return events;
}
} // namespace

TEST(SseDecoder, SplitsEventsWhateverTheLineEndingsAndPieceSizes)
{
    const QByteArray stream = ": comment\n"
                              "data: {\"a\":1}\n\n"
                              "event: update\r\ndata: line one\r\ndata: line two\r\n\r\n"
                              "data:no-space\r\r"
                              "data: [DONE]\n\n";
    for (size_t split = 1; split <= size_t(stream.size()); ++split) {
        const auto events = decodeInPieces(stream, split);
        ASSERT_EQ(events.size(), 4u) << "split " << split;
        EXPECT_EQ(events[0].data, "{\"a\":1}");
        EXPECT_EQ(events[1].name, "update");
        EXPECT_EQ(events[1].data, "line one\nline two");
        EXPECT_EQ(events[2].data, "no-space");
        EXPECT_EQ(events[3].data, "[DONE]");
    }
}

TEST(SseDecoder, DispatchesATrailingEventWithoutBlankLineAtTheEnd)
{
    const auto events = decodeInPieces("data: a\n\ndata: [DONE]", 64);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].data, "[DONE]");
}

TEST(SseDecoder, LinesWithoutDataDispatchNothing)
{
    const auto events = decodeInPieces("event: ping\n\nid: 7\nretry: 10\n\n", 3);
    EXPECT_TRUE(events.empty());
}

TEST(SseDecoder, RefusesAnEventOverTheBound)
{
    SseDecoder decoder(1024);
    std::vector<SseDecoder::Event> events;
    const QByteArray big = "data: " + QByteArray(4096, 'x');
    EXPECT_FALSE(decoder.feed(big.constData(), size_t(big.size()), events));
}

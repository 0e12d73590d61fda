// The AWS event-stream decoder: AWS's published frames, frames split at every offset, and every
// way a frame can be broken (prelude CRC, message CRC, length bounds, truncation).

#include "providers/bedrock/EventStream.h"

#include "gateway/providers/EventStreamFrames.h"

#include <QFile>

#include <gtest/gtest.h>

using gateway::providers::bedrock::EventStreamDecoder;
using gateway::providers::bedrock::EventStreamMessage;

namespace {

QByteArray vector(const char* name)
{
    QFile f(QStringLiteral(SWITCHBOARD_PROVIDER_FIXTURES "/bedrock/eventstream/") +
            QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return QByteArray::fromHex(f.readAll().trimmed());
}

const QByteArray threeEvents =
    eventstream::event("contentBlockDelta", R"({"delta":{"text":"a"}})") +
    eventstream::frame({{":message-type", "event"}, {":event-type", "messageStop"}}, "{}") +
    eventstream::exception("throttlingException", R"({"message":"slow down"})");

std::vector<EventStreamMessage> decodeAll(const QByteArray& bytes, qsizetype piece)
{
    EventStreamDecoder decoder;
    std::vector<EventStreamMessage> out;
    QString error;
    for (qsizetype at = 0; at < bytes.size(); at += piece)
        EXPECT_TRUE(decoder.feed(QByteArrayView(bytes).sliced(at, qMin(piece, bytes.size() - at)),
                                 out, &error))
            << qPrintable(error);
    EXPECT_TRUE(decoder.finish(&error)) << qPrintable(error);
    return out;
}

QString failure(const QByteArray& bytes,
                qsizetype maxFrame = EventStreamDecoder::defaultMaxFrameBytes)
{
    EventStreamDecoder decoder(maxFrame);
    std::vector<EventStreamMessage> out;
    QString error;
    if (decoder.feed(bytes, out, &error))
        decoder.finish(&error);
    EXPECT_FALSE(error.isEmpty());
    return error;
}

} // namespace

TEST(EventStreamTest, DecodesAwsPublishedFrames)
{
    std::vector<EventStreamMessage> out = decodeAll(
        vector("empty-message.hex") + vector("payload-no-headers.hex") + vector("one-header.hex"),
        1 << 20);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_TRUE(out[0].payload.isEmpty());
    EXPECT_EQ(out[1].payload, "{'foo':'bar'}");
    EXPECT_EQ(out[2].payload, "{'foo':'bar'}");
    // Its header is "content-type", not the ":content-type" an event carries.
    EXPECT_TRUE(out[2].contentType.isEmpty());
}

TEST(EventStreamTest, ReadsTheHeadersAnEventConsumerNeeds)
{
    const std::vector<EventStreamMessage> out = decodeAll(threeEvents, threeEvents.size());
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].messageType, "event");
    EXPECT_EQ(out[0].eventType, "contentBlockDelta");
    EXPECT_EQ(out[0].contentType, "application/json");
    EXPECT_EQ(out[0].payload, R"({"delta":{"text":"a"}})");
    EXPECT_EQ(out[1].eventType, "messageStop");
    EXPECT_EQ(out[2].messageType, "exception");
    EXPECT_EQ(out[2].exceptionType, "throttlingException");
    EXPECT_EQ(out[2].payload, R"({"message":"slow down"})");
}

TEST(EventStreamTest, FramesSplitAtEveryOffsetDecodeTheSame)
{
    for (qsizetype split = 1; split < threeEvents.size(); ++split) {
        SCOPED_TRACE(split);
        EventStreamDecoder decoder;
        std::vector<EventStreamMessage> out;
        QString error;
        ASSERT_TRUE(decoder.feed(threeEvents.left(split), out, &error));
        ASSERT_TRUE(decoder.feed(threeEvents.mid(split), out, &error));
        ASSERT_TRUE(decoder.finish(&error));
        ASSERT_EQ(out.size(), 3u);
        EXPECT_EQ(out[2].payload, R"({"message":"slow down"})");
    }
    EXPECT_EQ(decodeAll(threeEvents, 1).size(), 3u); // one byte at a time
}

TEST(EventStreamTest, ABadPreludeCrcIsRefusedBeforeTheFrameIsWaitedFor)
{
    QByteArray bytes = threeEvents;
    bytes[8] = char(bytes[8] ^ 0x01);
    // Only the prelude: the length is not trusted, nothing more is awaited.
    EXPECT_TRUE(failure(bytes.left(12)).contains("prelude CRC"));
    // A corrupt length is caught by the prelude CRC too.
    bytes = threeEvents;
    bytes[2] = char(bytes[2] ^ 0x40);
    EXPECT_TRUE(failure(bytes).contains("prelude CRC"));
}

TEST(EventStreamTest, ABadMessageCrcIsRefused)
{
    QByteArray payloadFlip = threeEvents;
    payloadFlip[40] = char(payloadFlip[40] ^ 0x20); // inside the first frame's headers
    EXPECT_TRUE(failure(payloadFlip).contains("message CRC"));
    QByteArray crcFlip = threeEvents;
    const qsizetype firstEnd =
        eventstream::event("contentBlockDelta", R"({"delta":{"text":"a"}})").size();
    crcFlip[firstEnd - 1] = char(crcFlip[firstEnd - 1] ^ 0x01);
    EXPECT_TRUE(failure(crcFlip).contains("message CRC"));
}

TEST(EventStreamTest, AFrameOverTheBoundOrUnderTheMinimumIsRefused)
{
    const QByteArray big = eventstream::event("contentBlockDelta", QByteArray(2048, 'x'));
    EXPECT_TRUE(failure(big.left(12), 1024).contains("out of bounds"));
    // A prelude with a valid CRC that claims 8 bytes, or headers longer than the frame.
    QByteArray tiny = eventstream::u32(8) + eventstream::u32(0);
    tiny += eventstream::u32(eventstream::crcOf(tiny));
    EXPECT_TRUE(failure(tiny).contains("out of bounds"));
    QByteArray overlong = eventstream::u32(20) + eventstream::u32(10);
    overlong += eventstream::u32(eventstream::crcOf(overlong));
    EXPECT_TRUE(failure(overlong).contains("do not fit"));
}

TEST(EventStreamTest, MalformedHeadersAreRefused)
{
    // A header whose string length runs past the headers, with both CRCs right.
    QByteArray headers = QByteArray("\x04name\x07\x00\x40", 8) + "short";
    QByteArray bytes =
        eventstream::u32(quint32(16 + headers.size())) + eventstream::u32(quint32(headers.size()));
    bytes += eventstream::u32(eventstream::crcOf(bytes));
    bytes += headers;
    bytes += eventstream::u32(eventstream::crcOf(bytes));
    EXPECT_TRUE(failure(bytes).contains("malformed header"));
    // An unknown value type.
    headers = QByteArray("\x01x\x0a", 3);
    bytes =
        eventstream::u32(quint32(16 + headers.size())) + eventstream::u32(quint32(headers.size()));
    bytes += eventstream::u32(eventstream::crcOf(bytes));
    bytes += headers;
    bytes += eventstream::u32(eventstream::crcOf(bytes));
    EXPECT_TRUE(failure(bytes).contains("malformed header"));
}

TEST(EventStreamTest, AStreamThatEndsInsideAFrameIsTruncated)
{
    for (qsizetype cut :
         {qsizetype(1), qsizetype(11), qsizetype(12), qsizetype(30), threeEvents.size() - 1}) {
        EventStreamDecoder decoder;
        std::vector<EventStreamMessage> out;
        QString error;
        ASSERT_TRUE(decoder.feed(threeEvents.left(cut), out, &error));
        EXPECT_FALSE(decoder.finish(&error));
        EXPECT_TRUE(error.contains("ended inside a frame")) << qPrintable(error);
    }
}

TEST(EventStreamTest, ABrokenDecoderStaysBroken)
{
    EventStreamDecoder decoder;
    std::vector<EventStreamMessage> out;
    QString error;
    QByteArray bad = threeEvents;
    bad[0] = char(0x7f);
    EXPECT_FALSE(decoder.feed(bad, out, &error));
    EXPECT_FALSE(decoder.feed(threeEvents, out, &error));
    EXPECT_TRUE(out.empty());
    EXPECT_FALSE(decoder.finish(&error));
}

TEST(EventStreamWriter, WritesAwsPublishedFramesByteForByte)
{
    using gateway::providers::bedrock::appendEventStreamFrame;
    QString error;
    QByteArray empty, noHeaders, oneHeader;
    ASSERT_TRUE(appendEventStreamFrame({}, {}, empty, &error));
    EXPECT_EQ(empty, vector("empty-message.hex"));
    ASSERT_TRUE(appendEventStreamFrame({}, "{'foo':'bar'}", noHeaders, &error));
    EXPECT_EQ(noHeaders, vector("payload-no-headers.hex"));
    ASSERT_TRUE(appendEventStreamFrame({{"content-type", "application/json"}}, "{'foo':'bar'}",
                                       oneHeader, &error));
    EXPECT_EQ(oneHeader, vector("one-header.hex"));
}

TEST(EventStreamWriter, RefusesWhatTheFramingCannotHold)
{
    using gateway::providers::bedrock::appendEventStreamFrame;
    QString error;
    QByteArray out = "kept";
    EXPECT_FALSE(appendEventStreamFrame({{QByteArray(128, 'n'), "v"}}, "{}", out, &error));
    EXPECT_FALSE(appendEventStreamFrame({{"", "v"}}, "{}", out, &error));
    EXPECT_FALSE(
        appendEventStreamFrame({{":event-type", QByteArray(32768, 'v')}}, "{}", out, &error));
    EXPECT_TRUE(error.contains(QStringLiteral("out of the framing's bounds"))) << qPrintable(error);
    // A frame the decoder would refuse is not written either.
    EXPECT_FALSE(appendEventStreamFrame({}, QByteArray(100, 'x'), out, &error, 64));
    EXPECT_TRUE(error.contains(QStringLiteral("larger than the framing allows")));
    EXPECT_EQ(out, "kept");
    // At the bounds: written, and read back whole.
    ASSERT_TRUE(
        appendEventStreamFrame({{QByteArray(127, 'n'), QByteArray(32767, 'v')}}, "{}", out, &error))
        << qPrintable(error);
    const std::vector<EventStreamMessage> messages = decodeAll(out.mid(4), 1000);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, "{}");
}

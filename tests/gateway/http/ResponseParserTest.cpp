#include "http/ResponseParser.h"

#include <gtest/gtest.h>

using gateway::http::ResponseLimits;
using gateway::http::ResponseParser;
using Status = ResponseParser::Status;
using Error = ResponseParser::Error;

namespace {

// Records what the parser hands on; can refuse (stop) at a given point.
struct Recorder : ResponseParser::Sink
{
    int heads = 0;
    int status = 0;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool stopOnHead = false;

    bool onResponseHead(int s, const ResponseParser::HeaderList& h) override
    {
        ++heads;
        status = s;
        for (const auto& [name, value] : h)
            headers.emplace_back(name.toByteArray(), value.toByteArray());
        return !stopOnHead;
    }
    bool onResponseBody(const char* data, size_t length) override
    {
        body.append(data, qsizetype(length));
        return true;
    }
    QByteArray header(const char* name) const
    {
        for (const auto& [n, v] : headers)
            if (n == name)
                return v;
        return {};
    }
};

struct Fed
{
    ResponseParser::Outcome last;
    size_t consumed = 0; // in total
};

// Feeds bytes in pieces of `split`, until the parser stops consuming; then finish() at EOF.
Fed feedAll(ResponseParser& parser, const QByteArray& bytes, size_t split, bool eof = false)
{
    Fed fed;
    size_t offset = 0;
    while (offset < size_t(bytes.size())) {
        const size_t piece = std::min(split, size_t(bytes.size()) - offset);
        fed.last = parser.feed(bytes.constData() + offset, piece);
        offset += fed.last.consumed;
        fed.consumed = offset;
        if (fed.last.status != Status::Incomplete)
            return fed;
    }
    if (eof)
        fed.last = parser.finish();
    return fed;
}

} // namespace

TEST(ResponseParser, ParsesContentLengthChunkedAndInterimResponsesAtEveryByteBoundary)
{
    const QByteArray contentLength = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                     "Content-Length: 11\r\n\r\n{\"a\":\"bcd\"}";
    const QByteArray chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                               "X-Request-Id: r1\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    // RFC 9110 15.2: interim responses come before the final one and are skipped.
    const QByteArray interim = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                               "Link: </x>\r\n\r\n" +
                               contentLength;
    const std::vector<std::pair<QByteArray, QByteArray>> cases = {
        {contentLength, "{\"a\":\"bcd\"}"}, {chunked, "hello world"}, {interim, "{\"a\":\"bcd\"}"}};
    for (const auto& [bytes, body] : cases)
        for (size_t split = 1; split <= size_t(bytes.size()); ++split) {
            Recorder sink;
            ResponseParser parser(&sink);
            const Fed fed = feedAll(parser, bytes, split);
            ASSERT_EQ(fed.last.status, Status::Complete) << bytes.constData() << split;
            EXPECT_EQ(fed.consumed, size_t(bytes.size()));
            EXPECT_EQ(sink.heads, 1);
            EXPECT_EQ(sink.status, 200);
            EXPECT_EQ(sink.body, body);
            EXPECT_TRUE(parser.keepAlive());
            EXPECT_TRUE(sink.header("link").isEmpty()); // the interim response's headers
        }
    Recorder sink;
    ResponseParser parser(&sink);
    feedAll(parser, chunked, 3);
    EXPECT_EQ(sink.header("x-request-id"), "r1"); // names lower-cased
}

TEST(ResponseParser, ABodyDelimitedByTheConnectionEndsAtFinish)
{
    const QByteArray bytes = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it";
    for (size_t split = 1; split <= size_t(bytes.size()); ++split) {
        Recorder sink;
        ResponseParser parser(&sink);
        const Fed fed = feedAll(parser, bytes, split, true);
        ASSERT_EQ(fed.last.status, Status::Complete) << split;
        EXPECT_EQ(sink.body, "all of it");
        EXPECT_FALSE(parser.keepAlive());
    }
}

TEST(ResponseParser, AConnectionThatEndsInsideTheResponseIsMalformed)
{
    const QByteArray bytes = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort";
    Recorder sink;
    ResponseParser parser(&sink);
    const Fed fed = feedAll(parser, bytes, 4, true);
    EXPECT_EQ(fed.last.status, Status::Error);
    EXPECT_EQ(fed.last.error, Error::Malformed);
}

TEST(ResponseParser, StopsAfterTheResponseAndLeavesWhatFollows)
{
    const QByteArray first = "HTTP/1.1 204 No Content\r\nX-First: yes\r\n\r\n";
    const QByteArray bytes = first + "HTTP/1.1 200 OK\r\n";
    Recorder sink;
    ResponseParser parser(&sink);
    const ResponseParser::Outcome o = parser.feed(bytes.constData(), size_t(bytes.size()));
    ASSERT_EQ(o.status, Status::Complete);
    EXPECT_EQ(o.consumed, size_t(first.size()));
    EXPECT_EQ(sink.status, 204);
    EXPECT_EQ(sink.header("x-first"), "yes");
    // reset() starts the next response, with only its own headers (the buffer they are kept
    // in is reused).
    parser.reset();
    sink.headers.clear();
    const QByteArray second = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    EXPECT_EQ(parser.feed(second.constData(), size_t(second.size())).status, Status::Complete);
    EXPECT_EQ(sink.body, "ok");
    ASSERT_EQ(sink.headers.size(), 1u);
    EXPECT_EQ(sink.header("content-length"), "2");
}

TEST(ResponseParser, AResponseToHeadHasNoBody)
{
    const QByteArray bytes = "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n";
    Recorder sink;
    ResponseParser parser(&sink);
    parser.reset(true);
    const ResponseParser::Outcome o = parser.feed(bytes.constData(), size_t(bytes.size()));
    EXPECT_EQ(o.status, Status::Complete);
    EXPECT_TRUE(sink.body.isEmpty());
}

TEST(ResponseParser, TooManyOrTooLargeHeadersAreRefused)
{
    ResponseLimits limits;
    limits.maxHeaderCount = 8;
    limits.maxHeaderBytes = 1024;
    QByteArray many = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 9; ++i)
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    many += "\r\n";
    const QByteArray large = "HTTP/1.1 200 OK\r\nX-Big: " + QByteArray(2000, 'b') + "\r\n\r\n";
    for (const QByteArray& bytes : {many, large})
        for (size_t split : {size_t(1), size_t(5), size_t(bytes.size())}) {
            Recorder sink;
            ResponseParser parser(&sink, limits);
            const Fed fed = feedAll(parser, bytes, split);
            EXPECT_EQ(fed.last.status, Status::Error);
            EXPECT_EQ(fed.last.error, Error::HeadersTooLarge);
            EXPECT_EQ(sink.heads, 0);
        }
}

TEST(ResponseParser, ABodyOverTheLimitIsRefused)
{
    ResponseLimits limits;
    limits.maxBodyBytes = 10;
    const QByteArray bytes = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n";
    for (size_t split = 1; split <= size_t(bytes.size()); ++split) {
        Recorder sink;
        ResponseParser parser(&sink, limits);
        const Fed fed = feedAll(parser, bytes, split);
        ASSERT_EQ(fed.last.status, Status::Error);
        EXPECT_EQ(fed.last.error, Error::BodyTooLarge);
        EXPECT_LE(sink.body.size(), 10);
    }
}

TEST(ResponseParser, MalformedResponsesAreErrors)
{
    for (const QByteArray& bytes :
         {QByteArray("HTTP/1.1 abc OK\r\n\r\n"), QByteArray("SMTP ready\r\n"),
          QByteArray("HTTP/1.1 200 OK\r\nBad Header\r\n\r\n"),
          QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")}) {
        Recorder sink;
        ResponseParser parser(&sink);
        const Fed fed = feedAll(parser, bytes, 1);
        EXPECT_EQ(fed.last.status, Status::Error) << bytes.constData();
        EXPECT_EQ(fed.last.error, Error::Malformed);
    }
}

TEST(ResponseParser, ASinkThatRefusesStopsParsing)
{
    const QByteArray bytes = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    Recorder sink;
    sink.stopOnHead = true;
    ResponseParser parser(&sink);
    const ResponseParser::Outcome o = parser.feed(bytes.constData(), size_t(bytes.size()));
    EXPECT_EQ(o.status, Status::Stopped);
    EXPECT_TRUE(sink.body.isEmpty());
}

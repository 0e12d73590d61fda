#include "http/RequestParser.h"

#include <gtest/gtest.h>

using gateway::http::ParserLimits;
using gateway::http::Request;
using gateway::http::RequestParser;
using Status = RequestParser::Status;

namespace {

// Feeds bytes in pieces of the given sizes; returns the requests completed and the first error.
struct FeedResult
{
    std::vector<Request> requests;
    int errorStatus = 0;
    size_t consumedAtError = 0;
};

FeedResult feedAll(RequestParser& parser, const QByteArray& bytes, size_t split)
{
    FeedResult result;
    size_t offset = 0;
    while (offset < size_t(bytes.size())) {
        const size_t pieceEnd = std::min(size_t(bytes.size()), offset + split);
        size_t at = offset;
        while (at < pieceEnd) {
            const RequestParser::Outcome o = parser.feed(bytes.constData() + at, pieceEnd - at);
            at += o.consumed;
            if (o.status == Status::Error) {
                result.errorStatus = o.errorStatus;
                result.consumedAtError = at;
                return result;
            }
            if (o.status == Status::Complete)
                result.requests.push_back(parser.takeRequest());
            else
                break;
        }
        offset = pieceEnd;
    }
    return result;
}

const QByteArray pipelined =
    "POST /v1/chat/completions?x=1 HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
    "Content-Length: 11\r\n\r\n{\"a\":\"bcd\"}"
    "POST /v1/embeddings HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
    "GET /healthz HTTP/1.0\r\n\r\n";

} // namespace

TEST(RequestParser, ParsesPipelinedRequestsSplitAtEveryByteBoundary)
{
    for (size_t split = 1; split <= size_t(pipelined.size()); ++split) {
        RequestParser parser;
        const FeedResult r = feedAll(parser, pipelined, split);
        ASSERT_EQ(r.errorStatus, 0) << "split " << split;
        ASSERT_EQ(r.requests.size(), 3u) << "split " << split;
        EXPECT_EQ(r.requests[0].method, "POST");
        EXPECT_EQ(r.requests[0].target, "/v1/chat/completions?x=1");
        EXPECT_EQ(r.requests[0].path, "/v1/chat/completions");
        EXPECT_EQ(r.requests[0].header("content-type"), "application/json");
        EXPECT_EQ(r.requests[0].body, "{\"a\":\"bcd\"}");
        EXPECT_TRUE(r.requests[0].keepAlive);
        EXPECT_EQ(r.requests[1].path, "/v1/embeddings");
        EXPECT_EQ(r.requests[1].body, "hello world"); // de-chunked
        EXPECT_EQ(r.requests[2].method, "GET");
        EXPECT_TRUE(r.requests[2].http10);
        EXPECT_FALSE(r.requests[2].keepAlive);
    }
}

TEST(RequestParser, StopsAfterEachRequestSoPipelinedOnesWaitTheirTurn)
{
    RequestParser parser;
    const RequestParser::Outcome first =
        parser.feed(pipelined.constData(), size_t(pipelined.size()));
    ASSERT_EQ(first.status, Status::Complete);
    const qsizetype firstLength = pipelined.indexOf("POST /v1/embeddings");
    EXPECT_EQ(first.consumed, size_t(firstLength));
    EXPECT_EQ(parser.takeRequest().path, "/v1/chat/completions");
}

TEST(RequestParser, HeaderNamesAreLowerCased)
{
    RequestParser parser;
    const QByteArray req = "GET / HTTP/1.1\r\nX-Custom-Header: Value\r\nTRACEPARENT: abc\r\n\r\n";
    ASSERT_EQ(parser.feed(req.constData(), size_t(req.size())).status, Status::Complete);
    const Request r = parser.takeRequest();
    EXPECT_EQ(r.header("x-custom-header"), "Value");
    EXPECT_EQ(r.header("traceparent"), "abc");
}

TEST(RequestParser, BadChunkSizeIs400)
{
    RequestParser parser;
    const QByteArray req =
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n";
    const FeedResult r = feedAll(parser, req, size_t(req.size()));
    EXPECT_EQ(r.errorStatus, 400);
    EXPECT_TRUE(r.requests.empty());
}

TEST(RequestParser, MalformedRequestLineIs400)
{
    for (const QByteArray& req : {QByteArray("GARBAGE\r\n\r\n"), QByteArray("GET / HTTP/9\r\n\r\n"),
                                  QByteArray("GET / HTTP/1.1\r\nBad Header\r\n\r\n")}) {
        RequestParser parser;
        EXPECT_EQ(feedAll(parser, req, 1).errorStatus, 400) << req.constData();
    }
}

TEST(RequestParser, OversizedHeadersAre431)
{
    ParserLimits limits;
    limits.maxHeaderBytes = 1024;
    RequestParser parser(limits);
    const QByteArray req = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(2000, 'a') + "\r\n\r\n";
    const FeedResult r = feedAll(parser, req, 100);
    EXPECT_EQ(r.errorStatus, 431);
    // Refused before the whole header was taken in.
    EXPECT_LT(r.consumedAtError, size_t(req.size()));
}

TEST(RequestParser, TooManyHeadersAre431)
{
    ParserLimits limits;
    limits.maxHeaderCount = 10;
    RequestParser parser(limits);
    QByteArray req = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 11; ++i)
        req += "X-H" + QByteArray::number(i) + ": v\r\n";
    req += "\r\n";
    EXPECT_EQ(feedAll(parser, req, size_t(req.size())).errorStatus, 431);
}

TEST(RequestParser, LongTargetIs414)
{
    ParserLimits limits;
    limits.maxHeaderBytes = 1024;
    RequestParser parser(limits);
    const QByteArray req = "GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\n\r\n";
    EXPECT_EQ(feedAll(parser, req, size_t(req.size())).errorStatus, 414);
}

TEST(RequestParser, ContentLengthOverLimitIs413BeforeAnyBodyByte)
{
    ParserLimits limits;
    limits.maxBodyBytes = 1000;
    RequestParser parser(limits);
    const QByteArray head = "POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n";
    const FeedResult r = feedAll(parser, head + QByteArray(5000, 'x'), size_t(head.size()) + 5000);
    EXPECT_EQ(r.errorStatus, 413);
    EXPECT_LE(r.consumedAtError, size_t(head.size()));
}

TEST(RequestParser, ChunkedBodyOverLimitIs413)
{
    ParserLimits limits;
    limits.maxBodyBytes = 1024;
    RequestParser parser(limits);
    QByteArray req = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i)
        req += "200\r\n" + QByteArray(512, 'y') + "\r\n";
    req += "0\r\n\r\n";
    EXPECT_EQ(feedAll(parser, req, 300).errorStatus, 413);
}

TEST(RequestParser, ExpectContinueIsReportedUntilTheBodyArrives)
{
    RequestParser parser;
    const QByteArray head = "POST / HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
    const RequestParser::Outcome o = parser.feed(head.constData(), size_t(head.size()));
    EXPECT_EQ(o.status, Status::Incomplete);
    EXPECT_TRUE(parser.headersComplete());
    EXPECT_TRUE(parser.wantsContinue());
    ASSERT_EQ(parser.feed("abcd", 4).status, Status::Complete);
    EXPECT_FALSE(parser.wantsContinue());
    EXPECT_EQ(parser.takeRequest().body, "abcd");
}

TEST(RequestParser, UnknownExpectationIs417)
{
    RequestParser parser;
    const QByteArray head = "POST / HTTP/1.1\r\nContent-Length: 4\r\nExpect: magic\r\n\r\n";
    EXPECT_EQ(feedAll(parser, head, size_t(head.size())).errorStatus, 417);
}

TEST(RequestParser, ConnectionCloseTurnsKeepAliveOff)
{
    RequestParser parser;
    const QByteArray req = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(parser.feed(req.constData(), size_t(req.size())).status, Status::Complete);
    EXPECT_FALSE(parser.takeRequest().keepAlive);
}

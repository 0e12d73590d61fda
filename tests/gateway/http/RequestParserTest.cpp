#include "http/RequestParser.h"

#include <gtest/gtest.h>

#include <zlib.h>

using gateway::http::ParserLimits;
using gateway::http::Request;
using gateway::http::RequestParser;
using Status = RequestParser::Status;

namespace {

// Feeds bytes in pieces of the given sizes; returns the requests completed and the first error.
struct FeedResult
{
    std::vector<Request> requests;
    std::vector<Request> heads; // as seen at Status::Head
    int errorStatus = 0;
    const char* errorReason = "";
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
                result.errorReason = o.errorReason;
                result.consumedAtError = at;
                return result;
            }
            if (o.status == Status::Head)
                result.heads.push_back(parser.head());
            else if (o.status == Status::Complete)
                result.requests.push_back(parser.takeRequest());
            else
                break;
        }
        offset = pieceEnd;
    }
    return result;
}

// Feeds one buffer, going on past the end of the headers; the outcome's `consumed` is the total.
RequestParser::Outcome feedPastHead(RequestParser& parser, const QByteArray& bytes)
{
    size_t at = 0;
    for (;;) {
        RequestParser::Outcome o = parser.feed(bytes.constData() + at, size_t(bytes.size()) - at);
        at += o.consumed;
        if (o.status != Status::Head) {
            o.consumed = at;
            return o;
        }
    }
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
        ASSERT_EQ(r.heads.size(), 3u) << "split " << split;
        EXPECT_EQ(r.heads[1].path, "/v1/embeddings");
        EXPECT_TRUE(r.heads[1].body.isEmpty());
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
    const RequestParser::Outcome first = feedPastHead(parser, pipelined);
    ASSERT_EQ(first.status, Status::Complete);
    const qsizetype firstLength = pipelined.indexOf("POST /v1/embeddings");
    EXPECT_EQ(first.consumed, size_t(firstLength));
    EXPECT_EQ(parser.takeRequest().path, "/v1/chat/completions");
}

TEST(RequestParser, HeaderNamesAreLowerCased)
{
    RequestParser parser;
    const QByteArray req =
        "GET / HTTP/1.1\r\nHost: a\r\nX-Custom-Header: Value\r\nTRACEPARENT: abc\r\n\r\n";
    ASSERT_EQ(feedPastHead(parser, req).status, Status::Complete);
    const Request r = parser.takeRequest();
    EXPECT_EQ(r.header("x-custom-header"), "Value");
    EXPECT_EQ(r.header("traceparent"), "abc");
}

TEST(RequestParser, CommonHeadersOfEveryRequestShareOneCopy)
{
    // The names and values nearly every request carries are shared static data: two requests'
    // headers point at the same bytes, whatever the case of the names. (Trimming
    // through QByteArray's non-const operator[] used to detach, a copy per header per request.)
    const auto parse = [] {
        RequestParser parser;
        EXPECT_EQ(feedPastHead(parser, "POST / HTTP/1.1\r\nHost: a\r\n"
                                       "Content-Type: application/json\r\n"
                                       "content-length: 0\r\n\r\n")
                      .status,
                  Status::Complete);
        return parser.takeRequest();
    };
    const Request first = parse();
    const Request second = parse();
    ASSERT_EQ(first.headers.size(), 3u);
    for (size_t i = 0; i < first.headers.size(); ++i)
        EXPECT_EQ(first.headers[i].first.constData(), second.headers[i].first.constData()) << i;
    EXPECT_EQ(first.header("content-type"), "application/json");
    EXPECT_EQ(first.headers[1].second.constData(), second.headers[1].second.constData());
}

TEST(RequestParser, FieldsRepeatedFromTheConnectionsPreviousRequestShareItsCopy)
{
    // A keep-alive client sends the same fields in the same order on each request: a name or
    // value equal to the previous request's at its position is shared; anything else is read
    // as sent.
    RequestParser parser;
    const auto next = [&](const QByteArray& bytes) {
        EXPECT_EQ(feedPastHead(parser, bytes).status, Status::Complete);
        return parser.takeRequest();
    };
    const Request first = next("POST / HTTP/1.1\r\nHost: gw.local:4000\r\n"
                               "X-Stainless-Lang: js\r\nAuthorization: Bearer sk-1\r\n"
                               "Content-Length: 2\r\n\r\n{}");
    const Request second = next("POST / HTTP/1.1\r\nHost: gw.local:4000\r\n"
                                "x-stainless-lang: js\r\nAuthorization: Bearer sk-2\r\n"
                                "Content-Length: 3\r\n\r\n{ }");
    ASSERT_EQ(second.headers.size(), 4u);
    EXPECT_EQ(second.header("host"), "gw.local:4000");
    EXPECT_EQ(second.headers[0].second.constData(), first.headers[0].second.constData());
    EXPECT_EQ(second.headers[1].first, "x-stainless-lang");
    EXPECT_EQ(second.headers[1].first.constData(), first.headers[1].first.constData());
    EXPECT_EQ(second.headers[1].second.constData(), first.headers[1].second.constData());
    // Changed values are their own.
    EXPECT_EQ(second.header("authorization"), "Bearer sk-2");
    EXPECT_EQ(first.header("authorization"), "Bearer sk-1");
    EXPECT_EQ(second.header("content-length"), "3");
    EXPECT_EQ(second.body, "{ }");

    // In another order, every field still has its own value.
    const Request third = next("POST / HTTP/1.1\r\nAuthorization: Bearer sk-2\r\n"
                               "Host: gw.local:4000\r\nContent-Length: 2\r\n\r\n{}");
    ASSERT_EQ(third.headers.size(), 3u);
    EXPECT_EQ(third.headers[0].first, "authorization");
    EXPECT_EQ(third.headers[0].second, "Bearer sk-2");
    EXPECT_EQ(third.headers[1].first, "host");
    EXPECT_EQ(third.headers[1].second, "gw.local:4000");
    EXPECT_EQ(third.header("content-length"), "2");

    // A large head is not kept for the next request: its fields are read as sent.
    const QByteArray big(5000, 'x');
    const Request large = next("POST / HTTP/1.1\r\nHost: gw.local:4000\r\nX-Big: " + big +
                               "\r\nContent-Length: 0\r\n\r\n");
    const Request after = next("POST / HTTP/1.1\r\nHost: gw.local:4000\r\nX-Big: " + big +
                               "\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(after.header("x-big"), big);
    EXPECT_NE(after.headers[1].second.constData(), large.headers[1].second.constData());
}

TEST(RequestParser, BadChunkSizeIs400)
{
    RequestParser parser;
    const QByteArray req =
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n";
    const FeedResult r = feedAll(parser, req, size_t(req.size()));
    EXPECT_EQ(r.errorStatus, 400);
    EXPECT_TRUE(r.requests.empty());
}

TEST(RequestParser, MalformedRequestLineIs400)
{
    for (const QByteArray& req : {QByteArray("GARBAGE\r\n\r\n"), QByteArray("GET / HTTP/9\r\n\r\n"),
                                  QByteArray("GET / HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n")}) {
        RequestParser parser;
        EXPECT_EQ(feedAll(parser, req, 1).errorStatus, 400) << req.constData();
    }
}

TEST(RequestParser, OversizedHeadersAre431)
{
    ParserLimits limits;
    limits.maxHeaderBytes = 1024;
    RequestParser parser(limits);
    const QByteArray req =
        "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(2000, 'a') + "\r\n\r\n";
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
    QByteArray req = "GET / HTTP/1.1\r\nHost: a\r\n";
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
    const QByteArray req = "GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n";
    EXPECT_EQ(feedAll(parser, req, size_t(req.size())).errorStatus, 414);
}

TEST(RequestParser, ContentLengthOverLimitIs413BeforeAnyBodyByte)
{
    ParserLimits limits;
    limits.maxBodyBytes = 1000;
    RequestParser parser(limits);
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n";
    const FeedResult r = feedAll(parser, head + QByteArray(5000, 'x'), size_t(head.size()) + 5000);
    EXPECT_EQ(r.errorStatus, 413);
    EXPECT_LE(r.consumedAtError, size_t(head.size()));
}

TEST(RequestParser, ChunkedBodyOverLimitIs413)
{
    ParserLimits limits;
    limits.maxBodyBytes = 1024;
    RequestParser parser(limits);
    QByteArray req = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 5; ++i)
        req += "200\r\n" + QByteArray(512, 'y') + "\r\n";
    req += "0\r\n\r\n";
    EXPECT_EQ(feedAll(parser, req, 300).errorStatus, 413);
}

TEST(RequestParser, ExpectContinueIsReportedUntilTheBodyArrives)
{
    RequestParser parser;
    const QByteArray head =
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
    const RequestParser::Outcome o = feedPastHead(parser, head);
    EXPECT_EQ(o.status, Status::Incomplete);
    EXPECT_EQ(o.consumed, size_t(head.size()));
    EXPECT_TRUE(parser.headersComplete());
    EXPECT_TRUE(parser.wantsContinue());
    ASSERT_EQ(parser.feed("abcd", 4).status, Status::Complete);
    EXPECT_FALSE(parser.wantsContinue());
    EXPECT_EQ(parser.takeRequest().body, "abcd");
}

TEST(RequestParser, UnknownExpectationIs417)
{
    RequestParser parser;
    const QByteArray head =
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: magic\r\n\r\n";
    EXPECT_EQ(feedAll(parser, head, size_t(head.size())).errorStatus, 417);
}

TEST(RequestParser, ConnectionCloseTurnsKeepAliveOff)
{
    RequestParser parser;
    const QByteArray req = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(feedPastHead(parser, req).status, Status::Complete);
    EXPECT_FALSE(parser.takeRequest().keepAlive);
}

TEST(RequestParser, StopsAtTheEndOfTheHeadersBeforeAnyBodyByte)
{
    RequestParser parser;
    parser.setPeer({"127.0.0.1", 4242, {}});
    const QByteArray head = "POST /v1/x?q=1 HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer k\r\n"
                            "Content-Length: 5\r\n\r\n";
    const QByteArray bytes = head + "hello";
    const RequestParser::Outcome o = parser.feed(bytes.constData(), size_t(bytes.size()));
    ASSERT_EQ(o.status, Status::Head);
    EXPECT_LE(o.consumed, size_t(head.size()));
    EXPECT_EQ(parser.head().method, "POST");
    EXPECT_EQ(parser.head().path, "/v1/x");
    EXPECT_EQ(parser.head().header("authorization"), "Bearer k");
    EXPECT_EQ(parser.head().peer.address, "127.0.0.1");
    EXPECT_EQ(parser.head().peer.port, 4242);
    EXPECT_TRUE(parser.head().body.isEmpty());
    const RequestParser::Outcome rest =
        parser.feed(bytes.constData() + o.consumed, size_t(bytes.size()) - o.consumed);
    ASSERT_EQ(rest.status, Status::Complete);
    EXPECT_EQ(o.consumed + rest.consumed, size_t(bytes.size()));
    const Request r = parser.takeRequest();
    EXPECT_EQ(r.body, "hello");
    EXPECT_EQ(r.peer.port, 4242);
}

TEST(RequestParser, ErrorsNameTheirReason)
{
    struct Case
    {
        QByteArray bytes;
        int status;
        const char* reason;
    };
    ParserLimits limits;
    limits.maxHeaderBytes = 1024;
    limits.maxBodyBytes = 1024;
    limits.maxHeaderCount = 10;
    const std::vector<Case> cases = {
        {"GARBAGE\r\n\r\n", 400, "bad_request"},
        {"GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, "uri_too_long"},
        {"GET / HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(2000, 'a') + "\r\n\r\n", 431,
         "headers_too_large"},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", 413, "body_too_large"},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: magic\r\n\r\n", 417,
         "expectation_failed"},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Encoding: br\r\n\r\nabcd", 415,
         "unsupported_encoding"},
    };
    for (const Case& c : cases) {
        RequestParser parser(limits);
        const FeedResult r = feedAll(parser, c.bytes, size_t(c.bytes.size()));
        EXPECT_EQ(r.errorStatus, c.status) << c.bytes.left(60).constData();
        EXPECT_STREQ(r.errorReason, c.reason) << c.bytes.left(60).constData();
    }
}

// Strict HTTP/1.1 (RFC 9112): what libhttp-parser lets through and a proxy in front could
// frame differently (request smuggling) is refused, each case with its own reason.
TEST(RequestParser, StrictFramingErrorsNameTheirReason)
{
    struct Case
    {
        QByteArray bytes;
        int status;
        const char* reason;
    };
    const std::vector<Case> cases = {
        // RFC 9112 5.1: no whitespace between a field name and its colon.
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400,
         "bad_header_name"},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length : 5\r\n\r\nhello", 400, "bad_header_name"},
        // libhttp-parser refuses these itself.
        {"GET / HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n", 400, "bad_request"},
        {"GET / HTTP/1.1\r\nHost: a\r\nX(A): b\r\n\r\n", 400, "bad_request"},
        {"GET / HTTP/1.1\r\nHost: a\r\nX-\xc3\xa4: b\r\n\r\n", 400, "bad_request"},
        // RFC 9112 5.2 and 2.2: obs-fold, and whitespace before the first field line.
        {"GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400, "obs_fold"},
        {"GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n", 400, "obs_fold"},
        {"GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400, "obs_fold"},
        // RFC 9112 3.2: exactly one valid Host in HTTP/1.1.
        {"GET / HTTP/1.1\r\nX-A: b\r\n\r\n", 400, "missing_host"},
        {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "multiple_host"},
        {"GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400, "multiple_host"},
        {"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, "bad_host"},
        {"GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400, "bad_host"},
        // RFC 9112 6.1 and 7: chunked is the only transfer coding, once and last.
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501,
         "unsupported_transfer_coding"},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: "
         "chunked\r\n\r\n0\r\n\r\n",
         501, "unsupported_transfer_coding"},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 501,
         "unsupported_transfer_coding"},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501,
         "unsupported_transfer_coding"},
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n", 400,
         "ambiguous_framing"},
        // RFC 9112 6.1 and 6.3: framed two ways.
        {"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: "
         "5\r\n\r\n0\r\n\r\n",
         400, "ambiguous_framing"},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: "
         "chunked\r\n\r\n0\r\n\r\n",
         400, "ambiguous_framing"},
        {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400,
         "ambiguous_framing"},
        // RFC 9112 3.2.2: only http and https URIs, without user information.
        {"GET ftp://a/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_target"},
        {"GET http://user@a/x HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_target"},
    };
    for (const Case& c : cases) {
        // Whole, and a byte at a time: the checks must not depend on where reads split.
        for (const size_t split : {size_t(c.bytes.size()), size_t(1)}) {
            RequestParser parser;
            const FeedResult r = feedAll(parser, c.bytes, split);
            EXPECT_EQ(r.errorStatus, c.status) << c.bytes.constData() << " split " << split;
            EXPECT_STREQ(r.errorReason, c.reason) << c.bytes.constData() << " split " << split;
            EXPECT_TRUE(r.heads.empty()) << "refused before the head is handed on";
            EXPECT_TRUE(r.requests.empty());
        }
    }
}

TEST(RequestParser, Http10MayLeaveOutHost)
{
    RequestParser parser;
    const FeedResult r = feedAll(parser, "GET /healthz HTTP/1.0\r\n\r\n", 1);
    ASSERT_EQ(r.errorStatus, 0);
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_TRUE(r.requests[0].http10);
}

TEST(RequestParser, AnEmptyHostIsValid)
{
    // RFC 9112 3.2: a client sends an empty Host when the target URI has no authority.
    RequestParser parser;
    const FeedResult r = feedAll(parser, "GET / HTTP/1.1\r\nHost:\r\n\r\n", 1);
    EXPECT_EQ(r.errorStatus, 0);
    EXPECT_EQ(r.requests.size(), 1u);
}

TEST(RequestParser, AbsoluteFormTargetsAreHandedOnInOriginForm)
{
    const QByteArray req = "POST http://127.0.0.1:4000/v1/chat/completions?x=1&y=2 HTTP/1.1\r\n"
                           "Host: other.example\r\nContent-Length: 2\r\n\r\n{}"
                           "GET HTTPS://[::1]:4000 HTTP/1.1\r\nHost: [::1]:4000\r\n\r\n";
    for (const size_t split : {size_t(req.size()), size_t(1)}) {
        RequestParser parser;
        const FeedResult r = feedAll(parser, req, split);
        ASSERT_EQ(r.errorStatus, 0) << r.errorReason;
        ASSERT_EQ(r.requests.size(), 2u);
        EXPECT_EQ(r.heads[0].path, "/v1/chat/completions"); // what admission routes on
        EXPECT_EQ(r.requests[0].path, "/v1/chat/completions");
        EXPECT_EQ(r.requests[0].target, "/v1/chat/completions?x=1&y=2");
        // RFC 9112 3.2.2: the target's authority, not the Host field, names the host.
        EXPECT_EQ(r.requests[0].header("host"), "127.0.0.1:4000");
        EXPECT_EQ(r.requests[0].body, "{}");
        EXPECT_EQ(r.requests[1].target, "/");
        EXPECT_EQ(r.requests[1].path, "/");
        EXPECT_EQ(r.requests[1].header("host"), "[::1]:4000");
    }
}

TEST(RequestParser, FieldValuesAreTrimmed)
{
    // RFC 9110 5.5: whitespace around a field value is not part of it.
    const QByteArray req = "POST / HTTP/1.1\r\nHost: a \r\nExpect: 100-continue  \t\r\n"
                           "X-A:   b c\t \r\nContent-Length: 2\r\n\r\n";
    RequestParser parser;
    const RequestParser::Outcome o = feedPastHead(parser, req);
    ASSERT_EQ(o.status, Status::Incomplete) << o.errorReason; // waits for the body
    EXPECT_TRUE(parser.wantsContinue());                      // not 417
    EXPECT_EQ(parser.head().header("expect"), "100-continue");
    EXPECT_EQ(parser.head().header("x-a"), "b c");
    EXPECT_EQ(parser.head().header("host"), "a");
}

TEST(RequestParser, ChunkedInAnyCaseIsAccepted)
{
    RequestParser parser;
    const QByteArray req =
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked \r\n\r\n2\r\nhi\r\n0\r\n\r\n";
    const FeedResult r = feedAll(parser, req, 1);
    ASSERT_EQ(r.errorStatus, 0) << r.errorReason;
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_EQ(r.requests[0].body, "hi");
}

TEST(RequestParser, KeepAliveFollowsTheVersionAndConnection)
{
    const struct
    {
        QByteArray bytes;
        bool keepAlive;
    } cases[] = {
        {"GET / HTTP/1.0\r\n\r\n", false},
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true},
        {"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false},
    };
    for (const auto& c : cases) {
        RequestParser parser;
        const FeedResult r = feedAll(parser, c.bytes, size_t(c.bytes.size()));
        ASSERT_EQ(r.requests.size(), 1u) << c.bytes.constData();
        EXPECT_EQ(r.requests[0].keepAlive, c.keepAlive) << c.bytes.constData();
    }
}

namespace {

QByteArray compress(const QByteArray& data, int windowBits)
{
    z_stream z{};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(data.size()))) + 64, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

QByteArray gzip(const QByteArray& data)
{
    return compress(data, 16 + MAX_WBITS);
}

QByteArray encodedRequest(const QByteArray& coding, const QByteArray& body, bool chunked = false)
{
    QByteArray head =
        "POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nContent-Encoding: " + coding + "\r\n";
    if (!chunked)
        return head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return head + "Transfer-Encoding: chunked\r\n\r\n" + QByteArray::number(body.size(), 16) +
           "\r\n" + body + "\r\n0\r\n\r\n";
}

} // namespace

TEST(RequestParser, GzipAndDeflateBodiesAreDecodedSplitAtEveryByteBoundary)
{
    QByteArray json = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"";
    json += QByteArray(300, 'z') + "\"}]}";
    const std::vector<std::pair<QByteArray, QByteArray>> encodings = {
        {"gzip", gzip(json)},
        {"x-gzip", gzip(json)},
        {"deflate", compress(json, MAX_WBITS)},  // zlib format (RFC 9110 8.4.1.2)
        {"deflate", compress(json, -MAX_WBITS)}, // raw deflate, as some clients send
        {"identity", json},
    };
    for (const auto& [coding, body] : encodings)
        for (bool chunked : {false, true}) {
            const QByteArray req = encodedRequest(coding, body, chunked);
            for (size_t split = 1; split <= size_t(req.size()); split += split < 80 ? 1 : 7) {
                RequestParser parser;
                const FeedResult r = feedAll(parser, req, split);
                ASSERT_EQ(r.errorStatus, 0) << coding.constData() << " split " << split;
                ASSERT_EQ(r.requests.size(), 1u);
                EXPECT_EQ(r.requests[0].body, json);
                EXPECT_TRUE(r.requests[0].header("content-encoding").isEmpty());
                if (!chunked) {
                    EXPECT_EQ(r.requests[0].header("content-length"),
                              QByteArray::number(json.size()));
                }
            }
        }
}

TEST(RequestParser, AGzipBombIs413WithoutInflatingItAll)
{
    ParserLimits limits;
    limits.maxBodyBytes = 64 * 1024;
    RequestParser parser(limits);
    // 32 MB of zeros compress to about 32 KB; the limit is on what they inflate to.
    const QByteArray bomb = gzip(QByteArray(32 * 1024 * 1024, '\0'));
    ASSERT_LT(bomb.size(), limits.maxBodyBytes);
    const QByteArray req = encodedRequest("gzip", bomb);
    const FeedResult r = feedAll(parser, req, 4096);
    EXPECT_EQ(r.errorStatus, 413);
    EXPECT_STREQ(r.errorReason, "body_too_large");
    // Refused long before the end of the compressed body.
    EXPECT_LT(r.consumedAtError, size_t(req.size()) / 2);
}

TEST(RequestParser, ACorruptOrTruncatedEncodedBodyIs400)
{
    const QByteArray good = gzip(QByteArray(1000, 'a'));
    QByteArray corrupt = good;
    corrupt[12] = char(corrupt[12] ^ 0x5a);
    corrupt[20] = char(corrupt[20] ^ 0x5a);
    for (const QByteArray& req :
         {encodedRequest("gzip", corrupt), encodedRequest("gzip", good.left(good.size() - 10)),
          encodedRequest("gzip", "not gzip at all"), encodedRequest("deflate", "\xff\xff\xff")}) {
        RequestParser parser;
        const FeedResult r = feedAll(parser, req, 7);
        EXPECT_EQ(r.errorStatus, 400);
        EXPECT_STREQ(r.errorReason, "bad_encoding");
        EXPECT_TRUE(r.requests.empty());
    }
}

TEST(RequestParser, OtherContentCodingsAre415)
{
    for (const QByteArray& coding :
         {QByteArray("br"), QByteArray("zstd"), QByteArray("compress"), QByteArray("gzip, br")}) {
        RequestParser parser;
        const QByteArray req = encodedRequest(coding, "abcd");
        const FeedResult r = feedAll(parser, req, size_t(req.size()));
        EXPECT_EQ(r.errorStatus, 415) << coding.constData();
    }
    RequestParser parser;
    const QByteArray req = encodedRequest("identity", "abcd");
    const FeedResult r = feedAll(parser, req, size_t(req.size()));
    ASSERT_EQ(r.requests.size(), 1u);
    EXPECT_EQ(r.requests[0].body, "abcd");
}

#pragma once

#include "http/BodyDecoder.h"
#include "http/Request.h"

#include <http_parser.h>

#include <memory>

namespace gateway::http {

struct ParserLimits
{
    int maxHeaderBytes = 16 * 1024; // request line + all headers -> 431 (414 for a long URL)
    int maxHeaderCount = 100;       // -> 431
    // -> 413, before a body byte is read if Content-Length says so. It bounds the body as
    // received and, for a Content-Encoding gzip/deflate body, as decoded.
    qint64 maxBodyBytes = 8 << 20;
};

// A pure function over bytes (in the style of qBittorrent's request parser): feed it what the
// socket gave, and it says how much it consumed and whether a whole request is ready. It knows
// nothing about sockets, so tests feed it raw bytes split at any boundary.
//
// It stops after each complete request so that pipelined requests are answered in order: the
// caller handles the request, then feeds the unconsumed rest. It also stops once a request's
// headers are complete (Status::Head), so that the caller can admit or refuse the request
// before a body byte is read or 100 Continue is sent.
//
// A body sent with Content-Encoding gzip, x-gzip or deflate is decoded as it arrives
// (BodyDecoder): the request handed on carries the decoded body, no Content-Encoding field,
// and a Content-Length that matches the decoded body when one was sent.
//
// Strict HTTP/1.1 (RFC 9112), checked on top of libhttp-parser, which is lenient where a
// request could be framed differently by a proxy in front of us (request smuggling): a field
// name that is not a token (e.g. "Transfer-Encoding : chunked"), an obs-fold line, a missing
// or repeated Host, a Transfer-Encoding other than "chunked", or Transfer-Encoding together
// with Content-Length are refused before the request is handed on. Field values are handed on
// without their leading and trailing whitespace, and an absolute-form target
// ("http://host/v1/x?q") is handed on in origin-form ("/v1/x?q").
class RequestParser
{
public:
    enum class Status {
        Incomplete, // everything given was consumed; more bytes are needed
        Head,       // a request's headers are complete (head()); feed the rest to go on
        Complete,   // a request is ready (takeRequest); `consumed` bytes of the input were used
        Error,      // the stream is bad; answer errorStatus and close the connection
    };

    struct Outcome
    {
        Status status = Status::Incomplete;
        size_t consumed = 0;
        int errorStatus = 0; // 400, 413, 414, 415, 417, 431 or 501 when status == Error
        const char* errorMessage = "";
        // Machine-readable: "bad_request" (libhttp-parser refused the bytes), "bad_header_name",
        // "obs_fold", "missing_host", "multiple_host", "bad_host", "bad_target",
        // "ambiguous_framing" (Transfer-Encoding with Content-Length, or two Content-Lengths),
        // "unsupported_transfer_coding" (501), "body_too_large", "uri_too_long",
        // "unsupported_encoding", "bad_encoding", "expectation_failed", "headers_too_large".
        const char* errorReason = "";
    };

    explicit RequestParser(const ParserLimits& limits = {});
    RequestParser(const RequestParser&) = delete;
    RequestParser& operator=(const RequestParser&) = delete;

    Outcome feed(const char* data, size_t length);
    Request takeRequest();
    // The request being read: after Status::Head its method, target, path, headers and peer
    // (no body); after an error, whatever was parsed (the method and path may be empty).
    const Request& head() const { return m_request; }
    // Copied into every request from now on.
    void setPeer(const Peer& peer) { m_peer = peer; }

    // True once the current request's headers are complete (the body timeout applies then).
    bool headersComplete() const { return m_headersComplete; }
    // True when the current request sent "Expect: 100-continue" and its body is not complete.
    bool wantsContinue() const { return m_expectContinue; }
    // True between the first byte of a request and its end.
    bool inRequest() const { return m_inMessage; }

private:
    static int onMessageBegin(http_parser* p);
    static int onUrl(http_parser* p, const char* at, size_t length);
    static int onHeaderField(http_parser* p, const char* at, size_t length);
    static int onHeaderValue(http_parser* p, const char* at, size_t length);
    static int onHeadersComplete(http_parser* p);
    static int onBody(http_parser* p, const char* at, size_t length);
    static int onMessageComplete(http_parser* p);
    using Header = std::pair<QByteArray, QByteArray>;
    // The field at the position being parsed in the connection's previous request, or null.
    const Header* previousHeader() const;
    // A copy already made of the name or value being parsed (a common one, or the previous
    // request's at this position), to share instead of copying the bytes; null when none.
    const QByteArray* knownName(const char* at, size_t length) const;
    const QByteArray* knownValue(const char* at, size_t length) const;
    bool addHeaderBytes(size_t length);
    void scanLineStarts(const char* data, size_t length);
    bool checkHead(const http_parser* p);
    bool checkHost();
    bool checkTransferEncoding(const http_parser* p);
    bool useOriginForm();
    void failParse(http_errno err);
    void fail(int status, const char* message, const char* reason);
    Outcome errorOutcome() const;

    ParserLimits m_limits;
    http_parser m_parser;
    http_parser_settings m_settings;
    Request m_request;
    // The previous request's fields. A client sends the same ones in the same order on each
    // request of a keep-alive connection (Host, Authorization, its SDK's): a name or value
    // that arrives whole and matches the one at its position is shared, not copied.
    std::vector<Header> m_previousHeaders;
    Peer m_peer;
    std::unique_ptr<BodyDecoder> m_decoder; // set for a body with a Content-Encoding
    qint64 m_receivedBodyBytes = 0;         // as received, before decoding
    // Where the head's line scan (obs-fold, RFC 9112 5.2) stands: before the start line (empty
    // lines are allowed there, RFC 9112 2.2), in a line, or at the start of a field line.
    enum class LineScan { BeforeStartLine, InLine, AtLineStart };
    LineScan m_lineScan = LineScan::BeforeStartLine;
    bool m_lastWasValue = true;
    bool m_headersComplete = false;
    bool m_expectContinue = false;
    bool m_inMessage = false;
    bool m_complete = false;
    bool m_head = false; // paused at the end of the headers
    size_t m_headerBytes = 0;
    int m_errorStatus = 0;
    const char* m_errorMessage = "";
    const char* m_errorReason = "";
};

} // namespace gateway::http

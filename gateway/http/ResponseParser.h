#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <http_parser.h>

#include <utility>
#include <vector>

namespace gateway::http {

struct ResponseLimits
{
    int maxHeaderBytes =
        256 * 1024;           // status line excluded; all names and values -> HeadersTooLarge
    int maxHeaderCount = 256; // -> HeadersTooLarge
    qint64 maxBodyBytes = -1; // -> BodyTooLarge; negative: no bound
};

// Parses HTTP/1.1 responses from bytes (the counterpart of RequestParser, for the upstream
// client). It knows nothing about sockets: tests feed it raw bytes split at any boundary.
//
// Interim responses (1xx, RFC 9110 15.2) are skipped; the sink sees only the final one. It
// stops after each complete response, so bytes that follow are left unconsumed (the caller
// then knows the connection cannot be reused). A body delimited by the end of the connection
// (RFC 9112 6.3, item 8) is complete only when finish() is called at EOF.
class ResponseParser
{
public:
    // Views into the parser's buffer, valid during onResponseHead only.
    using HeaderList = std::vector<std::pair<QByteArrayView, QByteArrayView>>;

    // Receives the parts of the final response. Returning false stops parsing at once
    // (Status::Stopped): the caller no longer wants this response.
    class Sink
    {
    public:
        virtual ~Sink() = default;
        // Header names are lower-cased (RFC 9110 5.1).
        virtual bool onResponseHead(int status, const HeaderList& headers) = 0;
        // De-chunked body bytes, as they arrive.
        virtual bool onResponseBody(const char* data, size_t length) = 0;
    };

    enum class Status {
        Incomplete, // everything given was consumed; more bytes (or finish()) are needed
        Complete,   // the final response ended; `consumed` bytes were used, the rest was not
        Stopped,    // the sink returned false
        Error,      // see Outcome::error; the connection is unusable
    };
    enum class Error {
        None,
        Malformed,       // not HTTP/1.1, or the connection ended inside the response
        HeadersTooLarge, // over maxHeaderBytes or maxHeaderCount
        BodyTooLarge,    // over maxBodyBytes
    };

    struct Outcome
    {
        Status status = Status::Incomplete;
        size_t consumed = 0;
        Error error = Error::None;
        const char* errorMessage = ""; // for Error::Malformed: what http_parser saw
    };

    explicit ResponseParser(Sink* sink, const ResponseLimits& limits = {});
    ResponseParser(const ResponseParser&) = delete;
    ResponseParser& operator=(const ResponseParser&) = delete;

    // Before each response. A response to HEAD has no body whatever its headers say
    // (RFC 9110 9.3.2), so the parser must be told.
    void reset(bool responseToHead = false);
    Outcome feed(const char* data, size_t length);
    // The connection ended: completes a body delimited by it, else it is Error::Malformed.
    Outcome finish();

    // After Complete: whether the connection may carry another request (RFC 9112 9.3).
    bool keepAlive() const;
    int status() const { return m_status; }
    qint64 bodyBytes() const { return m_bodyBytes; }

private:
    static int onHeaderField(http_parser* p, const char* at, size_t length);
    static int onHeaderValue(http_parser* p, const char* at, size_t length);
    static int onHeadersComplete(http_parser* p);
    static int onBody(http_parser* p, const char* at, size_t length);
    static int onMessageComplete(http_parser* p);
    static const http_parser_settings& settings();
    Outcome outcome(size_t consumed);
    void clearHeaders();

    Sink* m_sink;
    ResponseLimits m_limits;
    http_parser m_parser;
    // Header bytes of the response in one buffer (fewer allocations than a string per field):
    // each entry is the offset and length of a name and of its value.
    QByteArray m_headerBytes;
    struct HeaderSpan
    {
        qsizetype name, nameLength, value, valueLength;
    };
    std::vector<HeaderSpan> m_headerSpans;
    HeaderList m_headerViews; // what onResponseHead is given: views into m_headerBytes
    bool m_lastWasValue = true;
    bool m_responseToHead = false;
    bool m_done = false;
    bool m_stopped = false;
    Error m_error = Error::None;
    int m_status = 0;
    qint64 m_bodyBytes = 0;
};

} // namespace gateway::http

#include "http/RequestParser.h"

#include <cstring>

namespace gateway::http {

void appendLowerCase(QByteArray& out, const char* data, size_t length)
{
    const qsizetype start = out.size();
    out.append(data, qsizetype(length));
    char* d = out.data();
    for (qsizetype i = start; i < out.size(); ++i)
        if (d[i] >= 'A' && d[i] <= 'Z')
            d[i] = char(d[i] + ('a' - 'A'));
}

QByteArray Request::header(const char* lowerName) const
{
    for (const auto& [name, value] : headers)
        if (name == lowerName)
            return value;
    return {};
}

RequestParser::RequestParser(const ParserLimits& limits) : m_limits(limits)
{
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    http_parser_settings_init(&m_settings);
    m_settings.on_message_begin = &RequestParser::onMessageBegin;
    m_settings.on_url = &RequestParser::onUrl;
    m_settings.on_header_field = &RequestParser::onHeaderField;
    m_settings.on_header_value = &RequestParser::onHeaderValue;
    m_settings.on_headers_complete = &RequestParser::onHeadersComplete;
    m_settings.on_body = &RequestParser::onBody;
    m_settings.on_message_complete = &RequestParser::onMessageComplete;
}

void RequestParser::fail(int status, const char* message, const char* reason)
{
    if (m_errorStatus == 0) {
        m_errorStatus = status;
        m_errorMessage = message;
        m_errorReason = reason;
    }
}

RequestParser::Outcome RequestParser::errorOutcome() const
{
    Outcome out;
    out.status = Status::Error;
    out.errorStatus = m_errorStatus;
    out.errorMessage = m_errorMessage;
    out.errorReason = m_errorReason;
    return out;
}

RequestParser::Outcome RequestParser::feed(const char* data, size_t length)
{
    Outcome out;
    if (m_errorStatus != 0)
        return errorOutcome();
    if (HTTP_PARSER_ERRNO(&m_parser) == HPE_PAUSED)
        http_parser_pause(&m_parser, 0);
    if (length == 0)
        return out;
    out.consumed = http_parser_execute(&m_parser, &m_settings, data, length);
    const http_errno err = HTTP_PARSER_ERRNO(&m_parser);
    if (m_errorStatus != 0) {
        const size_t consumed = out.consumed;
        out = errorOutcome();
        out.consumed = consumed;
        return out;
    }
    if (m_head) {
        m_head = false;
        out.status = Status::Head;
        return out;
    }
    if (m_complete) {
        m_complete = false;
        out.status = Status::Complete;
        return out;
    }
    if (err != HPE_OK && err != HPE_PAUSED) {
        fail(400, http_errno_description(err), "bad_request");
        const size_t consumed = out.consumed;
        out = errorOutcome();
        out.consumed = consumed;
        return out;
    }
    return out;
}

Request RequestParser::takeRequest()
{
    Request r = std::move(m_request);
    m_request = Request();
    return r;
}

bool RequestParser::addHeaderBytes(size_t length)
{
    m_headerBytes += length;
    if (m_headerBytes > size_t(m_limits.maxHeaderBytes)) {
        fail(431, "request header fields too large", "headers_too_large");
        return false;
    }
    return true;
}

int RequestParser::onMessageBegin(http_parser* p)
{
    auto* self = static_cast<RequestParser*>(p->data);
    self->m_request = Request();
    self->m_request.peer = self->m_peer;
    self->m_decoder.reset();
    self->m_receivedBodyBytes = 0;
    self->m_headerBytes = 0;
    self->m_lastWasValue = true;
    self->m_headersComplete = false;
    self->m_expectContinue = false;
    self->m_inMessage = true;
    return 0;
}

int RequestParser::onUrl(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<RequestParser*>(p->data);
    self->m_headerBytes += length;
    if (self->m_headerBytes > size_t(self->m_limits.maxHeaderBytes)) {
        self->fail(414, "request target too long", "uri_too_long");
        return 1;
    }
    self->m_request.target.append(at, qsizetype(length));
    return 0;
}

int RequestParser::onHeaderField(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<RequestParser*>(p->data);
    if (!self->addHeaderBytes(length))
        return 1;
    auto& headers = self->m_request.headers;
    if (self->m_lastWasValue) {
        if (int(headers.size()) >= self->m_limits.maxHeaderCount) {
            self->fail(431, "too many request header fields", "headers_too_large");
            return 1;
        }
        headers.emplace_back();
        self->m_lastWasValue = false;
    }
    appendLowerCase(headers.back().first, at, length);
    return 0;
}

int RequestParser::onHeaderValue(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<RequestParser*>(p->data);
    if (!self->addHeaderBytes(length))
        return 1;
    self->m_lastWasValue = true;
    self->m_request.headers.back().second.append(at, qsizetype(length));
    return 0;
}

int RequestParser::onHeadersComplete(http_parser* p)
{
    auto* self = static_cast<RequestParser*>(p->data);
    Request& r = self->m_request;
    self->m_headersComplete = true;
    r.method = http_method_str(http_method(p->method));
    r.http10 = p->http_major == 1 && p->http_minor == 0;
    r.keepAlive = http_should_keep_alive(p) != 0;
    const qsizetype q = r.target.indexOf('?');
    r.path = q < 0 ? r.target : r.target.left(q);

    // RFC 9110 8.6: a Content-Length over the limit is refused before any body byte is read.
    if ((p->flags & F_CONTENTLENGTH) && p->content_length != ULLONG_MAX &&
        p->content_length > uint64_t(self->m_limits.maxBodyBytes)) {
        self->fail(413, "request body too large", "body_too_large");
        return -1;
    }
    const bool hasBody =
        (p->flags & F_CHUNKED) || (p->content_length > 0 && p->content_length != ULLONG_MAX);
    // RFC 9110 8.4 and 15.5.16: a body in a coding we cannot decode is refused with 415.
    const BodyDecoder::Coding coding = BodyDecoder::codingFor(r.header("content-encoding"));
    if (hasBody && coding == BodyDecoder::Coding::Unsupported) {
        self->fail(415, "unsupported Content-Encoding (gzip and deflate are accepted)",
                   "unsupported_encoding");
        return -1;
    }
    if (coding == BodyDecoder::Coding::Gzip || coding == BodyDecoder::Coding::Deflate)
        self->m_decoder = std::make_unique<BodyDecoder>(coding, self->m_limits.maxBodyBytes);
    // What is handed on is the decoded body ("identity" is no coding at all).
    if (coding != BodyDecoder::Coding::Unsupported)
        std::erase_if(r.headers, [](const auto& h) { return h.first == "content-encoding"; });
    if ((p->flags & F_CONTENTLENGTH) && p->content_length > 0)
        r.body.reserve(qsizetype(p->content_length) + 64);
    // RFC 9110 10.1.1: only a request with a body waits for 100 Continue.
    const QByteArray expect = r.header("expect");
    if (!expect.isEmpty()) {
        if (expect.compare("100-continue", Qt::CaseInsensitive) != 0) {
            self->fail(417, "unsupported Expect header", "expectation_failed");
            return -1;
        }
        self->m_expectContinue = (p->flags & F_CHUNKED) || p->content_length > 0;
    }
    // Stop, so that the caller admits or refuses the request before its body is read.
    self->m_head = true;
    http_parser_pause(p, 1);
    return 0;
}

int RequestParser::onBody(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<RequestParser*>(p->data);
    QByteArray& body = self->m_request.body;
    self->m_receivedBodyBytes += qint64(length);
    if (self->m_receivedBodyBytes > self->m_limits.maxBodyBytes) {
        self->fail(413, "request body too large", "body_too_large");
        return 1;
    }
    if (!self->m_decoder) {
        body.append(at, qsizetype(length));
        return 0;
    }
    switch (self->m_decoder->feed(at, length, body)) {
    case BodyDecoder::Status::Ok: return 0;
    case BodyDecoder::Status::TooLarge:
        self->fail(413, "request body too large once decoded", "body_too_large");
        return 1;
    case BodyDecoder::Status::Corrupt:
        self->fail(400, "the request body is not valid for its Content-Encoding", "bad_encoding");
        return 1;
    }
    return 1;
}

int RequestParser::onMessageComplete(http_parser* p)
{
    auto* self = static_cast<RequestParser*>(p->data);
    if (std::unique_ptr<BodyDecoder> decoder = std::move(self->m_decoder)) {
        if (decoder->finish() != BodyDecoder::Status::Ok) {
            self->fail(400, "the request body ends before its Content-Encoding stream does",
                       "bad_encoding");
            return 1;
        }
        // The length of what is handed on (RFC 9110 8.6).
        for (auto& [name, value] : self->m_request.headers)
            if (name == "content-length")
                value = QByteArray::number(self->m_request.body.size());
    }
    self->m_complete = true;
    self->m_inMessage = false;
    self->m_expectContinue = false;
    self->m_headersComplete = false;
    // Stop here, so that a pipelined request behind this one waits its turn.
    http_parser_pause(p, 1);
    return 0;
}

} // namespace gateway::http

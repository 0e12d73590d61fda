#include "http/ResponseParser.h"

#include "http/Request.h"

namespace gateway::http {

ResponseParser::ResponseParser(Sink* sink, const ResponseLimits& limits)
    : m_sink(sink), m_limits(limits)
{
    reset();
}

void ResponseParser::reset(bool responseToHead)
{
    http_parser_init(&m_parser, HTTP_RESPONSE);
    m_parser.data = this;
    clearHeaders();
    m_responseToHead = responseToHead;
    m_done = false;
    m_stopped = false;
    m_error = Error::None;
    m_status = 0;
    m_bodyBytes = 0;
}

void ResponseParser::clearHeaders()
{
    // resize, not clear: the buffer is kept for the next response on the connection.
    m_headerBytes.resize(0);
    m_headerSpans.clear();
    m_lastWasValue = true;
}

ResponseParser::Outcome ResponseParser::outcome(size_t consumed)
{
    Outcome out;
    out.consumed = consumed;
    if (m_done) {
        out.status = Status::Complete;
        return out;
    }
    if (m_stopped) {
        out.status = Status::Stopped;
        return out;
    }
    const http_errno err = HTTP_PARSER_ERRNO(&m_parser);
    if (m_error != Error::None || (err != HPE_OK && err != HPE_PAUSED)) {
        out.status = Status::Error;
        out.error = m_error != Error::None ? m_error : Error::Malformed;
        out.errorMessage = m_error == Error::None           ? http_errno_description(err)
                           : m_error == Error::BodyTooLarge ? "response body too large"
                                                            : "response headers too large";
    }
    return out;
}

ResponseParser::Outcome ResponseParser::feed(const char* data, size_t length)
{
    if (m_done || m_stopped || m_error != Error::None || length == 0)
        return outcome(0);
    if (HTTP_PARSER_ERRNO(&m_parser) != HPE_OK)
        return outcome(0);
    return outcome(http_parser_execute(&m_parser, &settings(), data, length));
}

ResponseParser::Outcome ResponseParser::finish()
{
    if (m_done || m_stopped || m_error != Error::None || HTTP_PARSER_ERRNO(&m_parser) != HPE_OK)
        return outcome(0);
    // A zero-length execute is http_parser's way of saying EOF.
    http_parser_execute(&m_parser, &settings(), nullptr, 0);
    Outcome out = outcome(0);
    if (out.status == Status::Incomplete) {
        out.status = Status::Error;
        out.error = Error::Malformed;
        out.errorMessage = "the connection ended before the response did";
    }
    return out;
}

bool ResponseParser::keepAlive() const
{
    return m_done && http_should_keep_alive(&m_parser) != 0;
}

int ResponseParser::onHeaderField(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<ResponseParser*>(p->data);
    if (self->m_lastWasValue) {
        if (int(self->m_headerSpans.size()) >= self->m_limits.maxHeaderCount) {
            self->m_error = Error::HeadersTooLarge;
            return 1;
        }
        self->m_headerSpans.push_back({self->m_headerBytes.size(), 0, 0, 0});
        self->m_lastWasValue = false;
    }
    appendLowerCase(self->m_headerBytes, at, length);
    self->m_headerSpans.back().nameLength += qsizetype(length);
    if (self->m_headerBytes.size() > self->m_limits.maxHeaderBytes) {
        self->m_error = Error::HeadersTooLarge;
        return 1;
    }
    return 0;
}

int ResponseParser::onHeaderValue(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<ResponseParser*>(p->data);
    HeaderSpan& span = self->m_headerSpans.back();
    if (!self->m_lastWasValue)
        span.value = self->m_headerBytes.size();
    self->m_lastWasValue = true;
    self->m_headerBytes.append(at, qsizetype(length));
    span.valueLength += qsizetype(length);
    if (self->m_headerBytes.size() > self->m_limits.maxHeaderBytes) {
        self->m_error = Error::HeadersTooLarge;
        return 1;
    }
    return 0;
}

int ResponseParser::onHeadersComplete(http_parser* p)
{
    auto* self = static_cast<ResponseParser*>(p->data);
    if (p->status_code < 200)
        return 0; // an interim response (RFC 9110 15.2): the real one follows
    self->m_status = int(p->status_code);
    HeaderList& headers = self->m_headerViews; // kept for the connection's next response
    headers.clear();
    const char* base = self->m_headerBytes.constData();
    for (const HeaderSpan& s : self->m_headerSpans)
        headers.emplace_back(QByteArrayView(base + s.name, s.nameLength),
                             QByteArrayView(base + s.value, s.valueLength));
    if (!self->m_sink->onResponseHead(self->m_status, headers)) {
        self->m_stopped = true;
        return -1;
    }
    // 1: no body follows, whatever the headers say (http_parser's F_SKIPBODY).
    return self->m_responseToHead ? 1 : 0;
}

int ResponseParser::onBody(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<ResponseParser*>(p->data);
    self->m_bodyBytes += qint64(length);
    if (self->m_limits.maxBodyBytes >= 0 && self->m_bodyBytes > self->m_limits.maxBodyBytes) {
        self->m_error = Error::BodyTooLarge;
        return 1;
    }
    if (!self->m_sink->onResponseBody(at, length)) {
        self->m_stopped = true;
        return 1;
    }
    return 0;
}

int ResponseParser::onMessageComplete(http_parser* p)
{
    auto* self = static_cast<ResponseParser*>(p->data);
    if (p->status_code < 200) {
        // Interim response: start over for the final one.
        self->clearHeaders();
        return 0;
    }
    self->m_done = true;
    // Stop here: bytes after the response are not ours to parse.
    http_parser_pause(p, 1);
    return 0;
}

const http_parser_settings& ResponseParser::settings()
{
    static const http_parser_settings s = [] {
        http_parser_settings s;
        http_parser_settings_init(&s);
        s.on_header_field = &ResponseParser::onHeaderField;
        s.on_header_value = &ResponseParser::onHeaderValue;
        s.on_headers_complete = &ResponseParser::onHeadersComplete;
        s.on_body = &ResponseParser::onBody;
        s.on_message_complete = &ResponseParser::onMessageComplete;
        return s;
    }();
    return s;
}

} // namespace gateway::http

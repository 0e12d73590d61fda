#include "http/RequestParser.h"

#include "http/CharClass.h"

#include <algorithm>
#include <cstring>

namespace gateway::http {

namespace {

// RFC 9110 5.5: a field value has no leading or trailing whitespace (OWS around it is not
// part of it). libhttp-parser drops the leading whitespace, not the trailing.
void trimValue(QByteArray& value)
{
    // Read through a view: QByteArray's non-const operator[] would detach a shared value (the
    // common values are static data) and copy it on every request.
    const QByteArrayView v(value);
    qsizetype end = v.size();
    while (end > 0 && (v[end - 1] == ' ' || v[end - 1] == '\t'))
        --end;
    qsizetype start = 0;
    while (start < end && (v[start] == ' ' || v[start] == '\t'))
        ++start;
    if (start > 0 || end < v.size())
        value = value.mid(start, end - start);
}

// Whether a field name as sent (any case) is `lower`, a name already in lower case.
bool isSameName(const QByteArray& lower, const char* at, size_t length)
{
    if (size_t(lower.size()) != length)
        return false;
    const char* l = lower.constData();
    for (size_t i = 0; i < length; ++i) {
        const char c = at[i];
        if ((c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c) != l[i])
            return false;
    }
    return true;
}

bool isSameValue(const QByteArray& value, const char* at, size_t length)
{
    return size_t(value.size()) == length && memcmp(value.constData(), at, length) == 0;
}

// The field names and values that nearly every request carries, as static data: a header that
// arrives whole and matches one costs no allocation (a QByteArray of static data is shared,
// never copied); null when none matches. A rarer one, or one split across reads, is appended:
// appending to static data makes a copy.
const QByteArray* commonName(const char* at, size_t length)
{
    static const QByteArray names[] = {
        QByteArrayLiteral("host"),
        QByteArrayLiteral("content-type"),
        QByteArrayLiteral("content-length"),
        QByteArrayLiteral("authorization"),
        QByteArrayLiteral("user-agent"),
        QByteArrayLiteral("accept"),
        QByteArrayLiteral("accept-encoding"),
        QByteArrayLiteral("connection"),
        QByteArrayLiteral("traceparent"),
        QByteArrayLiteral("x-api-key"),
        QByteArrayLiteral("api-key"),
        QByteArrayLiteral("origin"),
    };
    for (const QByteArray& name : names)
        if (isSameName(name, at, length))
            return &name;
    return nullptr;
}

const QByteArray* commonValue(const char* at, size_t length)
{
    static const QByteArray values[] = {
        QByteArrayLiteral("application/json"),
        QByteArrayLiteral("keep-alive"),
        QByteArrayLiteral("*/*"),
    };
    for (const QByteArray& value : values)
        if (isSameValue(value, at, length))
            return &value;
    return nullptr;
}

// The targets of the API's busiest routes, shared like the common values above.
const QByteArray* commonTarget(const char* at, size_t length)
{
    static const QByteArray targets[] = {
        QByteArrayLiteral("/v1/chat/completions"), QByteArrayLiteral("/v1/messages"),
        QByteArrayLiteral("/v1/responses"),        QByteArrayLiteral("/v1/embeddings"),
        QByteArrayLiteral("/v1/completions"),      QByteArrayLiteral("/v1/models"),
    };
    for (const QByteArray& target : targets)
        if (isSameValue(target, at, length))
            return &target;
    return nullptr;
}

constexpr size_t maxRememberedHeaderBytes = 4096;

} // namespace

void appendLowerCase(QByteArray& out, const char* data, size_t length)
{
    const qsizetype start = out.size();
    out.append(data, qsizetype(length));
    char* d = out.data();
    for (qsizetype i = start; i < out.size(); ++i)
        if (d[i] >= 'A' && d[i] <= 'Z')
            d[i] = char(d[i] + ('a' - 'A'));
}

QByteArray Request::header(QByteArrayView lowerName) const
{
    for (const auto& [name, value] : headers)
        if (name.size() == lowerName.size() &&
            memcmp(name.constData(), lowerName.data(), size_t(lowerName.size())) == 0)
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
    // The parser stops at the end of each head, so a call that starts before it sees only the
    // head's bytes (and the empty lines before it).
    const bool readingHead = !m_headersComplete;
    out.consumed = http_parser_execute(&m_parser, &m_settings, data, length);
    const http_errno err = HTTP_PARSER_ERRNO(&m_parser);
    if (readingHead && m_errorStatus == 0)
        scanLineStarts(data, out.consumed);
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
        failParse(err);
        const size_t consumed = out.consumed;
        out = errorOutcome();
        out.consumed = consumed;
        return out;
    }
    return out;
}

void RequestParser::failParse(http_errno err)
{
    if (err == HPE_UNEXPECTED_CONTENT_LENGTH) {
        // RFC 9112 6.1 and 6.3: a request framed two ways is refused, not guessed at (the
        // proxy in front may have guessed the other way).
        const bool chunked =
            std::any_of(m_request.headers.begin(), m_request.headers.end(),
                        [](const auto& h) { return h.first == "transfer-encoding"; });
        fail(400,
             chunked ? "a request must not have both Transfer-Encoding and Content-Length"
                     : "a request must not have more than one Content-Length",
             "ambiguous_framing");
        return;
    }
    if (err == HPE_INVALID_TRANSFER_ENCODING) {
        fail(501, "unsupported Transfer-Encoding (only chunked is accepted)",
             "unsupported_transfer_coding");
        return;
    }
    fail(400, http_errno_description(err), "bad_request");
}

void RequestParser::scanLineStarts(const char* data, size_t length)
{
    // RFC 9112 5.2: a field line that starts with whitespace continues the previous one
    // (obs-fold); a server must reject it or replace it with spaces. libhttp-parser joins the
    // lines, so the value a proxy in front saw may differ from ours: refused. Whitespace
    // between the start line and the first field line is refused too (RFC 9112 2.2).
    const char* p = data;
    const char* const end = data + length;
    while (p < end) {
        switch (m_lineScan) {
        case LineScan::BeforeStartLine:
            if (*p != '\r' && *p != '\n')
                m_lineScan = LineScan::InLine;
            ++p;
            break;
        case LineScan::InLine: {
            const void* lf = std::memchr(p, '\n', size_t(end - p));
            if (!lf)
                return;
            p = static_cast<const char*>(lf) + 1;
            m_lineScan = LineScan::AtLineStart;
            break;
        }
        case LineScan::AtLineStart:
            if (*p == ' ' || *p == '\t') {
                fail(400, "obsolete line folding (a field line starting with whitespace)",
                     "obs_fold");
                return;
            }
            if (*p == '\n') // the empty line that ends the head
                m_lineScan = LineScan::BeforeStartLine;
            else if (*p != '\r')
                m_lineScan = LineScan::InLine;
            ++p;
            break;
        }
    }
}

Request RequestParser::takeRequest()
{
    // Kept only for an ordinary head: an idle connection then holds a few kilobytes at most,
    // not its last request's 16 KiB of fields.
    if (m_headerBytes <= maxRememberedHeaderBytes)
        m_previousHeaders.assign(m_request.headers.begin(), m_request.headers.end());
    else
        m_previousHeaders.clear();
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
    // Room for a typical request's fields at once, rather than the growth steps 1, 2, 4, 8.
    self->m_request.headers.reserve(16);
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
    QByteArray& target = self->m_request.target;
    if (target.isEmpty()) {
        if (const QByteArray* common = commonTarget(at, length)) {
            target = *common;
            return 0;
        }
    }
    target.append(at, qsizetype(length));
    return 0;
}

int RequestParser::onHeaderField(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<RequestParser*>(p->data);
    if (!self->addHeaderBytes(length))
        return 1;
    // libhttp-parser lets a space into a name: "Transfer-Encoding : chunked" would be a field
    // named "transfer-encoding " to us and Transfer-Encoding to a lenient proxy in front
    // (request smuggling). RFC 9112 5.1: such a request MUST be rejected with 400.
    if (self->m_lastWasValue && length > 0 && (at[0] == ' ' || at[0] == '\t')) {
        // A line that starts with whitespace (libhttp-parser takes it for a name).
        self->fail(400, "obsolete line folding (a field line starting with whitespace)",
                   "obs_fold");
        return 1;
    }
    for (size_t i = 0; i < length; ++i) {
        if (!isTokenChar(at[i])) {
            self->fail(400, "invalid character in a header field name", "bad_header_name");
            return 1;
        }
    }
    auto& headers = self->m_request.headers;
    if (self->m_lastWasValue) {
        if (int(headers.size()) >= self->m_limits.maxHeaderCount) {
            self->fail(431, "too many request header fields", "headers_too_large");
            return 1;
        }
        headers.emplace_back();
        self->m_lastWasValue = false;
    }
    QByteArray& name = headers.back().first;
    if (name.isEmpty()) {
        if (const QByteArray* known = self->knownName(at, length)) {
            name = *known;
            return 0;
        }
    }
    appendLowerCase(name, at, length);
    return 0;
}

const RequestParser::Header* RequestParser::previousHeader() const
{
    const size_t index = m_request.headers.size() - 1;
    return index < m_previousHeaders.size() ? &m_previousHeaders[index] : nullptr;
}

const QByteArray* RequestParser::knownName(const char* at, size_t length) const
{
    if (const QByteArray* common = commonName(at, length))
        return common;
    const Header* previous = previousHeader();
    return previous && isSameName(previous->first, at, length) ? &previous->first : nullptr;
}

const QByteArray* RequestParser::knownValue(const char* at, size_t length) const
{
    if (const QByteArray* common = commonValue(at, length))
        return common;
    const Header* previous = previousHeader();
    return previous && isSameValue(previous->second, at, length) ? &previous->second : nullptr;
}

int RequestParser::onHeaderValue(http_parser* p, const char* at, size_t length)
{
    auto* self = static_cast<RequestParser*>(p->data);
    if (!self->addHeaderBytes(length))
        return 1;
    self->m_lastWasValue = true;
    QByteArray& value = self->m_request.headers.back().second;
    if (value.isEmpty()) {
        if (const QByteArray* known = self->knownValue(at, length)) {
            value = *known;
            return 0;
        }
    }
    value.append(at, qsizetype(length));
    return 0;
}

int RequestParser::onHeadersComplete(http_parser* p)
{
    auto* self = static_cast<RequestParser*>(p->data);
    Request& r = self->m_request;
    self->m_headersComplete = true;
    // The method's name is static text: shared, not copied.
    const char* method = http_method_str(http_method(p->method));
    r.method = QByteArray::fromRawData(method, qsizetype(strlen(method)));
    r.http10 = p->http_major == 1 && p->http_minor == 0;
    r.keepAlive = http_should_keep_alive(p) != 0;
    for (auto& header : r.headers)
        trimValue(header.second);
    if (!self->checkHead(p))
        return -1;
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

bool RequestParser::checkHead(const http_parser* p)
{
    return checkHost() && checkTransferEncoding(p) && useOriginForm();
}

bool RequestParser::checkHost()
{
    // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host, and to any
    // request with more than one Host or an invalid one. HTTP/1.0 may leave it out.
    const QByteArray* host = nullptr;
    for (const auto& [name, value] : m_request.headers) {
        if (name != "host")
            continue;
        if (host) {
            fail(400, "a request must not have more than one Host header", "multiple_host");
            return false;
        }
        host = &value;
    }
    if (!host) {
        if (m_request.http10)
            return true;
        fail(400, "an HTTP/1.1 request must have a Host header", "missing_host");
        return false;
    }
    if (!std::all_of(host->begin(), host->end(), isHostChar)) {
        fail(400, "invalid Host header", "bad_host");
        return false;
    }
    return true;
}

bool RequestParser::checkTransferEncoding(const http_parser* p)
{
    // libhttp-parser frames "gzip, chunked" as chunked and refuses other codings only after
    // the head (once 100 Continue may have gone out): checked here, on the whole list.
    QByteArray codings;
    for (const auto& [name, value] : m_request.headers) {
        if (name != "transfer-encoding")
            continue;
        if (!codings.isEmpty())
            codings += ',';
        codings += value;
    }
    if (codings.isNull())
        return true;
    // RFC 9112 6.1: a server MAY refuse Transfer-Encoding with Content-Length; a gateway must,
    // since the next hop could frame it by the other one.
    if (p->flags & F_CONTENTLENGTH) {
        fail(400, "a request must not have both Transfer-Encoding and Content-Length",
             "ambiguous_framing");
        return false;
    }
    // RFC 9112 6.1 and 7: chunked, exactly once and last, is the only coding we decode; a
    // server answers 501 to a transfer coding it does not understand.
    int chunked = 0;
    bool other = false;
    for (qsizetype start = 0; start <= codings.size();) {
        qsizetype end = codings.indexOf(',', start);
        if (end < 0)
            end = codings.size();
        QByteArray coding = codings.mid(start, end - start);
        trimValue(coding);
        if (coding.compare("chunked", Qt::CaseInsensitive) == 0)
            ++chunked;
        else if (!coding.isEmpty()) // RFC 9110 5.6.1: empty list elements are ignored
            other = true;
        start = end + 1;
    }
    if (other || chunked == 0) {
        fail(501, "unsupported Transfer-Encoding (only chunked is accepted)",
             "unsupported_transfer_coding");
        return false;
    }
    if (chunked > 1) {
        fail(400, "chunked must be applied only once", "ambiguous_framing");
        return false;
    }
    return true;
}

bool RequestParser::useOriginForm()
{
    // RFC 9112 3.2.2: a server MUST accept the absolute-form ("POST http://host/v1/x HTTP/1.1",
    // what a client configured to use us as a proxy sends). It is handed on in origin-form,
    // and the target's authority replaces Host (which the server MUST then ignore).
    Request& r = m_request;
    if (r.target.isEmpty() || r.target.startsWith('/') || r.target == "*")
        return true;
    http_parser_url url;
    http_parser_url_init(&url);
    if (http_parser_parse_url(r.target.constData(), size_t(r.target.size()), 0, &url) != 0 ||
        !(url.field_set & (1 << UF_SCHEMA)) || !(url.field_set & (1 << UF_HOST))) {
        fail(400, "invalid request target", "bad_target");
        return false;
    }
    const auto field = [&](http_parser_url_fields f) {
        return r.target.mid(url.field_data[f].off, url.field_data[f].len);
    };
    const QByteArray scheme = field(UF_SCHEMA);
    if (scheme.compare("http", Qt::CaseInsensitive) != 0 &&
        scheme.compare("https", Qt::CaseInsensitive) != 0) {
        fail(400, "the request target's scheme must be http or https", "bad_target");
        return false;
    }
    if (url.field_set & (1 << UF_USERINFO)) { // RFC 9110 4.2.4: no userinfo in http URIs
        fail(400, "the request target must not carry user information", "bad_target");
        return false;
    }
    // The authority as sent, from the host to the end of the port ("[::1]:4000" keeps its
    // brackets, which the parsed host field leaves out).
    const qsizetype authorityStart = r.target.indexOf("//") + 2;
    qsizetype authorityEnd = authorityStart;
    while (authorityEnd < r.target.size() && r.target[authorityEnd] != '/' &&
           r.target[authorityEnd] != '?')
        ++authorityEnd;
    const QByteArray authority = r.target.mid(authorityStart, authorityEnd - authorityStart);
    QByteArray origin = (url.field_set & (1 << UF_PATH)) ? field(UF_PATH) : QByteArray("/");
    if (url.field_set & (1 << UF_QUERY))
        origin += '?' + field(UF_QUERY);
    r.target = origin;
    for (auto& [name, value] : r.headers)
        if (name == "host")
            value = authority;
    return true;
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
    // Trailer fields (after a chunked body) were added to the headers: trimmed like them.
    for (auto& header : self->m_request.headers)
        trimValue(header.second);
    // The next head's scan starts here (the scan runs over what each head's parse consumed).
    self->m_lineScan = LineScan::BeforeStartLine;
    self->m_complete = true;
    self->m_inMessage = false;
    self->m_expectContinue = false;
    self->m_headersComplete = false;
    // Stop here, so that a pipelined request behind this one waits its turn.
    http_parser_pause(p, 1);
    return 0;
}

} // namespace gateway::http

#include "http/BrowserGuard.h"

#include "http/CharClass.h"

#include <QHostAddress>

#include <cstring>

namespace gateway::http {

namespace {

// Access-Control-Request-Headers is echoed only when it is a plain list of field names (the
// origin is trusted, but the value still ends up in a response head).
bool isFieldNameList(QByteArrayView list)
{
    if (list.isEmpty() || list.size() > 2048)
        return false;
    for (char c : list)
        if (!isTokenChar(c) && c != ',' && c != ' ')
            return false;
    return true;
}

// The response headers a page's script may read (the Fetch standard hides the others).
constexpr QByteArrayView exposedHeaders =
    "x-request-id, retry-after, x-ratelimit-limit-requests, x-ratelimit-limit-tokens, "
    "x-ratelimit-remaining-requests, x-ratelimit-remaining-tokens, x-ratelimit-reset-requests, "
    "x-ratelimit-reset-tokens";

} // namespace

QByteArray hostOfHostHeader(QByteArrayView value)
{
    value = value.trimmed();
    if (value.startsWith('[')) {
        const qsizetype end = value.indexOf(']');
        return end < 0 ? QByteArray() : value.sliced(1, end - 1).toByteArray().toLower();
    }
    // memrchr: Qt 6.4's lastIndexOf is a generic search (it showed in profiles).
    if (const void* colon = memrchr(value.data(), ':', size_t(value.size())))
        value = value.first(static_cast<const char*>(colon) - value.data());
    // A fully qualified name may end with a dot ("localhost.").
    if (value.endsWith('.'))
        value.chop(1);
    return value.toByteArray().toLower();
}

namespace {

// A dotted quad in 127.0.0.0/8, the Host of nearly every request: checked without building a
// QHostAddress, which costs more than the rest of the guard.
bool isLoopbackIpv4(QByteArrayView host)
{
    if (!host.startsWith("127."))
        return false;
    int parts = 1;
    int digits = 0;
    int value = 0;
    for (char c : host.sliced(4)) {
        if (c == '.') {
            if (digits == 0 || ++parts > 3)
                return false;
            digits = value = 0;
        } else if (c >= '0' && c <= '9' && digits < 3) {
            value = value * 10 + (c - '0');
            ++digits;
            if (value > 255)
                return false;
        } else {
            return false;
        }
    }
    return parts == 3 && digits > 0;
}

} // namespace

bool isLoopbackHost(QByteArrayView host)
{
    if (host == "localhost" || host.endsWith(".localhost") || isLoopbackIpv4(host))
        return true;
    if (!host.contains(':'))
        return false; // a name, or an IPv4 address outside 127/8
    const QHostAddress address(QString::fromLatin1(host));
    return !address.isNull() && address.isLoopback();
}

BrowserGuard::BrowserGuard(BrowserPolicy policy)
    : m_policy(std::move(policy)), m_maxAge(QByteArray::number(m_policy.maxAgeSecs))
{}

bool BrowserGuard::isJson(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView type =
        (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
    return type.compare("application/json", Qt::CaseInsensitive) == 0;
}

bool BrowserGuard::hostAllowed(QByteArrayView hostHeader) const
{
    if (!m_policy.loopbackListener || hostHeader.isEmpty())
        return true; // HTTP/1.0 without Host: not a browser
    // The usual Host, "127.0.0.1:4000", without a lower-cased copy.
    const void* colon = memrchr(hostHeader.data(), ':', size_t(hostHeader.size()));
    if (isLoopbackIpv4(colon ? hostHeader.first(static_cast<const char*>(colon) - hostHeader.data())
                             : hostHeader))
        return true;
    const QByteArray host = hostOfHostHeader(hostHeader);
    if (isLoopbackHost(host))
        return true;
    for (const QByteArray& allowed : m_policy.allowedHosts)
        if (host == allowed)
            return true;
    return false;
}

bool BrowserGuard::originAllowed(QByteArrayView origin) const
{
    for (const QByteArray& allowed : m_policy.allowedOrigins)
        if (origin == allowed)
            return true;
    return false;
}

BrowserGuard::Verdict BrowserGuard::check(const Request& head) const
{
    Verdict v;
    const QByteArray host = head.header("host");
    if (!hostAllowed(host)) {
        v.status = 403;
        v.reason = "host_not_allowed";
        v.message = "Host '" + host.left(256) +
                    "' is not a loopback name; the gateway listens on loopback only. Add the "
                    "name to server.allowedHosts if it is meant to reach this gateway.";
        return v;
    }
    const QByteArray origin = head.header("origin");
    if (origin.isEmpty()) {
        // Browsers send Sec-Fetch-Site with every request; without an Origin only a page's
        // no-cors GET (an <img>, a <script>) is cross-site. A link the user follows
        // (navigate) is the user's own doing.
        const QByteArray site = head.header("sec-fetch-site");
        if ((site == "cross-site" || site == "same-site") &&
            head.header("sec-fetch-mode") != "navigate") {
            v.status = 403;
            v.reason = "origin_not_allowed";
            v.message = "Requests from web pages are refused (Sec-Fetch-Site: " + site + ").";
        }
        return v;
    }
    if (!originAllowed(origin)) {
        v.status = 403;
        v.reason = "origin_not_allowed";
        v.message = "Requests from web pages are refused: origin '" + origin.left(256) +
                    "' is not in server.cors.allowedOrigins.";
        return v;
    }
    v.headers.emplace_back("access-control-allow-origin", origin);
    v.preflight =
        head.method == "OPTIONS" && !head.header("access-control-request-method").isEmpty();
    if (v.preflight) {
        addPreflightHeaders(head, v.headers);
        return v;
    }
    v.headers.emplace_back("access-control-expose-headers", exposedHeaders.toByteArray());
    v.headers.emplace_back("vary", "Origin");
    return v;
}

void BrowserGuard::addPreflightHeaders(const Request& head, HeaderList& headers) const
{
    headers.emplace_back("access-control-allow-methods", "GET, POST, HEAD, OPTIONS");
    // Authorization is never covered by a wildcard (Fetch standard), so the names the browser
    // asks for are listed back; the SDKs add their own (x-stainless-*, anthropic-version).
    const QByteArray requested = head.header("access-control-request-headers");
    headers.emplace_back("access-control-allow-headers",
                         isFieldNameList(requested)
                             ? requested
                             : QByteArray("authorization, content-type, api-key, x-api-key"));
    headers.emplace_back("access-control-max-age", m_maxAge);
    // Chrome's Private Network Access: a public page calling a loopback server asks first.
    if (head.header("access-control-request-private-network") == "true")
        headers.emplace_back("access-control-allow-private-network", "true");
    headers.emplace_back("vary",
                         "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
}

} // namespace gateway::http

#pragma once

#include "http/Exchange.h"
#include "http/Request.h"

#include <QByteArray>

#include <vector>

namespace gateway::http {

// Who may call the gateway from a web browser. A gateway on a workstation is reachable from
// every page the user opens: a page may POST to it as text/plain without a CORS preflight, and
// with DNS rebinding a page's own host name can point at 127.0.0.1. So a request from a page
// (one with an Origin header, or a Sec-Fetch-Site that is not same-origin) is refused unless
// its origin is listed, and while the listener is on loopback the Host must name loopback.
struct BrowserPolicy
{
    std::vector<QByteArray> allowedOrigins; // exact, as browsers send them (lower case)
    std::vector<QByteArray> allowedHosts;   // Host names accepted besides loopback ones
    bool loopbackListener = true;           // the Host check applies only then
    int maxAgeSecs = 600;                   // Access-Control-Max-Age of a preflight answer
};

class BrowserGuard
{
public:
    explicit BrowserGuard(BrowserPolicy policy = {});

    struct Verdict
    {
        int status = 0;     // 0: the request may go on; else refuse with it (403)
        QByteArray reason;  // for the metrics and the log row, e.g. "origin_not_allowed"
        QByteArray message; // for the client
        // For a listed origin: the CORS headers every response to this request carries (a
        // preflight's answer carries more).
        HeaderList headers;
        bool preflight = false; // a CORS preflight from a listed origin: answer 204
    };

    // On a request's head, before anything else runs.
    Verdict check(const Request& head) const;

    // RFC 9110 8.3.1: "application/json", in any case, with parameters such as charset. A
    // text/plain or form POST is what a page can send without a preflight, so API POSTs must
    // carry this (anything else gets 415).
    static bool isJson(QByteArrayView contentType);

private:
    bool hostAllowed(QByteArrayView host) const;
    bool originAllowed(QByteArrayView origin) const;
    void addPreflightHeaders(const Request& head, HeaderList& headers) const;

    BrowserPolicy m_policy;
    QByteArray m_maxAge;
};

// The host part of a Host header ("[::1]:4000" -> "::1", "LocalHost:80" -> "localhost").
QByteArray hostOfHostHeader(QByteArrayView value);
// 127.0.0.0/8, ::1, "localhost" and names under ".localhost" (RFC 6761 6.3).
bool isLoopbackHost(QByteArrayView host);

} // namespace gateway::http

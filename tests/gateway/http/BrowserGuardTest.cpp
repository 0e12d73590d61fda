#include "http/BrowserGuard.h"

#include <gtest/gtest.h>

using gateway::http::BrowserGuard;
using gateway::http::BrowserPolicy;
using gateway::http::Request;

namespace {

Request request(const QByteArray& method, std::vector<std::pair<QByteArray, QByteArray>> headers)
{
    Request r;
    r.method = method;
    r.target = r.path = "/v1/chat/completions";
    r.headers = std::move(headers);
    return r;
}

QByteArray header(const BrowserGuard::Verdict& v, const QByteArray& name)
{
    for (const auto& [n, value] : v.headers)
        if (n == name)
            return value;
    return {};
}

BrowserGuard allowing(const QByteArray& origin)
{
    BrowserPolicy policy;
    policy.allowedOrigins = {origin};
    policy.maxAgeSecs = 300;
    return BrowserGuard(policy);
}

} // namespace

TEST(BrowserGuard, AClientThatIsNotABrowserPasses)
{
    const BrowserGuard::Verdict v =
        BrowserGuard().check(request("POST", {{"host", "127.0.0.1:4000"}}));
    EXPECT_EQ(v.status, 0);
    EXPECT_TRUE(v.headers.empty()); // no CORS headers for a client that did not ask
}

TEST(BrowserGuard, APageOfAnyOriginIsRefusedByDefault)
{
    // A text/plain POST needs no preflight: the Origin header is all there is to go by.
    for (const char* origin : {"https://evil.example", "http://localhost:3000", "null"}) {
        const BrowserGuard::Verdict v =
            BrowserGuard().check(request("POST", {{"host", "127.0.0.1:4000"}, {"origin", origin}}));
        EXPECT_EQ(v.status, 403) << origin;
        EXPECT_EQ(v.reason, "origin_not_allowed");
        EXPECT_TRUE(v.message.contains("server.cors.allowedOrigins"));
        EXPECT_TRUE(v.headers.empty());
    }
}

TEST(BrowserGuard, ANoCorsRequestFromAPageIsRefusedButALinkTheUserFollowsIsNot)
{
    // <img src="http://127.0.0.1:4000/v1/models">: no Origin, but Sec-Fetch-Site.
    const BrowserGuard::Verdict img =
        BrowserGuard().check(request("GET", {{"host", "127.0.0.1:4000"},
                                             {"sec-fetch-site", "cross-site"},
                                             {"sec-fetch-mode", "no-cors"}}));
    EXPECT_EQ(img.status, 403);
    const BrowserGuard::Verdict link =
        BrowserGuard().check(request("GET", {{"host", "127.0.0.1:4000"},
                                             {"sec-fetch-site", "cross-site"},
                                             {"sec-fetch-mode", "navigate"}}));
    EXPECT_EQ(link.status, 0);
    const BrowserGuard::Verdict typed = BrowserGuard().check(
        request("GET", {{"host", "127.0.0.1:4000"}, {"sec-fetch-site", "none"}}));
    EXPECT_EQ(typed.status, 0);
}

TEST(BrowserGuard, AListedOriginGetsCorsHeaders)
{
    const BrowserGuard guard = allowing("http://localhost:5173");
    const BrowserGuard::Verdict v = guard.check(
        request("POST", {{"host", "127.0.0.1:4000"}, {"origin", "http://localhost:5173"}}));
    EXPECT_EQ(v.status, 0);
    EXPECT_FALSE(v.preflight);
    EXPECT_EQ(header(v, "access-control-allow-origin"), "http://localhost:5173");
    EXPECT_EQ(header(v, "vary"), "Origin");
    EXPECT_TRUE(header(v, "access-control-expose-headers").contains("x-request-id"));
    // Another port is another origin.
    EXPECT_EQ(guard
                  .check(request("POST",
                                 {{"host", "127.0.0.1:4000"}, {"origin", "http://localhost:5174"}}))
                  .status,
              403);
}

TEST(BrowserGuard, APreflightFromAListedOriginIsAnswered)
{
    const BrowserGuard guard = allowing("https://app.example.com");
    const BrowserGuard::Verdict v = guard.check(request(
        "OPTIONS", {{"host", "localhost:4000"},
                    {"origin", "https://app.example.com"},
                    {"access-control-request-method", "POST"},
                    {"access-control-request-headers", "authorization,content-type,x-stainless-os"},
                    {"access-control-request-private-network", "true"}}));
    EXPECT_EQ(v.status, 0);
    EXPECT_TRUE(v.preflight);
    EXPECT_EQ(header(v, "access-control-allow-origin"), "https://app.example.com");
    EXPECT_TRUE(header(v, "access-control-allow-methods").contains("POST"));
    EXPECT_EQ(header(v, "access-control-allow-headers"),
              "authorization,content-type,x-stainless-os");
    EXPECT_EQ(header(v, "access-control-max-age"), "300");
    EXPECT_EQ(header(v, "access-control-allow-private-network"), "true");

    // Requested header names that are not a plain list are not echoed.
    const BrowserGuard::Verdict odd =
        guard.check(request("OPTIONS", {{"host", "localhost:4000"},
                                        {"origin", "https://app.example.com"},
                                        {"access-control-request-method", "POST"},
                                        {"access-control-request-headers", "x\r\nset-cookie: a"}}));
    EXPECT_EQ(header(odd, "access-control-allow-headers"),
              "authorization, content-type, api-key, x-api-key");

    // The same preflight from an unlisted origin is refused.
    EXPECT_EQ(BrowserGuard()
                  .check(request("OPTIONS", {{"host", "localhost:4000"},
                                             {"origin", "https://app.example.com"},
                                             {"access-control-request-method", "POST"}}))
                  .status,
              403);
}

TEST(BrowserGuard, OnALoopbackListenerTheHostMustBeLoopback)
{
    // DNS rebinding: the page's own name resolves to 127.0.0.1, so its requests are same-origin
    // for the browser; only the Host header gives it away.
    const BrowserGuard guard;
    for (const char* host :
         {"127.0.0.1:4000", "127.0.0.2", "localhost", "LOCALHOST:4000", "localhost.:4000",
          "app.localhost:4000", "[::1]:4000", "127.255.255.254:80", "[0:0:0:0:0:0:0:1]:4000"})
        EXPECT_EQ(guard.check(request("POST", {{"host", host}})).status, 0) << host;
    for (const char* host :
         {"attacker.example:4000", "10.0.0.5:4000", "localhost.evil.com", "[::2]:4000",
          "127.0.0.1.nip.io", "127.0.0.256", "127.0.0", "127..0.1", "127.0.0.1000", "127.evil"}) {
        const BrowserGuard::Verdict v = guard.check(request("POST", {{"host", host}}));
        EXPECT_EQ(v.status, 403) << host;
        EXPECT_EQ(v.reason, "host_not_allowed");
        EXPECT_TRUE(v.message.contains("server.allowedHosts"));
    }

    BrowserPolicy named;
    named.allowedHosts = {"gateway.internal"};
    EXPECT_EQ(
        BrowserGuard(named).check(request("POST", {{"host", "gateway.internal:4000"}})).status, 0);

    // A listener on another address was exposed on purpose: any Host.
    BrowserPolicy exposed;
    exposed.loopbackListener = false;
    EXPECT_EQ(BrowserGuard(exposed).check(request("POST", {{"host", "attacker.example"}})).status,
              0);
}

TEST(BrowserGuard, OnlyJsonIsJson)
{
    for (const char* type : {"application/json", "application/json; charset=utf-8",
                             "Application/JSON", " application/json ;charset=UTF-8"})
        EXPECT_TRUE(BrowserGuard::isJson(type)) << type;
    for (const char* type :
         {"", "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x", "application/jsonx", "application/json-seq"})
        EXPECT_FALSE(BrowserGuard::isJson(type)) << type;
}

// auth.jwt.jwksUrl: the JWKS fetched over HTTP on the cache's own thread from a scripted
// server on loopback; the body bound and the server's errors.

#include "gateway/governance/JwtTestSupport.h"
#include "governance/JwksCache.h"
#include "support/Eventually.h"
#include "support/ScriptedUpstream.h"

#include <gtest/gtest.h>

using namespace gateway::governance;

namespace {

constexpr qint64 t0 = jwttest::nowMs;

// Waits for the fetch the first keys() call started to end (it runs on another thread).
std::shared_ptr<const Jwks> fetched(JwksCache& cache)
{
    std::shared_ptr<const Jwks> keys;
    eventually(
        [&] {
            keys = cache.keys(t0);
            return keys || !cache.lastError().isEmpty();
        },
        10'000);
    return keys;
}

TEST(JwksFetch, FetchesTheKeySetOffTheCallersThread)
{
    ScriptedUpstream issuer(
        ScriptedUpstream::response(200, "application/json", jwttest::issuerJwks()));
    JwksCache cache(
        httpJwksSource(
            QStringLiteral("http://127.0.0.1:%1/discovery/v2.0/keys").arg(issuer.port())),
        JwksCache::Options());
    const auto keys = fetched(cache);
    ASSERT_NE(keys, nullptr) << qPrintable(cache.lastError());
    EXPECT_NE(keys->find(QStringLiteral("rsa-1")), nullptr);
    ASSERT_EQ(issuer.requests().size(), 1);
    EXPECT_TRUE(issuer.requests().first().startsWith("GET /discovery/v2.0/keys HTTP/1.1\r\n"));
}

TEST(JwksFetch, RefusesABodyOverOneMebibyte)
{
    const QByteArray big = "{\"keys\":[],\"pad\":\"" + QByteArray(1100 * 1024, 'x') + "\"}";
    // Declared by Content-Length, and undeclared (read until the server closes).
    ScriptedUpstream declared(ScriptedUpstream::response(200, "application/json", big));
    ScriptedUpstream undeclared(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + big);
    for (ScriptedUpstream* issuer : {&declared, &undeclared}) {
        JwksCache cache(
            httpJwksSource(QStringLiteral("http://127.0.0.1:%1/keys").arg(issuer->port())),
            JwksCache::Options());
        EXPECT_EQ(fetched(cache), nullptr);
        EXPECT_TRUE(cache.lastError().endsWith(QLatin1String("is larger than 1048576 bytes")))
            << qPrintable(cache.lastError());
    }
}

TEST(JwksFetch, ReportsTheIssuersStatus)
{
    ScriptedUpstream issuer(ScriptedUpstream::response(404, "text/plain", "no such tenant"));
    JwksCache cache(httpJwksSource(QStringLiteral("http://127.0.0.1:%1/keys").arg(issuer.port())),
                    JwksCache::Options());
    EXPECT_EQ(fetched(cache), nullptr);
    EXPECT_TRUE(cache.lastError().endsWith(QLatin1String("answered HTTP 404")))
        << qPrintable(cache.lastError());
}

} // namespace

// The JWT authenticator (governance/JwtAuthenticator.h) on request heads, with a KeySet built
// here and a JWKS the test serves by hand: which bearers it takes, the principal of an
// accepted token (tenant, key, models, limits), refusals, and the kid-miss refresh. Includes
// an Entra ID-shaped token (v2.0 issuer with the tenant id, tid, api:// audience).

#include "governance/JwtAuthenticator.h"
#include "JwtTestSupport.h"
#include "config/Config.h"
#include "governance/JwksCache.h"
#include "governance/KeySet.h"
#include "http/Request.h"
#include "state/SharedState.h"

#include <gtest/gtest.h>

using namespace gateway;
using namespace gateway::governance;
using Outcome = AuthResult::Outcome;

namespace {

http::Request withAuthorization(const QByteArray& value)
{
    http::Request head;
    head.method = "POST";
    head.path = "/v1/chat/completions";
    head.headers.emplace_back("authorization", value);
    return head;
}

http::Request bearer(const QByteArray& token)
{
    return withAuthorization("Bearer " + token);
}

KeyRecord key(const QString& name, const QString& tenant, QStringList models, qint64 rpm)
{
    KeyRecord k;
    k.id = QStringLiteral("key_%1").arg(qHash(name), 16, 16, QLatin1Char('0'));
    k.name = name;
    k.tenant = tenant;
    k.models = std::move(models);
    k.limits.rpm = rpm;
    k.sha256 = QByteArray(32, char(name.size()));
    return k;
}

class JwtAuthenticatorTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        config.issuer = QString::fromLatin1(jwttest::issuer);
        config.audience = QString::fromLatin1(jwttest::audience);
        config.jwksUrl = QStringLiteral("https://issuer.example.com/keys");
        std::vector<KeyRecord> records{
            key(QStringLiteral("team-a"), QStringLiteral("acme"), {QStringLiteral("gpt-*")}, 60),
            key(QStringLiteral("fallback"), QStringLiteral("default"), {QStringLiteral("fast")}, 5),
            key(QStringLiteral("gone"), QStringLiteral("acme"), {}, 0)};
        records[2].revokedMs = jwttest::nowMs - 1000;
        keys = KeySet(std::move(records));
        JwksCache::Options options;
        options.refreshMs = 3'600'000;
        cache = std::make_shared<JwksCache>(std::make_unique<jwttest::ManualSource>(log), options);
        cache->keys(jwttest::nowMs);
        answer(jwttest::issuerJwks());
    }

    void answer(const QByteArray& body)
    {
        ASSERT_FALSE(log->pending.empty());
        auto done = std::move(log->pending.front());
        log->pending.pop_front();
        done(std::optional<QByteArray>(body));
    }

    AuthResult authenticate(const http::Request& head, qint64 nowMs = jwttest::nowMs)
    {
        JwtAuthenticator authenticator(config, cache);
        AuthResult result = authenticator.authenticate(head, keys, nowMs);
        // A refusal never quotes the token.
        if (result.outcome == Outcome::Refused) {
            for (const QByteArray& piece : head.header("authorization").split('.')) {
                if (piece.size() > 8) {
                    EXPECT_FALSE(result.message.contains(piece)) << result.message.constData();
                }
            }
        }
        return result;
    }

    config::JwtConfig config;
    KeySet keys;
    std::shared_ptr<jwttest::ManualSource::Log> log =
        std::make_shared<jwttest::ManualSource::Log>();
    std::shared_ptr<JwksCache> cache;
};

TEST_F(JwtAuthenticatorTest, LeavesEverythingButABearerJwtToOthers)
{
    EXPECT_EQ(authenticate(http::Request()).outcome, Outcome::Absent);
    EXPECT_EQ(authenticate(bearer("sk-sb-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).outcome,
              Outcome::Absent);
    EXPECT_EQ(authenticate(bearer("sk-sb-a.b.c")).outcome, Outcome::Absent);
    EXPECT_EQ(authenticate(bearer("some-other-api-key")).outcome, Outcome::Absent);
    EXPECT_EQ(authenticate(withAuthorization("Basic dXNlcjpwYXNz")).outcome, Outcome::Absent);
    // A JWT in api-key or x-api-key is not a bearer token.
    http::Request apiKey;
    apiKey.headers.emplace_back("api-key", jwttest::rs256(jwttest::claims()));
    EXPECT_EQ(authenticate(apiKey).outcome, Outcome::Absent);
}

TEST_F(JwtAuthenticatorTest, AcceptsAValidTokenWithoutKey)
{
    for (const QByteArray& token :
         {jwttest::rs256(jwttest::claims()), jwttest::es256(jwttest::claims())}) {
        const AuthResult result = authenticate(withAuthorization("bearer  " + token));
        ASSERT_EQ(result.outcome, Outcome::Accepted) << result.message.constData();
        const Principal& p = *result.principal;
        EXPECT_EQ(p.method, Principal::Method::Jwt);
        EXPECT_EQ(p.subject, QStringLiteral("user-42"));
        EXPECT_EQ(p.tenant, defaultTenant());
        EXPECT_TRUE(p.keyId.isEmpty());
        EXPECT_TRUE(p.models.isEmpty());
        EXPECT_FALSE(p.limits.any());
        EXPECT_TRUE(p.mayUse(QStringLiteral("anything")));
    }
}

TEST_F(JwtAuthenticatorTest, TakesTheKeyItsClaimNamesAndTheTenantClaim)
{
    config.keyClaim = QStringLiteral("switchboard_key");
    config.tenantClaim = QStringLiteral("tid");
    config.defaultKey = QStringLiteral("fallback");
    QJsonObject claims = jwttest::claims();
    claims["switchboard_key"] = "team-a";
    claims["tid"] = "acme-eu";
    AuthResult result = authenticate(bearer(jwttest::rs256(claims)));
    ASSERT_EQ(result.outcome, Outcome::Accepted) << result.message.constData();
    const KeyRecord* teamA = keys.byName(QStringLiteral("team-a"));
    EXPECT_EQ(result.principal->keyId, teamA->id);
    EXPECT_EQ(result.principal->keyName, QStringLiteral("team-a"));
    EXPECT_EQ(result.principal->models, QStringList{QStringLiteral("gpt-*")});
    EXPECT_EQ(result.principal->limits.rpm, 60);
    EXPECT_EQ(result.principal->tenant, QStringLiteral("acme-eu")); // the token's tenant claim
    EXPECT_FALSE(result.principal->mayUse(QStringLiteral("claude-sonnet")));

    // Without the claims: the default key, and its tenant.
    result = authenticate(bearer(jwttest::rs256(jwttest::claims())));
    ASSERT_EQ(result.outcome, Outcome::Accepted) << result.message.constData();
    EXPECT_EQ(result.principal->keyName, QStringLiteral("fallback"));
    EXPECT_EQ(result.principal->limits.rpm, 5);
    EXPECT_EQ(result.principal->tenant, QStringLiteral("default"));
}

TEST_F(JwtAuthenticatorTest, RefusesAKeyClaimThatNamesNoUsableKey)
{
    config.keyClaim = QStringLiteral("switchboard_key");
    QJsonObject claims = jwttest::claims();
    claims["switchboard_key"] = "nobody";
    AuthResult result = authenticate(bearer(jwttest::rs256(claims)));
    EXPECT_EQ(result.outcome, Outcome::Refused);
    EXPECT_EQ(result.message, "the credential stands for key \"nobody\", which does not exist");
    claims["switchboard_key"] = "gone";
    result = authenticate(bearer(jwttest::rs256(claims)));
    EXPECT_EQ(result.outcome, Outcome::Refused);
    EXPECT_EQ(result.message, "the credential stands for key \"gone\", which is revoked");
    claims["switchboard_key"] = "bad name with spaces";
    result = authenticate(bearer(jwttest::rs256(claims)));
    EXPECT_EQ(result.outcome, Outcome::Refused);
    EXPECT_EQ(result.message, "the token's \"switchboard_key\" claim is not a key name");
    // A default key that does not exist refuses rather than granting every model.
    config.keyClaim.clear();
    config.defaultKey = QStringLiteral("missing");
    EXPECT_EQ(authenticate(bearer(jwttest::rs256(jwttest::claims()))).outcome, Outcome::Refused);
}

TEST_F(JwtAuthenticatorTest, RefusesTheIssuesCasesWithMessages)
{
    QJsonObject expired = jwttest::claims();
    expired["exp"] = double(jwttest::nowSeconds - 3600);
    QJsonObject early = jwttest::claims();
    early["nbf"] = double(jwttest::nowSeconds + 3600);
    QJsonObject otherAudience = jwttest::claims();
    otherAudience["aud"] = "api://other";
    QJsonObject otherIssuer = jwttest::claims();
    otherIssuer["iss"] = "https://evil.example.com/";
    const QByteArray none =
        jwttest::part({{"alg", "none"}}) + '.' + jwttest::part(jwttest::claims()) + '.';
    const std::vector<std::pair<QByteArray, QByteArray>> cases{
        {jwttest::rs256(expired), "the token has expired"},
        {jwttest::es256(early), "the token is not valid yet (nbf is in the future)"},
        {jwttest::rs256(otherAudience),
         "the token's audience (aud) does not include \"api://switchboard\""},
        {jwttest::rs256(otherIssuer),
         "the token's issuer (iss) is not \"https://issuer.example.com/\""},
        {jwttest::rs256(jwttest::claims(), "rsa-1", jwttest::otherRsa().get()),
         "the token's signature does not verify"},
        {none, "the token is unsigned (alg \"none\"); only RS256 and ES256 are accepted"},
        {jwttest::hs256WithPublicKey(jwttest::claims()),
         "the token is signed with a shared secret (\"HS256\"); only RS256 and ES256 are "
         "accepted"},
    };
    for (const auto& [token, message] : cases) {
        const AuthResult result = authenticate(bearer(token));
        EXPECT_EQ(result.outcome, Outcome::Refused) << message.constData();
        EXPECT_EQ(result.message, message);
    }
}

TEST_F(JwtAuthenticatorTest, AnUnknownKidRefreshesTheKeysOncePerThirtySeconds)
{
    const QByteArray rotated =
        jwttest::rs256(jwttest::claims(), "rsa-2", jwttest::otherRsa().get());
    AuthResult result = authenticate(bearer(rotated));
    EXPECT_EQ(result.outcome, Outcome::Refused);
    EXPECT_EQ(result.message, "unknown signing key; the gateway is refreshing its keys, retry");
    EXPECT_EQ(log->fetches, 2);

    // Made-up kids while the issuer has not answered: no second fetch.
    for (int i = 0; i < 20; ++i)
        authenticate(bearer(jwttest::rs256(jwttest::claims(), QStringLiteral("made-up-%1").arg(i))),
                     jwttest::nowMs + i);
    EXPECT_EQ(log->fetches, 2);

    // The issuer's new set has the rotated key: the client's retry passes.
    answer(jwttest::jwks(QJsonArray{jwttest::rsaJwk(jwttest::issuerRsa(), "rsa-1"),
                                    jwttest::rsaJwk(jwttest::otherRsa(), "rsa-2")}));
    result = authenticate(bearer(rotated), jwttest::nowMs + 2000);
    EXPECT_EQ(result.outcome, Outcome::Accepted) << result.message.constData();

    // Another unknown kid within 30 s: refused without a fetch, and told so.
    result =
        authenticate(bearer(jwttest::rs256(jwttest::claims(), "rsa-3")), jwttest::nowMs + 3000);
    EXPECT_EQ(result.outcome, Outcome::Refused);
    EXPECT_EQ(result.message,
              "unknown signing key: no key of the issuer's key set has the token's kid");
    EXPECT_EQ(log->fetches, 2);
    // 30 s after the refresh, a miss may fetch again.
    result =
        authenticate(bearer(jwttest::rs256(jwttest::claims(), "rsa-3")), jwttest::nowMs + 30'000);
    EXPECT_EQ(result.message, "unknown signing key; the gateway is refreshing its keys, retry");
    EXPECT_EQ(log->fetches, 3);
}

TEST_F(JwtAuthenticatorTest, RefusesWhileNoKeysAreLoaded)
{
    auto emptyLog = std::make_shared<jwttest::ManualSource::Log>();
    cache = std::make_shared<JwksCache>(std::make_unique<jwttest::ManualSource>(emptyLog),
                                        JwksCache::Options());
    const AuthResult result = authenticate(bearer(jwttest::rs256(jwttest::claims())));
    EXPECT_EQ(result.outcome, Outcome::Refused);
    EXPECT_EQ(result.message,
              "the gateway has not loaded its token signing keys (JWKS) yet; retry shortly");
    EXPECT_EQ(emptyLog->fetches, 1);
}

TEST_F(JwtAuthenticatorTest, AcceptsAnEntraIdAccessToken)
{
    // As Entra ID issues a v2.0 access token for an app registration that exposes an API
    // (accessTokenAcceptedVersion 2): the issuer carries the directory (tenant) id, tid names
    // it, aud is the API's application (client) id (a v1.0 token has the App ID URI,
    // api://..., instead), oid/sub identify the caller, and the header has kid and x5t.
    const QString tenantId = QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47");
    config.issuer = QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tenantId);
    config.audience = QStringLiteral("6e74172b-be56-4843-9ff4-e66a39bb12e3");
    config.tenantClaim = QStringLiteral("tid");
    config.keyClaim = QStringLiteral("azp_key"); // absent: the default key applies
    config.defaultKey = QStringLiteral("team-a");
    const QJsonObject claims{{"aud", "6e74172b-be56-4843-9ff4-e66a39bb12e3"},
                             {"iss", config.issuer},
                             {"iat", double(jwttest::nowSeconds - 300)},
                             {"nbf", double(jwttest::nowSeconds - 300)},
                             {"exp", double(jwttest::nowSeconds + 3600)},
                             {"aio", "AWQAm/8XAAAA"},
                             {"azp", "0c3b8f8e-5a4b-4a39-9c0b-8c1e6c0b2f11"},
                             {"azpacr", "1"},
                             {"name", "Ada Lovelace"},
                             {"oid", "e2bd5c4f-4c1f-4d7e-8a33-5b2d1a0c9f10"},
                             {"preferred_username", "ada@contoso.com"},
                             {"rh", "0.AXEAv4j5cvGGr0GRqy180BHbR..."},
                             {"scp", "access_as_user"},
                             {"sub", "wJ7m9Pq3Xv0lYk2sT8aF1cHdE4bN6rU5oGi"},
                             {"tid", tenantId},
                             {"uti", "zQ2kV1bXq0m6Zt3cJpR8AA"},
                             {"ver", "2.0"}};
    const QByteArray token = jwttest::sign({{"typ", "JWT"},
                                            {"alg", "RS256"},
                                            {"x5t", "nOo3ZDrODXEK1jKWhXslHR_KXEg"},
                                            {"kid", "rsa-1"}},
                                           claims, jwttest::issuerRsa().get());
    const AuthResult result = authenticate(bearer(token));
    ASSERT_EQ(result.outcome, Outcome::Accepted) << result.message.constData();
    EXPECT_EQ(result.principal->tenant, tenantId);
    EXPECT_EQ(result.principal->subject, QStringLiteral("wJ7m9Pq3Xv0lYk2sT8aF1cHdE4bN6rU5oGi"));
    EXPECT_EQ(result.principal->keyName, QStringLiteral("team-a"));

    // A v1.0 token of the same tenant (sts.windows.net issuer, App ID URI audience) is not
    // this configuration's; it has its own issuer and audience.
    QJsonObject v1 = claims;
    v1["iss"] = QStringLiteral("https://sts.windows.net/%1/").arg(tenantId);
    v1["aud"] = "api://switchboard-gateway";
    v1["ver"] = "1.0";
    EXPECT_EQ(authenticate(bearer(jwttest::rs256(v1))).outcome, Outcome::Refused);
    config.issuer = v1["iss"].toString();
    config.audience = QStringLiteral("api://switchboard-gateway");
    const AuthResult v1Result = authenticate(bearer(jwttest::rs256(v1)));
    EXPECT_EQ(v1Result.outcome, Outcome::Accepted) << v1Result.message.constData();
}

TEST(BearerToken, TakesTheSchemeCaseInsensitively)
{
    EXPECT_EQ(bearerToken(withAuthorization("Bearer abc")), QByteArrayView("abc"));
    EXPECT_EQ(bearerToken(withAuthorization("BEARER   abc  ")), QByteArrayView("abc"));
    EXPECT_TRUE(bearerToken(withAuthorization("Bearerabc")).isEmpty());
    EXPECT_TRUE(bearerToken(withAuthorization("Basic abc")).isEmpty());
    EXPECT_TRUE(bearerToken(http::Request()).isEmpty());
}

TEST(MakeJwtAuthenticator, IsNullWithoutAuthJwt)
{
    config::Config config;
    state::SharedState shared;
    EXPECT_EQ(makeJwtAuthenticator(config, shared), nullptr);
}

} // namespace

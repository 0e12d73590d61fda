// Verifying compact JWS tokens (governance/Jwt.h) against a JWKS made in the test: RS256 and
// ES256, the claims' checks at an anchored time, and every refusal the issue names.

#include "governance/Jwt.h"
#include "JwtTestSupport.h"
#include "governance/Jwks.h"

#include <gtest/gtest.h>

using namespace gateway::governance;
using Status = JwtVerdict::Status;

namespace {

class JwtTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto parsed = Jwks::parse(jwttest::issuerJwks());
        ASSERT_TRUE(parsed.ok()) << qPrintable(parsed.error());
        keys = parsed.value();
        policy.issuer = QString::fromLatin1(jwttest::issuer);
        policy.audience = QString::fromLatin1(jwttest::audience);
        policy.clockSkewSeconds = 60;
    }

    JwtVerdict verify(const QByteArray& token, qint64 nowMs = jwttest::nowMs)
    {
        JwtVerdict verdict = verifyJwt(token, keys, policy, nowMs);
        // No refusal quotes the token, whole or in part.
        if (!verdict.valid()) {
            for (const QByteArray& piece : token.split('.')) {
                if (piece.size() > 8) {
                    EXPECT_FALSE(verdict.message.contains(QString::fromLatin1(piece)))
                        << qPrintable(verdict.message);
                }
            }
        }
        return verdict;
    }

    Jwks keys;
    JwtPolicy policy;
};

TEST_F(JwtTest, AcceptsAnRs256Token)
{
    const JwtVerdict verdict = verify(jwttest::rs256(jwttest::claims()));
    ASSERT_TRUE(verdict.valid()) << qPrintable(verdict.message);
    EXPECT_EQ(verdict.claims.value("sub").toString(), QStringLiteral("user-42"));
}

TEST_F(JwtTest, AcceptsAnEs256Token)
{
    const JwtVerdict verdict = verify(jwttest::es256(jwttest::claims()));
    ASSERT_TRUE(verdict.valid()) << qPrintable(verdict.message);
    EXPECT_EQ(verdict.claims.value("sub").toString(), QStringLiteral("user-42"));
}

TEST_F(JwtTest, RefusesAnExpiredTokenBeyondTheSkew)
{
    QJsonObject claims = jwttest::claims();
    claims["exp"] = double(jwttest::nowSeconds - 61);
    const JwtVerdict expired = verify(jwttest::rs256(claims));
    EXPECT_EQ(expired.status, Status::Expired);
    EXPECT_EQ(expired.message, QStringLiteral("the token has expired"));
    // Within clockSkewSeconds it still passes; at exactly exp + skew it no longer does.
    claims["exp"] = double(jwttest::nowSeconds - 59);
    EXPECT_TRUE(verify(jwttest::rs256(claims)).valid());
    claims["exp"] = double(jwttest::nowSeconds - 60);
    EXPECT_EQ(verify(jwttest::rs256(claims)).status, Status::Expired);
}

TEST_F(JwtTest, RefusesATokenWithoutExpiry)
{
    QJsonObject claims = jwttest::claims();
    claims.remove("exp");
    const JwtVerdict verdict = verify(jwttest::es256(claims));
    EXPECT_EQ(verdict.status, Status::Expired);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("no expiry")))
        << qPrintable(verdict.message);
}

TEST_F(JwtTest, RefusesATokenNotYetValid)
{
    QJsonObject claims = jwttest::claims();
    claims["nbf"] = double(jwttest::nowSeconds + 120);
    const JwtVerdict verdict = verify(jwttest::rs256(claims));
    EXPECT_EQ(verdict.status, Status::NotYetValid);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("not valid yet")));
    claims["nbf"] = double(jwttest::nowSeconds + 30); // within the skew
    EXPECT_TRUE(verify(jwttest::rs256(claims)).valid());
}

TEST_F(JwtTest, RefusesAWrongAudienceAndAcceptsAnArrayThatHoldsOurs)
{
    QJsonObject claims = jwttest::claims();
    claims["aud"] = "api://another-app";
    const JwtVerdict verdict = verify(jwttest::rs256(claims));
    EXPECT_EQ(verdict.status, Status::WrongAudience);
    EXPECT_EQ(verdict.message,
              QStringLiteral("the token's audience (aud) does not include \"api://switchboard\""));
    claims["aud"] = QJsonArray{"api://another-app", jwttest::audience};
    EXPECT_TRUE(verify(jwttest::rs256(claims)).valid());
    claims["aud"] = QJsonArray{"api://another-app"};
    EXPECT_EQ(verify(jwttest::rs256(claims)).status, Status::WrongAudience);
    claims.remove("aud");
    EXPECT_EQ(verify(jwttest::rs256(claims)).status, Status::WrongAudience);
}

TEST_F(JwtTest, RefusesAWrongIssuer)
{
    QJsonObject claims = jwttest::claims();
    claims["iss"] = "https://issuer.example.com"; // no trailing slash: not the same string
    const JwtVerdict verdict = verify(jwttest::es256(claims));
    EXPECT_EQ(verdict.status, Status::WrongIssuer);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("issuer (iss)")));
    claims.remove("iss");
    EXPECT_EQ(verify(jwttest::es256(claims)).status, Status::WrongIssuer);
}

TEST_F(JwtTest, RefusesAWrongSignature)
{
    // Signed by another key under the issuer's kid.
    const JwtVerdict forged =
        verify(jwttest::rs256(jwttest::claims(), "rsa-1", jwttest::otherRsa().get()));
    EXPECT_EQ(forged.status, Status::BadSignature);
    EXPECT_EQ(forged.message, QStringLiteral("the token's signature does not verify"));

    // A valid token whose claims were changed after signing.
    const QByteArray token = jwttest::rs256(jwttest::claims());
    QList<QByteArray> parts = token.split('.');
    QJsonObject claims = jwttest::claims();
    claims["sub"] = "admin";
    parts[1] = jwttest::part(claims);
    EXPECT_EQ(verify(parts.join('.')).status, Status::BadSignature);

    // An ES256 token from another EC key.
    const jwttest::Key other = jwttest::ecKey();
    EXPECT_EQ(verify(jwttest::es256(jwttest::claims(), "ec-1", other.get())).status,
              Status::BadSignature);
}

TEST_F(JwtTest, RefusesAnEs256SignatureThatIsNot64Bytes)
{
    // DER, as OpenSSL makes it, instead of JOSE's r || s.
    const QByteArray input =
        jwttest::part({{"alg", "ES256"}, {"kid", "ec-1"}}) + '.' + jwttest::part(jwttest::claims());
    const QByteArray der = jwttest::signWith(jwttest::issuerEc().get(), input);
    const JwtVerdict verdict = verify(input + '.' + jwttest::b64(der));
    EXPECT_EQ(verdict.status, Status::BadSignature);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("not 64 bytes")));
}

TEST_F(JwtTest, ReportsAnUnknownKid)
{
    const JwtVerdict verdict = verify(jwttest::rs256(jwttest::claims(), "rotated-2"));
    EXPECT_EQ(verdict.status, Status::UnknownKey);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("unknown signing key")));
}

TEST_F(JwtTest, RefusesAlgNone)
{
    const QByteArray unsigned_ = jwttest::part({{"alg", "none"}, {"typ", "JWT"}}) + '.' +
                                 jwttest::part(jwttest::claims()) + '.';
    ASSERT_TRUE(looksLikeJwt(unsigned_));
    const JwtVerdict verdict = verify(unsigned_);
    EXPECT_EQ(verdict.status, Status::Unsupported);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("alg \"none\"")))
        << qPrintable(verdict.message);
    // With the issuer's kid and something in the signature's place, and in other cases.
    for (const char* alg : {"none", "None", "NONE"}) {
        const QByteArray token = jwttest::part({{"alg", alg}, {"kid", "rsa-1"}}) + '.' +
                                 jwttest::part(jwttest::claims()) + ".c2lnbmF0dXJl";
        EXPECT_EQ(verify(token).status, Status::Unsupported) << alg;
    }
}

TEST_F(JwtTest, RefusesHs256SignedWithThePublicKeyAsSecret)
{
    const JwtVerdict verdict = verify(jwttest::hs256WithPublicKey(jwttest::claims()));
    EXPECT_EQ(verdict.status, Status::Unsupported);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("shared secret (\"HS256\")")))
        << qPrintable(verdict.message);
    for (const char* alg : {"HS384", "HS512", "RS384", "PS256", "ES384", "EdDSA"}) {
        const QByteArray token = jwttest::part({{"alg", alg}, {"kid", "rsa-1"}}) + '.' +
                                 jwttest::part(jwttest::claims()) + ".c2lnbmF0dXJl";
        EXPECT_EQ(verify(token).status, Status::Unsupported) << alg;
    }
}

TEST_F(JwtTest, RefusesAKeyOfTheWrongTypeForTheAlg)
{
    // RS256 naming the EC key: the RSA signature is never tried against it.
    const JwtVerdict verdict = verify(jwttest::rs256(jwttest::claims(), "ec-1"));
    EXPECT_EQ(verdict.status, Status::KeyMismatch);
    EXPECT_TRUE(verdict.message.contains(QLatin1String("does not fit")))
        << qPrintable(verdict.message);
    EXPECT_EQ(verify(jwttest::es256(jwttest::claims(), "rsa-1")).status, Status::KeyMismatch);

    // A JWK that names its alg binds the key to it.
    QJsonObject jwk = jwttest::rsaJwk(jwttest::issuerRsa(), "rsa-ps");
    jwk["alg"] = "PS256";
    auto pinned = Jwks::parse(jwttest::jwks(QJsonArray{jwk}));
    ASSERT_TRUE(pinned.ok()) << qPrintable(pinned.error());
    EXPECT_EQ(verifyJwt(jwttest::rs256(jwttest::claims(), "rsa-ps"), pinned.value(), policy,
                        jwttest::nowMs)
                  .status,
              Status::KeyMismatch);
}

TEST_F(JwtTest, UsesTheOneKeyWithoutKidForATokenWithoutKid)
{
    QJsonObject jwk = jwttest::rsaJwk(jwttest::issuerRsa(), QString());
    jwk.remove("kid");
    auto single = Jwks::parse(jwttest::jwks(QJsonArray{jwk}));
    ASSERT_TRUE(single.ok()) << qPrintable(single.error());
    const QByteArray token =
        jwttest::sign({{"alg", "RS256"}}, jwttest::claims(), jwttest::issuerRsa().get());
    EXPECT_TRUE(verifyJwt(token, single.value(), policy, jwttest::nowMs).valid());
    // The issuer's set has no key without kid: nothing to pick.
    EXPECT_EQ(verify(token).status, Status::UnknownKey);
}

TEST_F(JwtTest, RefusesMalformedTokens)
{
    const QByteArray good = jwttest::rs256(jwttest::claims());
    const QList<QByteArray> parts = good.split('.');
    EXPECT_EQ(verify(parts[0] + "=." + parts[1] + '.' + parts[2]).status, Status::Malformed);
    EXPECT_EQ(verify(parts[0] + '.' + parts[1]).status, Status::Malformed);
    EXPECT_EQ(verify(good + ".x.y").status, Status::Malformed); // JWE's five parts
    EXPECT_EQ(verify(jwttest::b64("[1,2]") + '.' + parts[1] + '.' + parts[2]).status,
              Status::Malformed);
    EXPECT_EQ(verify(parts[0] + '.' + jwttest::b64("not json") + '.' + parts[2]).status,
              Status::Malformed);
    // A header with "crit" (RFC 7515 section 4.1.11).
    const QByteArray crit =
        jwttest::sign({{"alg", "RS256"}, {"kid", "rsa-1"}, {"crit", QJsonArray{"b64"}}},
                      jwttest::claims(), jwttest::issuerRsa().get());
    EXPECT_EQ(verify(crit).status, Status::Malformed);
    // Over 16 KiB: refused before decoding.
    QJsonObject big = jwttest::claims();
    big["padding"] = QString(17 * 1024, QLatin1Char('x'));
    const JwtVerdict tooLong = verify(jwttest::rs256(big));
    EXPECT_EQ(tooLong.status, Status::Malformed);
    EXPECT_TRUE(tooLong.message.contains(QLatin1String("longer than 16384 bytes")));
}

TEST(Base64Url, IsStrict)
{
    EXPECT_EQ(decodeBase64Url("QQ"), QByteArray("A"));
    EXPECT_EQ(decodeBase64Url("QUI"), QByteArray("AB"));
    EXPECT_EQ(decodeBase64Url("QUJD"), QByteArray("ABC"));
    EXPECT_EQ(decodeBase64Url(""), QByteArray());
    EXPECT_EQ(decodeBase64Url("-_8"), QByteArray("\xfb\xff", 2));
    EXPECT_FALSE(decodeBase64Url("QQ==")); // padding
    EXPECT_FALSE(decodeBase64Url("+/8"));  // base64, not base64url
    EXPECT_FALSE(decodeBase64Url("Q"));    // no byte in one character
    EXPECT_FALSE(decodeBase64Url("QR"));   // non-zero trailing bits: a second spelling of "A"
    EXPECT_FALSE(decodeBase64Url("QU J")); // whitespace
}

TEST(LooksLikeJwt, TellsTokensFromKeys)
{
    EXPECT_TRUE(looksLikeJwt("eyJh.eyJz.c2ln"));
    EXPECT_TRUE(looksLikeJwt("eyJh.eyJz."));
    EXPECT_FALSE(looksLikeJwt("sk-sb-AbCdEf0123456789"));
    EXPECT_FALSE(looksLikeJwt("eyJh.eyJz"));
    EXPECT_FALSE(looksLikeJwt(".eyJz.c2ln"));
    EXPECT_FALSE(looksLikeJwt("eyJh..c2ln"));
    EXPECT_FALSE(looksLikeJwt("eyJh.eyJz.c2ln.x.y"));
    EXPECT_FALSE(looksLikeJwt("ey Jh.eyJz.c2ln"));
}

} // namespace

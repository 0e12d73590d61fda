// Parsing a JWKS document (governance/Jwks.h): the keys RS256 and ES256 verify with, what is
// skipped, and bad documents refused with errors that say what is wrong and where.

#include "governance/Jwks.h"
#include "JwtTestSupport.h"

#include <openssl/evp.h>

#include <gtest/gtest.h>

using namespace gateway::governance;

namespace {

QString parseError(const QByteArray& document)
{
    const auto parsed = Jwks::parse(document);
    EXPECT_FALSE(parsed.ok()) << document.left(200).constData();
    return parsed.ok() ? QString() : parsed.error();
}

TEST(Jwks, ParsesRsaAndEcKeysByKid)
{
    const auto parsed = Jwks::parse(jwttest::issuerJwks());
    ASSERT_TRUE(parsed.ok()) << qPrintable(parsed.error());
    const Jwks& jwks = parsed.value();
    ASSERT_EQ(jwks.keys().size(), 2u);
    const Jwk* rsa = jwks.find(QStringLiteral("rsa-1"));
    ASSERT_NE(rsa, nullptr);
    EXPECT_EQ(rsa->type, Jwk::Type::Rsa);
    EXPECT_EQ(EVP_PKEY_get_bits(rsa->key.get()), 2048);
    // The parsed key is the issuer's public key.
    EXPECT_EQ(EVP_PKEY_eq(rsa->key.get(), jwttest::issuerRsa().get()), 1);
    const Jwk* ec = jwks.find(QStringLiteral("ec-1"));
    ASSERT_NE(ec, nullptr);
    EXPECT_EQ(ec->type, Jwk::Type::EcP256);
    EXPECT_EQ(EVP_PKEY_eq(ec->key.get(), jwttest::issuerEc().get()), 1);
    EXPECT_EQ(jwks.find(QStringLiteral("other")), nullptr);
}

TEST(Jwks, SkipsEncryptionKeysOtherTypesAndOtherCurves)
{
    QJsonObject encryption = jwttest::rsaJwk(jwttest::otherRsa(), "enc-1");
    encryption["use"] = "enc";
    QJsonObject wrapOnly = jwttest::rsaJwk(jwttest::otherRsa(), "wrap-1");
    wrapOnly.remove("use");
    wrapOnly["key_ops"] = QJsonArray{"wrapKey"};
    // A symmetric key in a JWKS: never an HMAC secret for a token.
    const QJsonObject symmetric{{"kty", "oct"}, {"kid", "hmac-1"}, {"k", "c2VjcmV0"}};
    const QJsonObject p384{
        {"kty", "EC"}, {"crv", "P-384"}, {"kid", "p384"}, {"x", "AA"}, {"y", "AA"}};
    const QJsonObject okp{{"kty", "OKP"}, {"crv", "Ed25519"}, {"kid", "ed"}, {"x", "AA"}};
    const auto parsed =
        Jwks::parse(jwttest::jwks(QJsonArray{encryption, wrapOnly, symmetric, p384, okp,
                                             jwttest::rsaJwk(jwttest::issuerRsa(), "rsa-1")}));
    ASSERT_TRUE(parsed.ok()) << qPrintable(parsed.error());
    ASSERT_EQ(parsed.value().keys().size(), 1u);
    EXPECT_NE(parsed.value().find(QStringLiteral("rsa-1")), nullptr);
    EXPECT_EQ(parsed.value().find(QStringLiteral("hmac-1")), nullptr);
}

TEST(Jwks, RefusesDocumentsThatAreNotAKeySet)
{
    EXPECT_TRUE(parseError("{\"keys\": [").startsWith(QLatin1String("the JWKS is not JSON")));
    EXPECT_EQ(parseError("[]"), QStringLiteral("the JWKS is not a JSON object"));
    EXPECT_EQ(parseError("{\"key\": []}"), QStringLiteral("the JWKS has no \"keys\" array"));
    EXPECT_EQ(parseError("{\"keys\": []}"),
              QStringLiteral("the JWKS has no RSA or P-256 signing key (kty \"RSA\" or \"EC\")"));
    EXPECT_EQ(parseError("{\"keys\": [42]}"), QStringLiteral("keys[0]: not a JSON object"));
}

TEST(Jwks, RefusesOversizedDocumentsAndTooManyKeys)
{
    QByteArray big = "{\"keys\":[],\"pad\":\"" + QByteArray(maxJwksBytes, 'x') + "\"}";
    EXPECT_EQ(parseError(big), QStringLiteral("the JWKS is larger than 1048576 bytes"));
    QJsonArray many;
    for (int i = 0; i <= maxJwksKeys; ++i)
        many.append(QJsonObject{{"kty", "oct"}, {"kid", QString::number(i)}});
    EXPECT_EQ(parseError(jwttest::jwks(many)),
              QStringLiteral("the JWKS has 101 keys; at most 100 are accepted"));
}

TEST(Jwks, RefusesMalformedKeysNamingThem)
{
    QJsonObject rsa = jwttest::rsaJwk(jwttest::issuerRsa(), "rsa-1");
    rsa["n"] = "not base64url!";
    EXPECT_EQ(parseError(jwttest::jwks(QJsonArray{rsa})),
              QStringLiteral("keys[0] (kid \"rsa-1\"): \"n\" is not base64url"));
    rsa.remove("n");
    EXPECT_EQ(parseError(jwttest::jwks(QJsonArray{rsa})),
              QStringLiteral("keys[0] (kid \"rsa-1\"): \"n\" is missing or not a string"));

    const jwttest::Key small = jwttest::rsaKey(1024);
    EXPECT_EQ(parseError(jwttest::jwks(QJsonArray{jwttest::rsaJwk(small, "old")})),
              QStringLiteral("keys[0] (kid \"old\"): an RSA modulus of 1024 bits (2048 to 8192 "
                             "are accepted)"));
    rsa = jwttest::rsaJwk(jwttest::issuerRsa(), "even");
    rsa["e"] = jwttest::b64(QByteArray("\x01\x00", 2)).constData();
    EXPECT_EQ(parseError(jwttest::jwks(QJsonArray{rsa})),
              QStringLiteral("keys[0] (kid \"even\"): \"e\" is not an RSA public exponent"));

    QJsonObject ec = jwttest::ecJwk(jwttest::issuerEc(), "ec-1");
    ec["x"] = QString::fromLatin1(jwttest::b64(QByteArray(31, '\x01')));
    EXPECT_EQ(parseError(jwttest::jwks(QJsonArray{ec})),
              QStringLiteral("keys[0] (kid \"ec-1\"): \"x\" and \"y\" must be 32 bytes each"));
    ec = jwttest::ecJwk(jwttest::issuerEc(), "ec-1");
    ec["y"] = QString::fromLatin1(jwttest::b64(QByteArray(32, '\x01'))); // off the curve
    EXPECT_EQ(parseError(jwttest::jwks(QJsonArray{ec})),
              QStringLiteral("keys[0] (kid \"ec-1\"): the point (x, y) is not on P-256"));

    EXPECT_EQ(parseError(jwttest::jwks(QJsonArray{jwttest::rsaJwk(jwttest::issuerRsa(), "k"),
                                                  jwttest::ecJwk(jwttest::issuerEc(), "k")})),
              QStringLiteral("keys[1] (kid \"k\"): another key has this kid"));
}

} // namespace

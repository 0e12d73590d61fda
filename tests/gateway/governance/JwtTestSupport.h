#pragma once

// Keys, JWKS documents and signed tokens made in the test with OpenSSL (nothing is read from
// files or committed): an issuer as the gateway sees one.

#include "governance/JwksCache.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <deque>
#include <memory>

namespace jwttest {

using Key = std::shared_ptr<EVP_PKEY>;

inline QByteArray b64(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

inline QByteArray bnBytes(EVP_PKEY* key, const char* name)
{
    BIGNUM* n = nullptr;
    EVP_PKEY_get_bn_param(key, name, &n);
    QByteArray out(BN_num_bytes(n), Qt::Uninitialized);
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(n);
    return out;
}

inline QByteArray bnPadded(EVP_PKEY* key, const char* name, int size)
{
    BIGNUM* n = nullptr;
    EVP_PKEY_get_bn_param(key, name, &n);
    QByteArray out(size, Qt::Uninitialized);
    BN_bn2binpad(n, reinterpret_cast<unsigned char*>(out.data()), size);
    BN_free(n);
    return out;
}

// Key generation is slow for RSA: each test binary makes its keys once.
inline Key rsaKey(int bits = 2048)
{
    return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(bits)), EVP_PKEY_free);
}
inline const Key& issuerRsa()
{
    static const Key key = rsaKey();
    return key;
}
inline const Key& otherRsa()
{
    static const Key key = rsaKey();
    return key;
}
inline Key ecKey()
{
    return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
}
inline const Key& issuerEc()
{
    static const Key key = ecKey();
    return key;
}

inline QJsonObject rsaJwk(const Key& key, const QString& kid)
{
    return QJsonObject{{"kty", "RSA"},
                       {"use", "sig"},
                       {"kid", kid},
                       {"n", QString::fromLatin1(b64(bnBytes(key.get(), OSSL_PKEY_PARAM_RSA_N)))},
                       {"e", QString::fromLatin1(b64(bnBytes(key.get(), OSSL_PKEY_PARAM_RSA_E)))}};
}

inline QJsonObject ecJwk(const Key& key, const QString& kid)
{
    return QJsonObject{
        {"kty", "EC"},
        {"crv", "P-256"},
        {"kid", kid},
        {"x", QString::fromLatin1(b64(bnPadded(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)))},
        {"y", QString::fromLatin1(b64(bnPadded(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)))}};
}

inline QByteArray jwks(const QJsonArray& keys)
{
    return QJsonDocument(QJsonObject{{"keys", keys}}).toJson(QJsonDocument::Compact);
}

// The issuer's usual document: an RSA key "rsa-1" and an EC key "ec-1".
inline QByteArray issuerJwks()
{
    return jwks(QJsonArray{rsaJwk(issuerRsa(), "rsa-1"), ecJwk(issuerEc(), "ec-1")});
}

inline QByteArray signWith(EVP_PKEY* key, const QByteArray& input)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t length = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                   size_t(input.size()));
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.data()), size_t(input.size()));
    signature.resize(qsizetype(length));
    EVP_MD_CTX_free(ctx);
    return signature;
}

// ECDSA's DER signature as JOSE writes it: r || s, 32 bytes each.
inline QByteArray derToJose(const QByteArray& der)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(der.constData());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &bytes, long(der.size()));
    QByteArray out(64, Qt::Uninitialized);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), reinterpret_cast<unsigned char*>(out.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), reinterpret_cast<unsigned char*>(out.data()) + 32, 32);
    ECDSA_SIG_free(sig);
    return out;
}

inline QByteArray part(const QJsonObject& object)
{
    return b64(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A compact JWS over header and claims: RS256 or ES256 with key, as alg says.
inline QByteArray sign(const QJsonObject& header, const QJsonObject& claims, EVP_PKEY* key)
{
    const QByteArray input = part(header) + '.' + part(claims);
    QByteArray signature = signWith(key, input);
    if (header.value("alg").toString() == QLatin1String("ES256"))
        signature = derToJose(signature);
    return input + '.' + b64(signature);
}

inline QByteArray rs256(const QJsonObject& claims, const QString& kid = "rsa-1",
                        EVP_PKEY* key = issuerRsa().get())
{
    return sign({{"alg", "RS256"}, {"typ", "JWT"}, {"kid", kid}}, claims, key);
}

inline QByteArray es256(const QJsonObject& claims, const QString& kid = "ec-1",
                        EVP_PKEY* key = issuerEc().get())
{
    return sign({{"alg", "ES256"}, {"typ", "JWT"}, {"kid", kid}}, claims, key);
}

inline QByteArray publicKeyPem(EVP_PKEY* key)
{
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, length);
    BIO_free(bio);
    return pem;
}

// The classic confusion attack: HS256 with the issuer's public key (PEM) as the HMAC secret,
// which anyone can compute, in the hope that the verifier feeds its "key" to HMAC.
inline QByteArray hs256WithPublicKey(const QJsonObject& claims, const QString& kid = "rsa-1")
{
    const QByteArray input =
        part({{"alg", "HS256"}, {"typ", "JWT"}, {"kid", kid}}) + '.' + part(claims);
    const QByteArray secret = publicKeyPem(issuerRsa().get());
    unsigned char mac[32];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.constData(), int(secret.size()),
         reinterpret_cast<const unsigned char*>(input.constData()), size_t(input.size()), mac,
         &length);
    return input + '.' + b64(QByteArray(reinterpret_cast<const char*>(mac), int(length)));
}

// 2026-12-01T12:00:00Z: the tests' "now", in ms and in JWT seconds.
inline constexpr qint64 nowSeconds = 1'796'126'400;
inline constexpr qint64 nowMs = nowSeconds * 1000;

inline constexpr char issuer[] = "https://issuer.example.com/";
inline constexpr char audience[] = "api://switchboard";

// Valid claims at nowSeconds: issued a minute ago, valid for an hour.
inline QJsonObject claims()
{
    return QJsonObject{{"iss", issuer},
                       {"aud", audience},
                       {"sub", "user-42"},
                       {"iat", double(nowSeconds - 60)},
                       {"nbf", double(nowSeconds - 60)},
                       {"exp", double(nowSeconds + 3600)}};
}

// A JWKS source that records each fetch; the test answers them in order, when it wants.
struct ManualSource : gateway::governance::JwksSource
{
    struct Log
    {
        std::deque<Done> pending;
        int fetches = 0;
    };
    explicit ManualSource(std::shared_ptr<Log> log) : log(std::move(log)) {}
    void fetch(Done done) override
    {
        ++log->fetches;
        log->pending.push_back(std::move(done));
    }
    QString describe() const override { return QStringLiteral("manual"); }
    std::shared_ptr<Log> log;
};

} // namespace jwttest

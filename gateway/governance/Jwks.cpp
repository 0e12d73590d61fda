#include "governance/Jwks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <array>

namespace gateway::governance {

std::optional<QByteArray> decodeBase64Url(QByteArrayView text)
{
    static const std::array<signed char, 256> values = [] {
        std::array<signed char, 256> v{};
        v.fill(-1);
        const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < 64; ++i)
            v[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
        return v;
    }();
    // A remainder of one character cannot encode a byte (RFC 4648 section 4).
    if (text.size() % 4 == 1)
        return std::nullopt;
    QByteArray out;
    out.reserve(text.size() * 3 / 4);
    quint32 bits = 0;
    int count = 0;
    for (const char c : text) {
        const int value = values[static_cast<unsigned char>(c)];
        if (value < 0)
            return std::nullopt;
        bits = (bits << 6) | quint32(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.append(char((bits >> count) & 0xff));
        }
    }
    // The bits left over must be zero: otherwise two texts decode to the same bytes, and a
    // signature check over "the same" token would not be over the same characters.
    if ((bits & ((1u << count) - 1)) != 0)
        return std::nullopt;
    return out;
}

namespace {

using PKey = std::shared_ptr<EVP_PKEY>;

struct Owned
{
    OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM* params = nullptr;
    EVP_PKEY_CTX* ctx = nullptr;
    std::vector<BIGNUM*> numbers;
    ~Owned()
    {
        for (BIGNUM* n : numbers)
            BN_free(n);
        OSSL_PARAM_free(params);
        OSSL_PARAM_BLD_free(builder);
        EVP_PKEY_CTX_free(ctx);
    }
    BIGNUM* number(const QByteArray& bigEndian)
    {
        BIGNUM* n = BN_bin2bn(reinterpret_cast<const unsigned char*>(bigEndian.constData()),
                              int(bigEndian.size()), nullptr);
        numbers.push_back(n);
        return n;
    }
};

// A public key from OSSL_PARAMs (OpenSSL 3's way; the RSA_/EC_KEY setters are deprecated).
Result<PKey> fromData(Owned& owned, const char* type)
{
    owned.params = OSSL_PARAM_BLD_to_param(owned.builder);
    owned.ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
    EVP_PKEY* key = nullptr;
    if (!owned.params || !owned.ctx || EVP_PKEY_fromdata_init(owned.ctx) != 1 ||
        EVP_PKEY_fromdata(owned.ctx, &key, EVP_PKEY_PUBLIC_KEY, owned.params) != 1) {
        ERR_clear_error();
        return Result<PKey>::failure(QStringLiteral("OpenSSL does not accept it as a key"));
    }
    return PKey(key, EVP_PKEY_free);
}

Result<QByteArray> member(const QJsonObject& jwk, const char* name)
{
    const QJsonValue value = jwk.value(QLatin1String(name));
    if (!value.isString())
        return Result<QByteArray>::failure(
            QStringLiteral("\"%1\" is missing or not a string").arg(QLatin1String(name)));
    const std::optional<QByteArray> bytes = decodeBase64Url(value.toString().toLatin1());
    if (!bytes || bytes->isEmpty())
        return Result<QByteArray>::failure(
            QStringLiteral("\"%1\" is not base64url").arg(QLatin1String(name)));
    return *bytes;
}

Result<PKey> rsaKey(const QJsonObject& jwk)
{
    const Result<QByteArray> n = member(jwk, "n");
    if (!n)
        return Result<PKey>::failure(n.error());
    const Result<QByteArray> e = member(jwk, "e");
    if (!e)
        return Result<PKey>::failure(e.error());
    // Bounds before OpenSSL sees them: a 2048-bit key is the least NIST and RFC 7518 (section
    // 3.3) allow; past 8192 bits a verification costs more than a request is worth. The
    // exponent is odd and small (65537 in practice).
    Owned owned;
    BIGNUM* modulus = owned.number(n.value());
    const int bits = modulus ? BN_num_bits(modulus) : 0;
    if (bits < 2048 || bits > 8192)
        return Result<PKey>::failure(
            QStringLiteral("an RSA modulus of %1 bits (2048 to 8192 are accepted)").arg(bits));
    const QByteArray& exponent = e.value();
    if (exponent.size() > 8 || (exponent.back() & 1) == 0 ||
        (exponent.size() == 1 && quint8(exponent.at(0)) < 3))
        return Result<PKey>::failure(QStringLiteral("\"e\" is not an RSA public exponent"));
    if (OSSL_PARAM_BLD_push_BN(owned.builder, OSSL_PKEY_PARAM_RSA_N, modulus) != 1 ||
        OSSL_PARAM_BLD_push_BN(owned.builder, OSSL_PKEY_PARAM_RSA_E, owned.number(exponent)) != 1)
        return Result<PKey>::failure(QStringLiteral("out of memory"));
    return fromData(owned, "RSA");
}

Result<PKey> ecKey(const QJsonObject& jwk)
{
    const Result<QByteArray> x = member(jwk, "x");
    if (!x)
        return Result<PKey>::failure(x.error());
    const Result<QByteArray> y = member(jwk, "y");
    if (!y)
        return Result<PKey>::failure(y.error());
    // RFC 7518 section 6.2.1.2: the full size of a coordinate, 32 bytes on P-256.
    if (x.value().size() != 32 || y.value().size() != 32)
        return Result<PKey>::failure(QStringLiteral("\"x\" and \"y\" must be 32 bytes each"));
    QByteArray point = QByteArray(1, '\x04') + x.value() + y.value(); // uncompressed (SEC 1)
    Owned owned;
    if (OSSL_PARAM_BLD_push_utf8_string(owned.builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1",
                                        0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(owned.builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         size_t(point.size())) != 1)
        return Result<PKey>::failure(QStringLiteral("out of memory"));
    Result<PKey> key = fromData(owned, "EC");
    if (!key)
        return Result<PKey>::failure(QStringLiteral("the point (x, y) is not on P-256"));
    // A point off the curve would not verify anything, but say so now rather than at every
    // token.
    EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, key.value().get(), nullptr);
    const bool valid = check && EVP_PKEY_public_check(check) == 1;
    EVP_PKEY_CTX_free(check);
    ERR_clear_error();
    if (!valid)
        return Result<PKey>::failure(QStringLiteral("the point (x, y) is not on P-256"));
    return key;
}

// Whether a key is meant for verifying signatures (RFC 7517 sections 4.2 and 4.3).
bool forSignatures(const QJsonObject& jwk)
{
    if (jwk.contains(QLatin1String("use")) &&
        jwk.value(QLatin1String("use")).toString() != QLatin1String("sig"))
        return false;
    if (jwk.contains(QLatin1String("key_ops")))
        return jwk.value(QLatin1String("key_ops")).toArray().contains(QLatin1String("verify"));
    return true;
}

} // namespace

Result<Jwks> Jwks::parse(QByteArrayView json)
{
    using R = Result<Jwks>;
    if (json.size() > maxJwksBytes)
        return R::failure(QStringLiteral("the JWKS is larger than %1 bytes").arg(maxJwksBytes));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError)
        return R::failure(QStringLiteral("the JWKS is not JSON: %1 at offset %2")
                              .arg(error.errorString())
                              .arg(error.offset));
    if (!document.isObject())
        return R::failure(QStringLiteral("the JWKS is not a JSON object"));
    const QJsonValue keysValue = document.object().value(QLatin1String("keys"));
    if (!keysValue.isArray())
        return R::failure(QStringLiteral("the JWKS has no \"keys\" array"));
    const QJsonArray keys = keysValue.toArray();
    if (keys.size() > maxJwksKeys)
        return R::failure(QStringLiteral("the JWKS has %1 keys; at most %2 are accepted")
                              .arg(keys.size())
                              .arg(maxJwksKeys));
    Jwks jwks;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QJsonObject object = keys.at(i).toObject();
        const QString kid = object.value(QLatin1String("kid")).toString();
        const QString where =
            kid.isEmpty() ? QStringLiteral("keys[%1]").arg(i)
                          : QStringLiteral("keys[%1] (kid \"%2\")").arg(i).arg(kid.left(64));
        if (!keys.at(i).isObject())
            return R::failure(QStringLiteral("%1: not a JSON object").arg(where));
        if (object.contains(QLatin1String("kid")) && !object.value(QLatin1String("kid")).isString())
            return R::failure(QStringLiteral("%1: \"kid\" is not a string").arg(where));
        if (!forSignatures(object))
            continue;
        const QString kty = object.value(QLatin1String("kty")).toString();
        Jwk jwk;
        jwk.kid = kid;
        jwk.alg = object.value(QLatin1String("alg")).toString();
        Result<PKey> key = Result<PKey>::failure(QString());
        if (kty == QLatin1String("RSA")) {
            jwk.type = Jwk::Type::Rsa;
            key = rsaKey(object);
        } else if (kty == QLatin1String("EC") &&
                   object.value(QLatin1String("crv")).toString() == QLatin1String("P-256")) {
            jwk.type = Jwk::Type::EcP256;
            key = ecKey(object);
        } else {
            continue; // another key type or curve: not one RS256 or ES256 verifies with
        }
        if (!key)
            return R::failure(QStringLiteral("%1: %2").arg(where, key.error()));
        jwk.key = std::move(key.value());
        if (!kid.isEmpty()) {
            if (jwks.m_byKid.contains(kid))
                return R::failure(QStringLiteral("%1: another key has this kid").arg(where));
            jwks.m_byKid.insert(kid, qsizetype(jwks.m_keys.size()));
        }
        jwks.m_keys.push_back(std::move(jwk));
    }
    if (jwks.m_keys.empty())
        return R::failure(
            QStringLiteral("the JWKS has no RSA or P-256 signing key (kty \"RSA\" or \"EC\")"));
    return jwks;
}

const Jwk* Jwks::find(const QString& kid) const
{
    const auto it = m_byKid.constFind(kid);
    return it == m_byKid.constEnd() ? nullptr : &m_keys[size_t(*it)];
}

std::vector<const Jwk*> Jwks::withoutKid() const
{
    std::vector<const Jwk*> found;
    for (const Jwk& key : m_keys)
        if (key.kid.isEmpty())
            found.push_back(&key);
    return found;
}

} // namespace gateway::governance

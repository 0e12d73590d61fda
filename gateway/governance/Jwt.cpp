#include "governance/Jwt.h"

#include "governance/Jwks.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <memory>

namespace gateway::governance {

namespace {

using Status = JwtVerdict::Status;

JwtVerdict refusal(Status status, QString message)
{
    JwtVerdict verdict;
    verdict.status = status;
    verdict.message = std::move(message);
    return verdict;
}

bool isBase64UrlPart(QByteArrayView part)
{
    if (part.isEmpty())
        return false;
    for (const char c : part)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    return true;
}

Result<QJsonObject> jsonPart(QByteArrayView part, const char* what)
{
    const std::optional<QByteArray> bytes = decodeBase64Url(part);
    if (!bytes)
        return Result<QJsonObject>::failure(
            QStringLiteral("its %1 is not base64url").arg(QLatin1String(what)));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Result<QJsonObject>::failure(
            QStringLiteral("its %1 is not a JSON object").arg(QLatin1String(what)));
    return document.object();
}

// An alg from the header, quoted only when it is a plain short name (never arbitrary bytes
// of the token).
QString quotedAlg(const QString& alg)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9+-]{1,16}$"));
    return plain.match(alg).hasMatch() ? QStringLiteral(" (\"%1\")").arg(alg) : QString();
}

// JOSE writes an ECDSA signature as r || s, 32 bytes each on P-256 (RFC 7518 section 3.4);
// OpenSSL verifies the DER form (SEQUENCE of two INTEGERs).
QByteArray joseToDer(const QByteArray& raw)
{
    ECDSA_SIG* signature = ECDSA_SIG_new();
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.constData()), 32, nullptr);
    BIGNUM* s =
        BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.constData()) + 32, 32, nullptr);
    QByteArray der;
    if (signature && r && s && ECDSA_SIG_set0(signature, r, s) == 1) {
        r = s = nullptr; // owned by signature now
        unsigned char* out = nullptr;
        const int length = i2d_ECDSA_SIG(signature, &out);
        if (length > 0)
            der = QByteArray(reinterpret_cast<const char*>(out), length);
        OPENSSL_free(out);
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(signature);
    return der;
}

bool signatureVerifies(EVP_PKEY* key, QByteArrayView signingInput, const QByteArray& signature)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
    // An RSA key's default padding is PKCS #1 v1.5, which is what RS256 is.
    const bool verified =
        context && EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
        EVP_DigestVerify(
            context.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
            size_t(signature.size()), reinterpret_cast<const unsigned char*>(signingInput.data()),
            size_t(signingInput.size())) == 1;
    ERR_clear_error();
    return verified;
}

// aud is a string or an array of strings (RFC 7519 section 4.1.3).
bool audienceContains(const QJsonValue& aud, const QString& audience)
{
    if (aud.isString())
        return aud.toString() == audience;
    if (!aud.isArray())
        return false;
    for (const QJsonValue& value : aud.toArray())
        if (value.isString() && value.toString() == audience)
            return true;
    return false;
}

} // namespace

bool looksLikeJwt(QByteArrayView token)
{
    const qsizetype first = token.indexOf('.');
    if (first < 0)
        return false;
    const qsizetype second = token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0)
        return false;
    // The signature may be empty: an unsigned token (alg "none") is still a JWT, and is
    // refused as one rather than passed on as some other kind of key.
    const QByteArrayView signature = token.sliced(second + 1);
    return isBase64UrlPart(token.first(first)) &&
           isBase64UrlPart(token.sliced(first + 1, second - first - 1)) &&
           (signature.isEmpty() || isBase64UrlPart(signature));
}

Result<DecodedJwt> decodeJwt(QByteArrayView token)
{
    using R = Result<DecodedJwt>;
    if (token.size() > maxJwtBytes)
        return R::failure(QStringLiteral("the token is longer than %1 bytes").arg(maxJwtBytes));
    if (!looksLikeJwt(token))
        return R::failure(QStringLiteral("the token is not a signed JWT (three base64url parts "
                                         "separated by dots)"));
    const qsizetype first = token.indexOf('.');
    const qsizetype second = token.indexOf('.', first + 1);
    const Result<QJsonObject> header = jsonPart(token.first(first), "header");
    if (!header)
        return R::failure(QStringLiteral("the token is not a JWT: ") + header.error());
    const Result<QJsonObject> claims =
        jsonPart(token.sliced(first + 1, second - first - 1), "claims part");
    if (!claims)
        return R::failure(QStringLiteral("the token is not a JWT: ") + claims.error());
    const std::optional<QByteArray> signature = decodeBase64Url(token.sliced(second + 1));
    if (!signature)
        return R::failure(QStringLiteral("the token is not a JWT: its signature is not base64url"));

    DecodedJwt jwt;
    jwt.signingInput = token.first(second);
    jwt.signature = *signature;
    const QJsonObject& h = header.value();
    if (!h.value(QLatin1String("alg")).isString())
        return R::failure(QStringLiteral("the token's header has no \"alg\""));
    jwt.alg = h.value(QLatin1String("alg")).toString();
    if (h.contains(QLatin1String("kid")) && !h.value(QLatin1String("kid")).isString())
        return R::failure(QStringLiteral("the token's \"kid\" is not a string"));
    jwt.kid = h.value(QLatin1String("kid")).toString();
    jwt.typ = h.value(QLatin1String("typ")).toString();
    jwt.claims = claims.value();
    // RFC 7515 section 4.1.11: a token whose "crit" names extensions the recipient does not
    // understand must be rejected; this gateway understands none.
    if (h.contains(QLatin1String("crit")))
        return R::failure(QStringLiteral("the token's header has \"crit\" extensions, which this "
                                         "gateway does not support"));
    return jwt;
}

JwtVerdict verifyJwt(QByteArrayView token, const Jwks& keys, const JwtPolicy& policy, qint64 nowMs)
{
    const Result<DecodedJwt> decoded = decodeJwt(token);
    if (!decoded)
        return refusal(Status::Malformed, decoded.error());
    const DecodedJwt& jwt = decoded.value();

    // The algorithm comes from the token, so it is checked against the only two this gateway
    // verifies before any key is looked at: "none" would skip the signature, and an HMAC alg
    // would have the verifier use the public key as a shared secret, which anyone can sign
    // with (the classic RS256-to-HS256 confusion).
    const bool rs256 = jwt.alg == QLatin1String("RS256");
    const bool es256 = jwt.alg == QLatin1String("ES256");
    if (!rs256 && !es256) {
        if (jwt.alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
            return refusal(Status::Unsupported, QStringLiteral("the token is unsigned (alg "
                                                               "\"none\"); only RS256 and ES256 "
                                                               "are accepted"));
        if (jwt.alg.startsWith(QLatin1String("HS"), Qt::CaseInsensitive))
            return refusal(Status::Unsupported,
                           QStringLiteral("the token is signed with a shared secret%1; only "
                                          "RS256 and ES256 are accepted")
                               .arg(quotedAlg(jwt.alg)));
        return refusal(Status::Unsupported,
                       QStringLiteral("the token's signature algorithm%1 is not accepted; only "
                                      "RS256 and ES256 are")
                           .arg(quotedAlg(jwt.alg)));
    }

    const Jwk* key = nullptr;
    if (!jwt.kid.isEmpty()) {
        key = keys.find(jwt.kid);
    } else {
        // A token without kid: only unambiguous with one key that has none.
        const std::vector<const Jwk*> candidates = keys.withoutKid();
        if (candidates.size() == 1)
            key = candidates.front();
    }
    if (!key)
        return refusal(Status::UnknownKey,
                       jwt.kid.isEmpty()
                           ? QStringLiteral("the token names no signing key (kid) and the "
                                            "issuer's key set has no single key without one")
                           : QStringLiteral("unknown signing key: no key of the issuer's key set "
                                            "has the token's kid"));
    const Jwk::Type wanted = rs256 ? Jwk::Type::Rsa : Jwk::Type::EcP256;
    if (key->type != wanted || (!key->alg.isEmpty() && key->alg != jwt.alg))
        return refusal(
            Status::KeyMismatch,
            QStringLiteral("the token's algorithm (%1) does not fit its signing key "
                           "(an %2 key%3)")
                .arg(jwt.alg,
                     key->type == Jwk::Type::Rsa ? QStringLiteral("RSA")
                                                 : QStringLiteral("EC P-256"),
                     key->alg.isEmpty() ? QString() : QStringLiteral(" for %1").arg(key->alg)));

    QByteArray signature = jwt.signature;
    if (es256) {
        if (signature.size() != 64)
            return refusal(Status::BadSignature,
                           QStringLiteral("the token's ES256 signature is not 64 bytes (r || s)"));
        signature = joseToDer(signature);
    }
    if (signature.isEmpty() || !signatureVerifies(key->key.get(), jwt.signingInput, signature))
        return refusal(Status::BadSignature,
                       QStringLiteral("the token's signature does not verify"));

    // Claims, once the signature says the issuer wrote them (RFC 7519 section 7.2). Times are
    // NumericDates: seconds, possibly fractional.
    const QJsonObject& claims = jwt.claims;
    const double now = double(nowMs) / 1000.0;
    const double skew = policy.clockSkewSeconds;
    const QJsonValue exp = claims.value(QLatin1String("exp"));
    if (!exp.isDouble())
        return refusal(Status::Expired,
                       QStringLiteral("the token has no expiry (exp); only tokens that expire "
                                      "are accepted"));
    if (now >= exp.toDouble() + skew)
        return refusal(Status::Expired, QStringLiteral("the token has expired"));
    const QJsonValue nbf = claims.value(QLatin1String("nbf"));
    if (claims.contains(QLatin1String("nbf")) && !nbf.isDouble())
        return refusal(Status::Malformed, QStringLiteral("the token's nbf is not a number"));
    if (nbf.isDouble() && now + skew < nbf.toDouble())
        return refusal(Status::NotYetValid,
                       QStringLiteral("the token is not valid yet (nbf is in the future)"));
    if (claims.value(QLatin1String("iss")).toString() != policy.issuer ||
        !claims.value(QLatin1String("iss")).isString())
        return refusal(Status::WrongIssuer,
                       QStringLiteral("the token's issuer (iss) is not \"%1\"").arg(policy.issuer));
    if (!audienceContains(claims.value(QLatin1String("aud")), policy.audience))
        return refusal(Status::WrongAudience,
                       QStringLiteral("the token's audience (aud) does not include \"%1\"")
                           .arg(policy.audience));
    JwtVerdict verdict;
    verdict.status = Status::Valid;
    verdict.claims = claims;
    return verdict;
}

} // namespace gateway::governance

#pragma once

#include "Result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

typedef struct evp_pkey_st EVP_PKEY;

namespace gateway::governance {

// Bounds on a JWKS (RFC 7517) from a file or an endpoint: both are untrusted bytes. Entra ID
// and the usual OIDC providers publish a few keys, far below these.
inline constexpr qsizetype maxJwksBytes = 1024 * 1024;
inline constexpr int maxJwksKeys = 100;

// One public signing key of a JWKS.
struct Jwk
{
    enum class Type { Rsa, EcP256 };
    Type type = Type::Rsa;
    QString kid; // may be empty (then only a token without kid can use it)
    QString alg; // the JWK's "alg" when it names one: a token must then use that alg
    std::shared_ptr<EVP_PKEY>
        key; // immutable once parsed; OpenSSL 3 verifies with it from any thread
};

// The signing keys of a JWKS document, by kid. Immutable; readers share it.
class Jwks
{
public:
    // RSA keys (n, e; at least 2048 bits) and EC keys on P-256 (x, y) become keys. Keys with a
    // "use" other than "sig", "key_ops" without "verify", another kty or another curve are
    // skipped (a JWKS may hold encryption keys and algorithms this gateway does not verify).
    // A malformed key, two keys with one kid, or a document with no usable key is an error
    // that names the key ("keys[2] (kid \"abc\"): ...").
    static Result<Jwks> parse(QByteArrayView json);

    const Jwk* find(const QString& kid) const;
    // The keys without kid, for a token without kid.
    std::vector<const Jwk*> withoutKid() const;
    const std::vector<Jwk>& keys() const { return m_keys; }

private:
    std::vector<Jwk> m_keys;
    QHash<QString, qsizetype> m_byKid;
};

// Strict base64url (RFC 4648 section 5, no padding, as JOSE writes it, RFC 7515 section 2):
// refuses padding, other alphabets, whitespace and non-canonical trailing bits.
std::optional<QByteArray> decodeBase64Url(QByteArrayView text);

} // namespace gateway::governance

#pragma once

#include "Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace gateway::governance {

class Jwks;

// A bearer token longer than this is refused before it is decoded. Entra ID's access tokens
// are 1 to 3 KiB; 16 KiB is also the request head's default bound.
inline constexpr qsizetype maxJwtBytes = 16 * 1024;

// A compact JWS (RFC 7515 section 7.1) taken apart; nothing in it is verified yet.
struct DecodedJwt
{
    QByteArrayView signingInput; // "header.payload" as sent (a view of the token)
    QByteArray signature;
    QString alg;
    QString kid;
    QString typ;
    QJsonObject claims;
};

// Whether a credential has the shape of a JWT: three base64url parts, the first two non-empty
// (the signature is empty with alg "none"). Gateway keys
// ("sk-sb-...") and most API keys have no dots, so they are told apart without decoding.
bool looksLikeJwt(QByteArrayView token);

// Decodes a compact JWS; the error is a sentence for the client that never quotes the token.
Result<DecodedJwt> decodeJwt(QByteArrayView token);

// What a token must satisfy besides its signature (auth.jwt).
struct JwtPolicy
{
    QString issuer;   // iss, exactly
    QString audience; // one of aud's values (aud is a string or an array, RFC 7519 4.1.3)
    int clockSkewSeconds = 60;
};

// The outcome of verifying a token. Every refusal has a message for people that never quotes
// the token.
struct JwtVerdict
{
    enum class Status {
        Valid,
        Malformed,     // not a compact JWS with JSON header and claims
        Unsupported,   // alg other than RS256 and ES256 ("none" and HS256 among them), or crit
        UnknownKey,    // no key of the JWKS has the token's kid: the JWKS may be out of date
        KeyMismatch,   // the key's type (or its "alg") does not fit the token's alg
        BadSignature,  //
        Expired,       // exp (plus the skew) has passed, or there is no exp
        NotYetValid,   // nbf (less the skew) is still ahead
        WrongIssuer,   //
        WrongAudience, //
    };
    Status status = Status::Malformed;
    QString message;
    QJsonObject claims; // when Valid
    bool valid() const { return status == Status::Valid; }
};

// Verifies a token's signature with a key of keys (RS256: RSASSA-PKCS1-v1_5 with SHA-256;
// ES256: ECDSA on P-256 with SHA-256, RFC 7518 section 3) and its claims against policy at
// nowMs (wall clock, from the caller). Thread-safe.
JwtVerdict verifyJwt(QByteArrayView token, const Jwks& keys, const JwtPolicy& policy, qint64 nowMs);

} // namespace gateway::governance

#include "governance/KeyAuthenticator.h"

#include "governance/Jwt.h"
#include "governance/KeySet.h"
#include "http/Request.h"
#include "tls/Sha256.h"

#include <QDateTime>

namespace gateway::governance {

namespace {

// The value of a header, as a view into the request (Request::header() would copy).
QByteArrayView headerView(const http::Request& head, QByteArrayView lowerName)
{
    for (const auto& [name, value] : head.headers)
        if (name == lowerName)
            return value;
    return {};
}

bool isBase64Url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
}

// What a refusal may say about an unknown credential: its first 8 characters, as OpenAI's
// "Incorrect API key provided: sk-abc***" does, so that a user sees which key a client sent.
// Only for a credential long enough that 8 characters give nothing away, and only if they are
// plain characters (it is echoed into JSON and into a terminal).
QByteArray maskedCredential(QByteArrayView credential)
{
    if (credential.size() < 24)
        return {};
    const QByteArrayView head = credential.first(8);
    for (char c : head)
        if (!isBase64Url(c))
            return {};
    return head.toByteArray() + "****";
}

AuthResult refused(QByteArray message)
{
    AuthResult r;
    r.outcome = AuthResult::Outcome::Refused;
    r.message = std::move(message);
    return r;
}

} // namespace

QByteArrayView credentialOf(const http::Request& head)
{
    const QByteArrayView authorization = headerView(head, "authorization");
    // RFC 9110 11.1: the scheme is case-insensitive; one or more spaces follow it.
    if (authorization.size() > 7 &&
        authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0) {
        const QByteArrayView token = authorization.sliced(7).trimmed();
        if (!token.isEmpty())
            return token;
    }
    for (const char* name : {"api-key", "x-api-key"}) {
        const QByteArrayView value = headerView(head, name).trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QByteArray presentedCredential(const http::Request& head)
{
    return credentialOf(head).toByteArray();
}

AuthResult KeyAuthenticator::authenticate(const http::Request& head, const KeySet& keys,
                                          qint64 nowMs) const
{
    const QByteArrayView credential = credentialOf(head);
    // A JWT is the JWT authenticator's; anything with the gateway's prefix is a key, dots or not.
    if (credential.isEmpty() || (!credential.startsWith(secretPrefix) && looksLikeJwt(credential)))
        return {};
    unsigned char digest[tls::sha256Bytes];
    tls::sha256(credential, digest);
    const KeyRecord* key =
        keys.bySecretHash(QByteArrayView(reinterpret_cast<const char*>(digest), sizeof digest));
    if (!key) {
        const QByteArray masked = maskedCredential(credential);
        return refused(masked.isEmpty() ? QByteArray("Invalid API key.")
                                        : "Invalid API key provided: " + masked + '.');
    }
    if (key->revokedMs != 0)
        return refused("This key was revoked.");
    if (key->expiresMs != 0 && nowMs >= key->expiresMs)
        return refused("This key expired at " +
                       QDateTime::fromMSecsSinceEpoch(key->expiresMs, Qt::UTC)
                           .toString(Qt::ISODate)
                           .toLatin1() +
                       '.');
    AuthResult accepted;
    accepted.outcome = AuthResult::Outcome::Accepted;
    accepted.principal = keys.principalOf(*key);
    return accepted;
}

} // namespace gateway::governance

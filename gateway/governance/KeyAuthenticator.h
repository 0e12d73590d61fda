#pragma once

#include "governance/Authenticator.h"

namespace gateway::governance {

// Gateway keys: the credential a client presents (presentedCredential()) is hashed with
// SHA-256 and looked up in the key set. A credential shaped like a JWT is not a key: Absent,
// for the JWT authenticator after this one.
class KeyAuthenticator : public Authenticator
{
public:
    AuthResult authenticate(const http::Request& head, const KeySet& keys,
                            qint64 nowMs) const override;
};

// The credential's header value without a copy (presentedCredential() copies it); empty if
// none. Valid while head is.
QByteArrayView credentialOf(const http::Request& head);

// Whether a credential looks like a JWT (RFC 7519: three base64url parts, the header a JSON
// object, so "eyJ"), which gateway keys never do.
bool looksLikeJwt(QByteArrayView credential);

} // namespace gateway::governance

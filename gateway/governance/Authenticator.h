#pragma once

#include "governance/Principal.h"

#include <QByteArray>

#include <memory>

namespace gateway::http {
struct Request;
}

namespace gateway::governance {

class KeySet;

// What one kind of credential (a gateway key, a JWT, a client certificate) says about a
// request's head.
struct AuthResult
{
    enum class Outcome {
        Absent,   // the request carries no credential of this kind: ask the next authenticator
        Accepted, // principal is set
        Refused,  // a credential of this kind was presented and is not valid: 401 with message
    };
    Outcome outcome = Outcome::Absent;
    std::shared_ptr<const Principal> principal;
    QByteArray message; // why it was refused, for the client (never echoes the credential)
};

// One way of authenticating, run by the auth stage on each request's head, in turn. Immutable
// and thread-safe (its mutable parts, such as a JWKS cache, are engine-owned).
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    virtual AuthResult authenticate(const http::Request& head, const KeySet& keys,
                                    qint64 nowMs) const = 0;
};

// The credential a client sent: "Authorization: Bearer X", "api-key: X" or "x-api-key: X" (the
// OpenAI, Azure and Anthropic clients' headers), in that order; empty if none.
QByteArray presentedCredential(const http::Request& head);

} // namespace gateway::governance

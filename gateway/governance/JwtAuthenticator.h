#pragma once

#include "config/Governance.h"
#include "governance/Authenticator.h"
#include "governance/Jwt.h"

#include <memory>

namespace gateway::config {
struct Config;
}
namespace gateway::state {
class SharedState;
}

namespace gateway::governance {

class JwksCache;

// "Authorization: Bearer <JWT>" from an OIDC provider (auth.jwt; Entra ID, Okta, Keycloak ...).
// Only a bearer credential shaped like a JWT is taken: a gateway key ("sk-sb-...") or any
// other bearer is Absent, for the key authenticator. An accepted token gives a principal with
// the token's sub, the tenant its tenantClaim names (else the key's, else "default") and the
// models and limits of a key: the one its keyClaim names, else auth.jwt.defaultKey, else none
// (every alias, no key limits).
class JwtAuthenticator : public Authenticator
{
public:
    JwtAuthenticator(config::JwtConfig config, std::shared_ptr<JwksCache> jwks);
    AuthResult authenticate(const http::Request& head, const KeySet& keys,
                            qint64 nowMs) const override;

private:
    AuthResult refuse(QString message) const;

    config::JwtConfig m_config;
    JwtPolicy m_policy;
    std::shared_ptr<JwksCache> m_jwks;
};

// The JWT authenticator of a config with auth.jwt, its JWKS cache taken from (and kept in)
// shared; null when auth.jwt is not configured.
std::unique_ptr<Authenticator> makeJwtAuthenticator(const config::Config& config,
                                                    state::SharedState& shared);

// The bearer token of "Authorization: Bearer <token>" (the scheme is case-insensitive,
// RFC 9110 section 11.1); empty if the header is absent or of another scheme.
QByteArrayView bearerToken(const http::Request& head);

} // namespace gateway::governance

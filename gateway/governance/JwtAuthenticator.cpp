#include "governance/JwtAuthenticator.h"

#include "Clock.h"
#include "config/Config.h"
#include "config/ConfigLoader.h"
#include "governance/JwksCache.h"
#include "governance/KeyPrincipal.h"
#include "governance/KeySet.h"
#include "http/Request.h"

namespace gateway::governance {

QByteArrayView bearerToken(const http::Request& head)
{
    const QByteArray& value = [&]() -> const QByteArray& {
        for (const auto& [name, v] : head.headers)
            if (name == "authorization")
                return v;
        static const QByteArray none;
        return none;
    }();
    QByteArrayView view(value);
    if (view.size() < 7 || qstrnicmp(view.data(), "bearer", 6) != 0 ||
        (view.at(6) != ' ' && view.at(6) != '\t'))
        return {};
    return view.sliced(7).trimmed();
}

JwtAuthenticator::JwtAuthenticator(config::JwtConfig config, std::shared_ptr<JwksCache> jwks)
    : m_config(std::move(config)), m_jwks(std::move(jwks))
{
    m_policy.issuer = m_config.issuer;
    m_policy.audience = m_config.audience;
    m_policy.clockSkewSeconds = m_config.clockSkewSeconds;
}

AuthResult JwtAuthenticator::refuse(QString message) const
{
    AuthResult result;
    result.outcome = AuthResult::Outcome::Refused;
    result.message = message.toUtf8();
    return result;
}

AuthResult JwtAuthenticator::authenticate(const http::Request& head, const KeySet& keys,
                                          qint64 nowMs) const
{
    const QByteArrayView token = bearerToken(head);
    // Gateway keys are the key authenticator's; a bearer that is no JWT may be another kind
    // of key too.
    if (token.isEmpty() || token.startsWith(secretPrefix) || !looksLikeJwt(token))
        return {};
    if (token.size() > maxJwtBytes)
        return refuse(QStringLiteral("the bearer token is longer than %1 bytes").arg(maxJwtBytes));

    const std::shared_ptr<const Jwks> jwks = m_jwks->keys(nowMs);
    if (!jwks)
        return refuse(QStringLiteral("the gateway has not loaded its token signing keys (JWKS) "
                                     "yet; retry shortly"));
    const JwtVerdict verdict = verifyJwt(token, *jwks, m_policy, nowMs);
    if (verdict.status == JwtVerdict::Status::UnknownKey) {
        // The issuer may have rotated its keys since the last fetch (Entra ID does, without
        // notice): look again, at most once per 30 s, and have the client retry meanwhile.
        if (m_jwks->refreshForUnknownKid(nowMs))
            return refuse(QStringLiteral("unknown signing key; the gateway is refreshing its "
                                         "keys, retry"));
        return refuse(verdict.message);
    }
    if (!verdict.valid())
        return refuse(verdict.message);

    const QJsonObject& claims = verdict.claims;
    // The key whose models and limits the token takes.
    QString keyName = m_config.defaultKey;
    if (!m_config.keyClaim.isEmpty() && claims.contains(m_config.keyClaim)) {
        const QJsonValue value = claims.value(m_config.keyClaim);
        if (!value.isString() || !config::ConfigLoader::isValidKeyName(value.toString()))
            return refuse(QStringLiteral("the token's \"%1\" claim is not a key name")
                              .arg(m_config.keyClaim));
        keyName = value.toString();
    }
    std::shared_ptr<Principal> principal;
    if (!keyName.isEmpty()) {
        Result<std::shared_ptr<Principal>> keyed =
            principalOfNamedKey(keys, keyName, Principal::Method::Jwt, nowMs);
        if (!keyed)
            return refuse(keyed.error());
        principal = std::move(keyed.value());
    } else {
        principal = std::make_shared<Principal>();
        principal->method = Principal::Method::Jwt;
        principal->tenant = defaultTenant();
    }
    if (!m_config.tenantClaim.isEmpty() && claims.contains(m_config.tenantClaim)) {
        const QJsonValue value = claims.value(m_config.tenantClaim);
        // The tenant names counters and log rows: the same rule as a key's tenant.
        if (!value.isString() || !config::ConfigLoader::isValidKeyName(value.toString()))
            return refuse(QStringLiteral("the token's \"%1\" claim is not a tenant name "
                                         "(letters, digits, '.', '_', '-'; at most 64)")
                              .arg(m_config.tenantClaim));
        principal->tenant = value.toString();
    }
    principal->subject = claims.value(QLatin1String("sub")).toString();
    AuthResult result;
    result.outcome = AuthResult::Outcome::Accepted;
    result.principal = std::move(principal);
    return result;
}

std::unique_ptr<Authenticator> makeJwtAuthenticator(const config::Config& config,
                                                    state::SharedState& shared)
{
    const config::JwtConfig& jwt = config.auth.jwt;
    if (!jwt.enabled())
        return nullptr;
    std::shared_ptr<JwksCache> cache = sharedJwksCache(shared, jwt);
    // Read (a file) or fetched (a URL, in the background) now rather than at the first token.
    cache->keys(systemWallClockMs());
    return std::make_unique<JwtAuthenticator>(jwt, std::move(cache));
}

} // namespace gateway::governance

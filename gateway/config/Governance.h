#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace gateway::config {

// Money is counted in whole nano-dollars (1e-9 USD), never in floating point: a hundred
// requests of $0.01 add up to exactly $1.00, and a budget's check is an integer comparison.
using Nanos = qint64;
constexpr Nanos nanosPerUsd = 1'000'000'000;
Nanos usdToNanos(double usd);
double nanosToUsd(Nanos nanos);

// The period of a quota or a budget. Day, week (from Monday) and month are calendar periods in
// UTC; Total never resets.
enum class Period { Day, Week, Month, Total };
QString periodName(Period period);
bool periodFromName(const QString& name, Period* period);

// The limits of one scope: a key, a tenant or a model alias (README, "Governance"). A field at
// zero (or budgetNanos below zero) sets no limit, so a key with no budget is never refused for
// budget.
struct Limits
{
    qint64 rpm = 0;        // limits.rpm: requests per minute
    qint64 tpm = 0;        // limits.tpm: tokens per minute (prompt + completion)
    int maxConcurrent = 0; // limits.maxConcurrent: requests in flight
    qint64 tokenQuota = 0; // limits.quota.tokens: tokens per quotaPeriod
    Period quotaPeriod = Period::Month;
    Nanos budgetNanos = -1; // limits.budget.usd: US dollars per budgetPeriod
    Period budgetPeriod = Period::Month;
    // limits.alertAtPercent: the soft limit of the quota and the budget. Passing it raises an
    // alert (a log line, a metric, the console, the webhook); the hard limit refuses.
    int alertAtPercent = 80;

    bool any() const
    {
        return rpm > 0 || tpm > 0 || maxConcurrent > 0 || tokenQuota > 0 || budgetNanos >= 0;
    }
    bool operator==(const Limits&) const = default;
};

// What a model's tokens cost, in US dollars per million tokens (models[].pricing, and the
// shipped table resources/pricing.json). The cache and reasoning prices apply to those parts
// of the usage (api::Usage); unset (below zero), they take the input or output price.
struct Pricing
{
    double inputPer1M = 0;
    double outputPer1M = 0;
    double cachedInputPer1M = -1;
    double cacheWritePer1M = -1;
    double reasoningPer1M = -1;

    bool operator==(const Pricing&) const = default;
};

// keys[]: a gateway key declared in the config (or a bundle) by the SHA-256 of its secret, for
// deployments that keep keys in files rather than in the data dir's database. Stored keys
// (`switchboard keys create`) and declared keys are one set; a name is unique across both.
struct KeyDecl
{
    QString name;
    QString tenant;     // empty: the tenant "default"
    QByteArray sha256;  // 32 bytes (the config holds 64 hex digits)
    QStringList models; // alias globs the key may use; empty: every alias
    Limits limits;
    qint64 expiresMs = 0; // wall clock; 0: never
    QList<QPair<QString, QString>> metadata;
};

// tenants[]: the limits, quotas and budgets of a tenant, shared by all its keys.
struct TenantDecl
{
    QString name;
    Limits limits;
};

// auth.clientCertificates[]: an mTLS client certificate that stands for a key, by its SHA-256
// fingerprint (of the DER) or its subject (RFC 2253, "CN=build-bot,O=Example").
struct ClientCertificateMapping
{
    QByteArray sha256; // 32 bytes, or empty
    QString subject;   // or empty
    QString key;       // the name of the key it stands for
};

// auth.jwt: bearer tokens from an OIDC provider (Entra ID ...), verified with its JWKS.
struct JwtConfig
{
    QString jwksFile;
    QString jwksUrl;
    QString issuer;   // required: the iss claim
    QString audience; // required: one of the aud claim's values
    int clockSkewSeconds = 60;
    QString tenantClaim; // the claim that names the caller's tenant; empty: "default"
    QString keyClaim;    // the claim that names the key whose models and limits apply
    QString defaultKey;  // the key that applies when keyClaim is unset or absent from a token
    int jwksRefreshSeconds = 3600;

    bool enabled() const { return !jwksFile.isEmpty() || !jwksUrl.isEmpty(); }
};

struct AuthConfig
{
    // auth.required: every API request needs a key or a token even while no key exists. With no
    // key and this unset the gateway runs open, which it allows only on a loopback listener.
    bool required = false;
    // auth.adminToken: a secret reference for the /admin/ API. Unset: a token generated at first
    // start into the data dir (admin-token, mode 0600).
    QString adminTokenRef;
    QByteArray adminToken;
    // auth.adminRemote: serve /admin/ on a non-loopback listener too (it never is by default).
    bool adminRemote = false;
    JwtConfig jwt;
    QList<ClientCertificateMapping> clientCertificates;
};

// governance: how admission estimates what a request will spend, and where alerts go.
struct GovernanceConfig
{
    // governance.reserveMaxTokens: the completion tokens reserved for a request that sets no
    // max_tokens (the reservation is settled on the real usage when the answer ends).
    qint64 reserveMaxTokens = 4096;
    // governance.alertWebhookUrl: soft-limit alerts are POSTed here as JSON; empty: none.
    QString alertWebhookUrl;
};

} // namespace gateway::config

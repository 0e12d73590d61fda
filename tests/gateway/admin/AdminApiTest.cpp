// The admin API's decisions that need no socket: who may call it (the peer, the browser, the
// token, the body's bounds), how it reads a key's settings, and how it shows the ledger.

#include "admin/AdminApi.h"
#include "admin/AdminJson.h"
#include "http/BrowserGuard.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

using gateway::admin::AdminApi;
using gateway::admin::AdminPolicy;
using gateway::admin::AdminReply;
using gateway::governance::ScopeUsage;

namespace {

const QByteArray token = "sb-admin-the-right-token-0123456789";

gateway::http::Request head(const QByteArray& peer, const QByteArray& authorization,
                            const QByteArray& method = "GET")
{
    gateway::http::Request r;
    r.method = method;
    r.target = r.path = "/admin/keys";
    r.headers.emplace_back("host", "127.0.0.1:4000");
    if (!authorization.isEmpty())
        r.headers.emplace_back("authorization", authorization);
    r.peer.address = peer;
    r.peer.port = 50000;
    return r;
}

QByteArray headerOf(const AdminReply& reply, const char* name)
{
    for (const auto& [n, v] : reply.headers)
        if (n == name)
            return v;
    return QByteArray();
}

QJsonObject errorOf(const AdminReply& reply)
{
    return QJsonDocument::fromJson(reply.body).object().value("error").toObject();
}

} // namespace

TEST(AdminApiGate, OnlyLoopbackPeersUnlessAdminRemote)
{
    const gateway::http::BrowserGuard browser;
    AdminPolicy policy{false, token, &browser};
    for (const char* peer : {"127.0.0.1", "127.0.0.2", "::1"})
        EXPECT_EQ(AdminApi::gate(head(peer, "Bearer " + token), policy).status, 0) << peer;
    for (const char* peer : {"192.168.1.20", "10.0.0.1", "fe80::1", "2001:db8::1", ""}) {
        // Refused before the token is even looked at: the right one does not help.
        const AdminReply reply = AdminApi::gate(head(peer, "Bearer " + token), policy);
        EXPECT_EQ(reply.status, 403) << peer;
        EXPECT_EQ(errorOf(reply).value("code").toString(), "admin_remote_refused");
        EXPECT_TRUE(errorOf(reply).value("message").toString().contains("auth.adminRemote"));
    }
    policy.remote = true; // auth.adminRemote: the token decides
    EXPECT_EQ(AdminApi::gate(head("192.168.1.20", "Bearer " + token), policy).status, 0);
    EXPECT_EQ(AdminApi::gate(head("192.168.1.20", "Bearer wrong"), policy).status, 401);
    EXPECT_EQ(AdminApi::gate(head("192.168.1.20", ""), policy).status, 401);
}

TEST(AdminApiGate, TheTokenIsRequired)
{
    const AdminPolicy policy{false, token, nullptr};
    const AdminReply none = AdminApi::gate(head("127.0.0.1", ""), policy);
    EXPECT_EQ(none.status, 401);
    EXPECT_EQ(headerOf(none, "www-authenticate"), "Bearer realm=\"switchboard-admin\"");
    EXPECT_EQ(errorOf(none).value("code").toString(), "admin_unauthorized");

    for (const QByteArray& wrong : {"Bearer " + token.chopped(1), "Bearer " + token + "x",
                                    "Basic " + token, QByteArray("Bearer ")}) {
        const AdminReply reply = AdminApi::gate(head("127.0.0.1", wrong), policy);
        EXPECT_EQ(reply.status, 401) << wrong.constData();
        EXPECT_TRUE(headerOf(reply, "www-authenticate").startsWith("Bearer"));
        EXPECT_FALSE(reply.body.contains(token)); // never echoed
    }
    EXPECT_EQ(AdminApi::gate(head("127.0.0.1", "bearer " + token), policy).status, 0);
    // No token configured or made: nothing opens the API.
    EXPECT_EQ(AdminApi::gate(head("127.0.0.1", "Bearer "), AdminPolicy{false, "", nullptr}).status,
              401);
}

TEST(AdminApiGate, NoWebPageAndNoCors)
{
    gateway::http::BrowserPolicy listed;
    listed.allowedOrigins = {"https://app.example"};
    const gateway::http::BrowserGuard browser(listed);
    const AdminPolicy policy{false, token, &browser};
    gateway::http::Request foreign = head("127.0.0.1", "Bearer " + token);
    foreign.headers.emplace_back("origin", "https://evil.example");
    EXPECT_EQ(AdminApi::gate(foreign, policy).status, 403);
    // Even an origin the API lets in gets nothing here, its preflight neither.
    gateway::http::Request page = head("127.0.0.1", "Bearer " + token);
    page.headers.emplace_back("origin", "https://app.example");
    const AdminReply reply = AdminApi::gate(page, policy);
    EXPECT_EQ(reply.status, 403);
    EXPECT_EQ(errorOf(reply).value("code").toString(), "admin_browser_refused");
    EXPECT_TRUE(headerOf(reply, "access-control-allow-origin").isEmpty());
    gateway::http::Request preflight = head("127.0.0.1", "", "OPTIONS");
    preflight.headers.emplace_back("origin", "https://app.example");
    preflight.headers.emplace_back("access-control-request-method", "POST");
    EXPECT_EQ(AdminApi::gate(preflight, policy).status, 403);
    // DNS rebinding: a page's own name pointed at 127.0.0.1.
    gateway::http::Request rebound = head("127.0.0.1", "Bearer " + token);
    rebound.headers[0].second = "attacker.example:4000";
    EXPECT_EQ(AdminApi::gate(rebound, policy).status, 403);
}

TEST(AdminApiGate, BoundsTheBodyBeforeReadingIt)
{
    const AdminPolicy policy{false, token, nullptr};
    gateway::http::Request r = head("127.0.0.1", "Bearer " + token, "POST");
    r.headers.emplace_back("content-type", "application/json");
    r.headers.emplace_back("content-length", "65536");
    EXPECT_EQ(AdminApi::gate(r, policy).status, 0);
    r.headers.back().second = "65537";
    EXPECT_EQ(AdminApi::gate(r, policy).status, 413);
    r.headers.back().second = "99999999999999999999"; // past qint64
    EXPECT_EQ(AdminApi::gate(r, policy).status, 413);
    r.headers.back() = {"transfer-encoding", "chunked"};
    EXPECT_EQ(AdminApi::gate(r, policy).status, 411);
    r.headers.back() = {"content-length", "2"};
    r.headers[2].second = "text/plain"; // what a page may send without a preflight
    EXPECT_EQ(AdminApi::gate(r, policy).status, 415);
    r.headers.back().second = "0"; // revoke, rotate: no body, no type needed
    EXPECT_EQ(AdminApi::gate(r, policy).status, 0);
}

TEST(AdminJson, ReadsAKeysSettings)
{
    const qint64 now = 1'795'953'600'000; // 2026-11-29T12:00:00Z
    const gateway::Result<gateway::governance::KeySpec> spec = gateway::admin::keySpecFromJson(
        R"({"name":"ci","tenant":"team-a","models":["gpt-*"],"limits":{"rpm":60,
            "budget":{"usd":5,"period":"day"}},"expires":"30d","metadata":{"owner":"ops"}})",
        true, now);
    ASSERT_TRUE(spec.ok()) << qPrintable(spec.error());
    EXPECT_EQ(spec->name, "ci");
    EXPECT_EQ(spec->tenant.value(), "team-a");
    EXPECT_EQ(spec->models.value(), QStringList{"gpt-*"});
    EXPECT_EQ(spec->limits->rpm, 60);
    EXPECT_EQ(spec->limits->budgetNanos, 5 * gateway::config::nanosPerUsd);
    EXPECT_EQ(spec->limits->budgetPeriod, gateway::config::Period::Day);
    EXPECT_EQ(spec->expiresMs.value(), now + 30LL * 24 * 3600 * 1000);
    ASSERT_EQ(spec->metadata->size(), 1);
    EXPECT_EQ(spec->metadata->at(0).second, "ops");

    // A change sets only what it names; expires null is "never".
    const auto change = gateway::admin::keySpecFromJson(R"({"expires":null})", false, now);
    ASSERT_TRUE(change.ok()) << qPrintable(change.error());
    EXPECT_EQ(change->expiresMs.value(), 0);
    EXPECT_FALSE(change->limits.has_value());
    EXPECT_FALSE(change->tenant.has_value());
}

TEST(AdminJson, RefusesBadSettingsNamingEachField)
{
    const qint64 now = 1'795'953'600'000;
    const auto fails = [&](const QByteArray& body, bool create, const QString& needle) {
        const auto spec = gateway::admin::keySpecFromJson(body, create, now);
        EXPECT_FALSE(spec.ok()) << body.constData();
        EXPECT_TRUE(spec.error().contains(needle))
            << body.constData() << " -> " << qPrintable(spec.error());
    };
    fails("not json", true, "not JSON");
    fails("[1]", true, "must be an object");
    fails("{}", true, "name: is required");
    fails(R"({"name":"a b"})", true, "name: \"a b\" must be");
    fails(R"({"name":"ci","colour":"red"})", true, "colour: unknown field");
    fails(R"({"name":"ci","limits":{"rpm":-1}})", true, "limits.rpm");
    fails(R"({"name":"ci","limits":{"rpn":5}})", true, "limits.rpn");
    fails(R"({"name":"ci","limits":{"budget":{"period":"day"}}})", true, "limits.budget.usd");
    fails(R"({"name":"ci","expires":"yesterday"})", true, "expires:");
    fails(R"({"name":"ci","expires":"2020-01-01T00:00:00Z"})", true, "in the past");
    fails(R"({"name":"ci","models":"gpt-4"})", true, "models:");
    fails(R"({"name":"ci","models":[""]})", true, "models[0]");
    fails(R"({"name":"ci","metadata":{"n":1}})", true, "metadata.n");
    fails(R"({"name":"ci","tenant":"bad/tenant"})", true, "tenant:");
    fails(R"({"name":"other"})", false, "name: cannot be changed");
    fails("{}", false, "nothing to change");
    // Every problem at once, not just the first.
    const auto spec =
        gateway::admin::keySpecFromJson(R"({"name":"","x":1,"limits":{"tpm":"a"}})", true, now);
    ASSERT_FALSE(spec.ok());
    EXPECT_EQ(spec.error().count(QStringLiteral("; ")), 2) << qPrintable(spec.error());
}

TEST(AdminJson, ShowsSpendAndRatesAgainstLimits)
{
    ScopeUsage key;
    key.kind = ScopeUsage::Kind::Key;
    key.name = "ci";
    key.keyId = "key_0123456789abcdef";
    key.limits.rpm = 100;
    key.limits.tokenQuota = 1000;
    key.limits.quotaPeriod = gateway::config::Period::Day;
    key.limits.budgetNanos = gateway::config::nanosPerUsd; // $1.00 a month
    key.requestsThisMinute = 40;
    key.tokensThisMinute = 1234;
    key.inFlight = 2;
    key.quotaTokensUsed = 1200; // over: nothing remains, never below zero
    key.quotaPeriodEndsMs = 1'796'000'000'000;
    key.spentNanos = 250'000'000;
    key.budgetPeriodEndsMs = 1'796'083'200'000; // 2026-12-01T00:00:00Z

    const QJsonObject spend = gateway::admin::scopeJson(key, gateway::admin::Spend);
    EXPECT_EQ(spend.value("kind").toString(), "key");
    EXPECT_EQ(spend.value("name").toString(), "ci");
    EXPECT_EQ(spend.value("keyId").toString(), "key_0123456789abcdef");
    const QJsonObject budget = spend.value("budget").toObject();
    EXPECT_EQ(budget.value("spentUsd").toDouble(), 0.25);
    EXPECT_EQ(budget.value("limitUsd").toDouble(), 1.0);
    EXPECT_EQ(budget.value("remainingUsd").toDouble(), 0.75);
    EXPECT_EQ(budget.value("period").toString(), "month");
    EXPECT_EQ(budget.value("periodEnds").toString(), "2026-12-01T00:00:00Z");
    const QJsonObject quota = spend.value("quota").toObject();
    EXPECT_EQ(quota.value("usedTokens").toInteger(), 1200);
    EXPECT_EQ(quota.value("limitTokens").toInteger(), 1000);
    EXPECT_EQ(quota.value("remainingTokens").toInteger(), 0);
    EXPECT_EQ(quota.value("period").toString(), "day");
    EXPECT_FALSE(spend.contains("requestsPerMinute"));

    const QJsonObject rates = gateway::admin::scopeJson(key, gateway::admin::Rates);
    EXPECT_FALSE(rates.contains("budget"));
    const QJsonObject rpm = rates.value("requestsPerMinute").toObject();
    EXPECT_EQ(rpm.value("used").toInteger(), 40);
    EXPECT_EQ(rpm.value("limit").toInteger(), 100);
    EXPECT_EQ(rpm.value("remaining").toInteger(), 60);
    // No limit: null, not zero (zero would read as "nothing left").
    EXPECT_TRUE(rates.value("tokensPerMinute").toObject().value("limit").isNull());
    EXPECT_TRUE(rates.value("tokensPerMinute").toObject().value("remaining").isNull());
    EXPECT_EQ(rates.value("tokensPerMinute").toObject().value("used").toInteger(), 1234);
    EXPECT_EQ(rates.value("inFlight").toObject().value("used").toInteger(), 2);

    ScopeUsage tenant;
    tenant.kind = ScopeUsage::Kind::Tenant;
    tenant.name = "team-a";
    tenant.spentNanos = 10'000'000; // $0.01, no budget
    const QJsonObject open = gateway::admin::scopeJson(tenant, gateway::admin::Spend);
    EXPECT_EQ(open.value("kind").toString(), "tenant");
    EXPECT_FALSE(open.contains("keyId"));
    EXPECT_EQ(open.value("budget").toObject().value("spentUsd").toDouble(), 0.01);
    EXPECT_TRUE(open.value("budget").toObject().value("limitUsd").isNull());
    EXPECT_TRUE(open.value("budget").toObject().value("remainingUsd").isNull());
    EXPECT_TRUE(open.value("budget").toObject().value("periodEnds").isNull());
}

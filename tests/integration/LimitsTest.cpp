// The limits stage over real sockets: model aliases' requests and tokens per minute, requests in
// flight and budgets (keys and tenants need the auth stage; the ledger's own tests cover their
// scopes), OpenAI's x-ratelimit-* headers, settlement of streams on their real usage and of
// clients that go away, and counters that survive a restart.

#include "Registries.h"
#include "governance/LedgerView.h"
#include "governance/Principal.h"
#include "pipeline/RequestContext.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"
#include "support/TestHttp.h"

#include <QCoreApplication>

#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <thread>
#include <vector>

using namespace testhttp;

namespace {

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QByteArray limitsConfig(const QByteArray& fastLimits, const QByteArray& slowLimits = "{}",
                        const QByteArray& extra = "")
{
    return R"({"schemaVersion": 1, )" + extra + R"(
      "backends": [{"name": "mock", "type": "mock", "models": [
        {"name": "fast", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 24},
        {"name": "slow", "ttftMs": 10, "tokensPerSecond": 40, "outputTokens": 400}]}],
      "models": [
        {"alias": "fast", "targets": [{"backend": "mock", "model": "fast"}],
         "pricing": {"inputPer1M": 0, "outputPer1M": 1000}, "limits": )" +
           fastLimits + R"(},
        {"alias": "slow", "targets": [{"backend": "mock", "model": "slow"}], "limits": )" +
           slowLimits + R"(},
        {"alias": "free", "targets": [{"backend": "mock", "model": "fast"}]}]})";
}

const QByteArray fastChat = R"({"model":"fast","messages":[{"role":"user","content":"hi"}]})";
// Ten output tokens at $1000 per million: exactly $0.01 (the prompt is priced at 0).
const QByteArray centChat =
    R"({"model":"fast","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})";

// Stands in for the auth stage (h-keys) until it lands: the caller named in x-test-key is a key
// of the tenant in x-test-tenant, with 2 requests a minute for key "ci", none for the others.
class TestAuthStage : public gateway::pipeline::Stage
{
public:
    const char* name() const override { return "test-auth"; }
    gateway::pipeline::Verdict
    onRequestHeaders(gateway::pipeline::RequestContext& ctx) const override
    {
        const QByteArray key = ctx.http->header("x-test-key");
        if (key.isEmpty())
            return gateway::pipeline::Verdict::Continue;
        auto p = std::make_shared<gateway::governance::Principal>();
        p->keyId = "id-" + QString::fromLatin1(key);
        p->keyName = QString::fromLatin1(key);
        p->tenant = QString::fromLatin1(ctx.http->header("x-test-tenant"));
        if (key == "ci")
            p->limits.rpm = 2;
        ctx.principal = std::move(p);
        return gateway::pipeline::Verdict::Continue;
    }
};

class LimitsTest : public EngineFixture
{
protected:
    void startWithKeys(const QByteArray& config)
    {
        registries = gateway::Registries::makeBuiltin();
        registries.stages.insertBefore("limits", "test-auth",
                                       [](const gateway::pipeline::StageEnvironment&) {
                                           return std::make_unique<TestAuthStage>();
                                       });
        const auto parsed = gateway::config::ConfigLoader().parse(config);
        ASSERT_TRUE(parsed.ok()) << qPrintable(parsed.error());
        gateway::config::Config c = parsed.value();
        c.server.host = QStringLiteral("127.0.0.1");
        c.server.port = 0;
        c.server.workers = 2;
        engine = std::make_unique<gateway::Engine>();
        engine->setRegistries(&registries);
        ASSERT_TRUE(engine->start(c, dataDir.path()).ok());
        port = engine->port();
    }

    gateway::governance::ScopeUsage model(const QString& alias)
    {
        for (const auto& u : engine->ledger()->snapshot())
            if (u.kind == gateway::governance::ScopeUsage::Kind::Model && u.name == alias)
                return u;
        ADD_FAILURE() << "no counters for " << qPrintable(alias);
        return {};
    }

    // Waits (bounded) until no request is in flight: a request settles on the worker's thread
    // just after its last byte went out (the engine's count drops after every stage's
    // completion hook).
    bool settled(const QString& alias)
    {
        return waitIdle() && eventually([&] { return model(alias).inFlight == 0; });
    }

    gateway::Registries registries;
};

} // namespace

TEST_F(LimitsTest, OverTheRequestRateIs429WithRetryAfterAndOpenAisHeaders)
{
    startEngine(limitsConfig(R"({"rpm": 2})"));
    const Response first = post(port, "/v1/chat/completions", fastChat);
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.header("x-ratelimit-limit-requests"), "2");
    EXPECT_EQ(first.header("x-ratelimit-remaining-requests"), "1");
    const QByteArray reset = first.header("x-ratelimit-reset-requests");
    EXPECT_TRUE(reset.endsWith('s') && !reset.contains('m')) << reset.constData(); // < 60s
    EXPECT_TRUE(first.header("x-ratelimit-limit-tokens").isEmpty());               // no token rate
    EXPECT_EQ(post(port, "/v1/chat/completions", fastChat).header("x-ratelimit-remaining-requests"),
              "0");

    const Response refused = post(port, "/v1/chat/completions", fastChat);
    ASSERT_EQ(refused.status, 429);
    const int retryAfter = refused.header("retry-after").toInt();
    EXPECT_GE(retryAfter, 1);
    EXPECT_LE(retryAfter, 60);
    const qint64 retryAfterMs = refused.header("retry-after-ms").toLongLong();
    EXPECT_GT(retryAfterMs, (retryAfter - 1) * 1000);
    EXPECT_LE(retryAfterMs, retryAfter * 1000);
    EXPECT_EQ(refused.header("x-ratelimit-remaining-requests"), "0");
    const QJsonObject error = json(refused.body)["error"].toObject();
    EXPECT_EQ(error["code"].toString(), QStringLiteral("rate_limit_exceeded"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("model 'fast'")));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("requests per minute")));
    // An alias without limits is not held back by another's.
    EXPECT_EQ(post(port, "/v1/chat/completions",
                   R"({"model":"free","messages":[{"role":"user","content":"hi"}]})")
                  .status,
              200);

    // Anthropic's clients get their own error shape.
    const Response anthropic =
        post(port, "/v1/messages",
             R"({"model":"fast","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})",
             {"anthropic-version: 2023-06-01"});
    ASSERT_EQ(anthropic.status, 429);
    EXPECT_EQ(json(anthropic.body)["error"].toObject()["type"].toString(),
              QStringLiteral("rate_limit_error"));
    EXPECT_FALSE(anthropic.header("retry-after").isEmpty());
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 429 AND error_class = "
                  "'rate_limited'"),
              2);
}

TEST_F(LimitsTest, TokensPerMinuteReserveThePromptAndMaxTokensThenSettleOnTheUsage)
{
    startEngine(limitsConfig(R"({"tpm": 1000})"));
    const Response r = post(port, "/v1/chat/completions",
                            R"({"model":"fast","max_tokens":500,"stream":false,)"
                            R"("messages":[{"role":"user","content":"hi"}]})");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-ratelimit-limit-tokens"), "1000");
    const qint64 remaining = r.header("x-ratelimit-remaining-tokens").toLongLong();
    EXPECT_LT(remaining, 500); // the prompt's estimate and max_tokens were reserved
    EXPECT_GT(remaining, 400);
    ASSERT_TRUE(settled("fast"));
    const QJsonObject usage = json(r.body)["usage"].toObject();
    EXPECT_EQ(model("fast").tokensThisMinute, usage["total_tokens"].toInteger());

    // One request that can never fit: 429 that says so.
    const Response tooLarge = post(port, "/v1/chat/completions",
                                   R"({"model":"fast","max_tokens":2000,)"
                                   R"("messages":[{"role":"user","content":"hi"}]})");
    ASSERT_EQ(tooLarge.status, 429);
    EXPECT_TRUE(json(tooLarge.body)["error"].toObject()["message"].toString().contains(
        QStringLiteral("Request too large")));
    EXPECT_FALSE(tooLarge.header("retry-after").isEmpty());
}

TEST_F(LimitsTest, ABudgetOfOneDollarAdmitsExactlyOneHundredCentRequestsRunAtOnce)
{
    startEngine(limitsConfig(R"({"budget": {"usd": 1.00, "period": "total"}})"));
    std::atomic<int> ok{0}, refused{0}, other{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 16; ++t) {
        clients.emplace_back([&] {
            Connection c(port);
            for (int i = 0; i < 8; ++i) {
                c.sendRaw(postJson("/v1/chat/completions", centChat));
                const Response r = c.read();
                if (r.status == 200)
                    ok.fetch_add(1);
                else if (r.status == 403 && json(r.body)["error"].toObject()["code"] ==
                                                QStringLiteral("budget_exceeded"))
                    refused.fetch_add(1);
                else
                    other.fetch_add(1);
            }
        });
    }
    for (auto& c : clients)
        c.join();
    EXPECT_EQ(ok.load(), 100);
    EXPECT_EQ(refused.load(), 28);
    EXPECT_EQ(other.load(), 0);
    ASSERT_TRUE(settled("fast"));
    EXPECT_EQ(model("fast").spentNanos, gateway::config::nanosPerUsd);
    // A model without a budget is never refused for one.
    EXPECT_EQ(
        post(port, "/v1/chat/completions",
             R"({"model":"free","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})")
            .status,
        200);
}

TEST_F(LimitsTest, AStreamSettlesOnItsRealUsageAndAClientThatLeavesGivesItsSlotBack)
{
    startEngine(limitsConfig("{}", R"({"maxConcurrent": 1, "tpm": 100000})"));
    // The whole stream, with its usage: the tokens counted are the ones it reported.
    const Response stream = post(
        port, "/v1/chat/completions",
        R"({"model":"slow","stream":true,"stream_options":{"include_usage":true},"max_tokens":8,)"
        R"("messages":[{"role":"user","content":"hi"}]})");
    ASSERT_EQ(stream.status, 200);
    EXPECT_EQ(stream.header("x-ratelimit-limit-tokens"), "100000");
    qint64 total = -1;
    for (const QByteArray& payload : ssePayloads(stream.body))
        if (payload != "[DONE]" && json(payload).contains(QStringLiteral("usage")) &&
            json(payload)["usage"].isObject())
            total = json(payload)["usage"].toObject()["total_tokens"].toInteger();
    ASSERT_GT(total, 0);
    ASSERT_TRUE(settled("slow"));
    EXPECT_EQ(model("slow").tokensThisMinute, total);

    // A stream in flight holds the one slot: a second request is refused...
    Connection leaving(port);
    leaving.sendRaw(
        postJson("/v1/chat/completions",
                 R"({"model":"slow","stream":true,"messages":[{"role":"user","content":"hi"}]})"));
    leaving.readUntil("data: ");
    const Response busy = post(port, "/v1/chat/completions",
                               R"({"model":"slow","messages":[{"role":"user","content":"hi"}]})");
    ASSERT_EQ(busy.status, 429);
    EXPECT_EQ(busy.header("retry-after"), "1");
    EXPECT_TRUE(json(busy.body)["error"].toObject()["message"].toString().contains(
        QStringLiteral("in flight")));
    // ...until its client goes away mid-stream.
    leaving.close();
    ASSERT_TRUE(settled("slow"));
    EXPECT_EQ(post(port, "/v1/chat/completions",
                   R"({"model":"slow","max_tokens":2,"messages":[{"role":"user","content":"hi"}]})")
                  .status,
              200);
}

TEST_F(LimitsTest, ARestartInTheMiddleOfAWindowKeepsTheCounters)
{
    startEngine(limitsConfig(R"({"rpm": 2, "budget": {"usd": 1.00, "period": "total"}})"));
    ASSERT_EQ(post(port, "/v1/chat/completions", centChat).status, 200);
    ASSERT_EQ(post(port, "/v1/chat/completions", centChat).status, 200);
    engine->stop();
    engine.reset();
    startEngine(limitsConfig(R"({"rpm": 2, "budget": {"usd": 1.00, "period": "total"}})"));
    EXPECT_EQ(model("fast").requestsThisMinute, 2);
    EXPECT_EQ(model("fast").spentNanos, 2 * gateway::config::nanosPerUsd / 100);
    EXPECT_EQ(post(port, "/v1/chat/completions", centChat).status, 429);
}

TEST_F(LimitsTest, AGatewayWithoutLimitsCountsNothing)
{
    startEngine(mockConfig);
    const Response r = post(port, "/v1/chat/completions", chatBody);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(r.header("x-ratelimit-limit-requests").isEmpty());
    EXPECT_TRUE(engine->ledger()->snapshot().empty());
    const Response metrics = get(port, "/metrics");
    EXPECT_TRUE(
        metrics.body.contains("switchboard_limit_alerts_total{kind=\"model\",what=\"budget\"} 0"));
}

TEST_F(LimitsTest, ASoftLimitAlertsOnceThroughTheSignalTheMetricsAndTheWebhook)
{
    ScriptedUpstream hook(ScriptedUpstream::response(204, "text/plain", ""));
    startEngine(
        limitsConfig(R"({"budget": {"usd": 0.04, "period": "total"}, "alertAtPercent": 50})", "{}",
                     R"("governance": {"alertWebhookUrl": "http://127.0.0.1:)" +
                         QByteArray::number(hook.port()) + R"(/alerts?token=s3cret"},)"));
    std::vector<gateway::governance::LimitAlert> signalled;
    QObject::connect(engine.get(), &gateway::Engine::limitAlert,
                     [&](const gateway::governance::LimitAlert& a) { signalled.push_back(a); });
    for (int i = 0; i < 4; ++i) // $0.01 each: the second reaches 50 %
        ASSERT_EQ(post(port, "/v1/chat/completions", centChat).status, 200);
    EXPECT_EQ(post(port, "/v1/chat/completions", centChat).status, 403);

    eventually([&] { return !signalled.empty() && !hook.requests().isEmpty(); }, 5000, true);
    ASSERT_EQ(signalled.size(), 1u);
    EXPECT_EQ(signalled[0].kind, gateway::governance::ScopeUsage::Kind::Model);
    EXPECT_EQ(signalled[0].name, QStringLiteral("fast"));
    EXPECT_EQ(signalled[0].what, QStringLiteral("budget"));
    EXPECT_DOUBLE_EQ(signalled[0].limit, 0.04);
    ASSERT_EQ(hook.requests().size(), 1);
    const QByteArray posted = hook.requests().first();
    EXPECT_TRUE(posted.startsWith("POST /alerts?token=s3cret HTTP/1.1")) << posted.constData();
    const QJsonObject body = json(posted.mid(posted.indexOf("\r\n\r\n") + 4));
    EXPECT_EQ(body["event"].toString(), QStringLiteral("limit_alert"));
    EXPECT_EQ(body["scope"].toString(), QStringLiteral("model"));
    EXPECT_EQ(body["what"].toString(), QStringLiteral("budget"));
    EXPECT_DOUBLE_EQ(body["limit"].toDouble(), 0.04);
    EXPECT_TRUE(
        get(port, "/metrics")
            .body.contains("switchboard_limit_alerts_total{kind=\"model\",what=\"budget\"} 1"));
}

TEST_F(LimitsTest, AKeysRateIsRefusedOnTheHeadAndATenantsBudgetIsSharedByItsKeysOnly)
{
    startWithKeys(limitsConfig(
        "{}", "{}",
        R"("tenants": [{"name": "acme", "limits": {"budget": {"usd": 0.03, "period": "total"}}}],)"));
    const auto as = [&](const char* key, const char* tenant) {
        return post(port, "/v1/chat/completions", centChat,
                    {"x-test-key: " + QByteArray(key), "x-test-tenant: " + QByteArray(tenant)});
    };
    ASSERT_EQ(as("ci", "other").status, 200);
    ASSERT_EQ(as("ci", "other").status, 200);
    const Response refused = as("ci", "other");
    ASSERT_EQ(refused.status, 429);
    EXPECT_TRUE(json(refused.body)["error"].toObject()["message"].toString().contains(
        QStringLiteral("key 'ci'")));
    EXPECT_EQ(refused.header("x-ratelimit-limit-requests"), "2");

    // Two keys of acme spend its $0.03 together; a key of another tenant is not held back.
    ASSERT_EQ(as("a", "acme").status, 200);
    ASSERT_EQ(as("b", "acme").status, 200);
    ASSERT_EQ(as("a", "acme").status, 200);
    const Response spent = as("b", "acme");
    ASSERT_EQ(spent.status, 403);
    const QJsonObject error = json(spent.body)["error"].toObject();
    EXPECT_EQ(error["code"].toString(), QStringLiteral("budget_exceeded"));
    EXPECT_TRUE(error["message"].toString().contains(QStringLiteral("tenant 'acme'")))
        << qPrintable(error["message"].toString());
    EXPECT_TRUE(spent.header("retry-after").isEmpty()); // a client must not retry it
    EXPECT_EQ(as("c", "globex").status, 200);
}

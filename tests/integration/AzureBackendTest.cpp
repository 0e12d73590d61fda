// An `azure-openai` backend end to end over real sockets: the deployments path with
// api-version and api-key, the v1 path with an Entra bearer token and the deployment in the
// body, content-filter results carried on the answer's events (providerDetail) for the log
// row, a content_filter finish reaching the client (relayed, and through the encoder), and a
// 429 whose retry-after passes on.

#include "Registries.h"
#include "pipeline/RequestContext.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"
#include "support/TestHttp.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <mutex>

using namespace testhttp;

namespace {

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(SWITCHBOARD_PROVIDER_FIXTURES "/azure/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QByteArray headerOf(const QByteArray& request, const QByteArray& name)
{
    for (const QByteArray& line : request.left(request.indexOf("\r\n\r\n")).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

// What the stage saw: the providerDetail of every Usage and Finish event, with its type.
struct Seen
{
    std::mutex mutex;
    QList<QPair<int, QByteArray>> details;
};
Seen seen;

// Records the provider facts the events carry (where the log row will take them from), and
// asks for protocol-neutral events (the translated path) when the request carries
// x-test-events.
class DetailProbeStage : public gateway::pipeline::Stage
{
public:
    const char* name() const override { return "detail-probe"; }
    gateway::pipeline::Verdict onRequest(gateway::pipeline::RequestContext& ctx) const override
    {
        ctx.wantsEvents = !ctx.http->header("x-test-events").isEmpty();
        return gateway::pipeline::Verdict::Continue;
    }
    void onResponseEvent(gateway::pipeline::RequestContext&,
                         gateway::api::ResponseEvent& event) const override
    {
        using T = gateway::api::ResponseEvent::Type;
        if ((event.type == T::Usage || event.type == T::Finish) &&
            !event.providerDetail.isEmpty()) {
            std::lock_guard lock(seen.mutex);
            seen.details.append({int(event.type), event.providerDetail});
        }
    }
};

class AzureBackendTest : public EngineFixture
{
protected:
    void SetUp() override
    {
        qputenv("AZURE_TEST_KEY", "azure-secret");
        std::lock_guard lock(seen.mutex);
        seen.details.clear();
    }

    void start(quint16 upstreamPort, const QByteArray& backendExtra)
    {
        registries = gateway::Registries::makeBuiltin();
        registries.stages.insertBefore("route", "detail-probe",
                                       [](const gateway::pipeline::StageEnvironment&) {
                                           return std::make_unique<DetailProbeStage>();
                                       });
        const QByteArray config = R"({"schemaVersion": 1,
          "backends": [{"name": "az", "type": "azure-openai", "apiKey": "env:AZURE_TEST_KEY",
                        "baseUrl": "http://127.0.0.1:)" +
                                  QByteArray::number(upstreamPort) + "\", " + backendExtra + R"(,
                        "deployments": {"gpt-4o": "prod-4o"}}],
          "models": [{"alias": "m", "targets": [{"backend": "az", "model": "gpt-4o"}]}]})";
        gateway::config::ConfigLoader loader;
        auto parsed = loader.parse(config);
        ASSERT_TRUE(parsed.ok()) << qPrintable(parsed.error());
        gateway::config::Config c = parsed.value();
        c.server.host = QStringLiteral("127.0.0.1");
        c.server.port = 0;
        c.server.workers = 1;
        engine = std::make_unique<gateway::Engine>();
        engine->setRegistries(&registries);
        ASSERT_TRUE(engine->start(c, dataDir.path()).ok());
        port = engine->port();
    }

    // The last detail the events carried (after the request is logged: all events are in).
    QJsonObject lastDetail()
    {
        sql("SELECT COUNT(*) FROM requests");
        std::lock_guard lock(seen.mutex);
        return seen.details.isEmpty() ? QJsonObject() : json(seen.details.last().second);
    }

    gateway::Registries registries;
};

const QByteArray chat = R"({"model":"m","messages":[{"role":"user","content":"A story"}]})";
const QByteArray chatStream =
    R"({"model":"m","stream":true,"messages":[{"role":"user","content":"A story"}]})";

QString finishOf(const QByteArray& sse)
{
    QString finish;
    for (const QByteArray& p : ssePayloads(sse))
        for (const QJsonValue c : json(p).value("choices").toArray())
            if (c.toObject().value("finish_reason").isString())
                finish = c.toObject().value("finish_reason").toString();
    return finish;
}

} // namespace

TEST_F(AzureBackendTest, TheDeploymentsPathCarriesTheApiVersionAndTheApiKey)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "application/json", fixture("answer-filtered.json")));
    start(upstream.port(), R"("apiVersion": "2024-10-21")");
    const Response r = post(port, "/v1/chat/completions", chat);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    // An OpenAI client gets Azure's answer as it came (the pass-through), finish reason and all.
    const QJsonObject choice = json(r.body).value("choices").toArray().at(0).toObject();
    EXPECT_EQ(choice.value("finish_reason"), "content_filter");
    EXPECT_EQ(json(r.body).value("usage").toObject().value("prompt_tokens"), 21);

    ASSERT_EQ(upstream.requests().size(), 1);
    const QByteArray sent = upstream.requests().first();
    EXPECT_TRUE(sent.startsWith(
        "POST /openai/deployments/prod-4o/chat/completions?api-version=2024-10-21 HTTP/1.1\r\n"))
        << sent.left(120).constData();
    EXPECT_EQ(headerOf(sent, "api-key"), "azure-secret");
    EXPECT_TRUE(headerOf(sent, "authorization").isEmpty());

    const QJsonObject detail = lastDetail();
    EXPECT_EQ(detail.value("choices")
                  .toArray()
                  .at(0)
                  .toObject()
                  .value("content_filter_results")
                  .toObject()
                  .value("violence")
                  .toObject()
                  .value("severity"),
              "medium");
    EXPECT_EQ(detail.value("prompt_filter_results").toArray().size(), 1);
    EXPECT_EQ(sql("SELECT prompt_tokens FROM requests WHERE status = 200"), 21);
}

TEST_F(AzureBackendTest, TheV1PathTakesAnEntraTokenAndTheDeploymentInTheBody)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", fixture("stream-filtered.sse")));
    start(upstream.port(), R"("auth": "entra")");
    const Response r = post(port, "/v1/chat/completions", chatStream);
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(finishOf(r.body), "content_filter");
    EXPECT_EQ(ssePayloads(r.body).last(), "[DONE]");

    const QByteArray sent = upstream.requests().first();
    EXPECT_TRUE(sent.startsWith("POST /openai/v1/chat/completions HTTP/1.1\r\n"))
        << sent.left(120).constData();
    EXPECT_EQ(headerOf(sent, "authorization"), "Bearer azure-secret");
    EXPECT_TRUE(headerOf(sent, "api-key").isEmpty());
    EXPECT_EQ(json(sent.mid(sent.indexOf("\r\n\r\n") + 4)).value("model"), "prod-4o");

    const QJsonObject detail = lastDetail();
    const QJsonObject choice = detail.value("choices").toArray().at(0).toObject();
    EXPECT_EQ(choice.value("finish_reason"), "content_filter");
    EXPECT_EQ(choice.value("content_filter_results")
                  .toObject()
                  .value("violence")
                  .toObject()
                  .value("filtered"),
              true);
    // The detail rode on the usage event: the row keeps the upstream's counts.
    EXPECT_EQ(sql("SELECT completion_tokens FROM requests WHERE status = 200"), 3);
}

TEST_F(AzureBackendTest, AContentFilterFinishAlsoReachesAClientThroughTheEncoder)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(200, "text/event-stream", fixture("stream-filtered.sse")));
    start(upstream.port(), R"("apiVersion": "2024-10-21")");
    // x-test-events: the answer is decoded into events and encoded again (as for any client
    // dialect other than OpenAI's).
    const Response r = post(port, "/v1/chat/completions", chatStream, {"x-test-events: 1"});
    ASSERT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(finishOf(r.body), "content_filter");
    QString text;
    for (const QByteArray& p : ssePayloads(r.body))
        for (const QJsonValue c : json(p).value("choices").toArray())
            text += c.toObject().value("delta").toObject().value("content").toString();
    EXPECT_EQ(text, "The knight");
    std::lock_guard lock(seen.mutex);
    ASSERT_FALSE(seen.details.isEmpty());
    // The Finish event carries the filter results that came with it.
    EXPECT_EQ(seen.details.first().first, int(gateway::api::ResponseEvent::Type::Finish));
    EXPECT_TRUE(seen.details.first().second.contains("\"finish_reason\":\"content_filter\""));
}

TEST_F(AzureBackendTest, ARateLimitedDeploymentsRetryAfterReachesTheClient)
{
    const QByteArray error =
        R"({"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded call rate limit."}})";
    ScriptedUpstream upstream(
        ScriptedUpstream::response(429, "application/json", error, {"retry-after: 12"}));
    start(upstream.port(), R"("apiVersion": "2024-10-21")");
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(r.header("retry-after"), "12");
    EXPECT_EQ(r.body, error); // an OpenAI-shaped error passes to an OpenAI client as it is
}

TEST_F(AzureBackendTest, AFilteredPromptsErrorPassesOnWithItsReasons)
{
    ScriptedUpstream upstream(
        ScriptedUpstream::response(400, "application/json", fixture("error-content-filter.json")));
    start(upstream.port(), R"("apiVersion": "2024-10-21")");
    const Response r = post(port, "/v1/chat/completions", chat);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json(r.body).value("error").toObject().value("code"), "content_filter");
}

#include "models/BackendProbe.h"
#include "config/ConfigLoader.h"
#include "support/ScriptedUpstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QtTest>

namespace {

// One backend as the loader makes it; every secret reference resolves to "KEY".
gateway::config::Backend backend(QJsonObject json)
{
    json.insert(QStringLiteral("name"), QStringLiteral("b"));
    const QJsonObject doc{{QStringLiteral("schemaVersion"), 1},
                          {QStringLiteral("backends"), QJsonArray{json}},
                          {QStringLiteral("models"), QJsonArray()}};
    const gateway::config::ConfigLoader loader(
        [](const QString&) { return gateway::Result<QByteArray>(QByteArray("KEY")); });
    const auto config = loader.parse(QJsonDocument(doc).toJson());
    if (!config)
        qFatal("%s", qPrintable(config.error()));
    return config->backends.first();
}

QString local(const ScriptedUpstream& upstream, const char* path = "")
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(upstream.port()).arg(QLatin1String(path));
}

} // namespace

// The probe against a real HTTP server on loopback: what it sends in each provider's API, and
// how it words what comes back.
class BackendProbeTest : public QObject
{
    Q_OBJECT
private slots:
    void asksAnthropicInItsOwnApiAndListsItsModels()
    {
        ScriptedUpstream upstream(ScriptedUpstream::response(
            200, "application/json",
            R"({"data":[{"type":"model","id":"claude-opus-4-6","display_name":"Claude Opus 4.6"},)"
            R"({"type":"model","id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5"}],)"
            R"("has_more":true,"first_id":"claude-opus-4-6","last_id":"claude-haiku-4-5"})"));
        const ui::BackendProbe::Outcome o =
            probe(backend({{"type", "anthropic"},
                           {"baseUrl", local(upstream)},
                           {"apiKey", "env:ANTHROPIC_API_KEY"},
                           {"headers", QJsonObject{{"X-Team", "research"}}}}));
        QVERIFY2(o.ok, qPrintable(o.error));
        QCOMPARE(o.models, QStringList({"claude-opus-4-6", "claude-haiku-4-5"}));
        QVERIFY(o.partial);
        QCOMPARE(o.status, 200);
        const QByteArray request = upstream.requests().value(0);
        QVERIFY2(request.startsWith("GET /v1/models?limit=1000 HTTP/1.1\r\n"), request.constData());
        for (const char* header :
             {"x-api-key: key\r\n", "anthropic-version: 2023-06-01\r\n", "x-team: research\r\n"})
            QVERIFY2(request.toLower().contains(header), request.constData());
        QVERIFY(!request.toLower().contains("authorization:"));
    }

    void asksGeminiAndOllamaAndAzureWhereTheyList()
    {
        {
            ScriptedUpstream upstream(ScriptedUpstream::response(
                200, "application/json",
                R"({"models":[{"name":"models/gemini-2.5-flash","supportedGenerationMethods":)"
                R"(["generateContent","countTokens"]},{"name":"models/gemini-embedding-001",)"
                R"("supportedGenerationMethods":["embedContent"]}]})"));
            const auto o = probe(backend({{"type", "gemini"},
                                          {"baseUrl", local(upstream, "/v1beta")},
                                          {"apiKey", "env:GEMINI_API_KEY"},
                                          {"query", QJsonObject{{"alt", "json"}}}}));
            QCOMPARE(o.models, QStringList({"gemini-2.5-flash"}));
            const QByteArray request = upstream.requests().value(0);
            QVERIFY2(request.startsWith("GET /v1beta/models?pageSize=1000&alt=json HTTP/1.1\r\n"),
                     request.constData());
            QVERIFY(request.toLower().contains("x-goog-api-key: key\r\n"));
        }
        {
            ScriptedUpstream upstream(ScriptedUpstream::response(
                200, "application/json", R"({"models":[{"name":"gemma3","model":"gemma3"}]})"));
            const auto o = probe(backend({{"type", "ollama"}, {"baseUrl", local(upstream)}}));
            QCOMPARE(o.models, QStringList({"gemma3"}));
            QVERIFY(upstream.requests().value(0).startsWith("GET /api/tags HTTP/1.1\r\n"));
        }
        {
            ScriptedUpstream upstream(ScriptedUpstream::response(
                200, "application/json", R"({"data":[{"id":"gpt-4o","object":"model"}]})"));
            const auto o = probe(backend({{"type", "azure-openai"},
                                          {"baseUrl", local(upstream)},
                                          {"apiVersion", "2024-10-21"},
                                          {"apiKey", "env:AZURE_OPENAI_API_KEY"}}));
            QCOMPARE(o.models, QStringList({"gpt-4o"}));
            const QByteArray request = upstream.requests().value(0);
            QVERIFY2(request.startsWith("GET /openai/models?api-version=2024-10-21 HTTP/1.1\r\n"),
                     request.constData());
            QVERIFY(request.toLower().contains("api-key: key\r\n"));
        }
    }

    void anErrorStatusSaysWhatTheProviderSaid()
    {
        ScriptedUpstream upstream(ScriptedUpstream::response(
            401, "application/json",
            R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"));
        const auto o = probe(backend({{"type", "anthropic"}, {"baseUrl", local(upstream)}}));
        QVERIFY(o.reachable);
        QVERIFY(!o.ok);
        QCOMPARE(o.status, 401);
        QCOMPARE(o.error, QStringLiteral("HTTP 401: invalid x-api-key (check the API key)"));
    }

    void anAnswerThatIsNoModelListSaysSo()
    {
        {
            ScriptedUpstream upstream(
                ScriptedUpstream::response(200, "text/html", "<html>It works!</html>"));
            const auto o = probe(
                backend({{"type", "openai-compatible"}, {"baseUrl", local(upstream, "/v1")}}));
            QVERIFY(o.reachable && !o.ok);
            QVERIFY2(o.error.startsWith(QStringLiteral("the answer is not JSON")),
                     qPrintable(o.error));
        }
        {
            // An OpenAI-compatible server's list asked as if it were Ollama.
            ScriptedUpstream upstream(
                ScriptedUpstream::response(200, "application/json", R"({"data":[{"id":"x"}]})"));
            const auto o = probe(backend({{"type", "ollama"}, {"baseUrl", local(upstream)}}));
            QVERIFY(!o.ok);
            QVERIFY2(o.error.contains(QStringLiteral("no \"models\" array")), qPrintable(o.error));
        }
        {
            ScriptedUpstream upstream(ScriptedUpstream::response(
                200, "application/json", "{\"data\":[" + QByteArray(5 * 1024 * 1024, ' ') + "]}"));
            const auto o = probe(
                backend({{"type", "openai-compatible"}, {"baseUrl", local(upstream, "/v1")}}));
            QVERIFY(!o.ok);
            QVERIFY2(o.error.contains(QStringLiteral("larger than 4 MiB")), qPrintable(o.error));
        }
    }

    // Bedrock's runtime endpoint has no request that lists models: nothing is sent.
    void bedrockIsNotAskedAndSaysWhy()
    {
        ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/json", "{}"));
        const auto o = probe(backend({{"type", "bedrock"}, {"baseUrl", local(upstream)}}));
        QVERIFY(!o.listable);
        QVERIFY(!o.ok && !o.reachable);
        QVERIFY(o.error.contains(QStringLiteral("Bedrock")));
        QVERIFY(upstream.requests().isEmpty());
    }

private:
    ui::BackendProbe::Outcome probe(const gateway::config::Backend& b)
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        QSignalSpy finished(&probe, &ui::BackendProbe::finished);
        probe.probe(b, 5'000);
        if (!finished.wait(10'000))
            qFatal("the probe did not finish");
        return finished.first().at(1).value<ui::BackendProbe::Outcome>();
    }
};

QTEST_MAIN(BackendProbeTest)
#include "BackendProbeTest.moc"

#include "providers/ModelCatalog.h"

#include "config/ConfigLoader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway;
using config::BackendType;
using providers::ModelCatalog;
using Problem = ModelCatalog::Problem;

namespace {

QByteArray fixture(const char* path)
{
    QFile file(QStringLiteral(MODEL_CATALOG_FIXTURES "/") + QLatin1String(path));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path;
    return file.readAll();
}

// One backend as the loader makes it from JSON; every secret reference resolves to "KEY".
config::Backend backend(QJsonObject json)
{
    json.insert(QStringLiteral("name"), QStringLiteral("b"));
    const QJsonObject doc{{QStringLiteral("schemaVersion"), 1},
                          {QStringLiteral("backends"), QJsonArray{json}},
                          {QStringLiteral("models"), QJsonArray()}};
    const config::ConfigLoader loader(
        [](const QString&) { return Result<QByteArray>(QByteArray("KEY")); });
    const auto config = loader.parse(QJsonDocument(doc).toJson());
    EXPECT_TRUE(config.ok()) << qPrintable(config.ok() ? QString() : config.error());
    return config ? config->backends.first() : config::Backend();
}

QByteArray head(const QJsonObject& json)
{
    const auto request = ModelCatalog::request(backend(json));
    EXPECT_TRUE(request.has_value());
    return request ? request->head : QByteArray();
}

QStringList list(BackendType type, const char* path)
{
    const ModelCatalog::Listing listing = ModelCatalog::parse(type, 200, fixture(path));
    EXPECT_EQ(listing.problem, Problem::None) << path << " " << qPrintable(listing.detail);
    return listing.models;
}

} // namespace

TEST(ModelCatalogTest, OpenAiCompatibleAsksForModelsWithABearerKeyAndTheConfigsExtras)
{
    const QByteArray h = head({{"type", "openai-compatible"},
                               {"baseUrl", "https://api.mistral.ai/v1"},
                               {"apiKey", "env:MISTRAL_API_KEY"},
                               {"headers", QJsonObject{{"X-Team", "research"}}},
                               {"query", QJsonObject{{"tenant", "a b"}}}});
    EXPECT_EQ(h, "GET /v1/models?tenant=a%20b HTTP/1.1\r\nHost: api.mistral.ai\r\n"
                 "Accept: application/json\r\nAuthorization: Bearer KEY\r\n"
                 "X-Team: research\r\n\r\n");
    // A local server without a key gets no Authorization header.
    EXPECT_EQ(
        head({{"type", "openai-compatible"}, {"baseUrl", "http://127.0.0.1:8000/v1"}}),
        "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: application/json\r\n\r\n");
    const auto request = ModelCatalog::request(
        backend({{"type", "openai-compatible"}, {"baseUrl", "https://api.groq.com/openai/v1"}}));
    ASSERT_TRUE(request);
    EXPECT_TRUE(request->origin.tls);
    EXPECT_EQ(request->origin.host, QStringLiteral("api.groq.com"));
    EXPECT_EQ(request->origin.port, 443);
}

TEST(ModelCatalogTest, AzureUsesTheV1PathOrTheVersionedModelsListAndItsOwnAuth)
{
    EXPECT_EQ(head({{"type", "azure-openai"},
                    {"baseUrl", "https://res.openai.azure.com"},
                    {"apiKey", "env:AZURE_OPENAI_API_KEY"}}),
              "GET /openai/v1/models HTTP/1.1\r\nHost: res.openai.azure.com\r\n"
              "Accept: application/json\r\napi-key: KEY\r\n\r\n");
    EXPECT_EQ(head({{"type", "azure-openai"},
                    {"baseUrl", "https://res.openai.azure.com"},
                    {"apiVersion", "2024-10-21"},
                    {"auth", "entra"},
                    {"apiKey", "env:AZURE_TOKEN"}}),
              "GET /openai/models?api-version=2024-10-21 HTTP/1.1\r\nHost: res.openai.azure.com\r\n"
              "Accept: application/json\r\nAuthorization: Bearer KEY\r\n\r\n");
}

TEST(ModelCatalogTest, AnthropicGeminiAndOllamaUseTheirOwnPathsAndHeaders)
{
    EXPECT_EQ(
        head({{"type", "anthropic"}, {"apiKey", "env:ANTHROPIC_API_KEY"}}),
        "GET /v1/models?limit=1000 HTTP/1.1\r\nHost: api.anthropic.com\r\n"
        "Accept: application/json\r\nx-api-key: KEY\r\nanthropic-version: 2023-06-01\r\n\r\n");
    EXPECT_EQ(head({{"type", "anthropic"}, {"anthropicVersion", "2024-01-01"}}),
              "GET /v1/models?limit=1000 HTTP/1.1\r\nHost: api.anthropic.com\r\n"
              "Accept: application/json\r\nanthropic-version: 2024-01-01\r\n\r\n");
    EXPECT_EQ(head({{"type", "gemini"}, {"apiKey", "env:GEMINI_API_KEY"}}),
              "GET /v1beta/models?pageSize=1000 HTTP/1.1\r\n"
              "Host: generativelanguage.googleapis.com\r\n"
              "Accept: application/json\r\nx-goog-api-key: KEY\r\n\r\n");
    EXPECT_EQ(
        head({{"type", "ollama"}}),
        "GET /api/tags HTTP/1.1\r\nHost: 127.0.0.1:11434\r\nAccept: application/json\r\n\r\n");
}

TEST(ModelCatalogTest, BedrockAndTheMockHaveNoListingRequest)
{
    EXPECT_FALSE(ModelCatalog::canList(BackendType::Bedrock));
    EXPECT_FALSE(ModelCatalog::canList(BackendType::Mock));
    EXPECT_FALSE(ModelCatalog::request(backend({{"type", "bedrock"}, {"region", "eu-west-1"}})));
    EXPECT_FALSE(ModelCatalog::request(backend({{"type", "mock"}})));
    for (BackendType t : {BackendType::OpenAiCompatible, BackendType::AzureOpenAi,
                          BackendType::Anthropic, BackendType::Gemini, BackendType::Ollama})
        EXPECT_TRUE(ModelCatalog::canList(t));
}

TEST(ModelCatalogTest, ReadsEachProvidersModelList)
{
    EXPECT_EQ(list(BackendType::OpenAiCompatible, "openai/models-list.json"),
              QStringList({"gpt-4o", "gpt-4o-mini", "text-embedding-3-small",
                           "ft:gpt-4o-mini-2024-07-18:acme::9xYz"}));
    EXPECT_EQ(list(BackendType::AzureOpenAi, "azure-openai/models-list.json"),
              QStringList({"gpt-4o-2024-08-06", "text-embedding-3-large",
                           "gpt-4o-mini-2024-07-18.ft-72a2792ef7d24ba7b82c7fe4a37e379f"}));
    EXPECT_EQ(list(BackendType::Anthropic, "anthropic/models-list.json"),
              QStringList(
                  {"claude-opus-4-6", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"}));
    EXPECT_EQ(list(BackendType::Ollama, "ollama/tags.json"), QStringList({"gemma3", "qwen3:8b"}));
    EXPECT_EQ(list(BackendType::Ollama, "ollama/tags-empty.json"), QStringList());
}

// Gemini names its models "models/…" and lists embedding and image models beside them; only
// those that answer generateContent are chat targets.
TEST(ModelCatalogTest, GeminiKeepsGenerateContentModelsWithoutThePrefix)
{
    const auto listing =
        ModelCatalog::parse(BackendType::Gemini, 200, fixture("gemini/models-list.json"));
    EXPECT_EQ(listing.problem, Problem::None);
    EXPECT_EQ(listing.models, QStringList({"gemini-2.5-flash", "gemini-2.5-pro"}));
    EXPECT_TRUE(listing.partial); // a nextPageToken: there is more
    // No model at all: the reference omits the empty list.
    EXPECT_EQ(ModelCatalog::parse(BackendType::Gemini, 200, "{}").problem, Problem::None);
}

TEST(ModelCatalogTest, SaysWhenAListIsAPart)
{
    EXPECT_TRUE(ModelCatalog::parse(BackendType::Anthropic, 200,
                                    fixture("anthropic/models-list-has-more.json"))
                    .partial);
    EXPECT_FALSE(
        ModelCatalog::parse(BackendType::Anthropic, 200, fixture("anthropic/models-list.json"))
            .partial);
    QJsonArray many;
    for (int i = 0; i < ModelCatalog::maxModels + 5; ++i)
        many.append(QJsonObject{{"id", QStringLiteral("m%1").arg(i)}});
    const auto listing = ModelCatalog::parse(BackendType::OpenAiCompatible, 200,
                                             QJsonDocument(QJsonObject{{"data", many}}).toJson());
    EXPECT_EQ(listing.models.size(), ModelCatalog::maxModels);
    EXPECT_TRUE(listing.partial);
}

TEST(ModelCatalogTest, AnErrorStatusCarriesTheProvidersOwnMessage)
{
    const struct
    {
        BackendType type;
        int status;
        const char* path;
        const char* message;
    } cases[] = {
        {BackendType::OpenAiCompatible, 401, "openai/error-401.json",
         "Incorrect API key provided: sk-abc. You can find your API key at "
         "https://platform.openai.com/account/api-keys."},
        {BackendType::AzureOpenAi, 401, "azure-openai/error-401.json",
         "Access denied due to invalid subscription key or wrong API endpoint."},
        {BackendType::Anthropic, 401, "anthropic/error-401.json", "invalid x-api-key"},
        {BackendType::Gemini, 400, "gemini/error-400.json",
         "API key not valid. Please pass a valid API key."},
        {BackendType::Ollama, 500, "ollama/error-500.json",
         "open /root/.ollama/models/manifests: permission denied"},
    };
    for (const auto& c : cases) {
        const auto listing = ModelCatalog::parse(c.type, c.status, fixture(c.path));
        EXPECT_EQ(listing.problem, Problem::Status) << c.path;
        EXPECT_TRUE(listing.detail.startsWith(QLatin1String(c.message)))
            << c.path << ": " << qPrintable(listing.detail);
        EXPECT_LE(listing.detail.size(), ModelCatalog::maxDetailChars);
        EXPECT_TRUE(listing.models.isEmpty());
    }
    // An error page that is not JSON: the status alone.
    const auto html = ModelCatalog::parse(BackendType::OpenAiCompatible, 502,
                                          "<html><body>Bad Gateway</body></html>");
    EXPECT_EQ(html.problem, Problem::Status);
    EXPECT_TRUE(html.detail.isEmpty());
    // A long message is cut, on one line.
    const QByteArray longMessage =
        R"({"error":{"message":")" + QByteArray(1000, 'x') + R"(\nmore"}})";
    const auto cut = ModelCatalog::parse(BackendType::OpenAiCompatible, 429, longMessage);
    EXPECT_EQ(cut.detail.size(), ModelCatalog::maxDetailChars);
    EXPECT_FALSE(cut.detail.contains(QLatin1Char('\n')));
}

TEST(ModelCatalogTest, BadBodiesGetAClearProblem)
{
    EXPECT_EQ(ModelCatalog::parse(BackendType::OpenAiCompatible, 200, "").problem,
              Problem::NotJson);
    const auto truncated = ModelCatalog::parse(BackendType::Ollama, 200, R"({"models":[{"name":)");
    EXPECT_EQ(truncated.problem, Problem::NotJson);
    EXPECT_FALSE(truncated.detail.isEmpty());
    // An OpenAI answer read as Ollama's, and the like: JSON, but not the list.
    const auto wrong =
        ModelCatalog::parse(BackendType::Ollama, 200, fixture("openai/models-list.json"));
    EXPECT_EQ(wrong.problem, Problem::Shape);
    EXPECT_EQ(wrong.detail, QStringLiteral("models"));
    EXPECT_EQ(ModelCatalog::parse(BackendType::Anthropic, 200, "[1,2]").problem, Problem::Shape);
    EXPECT_EQ(ModelCatalog::parse(BackendType::Gemini, 200, R"({"models":{}})").problem,
              Problem::Shape);
    // Entries that are no names are passed over, not taken as models.
    const auto odd = ModelCatalog::parse(BackendType::OpenAiCompatible, 200,
                                         R"({"data":[{"id":"ok"},{"id":7},"x",{"id":""},{"id":")" +
                                             QByteArray(600, 'y') + R"("}]})");
    EXPECT_EQ(odd.problem, Problem::None);
    EXPECT_EQ(odd.models, QStringList({"ok"}));
    // Over the bound: not parsed at all.
    const QByteArray huge(ModelCatalog::maxBodyBytes + 1, ' ');
    EXPECT_EQ(ModelCatalog::parse(BackendType::OpenAiCompatible, 200, huge).problem,
              Problem::TooLarge);
}

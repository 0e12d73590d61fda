// Azure OpenAI's addressing policy (paths, api-version, deployments, api-key or Entra bearer)
// and its content-filter observer, from the fixtures.

#include "providers/azure/AzureAddressing.h"
#include "providers/azure/AzureContentFilter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace gateway;
using providers::azure::AzureAddressing;
using providers::azure::AzureContentFilter;

namespace {

QByteArray fixture(const char* name)
{
    QFile f(QStringLiteral(SWITCHBOARD_PROVIDER_FIXTURES "/azure/") + QLatin1String(name));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << name;
    return f.readAll();
}

config::Backend azureBackend(const QString& apiVersion, bool entra)
{
    config::Backend b;
    b.type = config::BackendType::AzureOpenAi;
    b.apiKey = "azure-secret";
    b.apiVersion = apiVersion;
    b.entraAuth = entra;
    b.deployments = {{"gpt-4o", "prod-4o"}, {"gpt 4o mini", "mini/eu"}};
    return b;
}

QJsonObject detail(const QByteArray& text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    EXPECT_EQ(error.error, QJsonParseError::NoError) << text.constData();
    return doc.object();
}

} // namespace

TEST(AzureOpenAiTest, WithAnApiVersionCallsGoToTheDeploymentsPath)
{
    const AzureAddressing a(azureBackend("2024-10-21", false));
    EXPECT_EQ(a.path(api::Endpoint::ChatCompletions, "gpt-4o"),
              "/openai/deployments/prod-4o/chat/completions?api-version=2024-10-21");
    EXPECT_EQ(a.path(api::Endpoint::Embeddings, "text-embedding-3-small"),
              "/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21");
    // A deployment name is one path segment.
    EXPECT_EQ(a.path(api::Endpoint::Completions, "gpt 4o mini"),
              "/openai/deployments/mini%2Feu/completions?api-version=2024-10-21");
    EXPECT_EQ(a.bodyModel("gpt-4o"), "gpt-4o");
    http::HeaderList headers;
    a.appendAuthHeaders(headers);
    ASSERT_EQ(headers.size(), 1u);
    EXPECT_EQ(headers[0].first, "api-key");
    EXPECT_EQ(headers[0].second, "azure-secret");
}

TEST(AzureOpenAiTest, WithoutOneTheV1PathNamesTheDeploymentInTheBody)
{
    const AzureAddressing a(azureBackend(QString(), true));
    EXPECT_EQ(a.path(api::Endpoint::ChatCompletions, "gpt-4o"), "/openai/v1/chat/completions");
    EXPECT_EQ(a.bodyModel("gpt-4o"), "prod-4o");
    EXPECT_EQ(a.bodyModel("other"), "other");
    http::HeaderList headers;
    a.appendAuthHeaders(headers);
    ASSERT_EQ(headers.size(), 1u);
    EXPECT_EQ(headers[0].first, "Authorization");
    EXPECT_EQ(headers[0].second, "Bearer azure-secret");
    EXPECT_NE(a.observer(), nullptr);
}

TEST(AzureOpenAiTest, AWholeAnswersFilterResultsAreKept)
{
    AzureContentFilter filter;
    EXPECT_TRUE(filter.takeDetail().isEmpty());
    filter.observeAnswer(fixture("answer-filtered.json"));
    const QJsonObject d = detail(filter.takeDetail());
    EXPECT_EQ(d.value("prompt_filter_results")[0]["content_filter_results"]["violence"]["severity"],
              "low");
    const QJsonObject choice = d.value("choices")[0].toObject();
    EXPECT_EQ(choice.value("index"), 0);
    EXPECT_EQ(choice.value("finish_reason"), "content_filter");
    EXPECT_EQ(choice.value("content_filter_results")["violence"]["filtered"], true);
    EXPECT_TRUE(filter.takeDetail().isEmpty()); // nothing new since
}

TEST(AzureOpenAiTest, AStreamKeepsThePromptResultsAndTheResultsOfTheFilteringChunk)
{
    AzureContentFilter filter;
    for (const QByteArray& event : fixture("stream-filtered.sse").split('\n')) {
        if (event.startsWith("data: ") && event != "data: [DONE]")
            filter.observeChunk(QByteArrayView(event).sliced(6));
    }
    const QJsonObject d = detail(filter.takeDetail());
    EXPECT_EQ(d.value("prompt_filter_results")[0]["prompt_index"], 0);
    const QJsonObject choice = d.value("choices")[0].toObject();
    EXPECT_EQ(choice.value("finish_reason"), "content_filter");
    EXPECT_EQ(choice.value("content_filter_results")["violence"]["severity"], "medium");

    // Results that come after the filtering chunk do not replace its results.
    filter.observeChunk(
        R"({"choices":[{"index":0,"content_filter_results":{"violence":{"filtered":false,"severity":"safe"}}}]})");
    EXPECT_TRUE(filter.takeDetail().isEmpty());
    // Chunks without filter facts are not even parsed; bad JSON is left alone.
    filter.observeChunk(R"({"choices":[{"index":0,"delta":{"content":"x"}}]})");
    filter.observeChunk("{not json _filter");
    EXPECT_TRUE(filter.takeDetail().isEmpty());
}

TEST(AzureOpenAiTest, ChoicesPastTheBoundAreNotKept)
{
    AzureContentFilter filter;
    filter.observeChunk(
        R"({"choices":[{"index":99,"finish_reason":"content_filter","content_filter_results":{"hate":{"filtered":true}}}]})");
    EXPECT_TRUE(filter.takeDetail().isEmpty());
}

#include "api/RouteTable.h"

#include "api/anthropic/AnthropicDialect.h"
#include "api/openai/OpenAiDialect.h"

#include <gtest/gtest.h>

using namespace gateway::api;

namespace {

// The gateway's table (Registries.cpp), for one prefix.
RouteTable table()
{
    const Dialect* openAi = &OpenAiDialect::instance();
    RouteTable routes;
    routes.setFallbackDialect(openAi);
    routes.add("POST", "/v1/chat/completions", {RouteKind::Api, openAi, Endpoint::ChatCompletions});
    routes.add("POST", "/v1/completions", {RouteKind::Api, openAi, Endpoint::Completions});
    routes.add("POST", "/v1/embeddings", {RouteKind::Api, openAi, Endpoint::Embeddings});
    routes.add("GET", "/v1/models", {RouteKind::ModelList, openAi, {}});
    routes.add("GET", "/v1/models/{id}", {RouteKind::ModelRetrieve, openAi, {}});
    routes.add("GET", "/healthz", {RouteKind::Health, openAi, {}});
    return routes;
}

} // namespace

TEST(RouteTable, ExactPathsLeadToTheirRoute)
{
    const RouteTable routes = table();
    RouteTable::Match m = routes.match("POST", "/v1/chat/completions");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->kind, RouteKind::Api);
    EXPECT_EQ(m.route->endpoint, Endpoint::ChatCompletions);
    EXPECT_EQ(m.route->dialect, &OpenAiDialect::instance());
    EXPECT_TRUE(m.param.isEmpty());
    EXPECT_TRUE(m.allow.isEmpty());

    m = routes.match("POST", "/v1/embeddings");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->endpoint, Endpoint::Embeddings);

    m = routes.match("GET", "/v1/models");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->kind, RouteKind::ModelList);

    // Exact means exact: no prefix, no trailing slash, no case folding.
    EXPECT_EQ(routes.match("POST", "/v1/chat/completions/").route, nullptr);
    EXPECT_EQ(routes.match("POST", "/v1/chat").route, nullptr);
    EXPECT_EQ(routes.match("POST", "/V1/chat/completions").route, nullptr);
}

TEST(RouteTable, IdParamTakesTheRestOfThePathSlashesIncluded)
{
    const RouteTable routes = table();
    RouteTable::Match m = routes.match("GET", "/v1/models/gpt-4o");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->kind, RouteKind::ModelRetrieve);
    EXPECT_EQ(m.param, "gpt-4o");

    m = routes.match("GET", "/v1/models/local/llama-3/8b");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->kind, RouteKind::ModelRetrieve);
    EXPECT_EQ(m.param, "local/llama-3/8b");

    // The exact route wins over an empty id; "/v1/models/" has no id at all.
    m = routes.match("GET", "/v1/models");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->kind, RouteKind::ModelList);
    EXPECT_EQ(routes.match("GET", "/v1/models/").route, nullptr);
}

TEST(RouteTable, HeadMatchesGetRoutes)
{
    const RouteTable routes = table();
    RouteTable::Match m = routes.match("HEAD", "/v1/models");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->kind, RouteKind::ModelList);
    m = routes.match("HEAD", "/v1/models/a/b");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.param, "a/b");
    m = routes.match("HEAD", "/healthz");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(m.route->kind, RouteKind::Health);
    // HEAD is no POST.
    m = routes.match("HEAD", "/v1/chat/completions");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allow, "POST");
}

TEST(RouteTable, OtherMethodsGetTheAllowList)
{
    const RouteTable routes = table();
    RouteTable::Match m = routes.match("GET", "/v1/chat/completions");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allow, "POST");

    m = routes.match("POST", "/v1/models");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allow, "GET, HEAD");

    m = routes.match("DELETE", "/v1/models/gpt-4o");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allow, "GET, HEAD");
    EXPECT_TRUE(m.param.isEmpty());

    // A path with several methods lists each once, in the order they were added.
    RouteTable both = table();
    both.add("DELETE", "/v1/models/{id}", {RouteKind::ModelRetrieve, nullptr, {}});
    m = both.match("PUT", "/v1/models/x");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allow, "GET, HEAD, DELETE");
    m = both.match("DELETE", "/v1/models/x");
    ASSERT_NE(m.route, nullptr);
    EXPECT_TRUE(m.allow.isEmpty());
    EXPECT_EQ(m.param, "x");
}

TEST(RouteTable, UnknownPathsMatchNothing)
{
    const RouteTable routes = table();
    for (const QByteArray& path : {QByteArray("/"), QByteArray("/v2/chat/completions"),
                                   QByteArray("/v1/model"), QByteArray("")}) {
        const RouteTable::Match m = routes.match("POST", path);
        EXPECT_EQ(m.route, nullptr) << path.constData();
        EXPECT_TRUE(m.allow.isEmpty()) << path.constData();
        EXPECT_TRUE(m.param.isEmpty()) << path.constData();
    }
    EXPECT_EQ(routes.fallbackDialect(), &OpenAiDialect::instance());
    EXPECT_EQ(RouteTable().fallbackDialect(), nullptr);
    EXPECT_EQ(RouteTable().match("GET", "/healthz").route, nullptr);
}

TEST(RouteTable, ErrorsTakeTheShapeOfTheRouteOrOfTheClientsHeaders)
{
    const Dialect* openAi = &OpenAiDialect::instance();
    const Dialect* anthropic = &AnthropicDialect::instance();
    RouteTable routes = table();
    routes.add("POST", "/v1/messages", {RouteKind::Api, anthropic, Endpoint::ChatCompletions});
    routes.addClientHeader("anthropic-version", anthropic);
    gateway::http::Request plain;
    gateway::http::Request anthropicClient;
    anthropicClient.headers = {{"anthropic-version", "2023-06-01"}};

    // The route's own dialect, whatever the headers say.
    RouteTable::Match m = routes.match("POST", "/v1/messages");
    ASSERT_NE(m.route, nullptr);
    EXPECT_EQ(routes.errorDialect(plain, m), anthropic);
    m = routes.match("POST", "/v1/chat/completions");
    EXPECT_EQ(routes.errorDialect(anthropicClient, m), openAi);
    // A method the path does not take (405): the path's dialect.
    m = routes.match("GET", "/v1/messages");
    EXPECT_EQ(m.route, nullptr);
    EXPECT_EQ(m.allow, "POST");
    EXPECT_EQ(routes.errorDialect(plain, m), anthropic);
    // No route (404): the dialect the client's headers name, else the fallback.
    m = routes.match("GET", "/v1/messages/batches");
    EXPECT_EQ(routes.errorDialect(anthropicClient, m), anthropic);
    EXPECT_EQ(routes.errorDialect(plain, m), openAi);
}

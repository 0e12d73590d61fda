// Where an anthropic backend's calls go: /v1/messages under the base URL, also when the base
// URL already ends in /v1.

#include "providers/anthropic/AnthropicProvider.h"

#include <gtest/gtest.h>

using namespace gateway;

namespace {

QByteArray pathFor(const QByteArray& basePath)
{
    config::Backend b;
    b.type = config::BackendType::Anthropic;
    b.host = QStringLiteral("api.anthropic.com");
    b.port = 443;
    b.tls = true;
    b.basePath = basePath;
    return providers::AnthropicProvider(b).messagesPath();
}

} // namespace

TEST(AnthropicProvider, MessagesPathUnderTheBaseUrl)
{
    EXPECT_EQ(pathFor(""), "/v1/messages");
    EXPECT_EQ(pathFor("/anthropic"), "/v1/messages");
    // An OpenAI-style base URL (https://host/v1): the version is not repeated.
    EXPECT_EQ(pathFor("/v1"), "/messages");
    EXPECT_EQ(pathFor("/proxy/v1"), "/messages");
}

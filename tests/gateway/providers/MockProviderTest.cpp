#include "providers/mock/MockProvider.h"

#include <gtest/gtest.h>

using gateway::providers::MockProvider;

TEST(MockProvider, AnswersAreDeterministicPerModelAndPrompt)
{
    const QStringList a =
        MockProvider::answerWords(QStringLiteral("mock-fast"), QStringLiteral("hello"), 24);
    EXPECT_EQ(a.size(), 24);
    EXPECT_EQ(a,
              MockProvider::answerWords(QStringLiteral("mock-fast"), QStringLiteral("hello"), 24));
    EXPECT_NE(a,
              MockProvider::answerWords(QStringLiteral("mock-fast"), QStringLiteral("hello!"), 24));
    EXPECT_NE(a,
              MockProvider::answerWords(QStringLiteral("mock-smart"), QStringLiteral("hello"), 24));
}

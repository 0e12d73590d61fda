#pragma once

#include "api/openai/OpenAiDialect.h"

#include <gtest/gtest.h>

// A body the OpenAI dialect must accept, parsed (the test fails where it refuses).
inline gateway::api::ChatRequest
parseOk(const QByteArray& body,
        gateway::api::Endpoint endpoint = gateway::api::Endpoint::ChatCompletions)
{
    gateway::api::ChatRequest r;
    gateway::api::DialectError e;
    EXPECT_TRUE(gateway::api::OpenAiDialect::instance().parse(endpoint, body, &r, &e))
        << e.message.constData();
    return r;
}

#pragma once

#include <QString>

namespace gateway::api {

// Token counts of one answer, as the provider reported them or as counted.
struct Usage
{
    qint64 promptTokens = -1; // -1: not reported
    qint64 completionTokens = -1;
    bool known() const { return promptTokens >= 0; }
};

// Counts tokens when no upstream reported them: about four bytes of English text per token
// (OpenAI's rule of thumb in "What are tokens and how to count them").
qint64 estimateTokens(const QString& text);

} // namespace gateway::api

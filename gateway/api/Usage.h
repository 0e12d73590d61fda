#pragma once

#include <QString>

namespace gateway::api {

// Token counts of one answer, as the provider reported them or as counted. The cache and
// reasoning counts are parts of promptTokens and completionTokens, not additions to them:
// promptTokens is every input token (cache reads and writes included, as OpenAI counts), and
// completionTokens every output token (reasoning included). Providers that report them apart
// (Anthropic's input_tokens leaves the cache out) are added up by their adapter.
struct Usage
{
    qint64 promptTokens = -1; // -1: not reported
    qint64 completionTokens = -1;
    qint64 cacheReadTokens = 0;  // input tokens read from the provider's prompt cache
    qint64 cacheWriteTokens = 0; // input tokens written to it (Anthropic's cache creation)
    qint64 reasoningTokens = 0;  // output tokens spent on reasoning (thinking)
    bool known() const { return promptTokens >= 0; }
};

// Counts tokens when no upstream reported them: about four bytes of English text per token
// (OpenAI's rule of thumb in "What are tokens and how to count them").
qint64 estimateTokens(const QString& text);
// The same rule over a byte count (a body not parsed: its JSON syntax counts too).
qint64 estimateTokens(qint64 utf8Bytes);

} // namespace gateway::api

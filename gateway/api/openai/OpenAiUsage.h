#pragma once

#include "api/Usage.h"

#include <simdjson.h>

namespace gateway::api {

// The token counts of an OpenAI usage object ({"prompt_tokens", "completion_tokens", and the
// cached and reasoning counts in prompt_tokens_details and completion_tokens_details),
// as the dialect and the OpenAI-format provider both read it. Embeddings report prompt tokens
// only: their completion count is 0.
inline Usage openAiUsage(simdjson::dom::element usage)
{
    Usage u;
    int64_t n = 0;
    if (!usage["prompt_tokens"].get_int64().get(n))
        u.promptTokens = n;
    if (!usage["completion_tokens"].get_int64().get(n))
        u.completionTokens = n;
    if (u.promptTokens >= 0 && u.completionTokens < 0)
        u.completionTokens = 0;
    if (!usage["prompt_tokens_details"]["cached_tokens"].get_int64().get(n))
        u.cacheReadTokens = n;
    if (!usage["prompt_tokens_details"]["cache_write_tokens"].get_int64().get(n))
        u.cacheWriteTokens = n;
    if (!usage["completion_tokens_details"]["reasoning_tokens"].get_int64().get(n))
        u.reasoningTokens = n;
    return u;
}

} // namespace gateway::api

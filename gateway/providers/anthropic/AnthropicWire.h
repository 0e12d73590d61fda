#pragma once

#include "Result.h"
#include "api/Canonical.h"

#include <QByteArray>
#include <QString>

#include <string_view>

// Anthropic's Messages API from the provider's side: the request body built from the
// canonical request, and the small vocabularies its answers use. Anthropic API reference:
// "Messages" (POST /v1/messages), "Streaming Messages", "Errors", and the guides "Tool use",
// "Prompt caching" and "Extended thinking".
namespace gateway::providers::anthropic {

// max_tokens when the client set none: Anthropic requires it, OpenAI does not. With extended
// thinking the budget is added to it, since max_tokens counts the thinking too and must be
// larger than budget_tokens ("Extended thinking", "Max tokens and context window size").
constexpr qint64 defaultMaxTokens = 4096;

// thinking.budget_tokens for OpenAI's reasoning_effort when the client gave no budget: low is
// Anthropic's minimum budget (1,024), medium and high four and sixteen times it. 0 for an
// empty effort or "minimal"/"none" (no thinking); -1 for a value OpenAI does not define.
qint64 thinkingBudgetForEffort(const QString& effort);

// The JSON body of POST /v1/messages for model, or why the request cannot be served by an
// Anthropic backend (n > 1, embeddings, a response_format, a tool_choice it cannot express):
// a message for the client, who gets it with status 400.
Result<QByteArray> requestBody(const api::CanonicalRequest& request, const QString& model);

// A stop_reason in OpenAI's finish_reason vocabulary: end_turn, stop_sequence and pause_turn
// -> stop; max_tokens and model_context_window_exceeded -> length; tool_use -> tool_calls;
// refusal -> content_filter. An unknown reason (Anthropic may add some) -> stop.
QByteArray finishReason(std::string_view stopReason);

// The HTTP status Anthropic gives an error type ("Errors", "HTTP errors"): what an error event
// inside a 200 stream stands for. overloaded_error is 529; an unknown type is 500 (api_error).
int errorStatus(std::string_view errorType);

} // namespace gateway::providers::anthropic

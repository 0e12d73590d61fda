#pragma once

#include "api/Canonical.h"
#include "providers/TranslatedCall.h"
#include "providers/bedrock/EventStream.h"

#include <QByteArray>
#include <QString>

#include <map>
#include <vector>

// Bedrock's Converse API from the provider's side ("Amazon Bedrock API Reference": Converse,
// ConverseStream, Message, ContentBlock, ToolConfiguration, InferenceConfiguration,
// TokenUsage): the request body built from the canonical request, and the answers (a JSON
// document, or an event stream of JSON payloads) turned into response events.
namespace gateway::providers::bedrock {

// Converse's body for request (the same for ConverseStream). False, with *problem for the client
// (a 400), when the request asks for something Converse cannot take: an image by URL (Bedrock
// takes image bytes only, and the gateway does not fetch URLs), an image format Bedrock does not
// know, tool-call arguments that are not a JSON object, n > 1, or an endpoint other than chat.
//
// What is sent: system -> system [{text}] (+ a cachePoint when the system prompt carries a cache
// marker); messages with consecutive same-role turns merged, tool results as user toolResult
// blocks; inferenceConfig {maxTokens, temperature, topP, stopSequences}; tools -> toolConfig
// (toolChoice auto -> auto, required -> any, a named function -> tool; "none" has no Converse
// equivalent: toolConfig is left out unless the conversation holds tool blocks, which need it);
// a thinking budget (or reasoning effort low/medium/high as 1024/4096/16384 tokens) ->
// additionalModelRequestFields {"thinking":{"type":"enabled","budget_tokens":N}}, the form of
// Anthropic's Claude models on Bedrock ("Extended thinking"). Not sent, having no Converse
// field: topK, seed, responseFormat, user, metadata, parallelToolCalls.
bool converseBody(const api::CanonicalRequest& request, QByteArray* body, QString* problem);

// OpenAI's finish reason for a Converse stopReason: end_turn and stop_sequence -> stop,
// max_tokens and model_context_window_exceeded -> length, tool_use -> tool_calls,
// guardrail_intervened and content_filtered -> content_filter; anything else -> stop.
QByteArray finishReason(QByteArrayView stopReason);

// The HTTP status of a ConverseStream exception event (its :exception-type).
int exceptionStatus(QByteArrayView exceptionType);

// Converse's answers as response events: ConverseStream's event stream (messageStart,
// contentBlockStart/Delta/Stop, messageStop, metadata, exceptions) and Converse's whole JSON
// answer. Usage: promptTokens = inputTokens + cacheReadInputTokens + cacheWriteInputTokens, as
// Bedrock's inputTokens leaves the cache out ("Prompt caching" in the Bedrock user guide).
class ConverseDecoder : public WireDecoder
{
public:
    bool feed(QByteArrayView bytes, std::vector<api::ResponseEvent>& out, QString* error) override;
    bool finish(std::vector<api::ResponseEvent>& out, QString* error) override;
    bool decodeWhole(QByteArrayView body, std::vector<api::ResponseEvent>& out,
                     QString* error) override;
    // The "message" of Bedrock's error body ({"message": "..."}).
    QByteArray errorMessage(int status, QByteArrayView body) const override;

private:
    bool decodeEvent(const EventStreamMessage& message, std::vector<api::ResponseEvent>& out,
                     QString* error);
    int toolIndexFor(int contentBlockIndex) const;

    EventStreamDecoder m_frames;
    std::vector<EventStreamMessage> m_messages;
    std::map<int, int> m_toolIndex; // contentBlockIndex -> toolIndex of a toolUse block
    bool m_stopped = false;         // messageStop came
    bool m_ended = false;           // an exception ended the stream
};

} // namespace gateway::providers::bedrock

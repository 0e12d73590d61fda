#pragma once

#include "api/Endpoint.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gateway::api {

// The canonical request: what every provider adapter translates from (DESIGN.md, "The request
// path's shape"). It is built lazily from the inbound body (ChatRequest::canonical()), so an
// OpenAI client served by an OpenAI-format backend never pays for it.

enum class Role { System, User, Assistant, Tool };

// One part of a message's content.
struct ContentPart
{
    enum class Kind {
        Text,      // text
        ImageUrl,  // url (http(s) or a data: URL as the client sent it)
        ImageData, // mediaType + data (base64 text, as sent)
    };
    Kind kind = Kind::Text;
    QString text;
    QString url;
    QString mediaType;
    QByteArray data;
    QString detail; // OpenAI's image "detail" (auto, low, high), empty when not given
    // Anthropic's prompt-cache marker on this block ({"type":"ephemeral"}), empty when none.
    // Passed on to providers that have one; others drop it.
    QJsonObject cacheControl;
};

// A tool call the assistant made (OpenAI tool_calls[], Anthropic tool_use).
struct ToolCall
{
    QString id;
    QString name;
    QString arguments; // JSON text, as the model produced it
};

struct Message
{
    Role role = Role::User;
    QList<ContentPart> parts;
    QList<ToolCall> toolCalls; // assistant messages
    QString toolCallId;        // tool messages: the call this result answers
    QString name;              // optional participant name
    bool toolError = false;    // tool messages: the result reports a failure (Anthropic is_error)
    // Assistant messages: the reasoning that preceded the answer, and the provider's signature
    // over it (Anthropic wants thinking blocks back, signed, when tools are used with thinking).
    QString reasoning;
    QByteArray reasoningSignature;

    // The text parts joined by newlines.
    QString text() const;
};

// A function the model may call.
struct Tool
{
    QString name;
    QString description;
    QJsonObject parameters;   // JSON Schema
    QJsonObject cacheControl; // Anthropic's prompt-cache marker, empty when none
};

// "data:image/png;base64,AAAA" -> media type and base64 text; false for any other URL (RFC
// 2397; only base64 data URLs carry images). Dialects split them into ImageData parts, adapters
// whose provider takes no URLs read an ImageUrl part that holds one.
bool splitDataUrl(const QString& url, QString* mediaType, QByteArray* base64);

// A request's number member, as dialects read them into the canonical form; nullopt when absent
// or not a number. jsonInteger() is bounded to what a double holds exactly (±2^53), so that a
// client's 1e300 never becomes an undefined conversion.
std::optional<double> jsonNumber(const QJsonObject& object, const char* key);
std::optional<qint64> jsonInteger(const QJsonObject& object, const char* key);

struct CanonicalRequest
{
    Endpoint endpoint = Endpoint::ChatCompletions;
    QString model;
    // System and developer messages, in order, joined by blank lines: providers that take the
    // system prompt apart from the conversation (Anthropic, Gemini) need it here.
    QString system;
    QJsonObject systemCacheControl; // the cache marker on the (last) system block, if any
    QList<Message> messages;        // without the system messages
    QStringList prompts;            // completions: prompt (a string, or several)
    QStringList inputs;             // embeddings: input (a string, or several)

    QList<Tool> tools;
    // Undefined if unset, explicitly: a default QJsonValue is Null, and with Null every request
    // built from the canonical form sent "tool_choice":null and "response_format":null.
    QJsonValue toolChoice{QJsonValue::Undefined};     // "auto", "none", "required" or {"type":...}
    QJsonValue responseFormat{QJsonValue::Undefined}; // {"type":"json_object"|"json_schema"...}

    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<qint64> maxTokens; // max_tokens or max_completion_tokens
    std::optional<qint64> seed;
    std::optional<qint64> topK; // Anthropic and Gemini only
    QStringList stop;
    int n = 1;
    std::optional<bool> parallelToolCalls;

    // Reasoning. thinkingBudget: tokens the model may think for (Anthropic's budget_tokens,
    // Gemini's thinkingBudget), 0 when not asked for; reasoningEffort: OpenAI's low, medium or
    // high, empty when not asked for. Adapters translate whichever their provider takes.
    qint64 thinkingBudget = 0;
    QString reasoningEffort;

    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage
    QString user;
    QJsonObject metadata;

    // The text of the prompt: system, messages, prompts and inputs, a line each. Used to count
    // tokens where a backend reports none.
    QString promptText() const;
};

// The input tokens of a request as the gateway estimates them (estimateTokens, about four bytes
// a token) over the prompt text and the tools' names, descriptions and schemas. An estimate, not
// a provider's tokenizer: answers token-counting routes without a call to a backend.
qint64 estimateInputTokens(const CanonicalRequest& request);

} // namespace gateway::api

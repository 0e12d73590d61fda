#pragma once

#include "api/Canonical.h"
#include "http/SseDecoder.h"
#include "providers/TranslatedCall.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

#include <optional>
#include <vector>

// Google's Gemini API (generativelanguage.googleapis.com) from the provider's side: the
// generateContent request built from the canonical request, and its answers (whole, or
// streamed by streamGenerateContent?alt=sse) read back as response events. Gemini API
// reference: "Generating content" (GenerateContentRequest, GenerateContentResponse,
// Candidate, UsageMetadata, PromptFeedback), "Caching" (Content, Part), "Function calling"
// (Tool, FunctionDeclaration, Schema, ToolConfig), "Thinking" and "Thought signatures".
namespace gateway::providers::gemini {

// What the request builder made: a body, or why the canonical request cannot be written as a
// Gemini request. droppedSchemaKeys names the JSON Schema keys Gemini's Schema object does not
// take that were removed from tool parameters and the response schema.
struct RequestBody
{
    QByteArray body;
    QString error; // for people; the body is empty when set
    QStringList droppedSchemaKeys;
};

RequestBody requestBody(const api::CanonicalRequest& request);

// "/models/<model>:generateContent", or ":streamGenerateContent?alt=sse" when streaming. A
// model given as "models/..." or "tunedModels/..." is taken as the resource name it is.
QByteArray requestPath(const QString& model, bool stream);

// A JSON Schema rewritten in the subset Gemini's Schema object takes (an OpenAPI 3.0 subset):
// local $refs inlined, a type list with "null" made nullable, const made a one-value enum,
// oneOf read as anyOf, and every other key it refuses (additionalProperties, $schema ...)
// removed and added to *dropped.
QJsonObject geminiSchema(const QJsonObject& schema, QStringList* dropped);

// Gemini's answers as response events. Every streamed event (and a whole answer) is one
// GenerateContentResponse: candidates[i] is choice i, their parts carry text, thoughts
// (thought: true) and function calls; finishReason ends a choice; usageMetadata is cumulative
// (the last one counts); promptFeedback.blockReason without candidates is a refused prompt.
class GeminiDecoder : public WireDecoder
{
public:
    // Gemini's function calls may carry no id; each gets "call_<idPrefix>_<choice>_<n>" (the
    // request's trace id keeps ids apart across the turns of a conversation).
    explicit GeminiDecoder(QString idPrefix = QString());

    bool feed(QByteArrayView bytes, std::vector<api::ResponseEvent>& out, QString* error) override;
    bool finish(std::vector<api::ResponseEvent>& out, QString* error) override;
    bool decodeWhole(QByteArrayView body, std::vector<api::ResponseEvent>& out,
                     QString* error) override;
    QByteArray errorMessage(int status, QByteArrayView body) const override;
    // google.rpc.RetryInfo's retryDelay ("15.3s"), rounded up to whole seconds.
    QByteArray retryAfter(int status, QByteArrayView body) const override;

private:
    struct Choice
    {
        int toolCalls = 0;
        bool finished = false;
    };
    bool decodeResponse(QByteArrayView json, std::vector<api::ResponseEvent>& out, QString* error);
    bool decodeEvents(std::vector<api::ResponseEvent>& out, QString* error);
    Choice& choice(int index);

    QString m_idPrefix;
    http::SseDecoder m_sse;
    std::vector<http::SseDecoder::Event> m_events;
    std::vector<Choice> m_choices;
    std::optional<api::Usage> m_usage;
    bool m_failed = false; // an Error event was emitted: nothing may follow it
};

} // namespace gateway::providers::gemini

#pragma once

#include "api/Dialect.h"

#include <map>
#include <vector>

namespace gateway::providers::gemini {

// Response events written as Gemini's answers, the inverse of GeminiDecoder: what the built-in
// mock sends in its "gemini" format (providers/mock/MockWire.h). Gemini API reference,
// "Generating content": GenerateContentResponse, Candidate, Part, UsageMetadata.
//
// A stream (streamGenerateContent?alt=sse) is one GenerateContentResponse per SSE event, each
// with the usage known so far: a text or thought delta is a chunk of its own; function calls
// are whole in Gemini (no argument pieces), so a call is held until it is complete and goes out
// with the choice's finishReason in the last chunk. A whole answer is one GenerateContentResponse
// (compact, where Google pretty-prints: the same JSON). Choices are candidates with their index;
// Gemini names no call ids, so the decoder makes its own. A reasoning signature is a part of its
// own with thoughtSignature. Errors are Google's error object ({"error": {"code", "message",
// "status"}}), as the answer's body before the stream began, or as a data: event after.
class GeminiAnswerEncoder : public api::ResponseEncoder
{
public:
    // modelVersion and responseId: what each GenerateContentResponse names.
    GeminiAnswerEncoder(QByteArray modelVersion, QByteArray responseId);

    void encode(const api::ResponseEvent& event, api::ResponseWriter& writer) override;

    // Google's error body for an HTTP status (RESOURCE_EXHAUSTED for 429 ...).
    static QByteArray errorBody(int status, QByteArrayView message);

private:
    enum class Kind { Text, Thought, Signature, Call };
    struct Part
    {
        Kind kind = Kind::Text;
        QString text; // text, thought, or a call's JSON arguments
        QByteArray signature;
        QString name; // a call's function
    };
    struct Choice
    {
        std::vector<Part> parts;    // a whole answer's parts so far
        std::map<int, Part> calls;  // calls not yet complete, by toolIndex
        QByteArray finishReason;    // Gemini's, once the choice finished
        bool finishWritten = false; // a stream's last chunk for it went out
    };

    Choice& choice(int index);
    void add(int index, Part part, api::ResponseWriter& writer);
    void releaseCalls(int index, api::ResponseWriter& writer);
    void error(const api::ResponseEvent& event, api::ResponseWriter& writer);
    void end(api::ResponseWriter& writer);
    QByteArray candidate(int index, const std::vector<Part>& parts,
                         const QByteArray& finishReason) const;
    QByteArray response(const QByteArray& candidates) const;
    QByteArray usageJson() const;
    void writeChunk(api::ResponseWriter& writer, const QByteArray& candidates);

    QByteArray m_modelVersion;
    QByteArray m_responseId;
    bool m_stream = false;
    bool m_failed = false;
    http::HeaderList m_headers; // the Start event's, for a whole answer
    api::Usage m_usage;
    std::vector<Choice> m_choices;
};

} // namespace gateway::providers::gemini

#pragma once

#include "api/Dialect.h"

#include <map>

namespace gateway::providers::ollama {

// Response events written as Ollama's /api/chat answers, the inverse of OllamaDecoder: what the
// built-in mock sends in its "ollama" format (providers/mock/MockWire.h). Ollama API reference
// (docs/api.md), "Generate a chat completion" and "Errors".
//
// A stream is newline-delimited JSON (application/x-ndjson): one object per text or thinking
// delta, tool calls whole (Ollama sends a call's arguments as one object, so a call is held
// until it is complete), then the final object with done: true, done_reason and the token
// counts (prompt_eval_count, eval_count; the timings Ollama adds are left out, the mock having
// no model to time). A whole answer is that final object with the message in it. Ollama answers
// one choice and has no reasoning signatures: other choices and signatures are dropped. Errors
// are {"error": "..."}, as the body, or as a line of a stream that began.
class OllamaAnswerEncoder : public api::ResponseEncoder
{
public:
    // model and createdAt (RFC 3339): what every object names.
    OllamaAnswerEncoder(QByteArray model, QByteArray createdAt);

    void encode(const api::ResponseEvent& event, api::ResponseWriter& writer) override;

private:
    struct Call
    {
        QString id, name, arguments;
    };

    void releaseCalls(api::ResponseWriter& writer);
    void error(const api::ResponseEvent& event, api::ResponseWriter& writer);
    void end(api::ResponseWriter& writer);
    QByteArray head() const; // "model" and "created_at" members
    QByteArray callsJson(const std::map<int, Call>& calls) const;
    QByteArray finalMembers() const; // done, done_reason and the counts
    void writeLine(api::ResponseWriter& writer, const QByteArray& message);

    QByteArray m_model;
    QByteArray m_createdAt;
    bool m_stream = false;
    bool m_failed = false;
    http::HeaderList m_headers;     // the Start event's, for a whole answer
    std::map<int, Call> m_calls;    // not yet written, by toolIndex
    std::map<int, Call> m_allCalls; // a whole answer's
    QString m_content, m_thinking;  // a whole answer's
    QByteArray m_finishReason;
    api::Usage m_usage;
};

} // namespace gateway::providers::ollama

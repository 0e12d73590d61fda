#include "providers/gemini/GeminiAnswerEncoder.h"

#include "api/JsonText.h"
#include "providers/CanonicalParts.h"

#include <QJsonDocument>

namespace gateway::providers::gemini {

namespace {

using api::jsonText;
using api::ResponseEvent;

// FinishReason ("Generating content", Candidate.FinishReason) for OpenAI's: Gemini ends a
// function-calling answer with STOP too.
QByteArray geminiFinishReason(const QByteArray& reason)
{
    if (reason == "length")
        return "MAX_TOKENS";
    if (reason == "content_filter")
        return "SAFETY";
    return "STOP";
}

// The canonical error code Google's APIs give an HTTP status (google.rpc.Code, as the
// "Troubleshooting" guide's error table lists them for the Gemini API).
const char* statusName(int status)
{
    switch (status) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 409: return "ABORTED";
    case 429: return "RESOURCE_EXHAUSTED";
    case 499: return "CANCELLED";
    case 501: return "UNIMPLEMENTED";
    case 503: return "UNAVAILABLE";
    case 504: return "DEADLINE_EXCEEDED";
    default: return status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    }
}

} // namespace

GeminiAnswerEncoder::GeminiAnswerEncoder(QByteArray modelVersion, QByteArray responseId)
    : m_modelVersion(std::move(modelVersion)), m_responseId(std::move(responseId))
{}

QByteArray GeminiAnswerEncoder::errorBody(int status, QByteArrayView message)
{
    // Pretty-printed, as Google sends it.
    QByteArray out =
        "{\n  \"error\": {\n    \"code\": " + QByteArray::number(status) + ",\n    \"message\": \"";
    api::appendJsonEscaped(out, message);
    out += "\",\n    \"status\": \"";
    out += statusName(status);
    out += "\"\n  }\n}\n";
    return out;
}

GeminiAnswerEncoder::Choice& GeminiAnswerEncoder::choice(int index)
{
    // candidateCount is small; a bound keeps a hostile index from allocating.
    const size_t i = size_t(qBound(0, index, 127));
    if (i >= m_choices.size())
        m_choices.resize(i + 1);
    return m_choices[i];
}

void GeminiAnswerEncoder::encode(const ResponseEvent& event, api::ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    if (m_failed)
        return;
    switch (event.type) {
    case T::Start:
        m_stream = event.stream;
        m_headers = event.headers;
        if (m_stream && !writer.started())
            writer.startStream(200, "text/event-stream", event.headers);
        return;
    case T::TextDelta:
        if (!event.text.isEmpty())
            add(event.index, Part{Kind::Text, event.text, {}, {}}, writer);
        return;
    case T::ReasoningDelta:
        if (!event.text.isEmpty())
            add(event.index, Part{Kind::Thought, event.text, {}, {}}, writer);
        if (!event.signature.isEmpty())
            add(event.index, Part{Kind::Signature, {}, event.signature, {}}, writer);
        return;
    case T::ToolCallDelta: {
        Part& call = choice(event.index).calls[qBound(0, event.toolIndex, 127)];
        call.kind = Kind::Call;
        if (!event.name.isEmpty())
            call.name = event.name;
        call.text += event.text;
        return;
    }
    case T::Finish:
        choice(event.index).finishReason = geminiFinishReason(event.finishReason);
        return;
    case T::Usage: m_usage = event.usage; return;
    case T::Error: error(event, writer); return;
    case T::End: end(writer); return;
    case T::Embedding:
    case T::Passthrough: return; // Gemini's chat answers have neither
    }
}

void GeminiAnswerEncoder::add(int index, Part part, api::ResponseWriter& writer)
{
    // A part after a choice's calls: the calls are complete and go first.
    releaseCalls(index, writer);
    if (m_stream) {
        writeChunk(writer, candidate(index, {part}, {}));
        return;
    }
    std::vector<Part>& parts = choice(index).parts;
    if (!parts.empty() && parts.back().kind == part.kind && part.kind != Kind::Signature &&
        part.kind != Kind::Call)
        parts.back().text += part.text;
    else
        parts.push_back(std::move(part));
}

void GeminiAnswerEncoder::releaseCalls(int index, api::ResponseWriter& writer)
{
    Choice& c = choice(index);
    if (c.calls.empty())
        return;
    std::vector<Part> calls;
    for (auto& [toolIndex, call] : c.calls)
        calls.push_back(std::move(call));
    c.calls.clear();
    if (m_stream)
        writeChunk(writer, candidate(index, calls, {}));
    else
        c.parts.insert(c.parts.end(), calls.begin(), calls.end());
}

QByteArray GeminiAnswerEncoder::candidate(int index, const std::vector<Part>& parts,
                                          const QByteArray& finishReason) const
{
    QByteArray out = "{\"content\":{\"parts\":[";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += ',';
        const Part& p = parts[i];
        switch (p.kind) {
        case Kind::Text: out += "{\"text\":" + jsonText(p.text) + '}'; break;
        case Kind::Thought: out += "{\"text\":" + jsonText(p.text) + ",\"thought\":true}"; break;
        case Kind::Signature:
            out += "{\"text\":\"\",\"thought\":true,\"thoughtSignature\":" +
                   api::jsonString(p.signature) + '}';
            break;
        case Kind::Call:
            out += "{\"functionCall\":{\"name\":" + jsonText(p.name) +
                   ",\"args\":" + argumentsObjectJson(p.text) + "}}";
            break;
        }
    }
    out += "],\"role\":\"model\"}";
    if (!finishReason.isEmpty())
        out += ",\"finishReason\":\"" + finishReason + '"';
    out += ",\"index\":" + QByteArray::number(index) + '}';
    return out;
}

QByteArray GeminiAnswerEncoder::usageJson() const
{
    // UsageMetadata: promptTokenCount includes the cached part (cachedContentTokenCount);
    // candidatesTokenCount leaves the thoughts (thoughtsTokenCount) out; totalTokenCount is
    // all of them. Gemini has no count of cache writes. Early in a stream only the prompt is
    // counted, as Gemini's first chunks do.
    const qint64 prompt = qMax<qint64>(0, m_usage.promptTokens);
    const qint64 completion = qMax<qint64>(0, m_usage.completionTokens);
    const qint64 thoughts = qBound<qint64>(0, m_usage.reasoningTokens, completion);
    QByteArray out = "{\"promptTokenCount\":" + QByteArray::number(prompt);
    if (completion > thoughts)
        out += ",\"candidatesTokenCount\":" + QByteArray::number(completion - thoughts);
    out += ",\"totalTokenCount\":" + QByteArray::number(prompt + completion);
    if (m_usage.cacheReadTokens > 0)
        out += ",\"cachedContentTokenCount\":" + QByteArray::number(m_usage.cacheReadTokens);
    if (thoughts > 0)
        out += ",\"thoughtsTokenCount\":" + QByteArray::number(thoughts);
    return out + '}';
}

QByteArray GeminiAnswerEncoder::response(const QByteArray& candidates) const
{
    QByteArray out = "{\"candidates\":[" + candidates + ']';
    if (m_usage.known())
        out += ",\"usageMetadata\":" + usageJson();
    out += ",\"modelVersion\":" + api::jsonString(m_modelVersion) +
           ",\"responseId\":" + api::jsonString(m_responseId) + '}';
    return out;
}

void GeminiAnswerEncoder::writeChunk(api::ResponseWriter& writer, const QByteArray& candidates)
{
    // Google's SSE events end in CRLF CRLF.
    writer.write("data: " + response(candidates) + "\r\n\r\n");
}

void GeminiAnswerEncoder::error(const ResponseEvent& event, api::ResponseWriter& writer)
{
    m_failed = true;
    const int status = event.status > 0 ? event.status : 500;
    if (!writer.started()) {
        writer.respond(status, "application/json; charset=UTF-8", errorBody(status, event.message),
                       event.headers);
        return;
    }
    // In a stream: the error object as an event (one line), then the stream breaks off.
    writer.write(
        "data: " +
        QJsonDocument::fromJson(errorBody(status, event.message)).toJson(QJsonDocument::Compact) +
        "\r\n\r\n");
    writer.abortStream();
}

void GeminiAnswerEncoder::end(api::ResponseWriter& writer)
{
    QByteArray candidates;
    for (int i = 0; i < int(m_choices.size()); ++i) {
        Choice& c = m_choices[size_t(i)];
        std::vector<Part> parts;
        if (m_stream) {
            if (c.finishWritten && c.calls.empty())
                continue;
            for (auto& [toolIndex, call] : c.calls)
                parts.push_back(std::move(call));
            c.calls.clear();
            if (parts.empty())
                parts.push_back(Part{Kind::Text, {}, {}, {}});
            c.finishWritten = true;
        } else {
            releaseCalls(i, writer);
            parts = c.parts;
        }
        if (!candidates.isEmpty())
            candidates += ',';
        candidates += candidate(i, parts, c.finishReason.isEmpty() ? "STOP" : c.finishReason);
    }
    if (!m_stream) {
        writer.respond(200, "application/json; charset=UTF-8", response(candidates), m_headers);
        return;
    }
    writer.endStream(candidates.isEmpty() ? QByteArray()
                                          : "data: " + response(candidates) + "\r\n\r\n");
}

} // namespace gateway::providers::gemini

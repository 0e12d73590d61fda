#include "providers/ollama/OllamaAnswerEncoder.h"

#include "api/JsonText.h"
#include "providers/CanonicalParts.h"

namespace gateway::providers::ollama {

using api::jsonText;
using api::ResponseEvent;

OllamaAnswerEncoder::OllamaAnswerEncoder(QByteArray model, QByteArray createdAt)
    : m_model(std::move(model)), m_createdAt(std::move(createdAt))
{}

void OllamaAnswerEncoder::encode(const ResponseEvent& event, api::ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    if (m_failed)
        return;
    // One choice only (requestBody refuses n > 1).
    if (event.index != 0 && (event.type == T::TextDelta || event.type == T::ReasoningDelta ||
                             event.type == T::ToolCallDelta || event.type == T::Finish))
        return;
    switch (event.type) {
    case T::Start:
        m_stream = event.stream;
        m_headers = event.headers;
        if (m_stream && !writer.started())
            writer.startStream(200, "application/x-ndjson", event.headers);
        return;
    case T::TextDelta:
    case T::ReasoningDelta: {
        if (event.text.isEmpty())
            return;
        const bool text = event.type == T::TextDelta;
        if (!m_stream) {
            (text ? m_content : m_thinking) += event.text;
            return;
        }
        releaseCalls(writer);
        writeLine(writer, text ? "\"content\":" + jsonText(event.text)
                               : "\"content\":\"\",\"thinking\":" + jsonText(event.text));
        return;
    }
    case T::ToolCallDelta: {
        Call& call = m_calls[qBound(0, event.toolIndex, 127)];
        if (!event.id.isEmpty())
            call.id = event.id;
        if (!event.name.isEmpty())
            call.name = event.name;
        call.arguments += event.text;
        return;
    }
    case T::Finish: m_finishReason = event.finishReason; return;
    case T::Usage: m_usage = event.usage; return;
    case T::Error: error(event, writer); return;
    case T::End: end(writer); return;
    case T::Embedding:
    case T::Passthrough: return; // not in /api/chat
    }
}

QByteArray OllamaAnswerEncoder::head() const
{
    return "\"model\":" + api::jsonString(m_model) +
           ",\"created_at\":" + api::jsonString(m_createdAt);
}

QByteArray OllamaAnswerEncoder::callsJson(const std::map<int, Call>& calls) const
{
    QByteArray out = "[";
    for (const auto& [toolIndex, call] : calls) {
        if (out.size() > 1)
            out += ',';
        out += '{';
        if (!call.id.isEmpty())
            out += "\"id\":" + jsonText(call.id) + ',';
        out += "\"function\":{\"index\":" + QByteArray::number(toolIndex) +
               ",\"name\":" + jsonText(call.name) +
               ",\"arguments\":" + argumentsObjectJson(call.arguments) + "}}";
    }
    return out + ']';
}

void OllamaAnswerEncoder::writeLine(api::ResponseWriter& writer, const QByteArray& message)
{
    writer.write('{' + head() + ",\"message\":{\"role\":\"assistant\"," + message +
                 "},\"done\":false}\n");
}

void OllamaAnswerEncoder::releaseCalls(api::ResponseWriter& writer)
{
    // A text or thinking delta after calls: the calls are complete.
    if (m_calls.empty())
        return;
    if (m_stream)
        writeLine(writer, "\"content\":\"\",\"tool_calls\":" + callsJson(m_calls));
    else
        m_allCalls.insert(m_calls.begin(), m_calls.end());
    m_calls.clear();
}

QByteArray OllamaAnswerEncoder::finalMembers() const
{
    // done_reason: "stop" (also after tool calls) or "length" (num_predict reached).
    QByteArray out = ",\"done_reason\":";
    out += m_finishReason == "length" ? "\"length\"" : "\"stop\"";
    out += ",\"done\":true";
    if (m_usage.known())
        out +=
            ",\"prompt_eval_count\":" + QByteArray::number(qMax<qint64>(0, m_usage.promptTokens)) +
            ",\"eval_count\":" + QByteArray::number(qMax<qint64>(0, m_usage.completionTokens));
    return out;
}

void OllamaAnswerEncoder::error(const ResponseEvent& event, api::ResponseWriter& writer)
{
    m_failed = true;
    QByteArray body = "{\"error\":" + api::jsonString(event.message) + '}';
    if (!writer.started()) {
        writer.respond(event.status > 0 ? event.status : 500, "application/json; charset=utf-8",
                       body, event.headers);
        return;
    }
    writer.write(body + '\n');
    writer.abortStream();
}

void OllamaAnswerEncoder::end(api::ResponseWriter& writer)
{
    if (m_stream) {
        QByteArray last;
        if (!m_calls.empty())
            last = '{' + head() +
                   ",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                   "\"tool_calls\":" +
                   callsJson(m_calls) + "},\"done\":false}\n";
        m_calls.clear();
        last += '{' + head() + ",\"message\":{\"role\":\"assistant\",\"content\":\"\"}" +
                finalMembers() + "}\n";
        writer.endStream(last);
        return;
    }
    m_allCalls.insert(m_calls.begin(), m_calls.end());
    m_calls.clear();
    QByteArray message = "{\"role\":\"assistant\",\"content\":" + jsonText(m_content);
    if (!m_thinking.isEmpty())
        message += ",\"thinking\":" + jsonText(m_thinking);
    if (!m_allCalls.empty())
        message += ",\"tool_calls\":" + callsJson(m_allCalls);
    writer.respond(200, "application/json; charset=utf-8",
                   '{' + head() + ",\"message\":" + message + '}' + finalMembers() + '}',
                   m_headers);
}

} // namespace gateway::providers::ollama

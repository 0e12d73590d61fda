#include "providers/bedrock/ConverseAnswerEncoder.h"

#include "api/JsonText.h"
#include "providers/CanonicalParts.h"
#include "providers/bedrock/EventStream.h"

#include <QtDebug>

namespace gateway::providers::bedrock {

using api::jsonText;
using api::ResponseEvent;

QByteArray ConverseAnswerEncoder::exceptionName(int status)
{
    switch (status) {
    case 400: return "ValidationException";
    case 401:
    case 403: return "AccessDeniedException";
    case 404: return "ResourceNotFoundException";
    case 408:
    case 504: return "ModelTimeoutException";
    case 424: return "ModelErrorException";
    case 429: return "ThrottlingException";
    case 503: return "ServiceUnavailableException";
    default: return status >= 500 ? "InternalServerException" : "ValidationException";
    }
}

void ConverseAnswerEncoder::encode(const ResponseEvent& event, api::ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    if (m_failed)
        return;
    // One choice only (converseBody refuses n > 1).
    if (event.index != 0 && (event.type == T::TextDelta || event.type == T::ReasoningDelta ||
                             event.type == T::ToolCallDelta || event.type == T::Finish))
        return;
    switch (event.type) {
    case T::Start:
        m_stream = event.stream;
        m_headers = event.headers;
        if (m_stream && !writer.started()) {
            frame("messageStart", "{\"role\":\"assistant\"}");
            writer.startStream(200, "application/vnd.amazon.eventstream", event.headers, m_out);
            m_out.clear();
        }
        return;
    case T::TextDelta:
        if (!event.text.isEmpty()) {
            const int b = open(Kind::Text);
            m_blocks[size_t(b)].text += event.text;
            delta(b, "{\"text\":" + jsonText(event.text) + '}');
        }
        break;
    case T::ReasoningDelta:
        if (event.text.isEmpty() && event.signature.isEmpty())
            return;
        {
            const int b = open(Kind::Reasoning);
            if (!event.text.isEmpty()) {
                m_blocks[size_t(b)].text += event.text;
                delta(b, "{\"reasoningContent\":{\"text\":" + jsonText(event.text) + "}}");
            }
            if (!event.signature.isEmpty()) {
                m_blocks[size_t(b)].signature = event.signature;
                delta(b, "{\"reasoningContent\":{\"signature\":" +
                             api::jsonString(event.signature) + "}}");
            }
        }
        break;
    case T::ToolCallDelta: {
        int b = -1;
        if (const auto known = m_toolBlock.find(event.toolIndex); known != m_toolBlock.end()) {
            b = known->second;
        } else {
            b = open(Kind::ToolUse, event.id, event.name);
            m_toolBlock[event.toolIndex] = b;
        }
        if (!event.text.isEmpty()) {
            m_blocks[size_t(b)].text += event.text;
            delta(b, "{\"toolUse\":{\"input\":" + jsonText(event.text) + "}}");
        }
        break;
    }
    case T::Finish:
        m_finishReason = event.finishReason;
        if (m_stream) {
            closeOpen();
            frame("messageStop", "{\"stopReason\":\"" + stopReason() + "\"}");
            m_stopped = true;
        }
        break;
    case T::Usage: m_usage = event.usage; return;
    case T::Error: error(event, writer); return;
    case T::End: end(writer); return;
    case T::Embedding:
    case T::Passthrough: return; // not in Converse
    }
    flush(writer);
}

int ConverseAnswerEncoder::open(Kind kind, QString id, QString name)
{
    if (kind != Kind::ToolUse && m_open >= 0 && m_blocks[size_t(m_open)].kind == kind)
        return m_open;
    closeOpen();
    m_blocks.push_back(Block{kind, {}, {}, std::move(id), std::move(name)});
    m_open = int(m_blocks.size()) - 1;
    if (kind == Kind::ToolUse && m_stream) {
        const Block& b = m_blocks.back();
        frame("contentBlockStart", "{\"contentBlockIndex\":" + QByteArray::number(m_open) +
                                       ",\"start\":{\"toolUse\":{\"name\":" + jsonText(b.name) +
                                       ",\"toolUseId\":" + jsonText(b.id) + "}}}");
    }
    return m_open;
}

void ConverseAnswerEncoder::closeOpen()
{
    if (m_open < 0)
        return;
    if (m_stream)
        frame("contentBlockStop", "{\"contentBlockIndex\":" + QByteArray::number(m_open) + '}');
    m_open = -1;
}

void ConverseAnswerEncoder::delta(int block, const QByteArray& deltaJson)
{
    if (m_stream)
        frame("contentBlockDelta", "{\"contentBlockIndex\":" + QByteArray::number(block) +
                                       ",\"delta\":" + deltaJson + '}');
}

void ConverseAnswerEncoder::frame(const char* eventType, const QByteArray& payload)
{
    QString problem;
    if (!appendEventStreamFrame({{":event-type", eventType},
                                 {":content-type", "application/json"},
                                 {":message-type", "event"}},
                                payload, m_out, &problem))
        // Only a delta over 4 MiB gets here; the mock's are a few tokens.
        qWarning("bedrock answer encoder: a %s event was dropped: %s", eventType,
                 qPrintable(problem));
}

void ConverseAnswerEncoder::flush(api::ResponseWriter& writer)
{
    if (m_out.isEmpty() || !writer.started())
        return;
    writer.write(m_out);
    m_out.clear();
}

QByteArray ConverseAnswerEncoder::stopReason() const
{
    const QByteArray& r = m_finishReason;
    if (r == "length")
        return "max_tokens";
    if (r == "tool_calls" || (r.isEmpty() && !m_toolBlock.empty()))
        return "tool_use";
    if (r == "content_filter")
        return "content_filtered";
    return "end_turn";
}

QByteArray ConverseAnswerEncoder::usageJson() const
{
    const qint64 cached = m_usage.cacheReadTokens + m_usage.cacheWriteTokens;
    const qint64 input = qMax<qint64>(0, m_usage.promptTokens - cached);
    const qint64 output = qMax<qint64>(0, m_usage.completionTokens);
    QByteArray out = "{\"inputTokens\":" + QByteArray::number(input) +
                     ",\"outputTokens\":" + QByteArray::number(output) +
                     ",\"totalTokens\":" + QByteArray::number(input + cached + output);
    if (m_usage.cacheReadTokens > 0)
        out += ",\"cacheReadInputTokens\":" + QByteArray::number(m_usage.cacheReadTokens);
    if (m_usage.cacheWriteTokens > 0)
        out += ",\"cacheWriteInputTokens\":" + QByteArray::number(m_usage.cacheWriteTokens);
    return out + '}';
}

QByteArray ConverseAnswerEncoder::wholeAnswer() const
{
    QByteArray content;
    for (const Block& b : m_blocks) {
        if (!content.isEmpty())
            content += ',';
        switch (b.kind) {
        case Kind::Text: content += "{\"text\":" + jsonText(b.text) + '}'; break;
        case Kind::Reasoning:
            content += "{\"reasoningContent\":{\"reasoningText\":{";
            if (!b.signature.isEmpty())
                content += "\"signature\":" + api::jsonString(b.signature) + ',';
            content += "\"text\":" + jsonText(b.text) + "}}}";
            break;
        case Kind::ToolUse:
            content += "{\"toolUse\":{\"input\":" + argumentsObjectJson(b.text) +
                       ",\"name\":" + jsonText(b.name) + ",\"toolUseId\":" + jsonText(b.id) + "}}";
            break;
        }
    }
    QByteArray out = "{\"output\":{\"message\":{\"content\":[" + content +
                     "],\"role\":\"assistant\"}},\"stopReason\":\"" + stopReason() + '"';
    if (m_usage.known())
        out += ",\"usage\":" + usageJson();
    return out + '}';
}

void ConverseAnswerEncoder::end(api::ResponseWriter& writer)
{
    if (!m_stream) {
        writer.respond(200, "application/json", wholeAnswer(), m_headers);
        return;
    }
    if (!m_stopped) {
        closeOpen();
        frame("messageStop", "{\"stopReason\":\"" + stopReason() + "\"}");
    }
    if (m_usage.known())
        frame("metadata", "{\"usage\":" + usageJson() + '}');
    writer.endStream(m_out);
    m_out.clear();
}

void ConverseAnswerEncoder::error(const ResponseEvent& event, api::ResponseWriter& writer)
{
    m_failed = true;
    const int status = event.status > 0 ? event.status : 500;
    const QByteArray name = exceptionName(status);
    const QByteArray body = "{\"message\":" + api::jsonString(event.message) + '}';
    if (!writer.started()) {
        http::HeaderList headers = event.headers;
        headers.emplace_back("x-amzn-ErrorType", name);
        writer.respond(status, "application/json", body, headers);
        return;
    }
    // In a stream: an exception event (its name in lowerCamelCase, as ConverseStream names its
    // exception members), then the stream breaks off.
    QByteArray streamName = name;
    streamName[0] = char(QChar::toLower(uint(streamName[0])));
    m_out.clear();
    QString problem;
    appendEventStreamFrame({{":exception-type", streamName},
                            {":content-type", "application/json"},
                            {":message-type", "exception"}},
                           body, m_out, &problem);
    flush(writer);
    writer.abortStream();
}

} // namespace gateway::providers::bedrock

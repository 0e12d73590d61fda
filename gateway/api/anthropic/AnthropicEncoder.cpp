#include "api/anthropic/AnthropicEncoder.h"

#include "api/JsonText.h"
#include "api/anthropic/AnthropicError.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtDebug>

#include <algorithm>

namespace gateway::api {

namespace {

// A tool call's arguments as the tool_use block's input object. A model's arguments that are
// not a JSON object (empty, cut off by max_tokens, malformed) give {}: the API's input is
// always an object.
QByteArray inputObject(const QString& arguments)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return "{}";
    return doc.toJson(QJsonDocument::Compact);
}

} // namespace

AnthropicEncoder::AnthropicEncoder(const ChatRequest& request, const EncodeOptions& options)
    : m_stream(request.stream), m_options(options), m_model(request.model.toUtf8()),
      m_id("msg_" + options.traceId)
{}

void AnthropicEncoder::encode(const ResponseEvent& event, ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    if (m_failed)
        return;
    switch (event.type) {
    case T::Start: start(event, writer); return;
    case T::TextDelta:
    case T::ToolCallDelta:
    case T::ReasoningDelta:
    case T::Finish:
        // A Messages request asks for one answer: other choices have no place in a Message.
        if (event.index != 0)
            return;
        if (m_stream && !writer.started())
            beginStream(writer, {});
        messageStart();
        if (event.type == T::TextDelta)
            text(event);
        else if (event.type == T::ReasoningDelta)
            reasoning(event);
        else if (event.type == T::ToolCallDelta)
            toolCall(event);
        else
            finish(event);
        flush(writer);
        return;
    case T::Usage: m_usage = event.usage; return;
    case T::Error: error(event, writer); return;
    case T::End: end(writer); return;
    case T::Embedding:
    case T::Passthrough:
        // Not for this dialect: no endpoint of it embeds, and no provider relays its bytes.
        return;
    }
}

const http::HeaderList& AnthropicEncoder::headers(const http::HeaderList& upstream)
{
    if (upstream.empty())
        return m_options.headers;
    m_headers = m_options.headers;
    m_headers.insert(m_headers.end(), upstream.begin(), upstream.end());
    return m_headers;
}

void AnthropicEncoder::start(const ResponseEvent& event, ResponseWriter& writer)
{
    m_upstreamHeaders = event.headers;
    m_stream = event.stream;
    if (m_stream && !writer.started())
        beginStream(writer, event.headers);
    // A whole answer is written at End.
}

void AnthropicEncoder::beginStream(ResponseWriter& writer, const http::HeaderList& upstream)
{
    http::HeaderList h = headers(upstream);
    h.emplace_back(QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-cache"));
    // message_start waits for the first content: usage that a provider reports up front (an
    // Anthropic upstream's message_start) then goes out in it.
    writer.startStream(200, "text/event-stream", h);
}

void AnthropicEncoder::messageStart()
{
    if (!m_stream || m_messageStarted)
        return;
    m_messageStarted = true;
    writeEvent("message_start", "{\"type\":\"message_start\",\"message\":{" + messageHead() +
                                    ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                                    "\"usage\":" +
                                    usageJson() + "}}");
}

void AnthropicEncoder::text(const ResponseEvent& event)
{
    if (event.text.isEmpty())
        return;
    const Block* block = openBlock();
    if (!block || block->kind != Kind::Text) {
        releaseHeldCalls();
        closeOpen();
        open(Block{Kind::Text, {}, {}, {}, {}, -1});
    }
    append(event.text);
}

void AnthropicEncoder::reasoning(const ResponseEvent& event)
{
    if (event.text.isEmpty() && event.signature.isEmpty())
        return;
    const Block* block = openBlock();
    if (!block || block->kind != Kind::Thinking) {
        releaseHeldCalls();
        closeOpen();
        open(Block{Kind::Thinking, {}, {}, {}, {}, -1});
    }
    if (!event.text.isEmpty())
        append(event.text);
    if (!event.signature.isEmpty())
        appendSignature(event.signature);
}

void AnthropicEncoder::toolCall(const ResponseEvent& event)
{
    const int t = event.toolIndex;
    if (const auto known = m_callBlock.find(t); known != m_callBlock.end()) {
        if (known->second == m_open) {
            append(event.text);
        } else if (!event.text.isEmpty()) {
            // More arguments for a call whose block has ended: only a provider that interleaves
            // a call with text does this. A whole answer still gets them; a stream cannot.
            if (!m_stream)
                m_blocks[size_t(known->second)].text += event.text;
            else
                qWarning("anthropic encoder: arguments for tool call %d after its block ended "
                         "were dropped",
                         t);
        }
        return;
    }
    if (const auto held = m_held.find(t); held != m_held.end()) {
        if (!event.id.isEmpty())
            held->second.id = event.id;
        if (!event.name.isEmpty())
            held->second.name = event.name;
        held->second.arguments += event.text;
        return;
    }
    const int order = m_callsBegun++;
    const Block* block = openBlock();
    if ((block && block->kind == Kind::ToolUse) || !m_held.empty()) {
        m_held[t] = HeldCall{order, event.id, event.name, event.text};
        return;
    }
    closeOpen();
    open(Block{Kind::ToolUse, {}, {}, event.id, event.name, t});
    m_callBlock[t] = m_open;
    append(event.text);
}

void AnthropicEncoder::finish(const ResponseEvent& event)
{
    releaseHeldCalls();
    closeOpen();
    m_finishReason = event.finishReason;
}

void AnthropicEncoder::open(Block block)
{
    if (block.kind == Kind::ToolUse && block.id.isEmpty()) // a provider that names no ids
        block.id = QStringLiteral("toolu_%1_%2")
                       .arg(QString::fromLatin1(m_options.traceId))
                       .arg(block.toolIndex);
    m_blocks.push_back(std::move(block));
    m_open = int(m_blocks.size()) - 1;
    if (!m_stream)
        return;
    const Block& b = m_blocks.back();
    QByteArray content;
    switch (b.kind) {
    case Kind::Text: content = "{\"type\":\"text\",\"text\":\"\"}"; break;
    case Kind::Thinking:
        content = "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}";
        break;
    case Kind::ToolUse:
        content = "{\"type\":\"tool_use\",\"id\":" + jsonText(b.id) +
                  ",\"name\":" + jsonText(b.name) + ",\"input\":{}}";
        break;
    }
    writeEvent("content_block_start",
               "{\"type\":\"content_block_start\",\"index\":" + QByteArray::number(m_open) +
                   ",\"content_block\":" + content + '}');
}

void AnthropicEncoder::append(const QString& piece)
{
    Block* block = openBlock();
    if (!block || piece.isEmpty())
        return;
    block->text += piece;
    if (!m_stream)
        return;
    QByteArray delta;
    switch (block->kind) {
    case Kind::Text: delta = "{\"type\":\"text_delta\",\"text\":"; break;
    case Kind::Thinking: delta = "{\"type\":\"thinking_delta\",\"thinking\":"; break;
    case Kind::ToolUse: delta = "{\"type\":\"input_json_delta\",\"partial_json\":"; break;
    }
    writeEvent("content_block_delta",
               "{\"type\":\"content_block_delta\",\"index\":" + QByteArray::number(m_open) +
                   ",\"delta\":" + delta + jsonText(piece) + "}}");
}

void AnthropicEncoder::appendSignature(const QByteArray& signature)
{
    Block* block = openBlock();
    if (!block)
        return;
    // The signature comes whole, once, at the end of its block ("Extended thinking",
    // streaming: signature_delta), so it replaces rather than extends.
    block->signature = signature;
    if (m_stream)
        writeEvent("content_block_delta",
                   "{\"type\":\"content_block_delta\",\"index\":" + QByteArray::number(m_open) +
                       ",\"delta\":{\"type\":\"signature_delta\",\"signature\":" +
                       jsonString(signature) + "}}");
}

void AnthropicEncoder::closeOpen()
{
    if (m_open < 0)
        return;
    if (m_stream)
        writeEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" +
                                             QByteArray::number(m_open) + '}');
    m_open = -1;
}

void AnthropicEncoder::releaseHeldCalls()
{
    if (m_held.empty())
        return;
    closeOpen();
    std::vector<std::pair<int, HeldCall>> calls(m_held.begin(), m_held.end());
    m_held.clear();
    std::sort(calls.begin(), calls.end(),
              [](const auto& a, const auto& b) { return a.second.order < b.second.order; });
    for (auto& [toolIndex, call] : calls) {
        open(Block{Kind::ToolUse, {}, {}, call.id, call.name, toolIndex});
        m_callBlock[toolIndex] = m_open;
        append(call.arguments);
        closeOpen();
    }
}

void AnthropicEncoder::writeEvent(const char* type, const QByteArray& json)
{
    m_out += "event: ";
    m_out += type;
    m_out += "\ndata: ";
    m_out += json;
    m_out += "\n\n";
}

void AnthropicEncoder::flush(ResponseWriter& writer)
{
    if (m_out.isEmpty())
        return;
    writer.write(m_out);
    m_out.clear();
}

QByteArray AnthropicEncoder::stopReason() const
{
    // The neutral reason is OpenAI's ("Messages": stop_reason end_turn, max_tokens,
    // stop_sequence, tool_use, pause_turn, refusal). OpenAI strips a matched stop sequence and
    // names it "stop" too, so stop_sequence cannot be told apart and is reported as end_turn.
    const QByteArray& r = m_finishReason;
    if (r == "length")
        return "max_tokens";
    if (r == "content_filter")
        return "refusal";
    // Some servers (Ollama, vLLM) finish a tool-calling answer with "stop".
    if (r == "tool_calls" || r == "function_call" || !m_callBlock.empty())
        return "tool_use";
    return "end_turn";
}

QByteArray AnthropicEncoder::usageJson() const
{
    // Anthropic's input_tokens leaves out the tokens read from or written to the cache
    // ("Prompt caching": total input = input_tokens + cache_creation_input_tokens +
    // cache_read_input_tokens); the gateway's promptTokens includes them.
    const qint64 cached = m_usage.cacheReadTokens + m_usage.cacheWriteTokens;
    const qint64 input = m_usage.known() ? qMax<qint64>(0, m_usage.promptTokens - cached) : 0;
    const qint64 output = qMax<qint64>(0, m_usage.completionTokens);
    return "{\"input_tokens\":" + QByteArray::number(input) +
           ",\"cache_creation_input_tokens\":" + QByteArray::number(m_usage.cacheWriteTokens) +
           ",\"cache_read_input_tokens\":" + QByteArray::number(m_usage.cacheReadTokens) +
           ",\"output_tokens\":" + QByteArray::number(output) + '}';
}

QByteArray AnthropicEncoder::messageHead() const
{
    return "\"id\":" + jsonString(m_id) +
           ",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + jsonString(m_model);
}

QByteArray AnthropicEncoder::wholeMessage() const
{
    QByteArray out = '{' + messageHead() + ",\"content\":[";
    bool first = true;
    for (const Block& b : m_blocks) {
        if (!first)
            out += ',';
        first = false;
        switch (b.kind) {
        case Kind::Text: out += "{\"type\":\"text\",\"text\":" + jsonText(b.text) + '}'; break;
        case Kind::Thinking:
            out += "{\"type\":\"thinking\",\"thinking\":" + jsonText(b.text) +
                   ",\"signature\":" + jsonString(b.signature) + '}';
            break;
        case Kind::ToolUse:
            out += "{\"type\":\"tool_use\",\"id\":" + jsonText(b.id) +
                   ",\"name\":" + jsonText(b.name) + ",\"input\":" + inputObject(b.text) + '}';
            break;
        }
    }
    out += "],\"stop_reason\":" + jsonString(stopReason()) +
           ",\"stop_sequence\":null,\"usage\":" + usageJson() + '}';
    return out;
}

void AnthropicEncoder::error(const ResponseEvent& event, ResponseWriter& writer)
{
    m_failed = true;
    const int status = event.status > 0 ? event.status : 502;
    const QByteArray body = event.bodyInDialect && !event.body.isEmpty()
                                ? event.body
                                : anthropicError(event.message, anthropicErrorType(status));
    if (!writer.started()) {
        writer.respond(status, "application/json", body, headers(event.headers));
        return;
    }
    // Mid-stream: an error event, as the API sends one ("Streaming Messages", error events),
    // then the stream is cut so that it cannot be taken for a complete answer.
    m_out.clear();
    writeEvent("error", body);
    flush(writer);
    writer.abortStream();
}

void AnthropicEncoder::end(ResponseWriter& writer)
{
    releaseHeldCalls();
    closeOpen();
    if (!m_stream) {
        m_out.clear();
        if (!writer.started())
            writer.respond(200, "application/json", wholeMessage(), headers(m_upstreamHeaders));
        return;
    }
    if (!writer.started())
        beginStream(writer, m_upstreamHeaders);
    messageStart();
    // The final usage, input tokens included: most providers report usage only at the end,
    // after message_start went out ("Streaming Messages": the usage in message_delta is
    // cumulative).
    writeEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":" +
                                    jsonString(stopReason()) +
                                    ",\"stop_sequence\":null},\"usage\":" + usageJson() + '}');
    writeEvent("message_stop", "{\"type\":\"message_stop\"}");
    writer.endStream(m_out);
    m_out.clear();
}

} // namespace gateway::api

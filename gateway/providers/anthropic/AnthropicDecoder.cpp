#include "providers/anthropic/AnthropicDecoder.h"

#include "providers/anthropic/AnthropicWire.h"

#include <simdjson.h>

#include <algorithm>

namespace gateway::providers::anthropic {

namespace {

using api::ResponseEvent;
namespace dom = simdjson::dom;

dom::parser& parser()
{
    thread_local dom::parser p;
    return p;
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QByteArray bytes(std::string_view s)
{
    return QByteArray(s.data(), qsizetype(s.size()));
}

// A string member, empty when absent or of another type.
std::string_view stringOf(dom::element object, const char* key)
{
    std::string_view s;
    if (object[key].get_string().get(s))
        return {};
    return s;
}

// A token count: a non-negative integer member, bounded so that sums cannot overflow;
// fallback when absent or not one.
qint64 countOf(dom::element object, const char* key, qint64 fallback)
{
    constexpr int64_t maxCount = int64_t(1) << 48;
    int64_t n = 0;
    if (object[key].get_int64().get(n) || n < 0)
        return fallback;
    return std::min(n, maxCount);
}

// Reads a usage object's counts into counts; members it lacks keep their value.
void readCounts(dom::element usage, AnthropicDecoder::Counts& counts)
{
    counts.input = countOf(usage, "input_tokens", counts.input);
    counts.cacheWrite = countOf(usage, "cache_creation_input_tokens", counts.cacheWrite);
    counts.cacheRead = countOf(usage, "cache_read_input_tokens", counts.cacheRead);
    counts.output = countOf(usage, "output_tokens", counts.output);
}

// Anthropic's input_tokens leaves the cache reads and writes out; Usage counts them in.
api::Usage usageOf(const AnthropicDecoder::Counts& counts)
{
    api::Usage u;
    u.cacheReadTokens = counts.cacheRead;
    u.cacheWriteTokens = counts.cacheWrite;
    u.promptTokens = std::max<qint64>(0, counts.input) + u.cacheReadTokens + u.cacheWriteTokens;
    u.completionTokens = std::max<qint64>(0, counts.output);
    return u;
}

// The Error event of an Anthropic error object ({"type":"error","error":{...}}), whether it
// came as a stream's error event or as a whole answer. The payload is kept as the body, so
// that the message the client sees can quote it.
ResponseEvent errorEvent(dom::element root, QByteArrayView payload)
{
    std::string_view type;
    std::string_view message;
    dom::element error;
    if (!root["error"].get(error)) {
        type = stringOf(error, "type");
        message = stringOf(error, "message");
    }
    if (message.empty())
        message = "the Anthropic backend reported an error";
    ResponseEvent e = ResponseEvent::error(
        errorStatus(type), type.empty() ? QByteArray() : bytes(type), bytes(message));
    e.body = payload.toByteArray();
    e.contentType = "application/json";
    return e;
}

} // namespace

AnthropicDecoder::Block* AnthropicDecoder::block(int64_t index)
{
    // Blocks come one after another: the one wanted is nearly always the last.
    for (auto it = m_blocks.rbegin(); it != m_blocks.rend(); ++it)
        if (it->index == index)
            return &*it;
    return nullptr;
}

bool AnthropicDecoder::feed(QByteArrayView bytes, std::vector<ResponseEvent>& out, QString* error)
{
    if (!m_sse.feed(bytes.data(), size_t(bytes.size()), m_events)) {
        *error = QStringLiteral("an Anthropic stream event is larger than 4 MiB");
        return false;
    }
    return handleEvents(out, error);
}

bool AnthropicDecoder::finish(std::vector<ResponseEvent>& out, QString* error)
{
    m_sse.finish(m_events);
    if (!handleEvents(out, error))
        return false;
    if (!m_stopped && !m_failed) {
        *error = QStringLiteral("the Anthropic stream ended before its message_stop event");
        return false;
    }
    return true;
}

bool AnthropicDecoder::handleEvents(std::vector<ResponseEvent>& out, QString* error)
{
    bool ok = true;
    for (const http::SseDecoder::Event& event : m_events)
        if (!(ok = handle(event, out, error)))
            break;
    m_events.clear();
    return ok;
}

bool AnthropicDecoder::handle(const http::SseDecoder::Event& event, std::vector<ResponseEvent>& out,
                              QString* error)
{
    // After message_stop or an error event the answer is over.
    if (m_stopped || m_failed)
        return true;
    dom::element root;
    if (parser().parse(event.data.constData(), size_t(event.data.size())).get(root) ||
        !root.is_object()) {
        *error = QStringLiteral("an Anthropic stream event (%1) is not a JSON object")
                     .arg(event.name.isEmpty() ? QStringLiteral("unnamed")
                                               : QString::fromUtf8(event.name.left(64)));
        return false;
    }
    // The payload's type names the event; the SSE event name says the same ("Streaming
    // Messages", "Event types").
    const std::string_view type = stringOf(root, "type");
    if (type == "content_block_delta")
        return onBlockDelta(root, out, error);
    if (type == "content_block_start")
        return onBlockStart(root, out, error);
    if (type == "content_block_stop") {
        int64_t index = 0;
        Block* b = root["index"].get_int64().get(index) ? nullptr : block(index);
        // A call without parameters streams no input at all; its arguments are still JSON.
        if (b && b->kind == BlockKind::ToolUse && !b->hasArguments) {
            b->hasArguments = true;
            out.push_back(ResponseEvent::toolCallDelta(b->toolIndex, {}, {}, QStringLiteral("{}")));
        }
    } else if (type == "message_start") {
        dom::element usage;
        if (!root["message"]["usage"].get(usage))
            readCounts(usage, m_counts);
    } else if (type == "message_delta") {
        dom::element delta;
        if (!root["delta"].get(delta))
            if (const std::string_view reason = stringOf(delta, "stop_reason"); !reason.empty())
                out.push_back(ResponseEvent::finish(finishReason(reason)));
        dom::element usage;
        if (!root["usage"].get(usage))
            readCounts(usage, m_counts);
        if (m_counts.input >= 0 || m_counts.output >= 0)
            out.push_back(ResponseEvent::usageEvent(usageOf(m_counts)));
    } else if (type == "message_stop") {
        m_stopped = true;
    } else if (type == "error") {
        m_failed = true;
        out.push_back(errorEvent(root, event.data));
    }
    return true; // ping, and event types added later, are ignored
}

bool AnthropicDecoder::onBlockStart(dom::element root, std::vector<ResponseEvent>& out,
                                    QString* error)
{
    int64_t index = 0;
    dom::element content;
    if (root["index"].get_int64().get(index) || root["content_block"].get(content)) {
        *error = QStringLiteral("an Anthropic content_block_start has no index or block");
        return false;
    }
    if (m_blocks.size() >= maxContentBlocks) {
        *error = QStringLiteral("an Anthropic answer has more than %1 content blocks")
                     .arg(maxContentBlocks);
        return false;
    }
    Block b;
    b.index = index;
    const std::string_view kind = stringOf(content, "type");
    if (kind == "text") {
        b.kind = BlockKind::Text;
        if (const std::string_view s = stringOf(content, "text"); !s.empty())
            out.push_back(ResponseEvent::textDelta(text(s)));
    } else if (kind == "thinking") {
        b.kind = BlockKind::Thinking;
        if (const std::string_view s = stringOf(content, "thinking"); !s.empty())
            out.push_back(ResponseEvent::reasoningDelta(text(s)));
    } else if (kind == "tool_use") {
        b.kind = BlockKind::ToolUse;
        b.toolIndex = m_tools++;
        // The input comes as input_json_delta pieces; the start's own is {} (a non-empty one
        // is sent whole).
        QString arguments;
        dom::object input;
        if (!content["input"].get_object().get(input) && input.size() > 0) {
            arguments = text(simdjson::minify(input));
            b.hasArguments = true;
        }
        out.push_back(ResponseEvent::toolCallDelta(b.toolIndex, text(stringOf(content, "id")),
                                                   text(stringOf(content, "name")),
                                                   std::move(arguments)));
    }
    // redacted_thinking, server tools and newer kinds: nothing the events can hold.
    m_blocks.push_back(b);
    return true;
}

bool AnthropicDecoder::onBlockDelta(dom::element root, std::vector<ResponseEvent>& out,
                                    QString* error)
{
    int64_t index = 0;
    dom::element delta;
    if (root["index"].get_int64().get(index) || root["delta"].get(delta)) {
        *error = QStringLiteral("an Anthropic content_block_delta has no index or delta");
        return false;
    }
    Block* b = block(index);
    if (!b) {
        *error = QStringLiteral("an Anthropic content_block_delta for block %1, which did not "
                                "start")
                     .arg(index);
        return false;
    }
    const std::string_view kind = stringOf(delta, "type");
    if (kind == "text_delta") {
        if (const std::string_view s = stringOf(delta, "text"); !s.empty())
            out.push_back(ResponseEvent::textDelta(text(s)));
    } else if (kind == "input_json_delta" && b->kind == BlockKind::ToolUse) {
        if (const std::string_view s = stringOf(delta, "partial_json"); !s.empty()) {
            b->hasArguments = true;
            out.push_back(ResponseEvent::toolCallDelta(b->toolIndex, {}, {}, text(s)));
        }
    } else if (kind == "thinking_delta") {
        if (const std::string_view s = stringOf(delta, "thinking"); !s.empty())
            out.push_back(ResponseEvent::reasoningDelta(text(s)));
    } else if (kind == "signature_delta") {
        ResponseEvent e = ResponseEvent::reasoningDelta(QString());
        e.signature = bytes(stringOf(delta, "signature"));
        out.push_back(std::move(e));
    }
    // citations_delta and newer kinds carry nothing the events can hold.
    return true;
}

bool AnthropicDecoder::decodeWhole(QByteArrayView body, std::vector<ResponseEvent>& out,
                                   QString* error)
{
    dom::element root;
    if (parser().parse(body.data(), size_t(body.size())).get(root) || !root.is_object()) {
        *error = QStringLiteral("the Anthropic backend's answer is not a JSON object");
        return false;
    }
    if (stringOf(root, "type") == "error") {
        out.push_back(errorEvent(root, body));
        return true;
    }
    dom::array content;
    if (root["content"].get_array().get(content)) {
        *error = QStringLiteral("the Anthropic backend's answer has no content array");
        return false;
    }
    int tools = 0;
    for (dom::element block : content) {
        const std::string_view kind = stringOf(block, "type");
        if (kind == "text") {
            if (const std::string_view s = stringOf(block, "text"); !s.empty())
                out.push_back(ResponseEvent::textDelta(text(s)));
        } else if (kind == "thinking") {
            ResponseEvent e = ResponseEvent::reasoningDelta(text(stringOf(block, "thinking")));
            e.signature = bytes(stringOf(block, "signature"));
            out.push_back(std::move(e));
        } else if (kind == "tool_use") {
            dom::element input;
            const QString arguments = block["input"].get(input) || !input.is_object()
                                          ? QStringLiteral("{}")
                                          : text(simdjson::minify(input));
            out.push_back(ResponseEvent::toolCallDelta(tools++, text(stringOf(block, "id")),
                                                       text(stringOf(block, "name")), arguments));
        }
    }
    dom::element usage;
    if (!root["usage"].get(usage) && usage.is_object()) {
        Counts counts;
        readCounts(usage, counts);
        out.push_back(ResponseEvent::usageEvent(usageOf(counts)));
    }
    if (const std::string_view reason = stringOf(root, "stop_reason"); !reason.empty())
        out.push_back(ResponseEvent::finish(finishReason(reason)));
    return true;
}

QByteArray AnthropicDecoder::errorMessage(int, QByteArrayView body) const
{
    dom::element root;
    dom::element error;
    if (parser().parse(body.data(), size_t(body.size())).get(root) || root["error"].get(error) ||
        !error.is_object())
        return QByteArray();
    const std::string_view type = stringOf(error, "type");
    const std::string_view message = stringOf(error, "message");
    if (type.empty() || message.empty())
        return bytes(message.empty() ? type : message);
    return bytes(type) + ": " + bytes(message);
}

} // namespace gateway::providers::anthropic

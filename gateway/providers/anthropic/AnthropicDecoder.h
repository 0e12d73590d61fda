#pragma once

#include "http/SseDecoder.h"
#include "providers/TranslatedCall.h"

#include <vector>

namespace simdjson::dom {
class element;
}

namespace gateway::providers::anthropic {

// Anthropic's answers as response events (API reference: "Messages", "Streaming Messages").
//
// A stream is message_start (usage so far), content blocks (content_block_start, deltas,
// content_block_stop), message_delta (stop_reason, output usage), message_stop; ping events
// come at any time and an error event may end it. Text blocks give TextDelta, thinking blocks
// ReasoningDelta (thinking_delta text, signature_delta signature), and tool_use blocks
// ToolCallDelta: id and name at content_block_start, then input_json_delta pieces; the tool
// blocks of one answer are numbered 0, 1, 2 ... (toolIndex) so parallel calls stay apart.
// Usage adds the cache reads and writes to input_tokens, which leaves them out ("Prompt
// caching", "Tracking cache performance"). Event types it does not know are ignored, as the
// versioning policy asks ("Streaming Messages", "Other events").
class AnthropicDecoder : public WireDecoder
{
public:
    bool feed(QByteArrayView bytes, std::vector<api::ResponseEvent>& out, QString* error) override;
    // False when the stream ended without message_stop (and no error event): truncated.
    bool finish(std::vector<api::ResponseEvent>& out, QString* error) override;
    bool decodeWhole(QByteArrayView body, std::vector<api::ResponseEvent>& out,
                     QString* error) override;
    // {"type":"error","error":{"type":...,"message":...}} -> "type: message".
    QByteArray errorMessage(int status, QByteArrayView body) const override;

    // Content blocks one answer may have: a bound on the decoder's state, far above what a
    // model writes (each tool call, text and thinking run is one block).
    static constexpr size_t maxContentBlocks = 4096;

    // Usage as Anthropic counts it: message_start brings the input side, message_delta the
    // output (and, in newer versions, the input again); -1: not reported yet.
    struct Counts
    {
        qint64 input = -1, cacheWrite = 0, cacheRead = 0, output = -1;
    };

private:
    enum class BlockKind { Text, Thinking, ToolUse, Other };
    struct Block
    {
        int64_t index = 0; // Anthropic's content block index
        BlockKind kind = BlockKind::Other;
        int toolIndex = 0;
        bool hasArguments = false; // a tool_use block sent some input JSON
    };

    // Each SSE event decoded so far (m_events), then one event's JSON payload, then the two
    // kinds of event that carry content; false on bytes that break the format.
    bool handleEvents(std::vector<api::ResponseEvent>& out, QString* error);
    bool handle(const http::SseDecoder::Event& event, std::vector<api::ResponseEvent>& out,
                QString* error);
    bool onBlockStart(simdjson::dom::element root, std::vector<api::ResponseEvent>& out,
                      QString* error);
    bool onBlockDelta(simdjson::dom::element root, std::vector<api::ResponseEvent>& out,
                      QString* error);
    Block* block(int64_t index);

    http::SseDecoder m_sse;
    std::vector<http::SseDecoder::Event> m_events;
    std::vector<Block> m_blocks;
    int m_tools = 0;
    Counts m_counts;
    bool m_stopped = false; // message_stop came
    bool m_failed = false;  // an error event came: nothing after it counts
};

} // namespace gateway::providers::anthropic

#pragma once

#include "api/Dialect.h"

#include <map>
#include <vector>

namespace gateway::api {

// Encodes response events in Anthropic's wire format (Anthropic API reference, "Messages" and
// "Streaming Messages"): a whole answer as a Message object; a stream as SSE events with
// `event:` lines: message_start, then per content block content_block_start, _delta (text_delta,
// input_json_delta, thinking_delta, signature_delta) and _stop, then message_delta (stop_reason
// and the final usage) and message_stop. A failure after the stream began is an `error` event,
// and the stream is cut so that the client cannot take it for complete.
//
// Anthropic's blocks are strictly sequential (one open at a time), while providers may
// interleave the deltas of parallel tool calls. The first tool call of a run is streamed as it
// comes; the deltas of the others are held and each becomes its own block, in the order the
// calls began, when the open one ends (at the finish, or when text or thinking follows). Whole
// answers are built by the same steps, so both carry the same blocks in the same order.
class AnthropicEncoder : public ResponseEncoder
{
public:
    AnthropicEncoder(const ChatRequest& request, const EncodeOptions& options);
    void encode(const ResponseEvent& event, ResponseWriter& writer) override;

private:
    enum class Kind { Text, Thinking, ToolUse };
    struct Block
    {
        Kind kind = Kind::Text;
        QString text; // text, thinking, or a tool call's JSON arguments
        QByteArray signature;
        QString id, name;
        int toolIndex = -1;
    };
    // A tool call whose block cannot open yet (another block is open).
    struct HeldCall
    {
        int order = 0; // when it began: held calls open in this order
        QString id, name, arguments;
    };

    void start(const ResponseEvent& event, ResponseWriter& writer);
    void beginStream(ResponseWriter& writer, const http::HeaderList& upstream);
    void text(const ResponseEvent& event);
    void reasoning(const ResponseEvent& event);
    void toolCall(const ResponseEvent& event);
    void finish(const ResponseEvent& event);
    void error(const ResponseEvent& event, ResponseWriter& writer);
    void end(ResponseWriter& writer);

    // Block steps; in a stream each one writes its event into m_out.
    void open(Block block);
    void append(const QString& piece);
    void appendSignature(const QByteArray& signature);
    void closeOpen();
    void releaseHeldCalls(); // closes an open tool block, then opens and closes every held call
    Block* openBlock() { return m_open < 0 ? nullptr : &m_blocks[size_t(m_open)]; }

    void writeEvent(const char* type, const QByteArray& json);
    void messageStart();
    void flush(ResponseWriter& writer);
    QByteArray stopReason() const;
    QByteArray usageJson() const;
    QByteArray wholeMessage() const;
    QByteArray messageHead() const; // "id", "type", "role", "model" members
    const http::HeaderList& headers(const http::HeaderList& upstream);

    bool m_stream;
    EncodeOptions m_options;
    QByteArray m_model; // the model the client asked for (an alias), not the upstream's name
    QByteArray m_id;    // "msg_" + the trace id
    http::HeaderList m_upstreamHeaders;
    http::HeaderList m_headers; // scratch for headers()

    std::vector<Block> m_blocks;
    int m_open = -1;
    std::map<int, HeldCall> m_held; // by toolIndex
    std::map<int, int> m_callBlock; // toolIndex -> its block, once open
    int m_callsBegun = 0;
    QByteArray m_finishReason;
    Usage m_usage;
    bool m_messageStarted = false; // message_start went out
    bool m_failed = false;
    QByteArray m_out;
};

} // namespace gateway::api

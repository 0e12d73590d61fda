#pragma once

#include "api/Dialect.h"

#include <map>
#include <vector>

namespace gateway::providers::bedrock {

// Response events written as Bedrock's Converse answers, the inverse of ConverseDecoder: what
// the built-in mock sends in its "bedrock" format (providers/mock/MockWire.h). "Amazon Bedrock
// API Reference": Converse, ConverseStream, ContentBlock, ContentBlockStart/Delta,
// MessageStopEvent, ConverseStreamMetadataEvent, TokenUsage, and its "Errors".
//
// A stream is an AWS event stream (EventStream.h): messageStart; per content block its deltas
// (a text block has no start event, a toolUse block starts with its id and name), then
// contentBlockStop; messageStop with the stopReason; metadata with the usage. A whole answer is
// Converse's JSON document. Usage goes out as Bedrock counts it: inputTokens without the cache
// reads and writes (cacheReadInputTokens, cacheWriteInputTokens). The timings Bedrock adds
// (metrics.latencyMs) and the "p" filler of its events are left out: they carry nothing.
// Converse answers one choice: other choices are dropped. Errors are {"message": "..."} with
// the exception's name in x-amzn-ErrorType, or an exception event in a stream that began.
class ConverseAnswerEncoder : public api::ResponseEncoder
{
public:
    void encode(const api::ResponseEvent& event, api::ResponseWriter& writer) override;

    // The exception Bedrock names for an HTTP status (ThrottlingException for 429 ...).
    static QByteArray exceptionName(int status);

private:
    enum class Kind { Text, Reasoning, ToolUse };
    struct Block
    {
        Kind kind = Kind::Text;
        QString text; // text, reasoning, or a tool call's JSON input
        QByteArray signature;
        QString id, name;
    };

    // Opens a block of kind (closing the open one) unless one of that kind is open; its index.
    int open(Kind kind, QString id = {}, QString name = {});
    void closeOpen();
    void delta(int block, const QByteArray& deltaJson);
    void frame(const char* eventType, const QByteArray& payload);
    void end(api::ResponseWriter& writer);
    void error(const api::ResponseEvent& event, api::ResponseWriter& writer);
    void flush(api::ResponseWriter& writer);
    QByteArray stopReason() const;
    QByteArray usageJson() const;
    QByteArray wholeAnswer() const;

    bool m_stream = false;
    bool m_failed = false;
    bool m_stopped = false;     // messageStop went out
    http::HeaderList m_headers; // the Start event's, for a whole answer
    std::vector<Block> m_blocks;
    int m_open = -1;
    std::map<int, int> m_toolBlock; // toolIndex -> its block
    QByteArray m_finishReason;
    api::Usage m_usage;
    QByteArray m_out; // frames of the current event
};

} // namespace gateway::providers::bedrock

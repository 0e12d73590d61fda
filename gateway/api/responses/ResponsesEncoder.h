#pragma once

#include "api/Dialect.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace gateway::api {

// Encodes response events as OpenAI's Responses API answers (OpenAI API reference, "The
// response object" and "Streaming events"): a whole answer is one Response object; a stream is
// typed SSE events, each with an `event:` line and a sequence_number: response.created,
// response.in_progress, then per output item output_item.added, its content events
// (content_part.added, output_text.delta/.done, content_part.done; function_call_arguments
// .delta/.done; reasoning_summary_part.added, reasoning_summary_text.delta/.done,
// reasoning_summary_part.done) and output_item.done, and last response.completed (or
// response.incomplete when the answer was cut at max_output_tokens) with the full Response.
// There is no [DONE]. A failure after the stream began is an `error` event and
// response.failed, and the stream is cut.
//
// Output items: a message with one output_text part, function_call items, and reasoning items
// whose summary holds the reasoning text. Text and reasoning open a new item when the kind of
// output changes; function calls stay open until the end, so that the deltas of calls streamed
// side by side each reach their own item.
class ResponsesEncoder : public ResponseEncoder
{
public:
    ResponsesEncoder(const ChatRequest& request, const EncodeOptions& options);
    void encode(const ResponseEvent& event, ResponseWriter& writer) override;

    // The Response object of the finished answer, as the client gets it (whole, or in
    // response.completed): valid once every delta, usage and finish event was encoded, that is
    // when End comes. The responses stage stores it.
    const QByteArray& finalResponse();

private:
    enum class Kind { Message, FunctionCall, Reasoning };
    struct Item
    {
        Kind kind = Kind::Message;
        QByteArray id;
        QString text; // message text, call arguments, reasoning summary text
        QString name; // function_call
        QString callId;
        int toolIndex = -1;
        bool open = true;
    };

    void start(const ResponseEvent& event, ResponseWriter& writer);
    void delta(const ResponseEvent& event, ResponseWriter& writer);
    void error(const ResponseEvent& event, ResponseWriter& writer);
    void end(ResponseWriter& writer);

    // The message or reasoning item text goes to: the open one of that kind, or a new one.
    int currentItem(Kind kind);
    int toolItem(const ResponseEvent& event);
    void closeItem(int index);
    void closeAll();

    QByteArray itemJson(const Item& item) const;
    QByteArray responseJson(const char* status, const QByteArray& errorJson) const;
    QByteArray usageJson() const;
    QByteArray newItemId(const char* prefix) const;
    // An SSE event: "event: type\ndata: {"type":type,"sequence_number":n,<members>}\n\n",
    // appended to m_out (written at the next flush).
    void event(const char* type, const QByteArray& members);
    void itemEvent(const char* type, int index, const QByteArray& members);
    void flush(ResponseWriter& writer);
    const http::HeaderList& headers(const http::HeaderList& upstream);

    bool m_stream;
    EncodeOptions m_options;
    QByteArray m_id;
    QByteArray m_model;
    QByteArray m_echo; // ResponsesRequest::echo
    http::HeaderList m_upstreamHeaders;
    http::HeaderList m_headers;
    std::vector<Item> m_items;
    int m_current = -1; // the open message or reasoning item, -1: none
    Usage m_usage;
    QByteArray m_finishReason;
    bool m_streamStarted = false;
    qint64 m_sequence = 0;
    QByteArray m_out;
    QByteArray m_final; // finalResponse(), once built
};

} // namespace gateway::api

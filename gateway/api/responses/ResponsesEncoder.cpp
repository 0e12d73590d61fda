#include "api/responses/ResponsesEncoder.h"

#include "api/JsonText.h"
#include "api/openai/OpenAiError.h"
#include "api/responses/ResponsesDialect.h"

#include <QDateTime>

namespace gateway::api {

namespace {

// A model answers a few dozen items at most; a bound keeps a hostile tool index from making
// an item per index.
constexpr int maxToolCalls = 128;

QByteArray json(const QString& s)
{
    return jsonString(s.toUtf8());
}

} // namespace

ResponsesEncoder::ResponsesEncoder(const ChatRequest& request, const EncodeOptions& options)
    : m_stream(request.stream), m_options(options),
      m_id(ResponsesDialect::responseId(options.traceId)), m_model(request.model.toUtf8())
{
    if (const ResponsesRequest* data = ResponsesDialect::requestData(request))
        m_echo = data->echo;
    if (m_options.createdSecs == 0)
        m_options.createdSecs = QDateTime::currentSecsSinceEpoch();
}

void ResponsesEncoder::encode(const ResponseEvent& e, ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    switch (e.type) {
    case T::Start: start(e, writer); return;
    case T::TextDelta:
    case T::ToolCallDelta:
    case T::ReasoningDelta:
        // The Responses API has one answer per request (no n): other choices are not encoded.
        if (e.index == 0)
            delta(e, writer);
        return;
    case T::Usage: m_usage = e.usage; return;
    case T::Finish:
        if (e.index == 0)
            m_finishReason = e.finishReason;
        return;
    case T::Error: error(e, writer); return;
    case T::End: end(writer); return;
    case T::Embedding:
    case T::Passthrough: return; // never routed here: the dialect's wire format is neutral
    }
}

const http::HeaderList& ResponsesEncoder::headers(const http::HeaderList& upstream)
{
    if (upstream.empty())
        return m_options.headers;
    m_headers = m_options.headers;
    m_headers.insert(m_headers.end(), upstream.begin(), upstream.end());
    return m_headers;
}

QByteArray ResponsesEncoder::newItemId(const char* prefix) const
{
    return QByteArray(prefix) + '_' + m_options.traceId + '_' +
           QByteArray::number(qulonglong(m_items.size()));
}

void ResponsesEncoder::event(const char* type, const QByteArray& members)
{
    if (!m_stream)
        return; // a whole answer keeps the items, not their events
    m_out += "event: ";
    m_out += type;
    m_out += "\ndata: {\"type\":\"";
    m_out += type;
    m_out += "\",\"sequence_number\":" + QByteArray::number(m_sequence++);
    if (!members.isEmpty())
        m_out += ',' + members;
    m_out += "}\n\n";
}

void ResponsesEncoder::itemEvent(const char* type, int index, const QByteArray& members)
{
    event(type, "\"item_id\":\"" + m_items[size_t(index)].id + "\",\"output_index\":" +
                    QByteArray::number(index) + (members.isEmpty() ? QByteArray() : ',' + members));
}

void ResponsesEncoder::flush(ResponseWriter& writer)
{
    if (!m_stream || !m_streamStarted || m_out.isEmpty())
        return;
    writer.write(m_out);
    m_out.clear();
}

void ResponsesEncoder::start(const ResponseEvent& e, ResponseWriter& writer)
{
    if (!e.text.isEmpty())
        m_model = e.text.toUtf8();
    m_upstreamHeaders = e.headers;
    m_stream = e.stream;
    if (!m_stream)
        return; // a whole answer is written at End
    m_streamStarted = true;
    http::HeaderList h = headers(e.headers);
    h.emplace_back(QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-cache"));
    m_out.clear();
    const QByteArray inProgress = responseJson("in_progress", "null");
    event("response.created", "\"response\":" + inProgress);
    event("response.in_progress", "\"response\":" + inProgress);
    writer.startStream(200, "text/event-stream", h, m_out);
    m_out.clear();
}

int ResponsesEncoder::currentItem(Kind kind)
{
    if (m_current >= 0 && m_items[size_t(m_current)].kind == kind)
        return m_current;
    if (m_current >= 0)
        closeItem(m_current);
    Item item;
    item.kind = kind;
    item.id = newItemId(kind == Kind::Message ? "msg" : "rs");
    m_items.push_back(item);
    m_current = int(m_items.size()) - 1;
    const QByteArray index = QByteArray::number(m_current);
    if (kind == Kind::Message) {
        event("response.output_item.added",
              "\"output_index\":" + index + ",\"item\":" + itemJson(m_items.back()));
        itemEvent("response.content_part.added", m_current,
                  "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\","
                  "\"annotations\":[],\"logprobs\":[]}");
    } else {
        event("response.output_item.added",
              "\"output_index\":" + index + ",\"item\":" + itemJson(m_items.back()));
        itemEvent("response.reasoning_summary_part.added", m_current,
                  "\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}");
    }
    return m_current;
}

int ResponsesEncoder::toolItem(const ResponseEvent& e)
{
    for (size_t i = 0; i < m_items.size(); ++i)
        if (m_items[i].kind == Kind::FunctionCall && m_items[i].toolIndex == e.toolIndex)
            return int(i);
    int calls = 0;
    for (const Item& item : m_items)
        calls += item.kind == Kind::FunctionCall ? 1 : 0;
    if (calls >= maxToolCalls)
        return -1;
    if (m_current >= 0) {
        closeItem(m_current);
        m_current = -1;
    }
    Item item;
    item.kind = Kind::FunctionCall;
    item.id = newItemId("fc");
    item.toolIndex = e.toolIndex;
    item.name = e.name;
    // A backend that names no call gets an id of the gateway's: the client answers by it.
    item.callId = e.id.isEmpty() ? QString::fromLatin1(newItemId("call")) : e.id;
    m_items.push_back(item);
    const int index = int(m_items.size()) - 1;
    event("response.output_item.added", "\"output_index\":" + QByteArray::number(index) +
                                            ",\"item\":" + itemJson(m_items.back()));
    return index;
}

void ResponsesEncoder::delta(const ResponseEvent& e, ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    if (e.type == T::ToolCallDelta) {
        const int index = toolItem(e);
        if (index < 0)
            return;
        Item& call = m_items[size_t(index)];
        if (call.name.isEmpty())
            call.name = e.name;
        call.text += e.text;
        if (!e.text.isEmpty() && call.open)
            itemEvent("response.function_call_arguments.delta", index, "\"delta\":" + json(e.text));
    } else if (e.type == T::TextDelta) {
        const int index = currentItem(Kind::Message);
        m_items[size_t(index)].text += e.text;
        itemEvent("response.output_text.delta", index,
                  "\"content_index\":0,\"delta\":" + json(e.text) + ",\"logprobs\":[]");
    } else {
        const int index = currentItem(Kind::Reasoning);
        m_items[size_t(index)].text += e.text;
        itemEvent("response.reasoning_summary_text.delta", index,
                  "\"summary_index\":0,\"delta\":" + json(e.text));
    }
    flush(writer);
}

void ResponsesEncoder::closeItem(int index)
{
    Item& item = m_items[size_t(index)];
    if (!item.open)
        return;
    item.open = false;
    switch (item.kind) {
    case Kind::Message: {
        const QByteArray text = json(item.text);
        itemEvent("response.output_text.done", index,
                  "\"content_index\":0,\"text\":" + text + ",\"logprobs\":[]");
        itemEvent("response.content_part.done", index,
                  "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":" + text +
                      ",\"annotations\":[],\"logprobs\":[]}");
        break;
    }
    case Kind::FunctionCall:
        itemEvent("response.function_call_arguments.done", index,
                  "\"name\":" + json(item.name) + ",\"arguments\":" + json(item.text));
        break;
    case Kind::Reasoning: {
        const QByteArray text = json(item.text);
        itemEvent("response.reasoning_summary_text.done", index,
                  "\"summary_index\":0,\"text\":" + text);
        itemEvent("response.reasoning_summary_part.done", index,
                  "\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":" + text + "}");
        break;
    }
    }
    event("response.output_item.done",
          "\"output_index\":" + QByteArray::number(index) + ",\"item\":" + itemJson(item));
}

void ResponsesEncoder::closeAll()
{
    for (size_t i = 0; i < m_items.size(); ++i)
        closeItem(int(i));
    m_current = -1;
}

QByteArray ResponsesEncoder::itemJson(const Item& item) const
{
    // An item cut by max_output_tokens is "incomplete" (OpenAI API reference, output items).
    const char* status = item.open                    ? "in_progress"
                         : m_finishReason == "length" ? "incomplete"
                                                      : "completed";
    switch (item.kind) {
    case Kind::Message: {
        QByteArray out = "{\"id\":\"" + item.id + "\",\"type\":\"message\",\"status\":\"" + status +
                         "\",\"role\":\"assistant\",\"content\":[";
        if (!item.open)
            out += "{\"type\":\"output_text\",\"text\":" + json(item.text) +
                   ",\"annotations\":[],\"logprobs\":[]}";
        return out + "]}";
    }
    case Kind::FunctionCall:
        return "{\"id\":\"" + item.id + "\",\"type\":\"function_call\",\"status\":\"" + status +
               "\",\"arguments\":" + json(item.open ? QString() : item.text) +
               ",\"call_id\":" + json(item.callId) + ",\"name\":" + json(item.name) + '}';
    case Kind::Reasoning: {
        QByteArray out = "{\"id\":\"" + item.id + "\",\"type\":\"reasoning\",\"summary\":[";
        if (!item.open)
            out += "{\"type\":\"summary_text\",\"text\":" + json(item.text) + '}';
        return out + "]}";
    }
    }
    return "{}";
}

QByteArray ResponsesEncoder::usageJson() const
{
    if (!m_usage.known())
        return "null";
    const qint64 input = qMax<qint64>(0, m_usage.promptTokens);
    const qint64 output = qMax<qint64>(0, m_usage.completionTokens);
    return "{\"input_tokens\":" + QByteArray::number(input) +
           ",\"input_tokens_details\":{\"cached_tokens\":" +
           QByteArray::number(m_usage.cacheReadTokens) +
           "},\"output_tokens\":" + QByteArray::number(output) +
           ",\"output_tokens_details\":{\"reasoning_tokens\":" +
           QByteArray::number(m_usage.reasoningTokens) +
           "},\"total_tokens\":" + QByteArray::number(input + output) + '}';
}

QByteArray ResponsesEncoder::responseJson(const char* status, const QByteArray& errorJson) const
{
    const bool finished = qstrcmp(status, "in_progress") != 0;
    QByteArray incomplete = "null";
    if (qstrcmp(status, "incomplete") == 0)
        incomplete = m_finishReason == "length" ? "{\"reason\":\"max_output_tokens\"}"
                                                : "{\"reason\":\"content_filter\"}";
    QByteArray out = "{\"id\":\"" + m_id + "\",\"object\":\"response\",\"created_at\":" +
                     QByteArray::number(m_options.createdSecs) + ",\"status\":\"" + status +
                     "\",\"background\":false,\"error\":" + errorJson +
                     ",\"incomplete_details\":" + incomplete;
    if (!m_echo.isEmpty())
        out += ',' + m_echo;
    out += ",\"model\":" + jsonString(m_model) + ",\"output\":[";
    if (finished) {
        for (size_t i = 0; i < m_items.size(); ++i) {
            if (i)
                out += ',';
            out += itemJson(m_items[i]);
        }
    }
    out += "],\"usage\":" + (finished ? usageJson() : QByteArray("null")) + '}';
    return out;
}

const QByteArray& ResponsesEncoder::finalResponse()
{
    if (m_final.isEmpty()) {
        // Closing the items writes their .done events into m_out, which end() sends (or a
        // whole answer drops).
        closeAll();
        const bool cut = m_finishReason == "length" || m_finishReason == "content_filter";
        m_final = responseJson(cut ? "incomplete" : "completed", "null");
    }
    return m_final;
}

void ResponsesEncoder::end(ResponseWriter& writer)
{
    const QByteArray& response = finalResponse();
    if (!m_streamStarted) {
        m_out.clear();
        writer.respond(200, "application/json", response, headers(m_upstreamHeaders));
        return;
    }
    const bool cut = m_finishReason == "length" || m_finishReason == "content_filter";
    event(cut ? "response.incomplete" : "response.completed", "\"response\":" + response);
    writer.endStream(m_out);
    m_out.clear();
}

void ResponsesEncoder::error(const ResponseEvent& e, ResponseWriter& writer)
{
    const int status = e.status > 0 ? e.status : 502;
    const QByteArray code = e.code.isEmpty() ? QByteArray(openAiErrorType(status)) : e.code;
    if (!writer.started()) {
        const QByteArray body = e.bodyInDialect && !e.body.isEmpty()
                                    ? e.body
                                    : openAiError(e.message, openAiErrorType(status), nullptr,
                                                  e.code.isEmpty() ? nullptr : e.code.constData());
        writer.respond(status, "application/json", body, headers(e.headers));
        return;
    }
    // Mid-stream: the client is told in-band, as OpenAI does (an `error` event, then
    // response.failed with the error), and the stream is cut so that it cannot be taken for a
    // complete answer.
    const QByteArray message = jsonString(e.message);
    event("error", "\"code\":" + jsonString(code) + ",\"message\":" + message + ",\"param\":null");
    event("response.failed",
          "\"response\":" + responseJson("failed", "{\"code\":" + jsonString(code) +
                                                       ",\"message\":" + message + '}'));
    writer.write(m_out);
    m_out.clear();
    writer.abortStream();
}

} // namespace gateway::api

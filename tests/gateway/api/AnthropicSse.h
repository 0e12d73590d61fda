#pragma once

// Reading Anthropic's streamed Messages as a client does, for tests: the SSE events, a check of
// their order ("Streaming Messages": message_start, then per content block content_block_start,
// deltas and content_block_stop, then message_delta and message_stop), and the Message the
// events add up to, accumulated the way the official SDKs' MessageStream does.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <vector>

namespace test {

struct AnthropicSseEvent
{
    QByteArray event; // the event: line
    QJsonObject data; // the data: line
};

// The events of an SSE body of "event: <type>\ndata: <json>\n\n" blocks; an event whose
// data is not a JSON object gets an empty one.
inline std::vector<AnthropicSseEvent> anthropicEvents(const QByteArray& body)
{
    std::vector<AnthropicSseEvent> out;
    for (const QByteArray& block : body.split('\n')) {
        if (block.startsWith("event: ")) {
            out.push_back({block.mid(7), {}});
        } else if (block.startsWith("data: ")) {
            if (out.empty())
                out.push_back({QByteArray(), {}});
            out.back().data = QJsonDocument::fromJson(block.mid(6)).object();
        }
    }
    return out;
}

// Empty when the events follow the documented order and each data's "type" is its event's
// name; otherwise what is wrong first.
inline QString checkMessageStream(const std::vector<AnthropicSseEvent>& events)
{
    enum { BeforeStart, Between, InBlock, AfterDelta, Stopped } state = BeforeStart;
    int expectedIndex = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        const AnthropicSseEvent& e = events[i];
        const QString where = QStringLiteral("event %1 (%2): ").arg(i).arg(QString(e.event));
        if (e.data.value("type").toString().toUtf8() != e.event)
            return where + QStringLiteral("data type differs from the event name");
        if (e.event == "ping")
            continue;
        if (e.event == "message_start") {
            if (state != BeforeStart)
                return where + QStringLiteral("message_start is not first");
            state = Between;
        } else if (e.event == "content_block_start") {
            if (state != Between)
                return where + QStringLiteral("a block starts while another is open");
            if (e.data.value("index").toInt(-1) != expectedIndex)
                return where + QStringLiteral("index %1 expected").arg(expectedIndex);
            state = InBlock;
        } else if (e.event == "content_block_delta") {
            if (state != InBlock || e.data.value("index").toInt(-1) != expectedIndex)
                return where + QStringLiteral("a delta outside its open block");
        } else if (e.event == "content_block_stop") {
            if (state != InBlock || e.data.value("index").toInt(-1) != expectedIndex)
                return where + QStringLiteral("a stop outside its open block");
            ++expectedIndex;
            state = Between;
        } else if (e.event == "message_delta") {
            if (state != Between && state != AfterDelta)
                return where + QStringLiteral("message_delta while a block is open");
            state = AfterDelta;
        } else if (e.event == "message_stop") {
            if (state != AfterDelta)
                return where + QStringLiteral("message_stop without message_delta");
            state = Stopped;
        } else if (e.event == "error") {
            return i + 1 == events.size() ? QString()
                                          : where + QStringLiteral("events after an error");
        } else {
            return where + QStringLiteral("unknown event");
        }
    }
    return state == Stopped ? QString() : QStringLiteral("the stream has no message_stop");
}

// The Message the events add up to (as the SDKs' MessageStream accumulates it): text and
// thinking deltas appended, a tool_use block's partial_json parsed at its end, signature and
// stop reason set, usage updated by message_delta.
inline QJsonObject accumulateMessage(const std::vector<AnthropicSseEvent>& events)
{
    QJsonObject message;
    QJsonArray content;
    QString json;
    for (const AnthropicSseEvent& e : events) {
        if (e.event == "message_start") {
            message = e.data.value("message").toObject();
        } else if (e.event == "content_block_start") {
            content.append(e.data.value("content_block").toObject());
            json.clear();
        } else if (e.event == "content_block_delta") {
            const int i = e.data.value("index").toInt();
            QJsonObject block = content.at(i).toObject();
            const QJsonObject delta = e.data.value("delta").toObject();
            const QString type = delta.value("type").toString();
            if (type == "text_delta")
                block["text"] = block.value("text").toString() + delta.value("text").toString();
            else if (type == "thinking_delta")
                block["thinking"] =
                    block.value("thinking").toString() + delta.value("thinking").toString();
            else if (type == "signature_delta")
                block["signature"] = delta.value("signature");
            else if (type == "input_json_delta")
                json += delta.value("partial_json").toString();
            content.replace(i, block);
        } else if (e.event == "content_block_stop") {
            const int i = e.data.value("index").toInt();
            QJsonObject block = content.at(i).toObject();
            if (block.value("type") == "tool_use" && !json.isEmpty())
                block["input"] = QJsonDocument::fromJson(json.toUtf8()).object();
            content.replace(i, block);
        } else if (e.event == "message_delta") {
            const QJsonObject delta = e.data.value("delta").toObject();
            message["stop_reason"] = delta.value("stop_reason");
            message["stop_sequence"] = delta.value("stop_sequence");
            QJsonObject usage = message.value("usage").toObject();
            const QJsonObject update = e.data.value("usage").toObject();
            for (auto it = update.begin(); it != update.end(); ++it)
                usage[it.key()] = it.value();
            message["usage"] = usage;
        }
    }
    message["content"] = content;
    return message;
}

} // namespace test

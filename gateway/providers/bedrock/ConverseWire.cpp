#include "providers/bedrock/ConverseWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <simdjson.h>

namespace gateway::providers::bedrock {

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

const QJsonObject cachePoint{{"cachePoint", QJsonObject{{"type", "default"}}}};

// Converse's image formats (ImageBlock.format) by media type.
QString imageFormat(const QString& mediaType)
{
    const QString type = mediaType.toLower();
    if (type == QLatin1String("image/png"))
        return QStringLiteral("png");
    if (type == QLatin1String("image/jpeg") || type == QLatin1String("image/jpg"))
        return QStringLiteral("jpeg");
    if (type == QLatin1String("image/gif"))
        return QStringLiteral("gif");
    if (type == QLatin1String("image/webp"))
        return QStringLiteral("webp");
    return {};
}

// An image block from base64 data; false with *problem for what Bedrock cannot take.
bool imageBlock(const api::ContentPart& part, QJsonObject* block, QString* problem)
{
    QString mediaType = part.mediaType;
    QByteArray data = part.data;
    if (part.kind == api::ContentPart::Kind::ImageUrl) {
        // data:<media type>;base64,<data> carries the bytes; any other URL would have to be
        // fetched, which the gateway does not do.
        const QString& url = part.url;
        const qsizetype comma = url.indexOf(QLatin1Char(','));
        if (!url.startsWith(QLatin1String("data:")) || comma < 0 ||
            !url.left(comma).endsWith(QLatin1String(";base64"))) {
            *problem = QStringLiteral("a bedrock backend takes images as base64 data only (a "
                                      "data: URL), not by URL: the gateway does not fetch URLs");
            return false;
        }
        mediaType = url.mid(5, comma - 5 - 7);
        data = url.mid(comma + 1).toLatin1();
    }
    const QString format = imageFormat(mediaType);
    if (format.isEmpty()) {
        *problem = QStringLiteral("a bedrock backend takes png, jpeg, gif and webp images, not "
                                  "\"%1\"")
                       .arg(mediaType);
        return false;
    }
    *block = QJsonObject{
        {"image", QJsonObject{{"format", format},
                              {"source", QJsonObject{{"bytes", QString::fromLatin1(data)}}}}}};
    return true;
}

bool toolUseBlock(const api::ToolCall& call, QJsonObject* block, QString* problem)
{
    QJsonObject input;
    if (!call.arguments.trimmed().isEmpty()) {
        const QJsonDocument doc = QJsonDocument::fromJson(call.arguments.toUtf8());
        if (!doc.isObject()) {
            *problem = QStringLiteral("the arguments of tool call \"%1\" are not a JSON object, "
                                      "which a bedrock backend needs")
                           .arg(call.id);
            return false;
        }
        input = doc.object();
    }
    *block = QJsonObject{
        {"toolUse", QJsonObject{{"toolUseId", call.id}, {"name", call.name}, {"input", input}}}};
    return true;
}

// The content blocks of one canonical message (Converse ContentBlock).
bool contentBlocks(const api::Message& m, QJsonArray* out, QString* problem)
{
    if (m.role == api::Role::Tool) {
        QJsonObject result{{"toolUseId", m.toolCallId},
                           {"content", QJsonArray{QJsonObject{{"text", m.text()}}}}};
        if (m.toolError)
            result.insert("status", "error");
        out->append(QJsonObject{{"toolResult", result}});
        return true;
    }
    if (!m.reasoning.isEmpty()) {
        QJsonObject reasoning{{"text", m.reasoning}};
        if (!m.reasoningSignature.isEmpty())
            reasoning.insert("signature", QString::fromLatin1(m.reasoningSignature));
        out->append(QJsonObject{{"reasoningContent", QJsonObject{{"reasoningText", reasoning}}}});
    }
    for (const api::ContentPart& p : m.parts) {
        if (p.kind == api::ContentPart::Kind::Text) {
            if (p.text.isEmpty())
                continue; // Converse refuses empty text blocks
            out->append(QJsonObject{{"text", p.text}});
        } else {
            QJsonObject image;
            if (!imageBlock(p, &image, problem))
                return false;
            out->append(image);
        }
        if (!p.cacheControl.isEmpty())
            out->append(cachePoint);
    }
    for (const api::ToolCall& call : m.toolCalls) {
        QJsonObject block;
        if (!toolUseBlock(call, &block, problem))
            return false;
        out->append(block);
    }
    return true;
}

qint64 thinkingBudget(const api::CanonicalRequest& r)
{
    if (r.thinkingBudget > 0)
        return r.thinkingBudget;
    if (r.reasoningEffort == QLatin1String("low"))
        return 1024; // Claude's smallest budget
    if (r.reasoningEffort == QLatin1String("medium"))
        return 4096;
    if (r.reasoningEffort == QLatin1String("high"))
        return 16384;
    return 0;
}

QJsonValue toolChoice(const QJsonValue& choice)
{
    if (choice.isString()) {
        if (choice.toString() == QLatin1String("auto"))
            return QJsonObject{{"auto", QJsonObject()}};
        if (choice.toString() == QLatin1String("required"))
            return QJsonObject{{"any", QJsonObject()}};
        return QJsonValue::Undefined;
    }
    const QString name = choice.toObject().value("function").toObject().value("name").toString();
    if (!name.isEmpty())
        return QJsonObject{{"tool", QJsonObject{{"name", name}}}};
    return QJsonValue::Undefined;
}

api::Usage usageOf(dom::element usage)
{
    api::Usage u;
    int64_t n = 0;
    const auto read = [&](const char* key) -> qint64 {
        return usage[key].get_int64().get(n) ? 0 : qint64(std::max<int64_t>(0, n));
    };
    if (usage["inputTokens"].get_int64().get(n))
        return u; // not reported
    u.cacheReadTokens = read("cacheReadInputTokens");
    u.cacheWriteTokens = read("cacheWriteInputTokens");
    u.promptTokens = read("inputTokens") + u.cacheReadTokens + u.cacheWriteTokens;
    u.completionTokens = read("outputTokens");
    return u;
}

} // namespace

bool converseBody(const api::CanonicalRequest& r, QByteArray* body, QString* problem)
{
    if (r.endpoint != api::Endpoint::ChatCompletions) {
        *problem = QStringLiteral("a bedrock backend serves chat completions only");
        return false;
    }
    if (r.n != 1) {
        *problem = QStringLiteral("a bedrock backend answers with one choice: n must be 1");
        return false;
    }
    QJsonObject root;
    if (!r.system.isEmpty()) {
        QJsonArray system{QJsonObject{{"text", r.system}}};
        if (!r.systemCacheControl.isEmpty())
            system.append(cachePoint);
        root.insert("system", system);
    }

    // Converse wants user and assistant turns; tool results are user content, and turns of the
    // same role in a row are one message.
    QJsonArray messages;
    QString lastRole;
    QJsonArray content;
    bool toolBlocks = false;
    const auto flush = [&] {
        if (!content.isEmpty())
            messages.append(QJsonObject{{"role", lastRole}, {"content", content}});
        content = QJsonArray();
    };
    for (const api::Message& m : r.messages) {
        const QString role =
            m.role == api::Role::Assistant ? QStringLiteral("assistant") : QStringLiteral("user");
        toolBlocks = toolBlocks || m.role == api::Role::Tool || !m.toolCalls.isEmpty();
        if (role != lastRole) {
            flush();
            lastRole = role;
        }
        if (!contentBlocks(m, &content, problem))
            return false;
    }
    flush();
    root.insert("messages", messages);

    QJsonObject inference;
    if (r.maxTokens)
        inference.insert("maxTokens", *r.maxTokens);
    if (r.temperature)
        inference.insert("temperature", *r.temperature);
    if (r.topP)
        inference.insert("topP", *r.topP);
    if (!r.stop.isEmpty())
        inference.insert("stopSequences", QJsonArray::fromStringList(r.stop));
    if (!inference.isEmpty())
        root.insert("inferenceConfig", inference);

    const bool noTools =
        r.toolChoice.isString() && r.toolChoice.toString() == QLatin1String("none");
    if (!r.tools.isEmpty() && (!noTools || toolBlocks)) {
        QJsonArray tools;
        for (const api::Tool& t : r.tools) {
            QJsonObject spec{{"name", t.name}};
            if (!t.description.isEmpty())
                spec.insert("description", t.description);
            spec.insert("inputSchema",
                        QJsonObject{{"json", t.parameters.isEmpty()
                                                 ? QJsonObject{{"type", "object"},
                                                               {"properties", QJsonObject()}}
                                                 : t.parameters}});
            tools.append(QJsonObject{{"toolSpec", spec}});
            if (!t.cacheControl.isEmpty())
                tools.append(cachePoint);
        }
        QJsonObject config{{"tools", tools}};
        const QJsonValue choice = toolChoice(r.toolChoice);
        if (!choice.isUndefined())
            config.insert("toolChoice", choice);
        root.insert("toolConfig", config);
    }

    if (const qint64 budget = thinkingBudget(r))
        root.insert(
            "additionalModelRequestFields",
            QJsonObject{{"thinking", QJsonObject{{"type", "enabled"}, {"budget_tokens", budget}}}});
    *body = QJsonDocument(root).toJson(QJsonDocument::Compact);
    return true;
}

QByteArray finishReason(QByteArrayView stopReason)
{
    if (stopReason == "max_tokens" || stopReason == "model_context_window_exceeded")
        return "length";
    if (stopReason == "tool_use")
        return "tool_calls";
    if (stopReason == "guardrail_intervened" || stopReason == "content_filtered")
        return "content_filter";
    return "stop";
}

int exceptionStatus(QByteArrayView type)
{
    // ConverseStream's errors ("Errors" in its API reference), by the status each stands for.
    // modelStreamErrorException is documented as 424; to the gateway's client it is the
    // upstream failing mid-answer: a 502.
    if (type == "throttlingException")
        return 429;
    if (type == "validationException")
        return 400;
    if (type == "accessDeniedException")
        return 403;
    if (type == "resourceNotFoundException")
        return 404;
    if (type == "modelTimeoutException")
        return 504;
    if (type == "serviceUnavailableException")
        return 503;
    if (type == "internalServerException")
        return 500;
    return 502;
}

int ConverseDecoder::toolIndexFor(int contentBlockIndex) const
{
    const auto it = m_toolIndex.find(contentBlockIndex);
    return it == m_toolIndex.end() ? -1 : it->second;
}

bool ConverseDecoder::feed(QByteArrayView bytes, std::vector<ResponseEvent>& out, QString* error)
{
    if (m_ended)
        return true; // the answer ended with an exception; nothing after it counts
    m_messages.clear();
    if (!m_frames.feed(bytes, m_messages, error))
        return false;
    for (const EventStreamMessage& message : m_messages) {
        if (!decodeEvent(message, out, error))
            return false;
        if (m_ended)
            break;
    }
    return true;
}

bool ConverseDecoder::decodeEvent(const EventStreamMessage& message,
                                  std::vector<ResponseEvent>& out, QString* error)
{
    if (message.messageType == "error") {
        // A service error in the stream's own framing: :error-code and :error-message headers.
        ResponseEvent e = ResponseEvent::error(
            500,
            message.errorCode.isEmpty() ? QByteArray("upstream_stream_error") : message.errorCode,
            message.errorMessage);
        e.body = message.errorMessage;
        out.push_back(std::move(e));
        m_ended = true;
        return true;
    }
    dom::element root;
    if (parser().parse(message.payload.constData(), size_t(message.payload.size())).get(root) ||
        !root.is_object()) {
        *error =
            QStringLiteral("a ConverseStream %1 event's payload is not a JSON object")
                .arg(QString::fromLatin1(message.messageType == "exception" ? message.exceptionType
                                                                            : message.eventType));
        return false;
    }
    if (message.messageType == "exception") {
        std::string_view text;
        if (root["message"].get_string().get(text) && root["Message"].get_string().get(text))
            text = "the backend reported an error in the stream";
        ResponseEvent e = ResponseEvent::error(exceptionStatus(message.exceptionType),
                                               message.exceptionType, bytes(text));
        e.body = message.payload;
        e.contentType = "application/json";
        out.push_back(std::move(e));
        m_ended = true;
        return true;
    }

    const QByteArray& type = message.eventType;
    int64_t blockIndex = 0;
    if (root["contentBlockIndex"].get_int64().get(blockIndex))
        blockIndex = 0;
    const int block = int(std::clamp<int64_t>(blockIndex, 0, 1 << 20));
    std::string_view s;
    if (type == "contentBlockStart") {
        dom::element toolUse;
        if (root["start"]["toolUse"].get(toolUse))
            return true;
        const int toolIndex = int(m_toolIndex.size());
        m_toolIndex[block] = toolIndex;
        QString id, name;
        if (!toolUse["toolUseId"].get_string().get(s))
            id = text(s);
        if (!toolUse["name"].get_string().get(s))
            name = text(s);
        out.push_back(ResponseEvent::toolCallDelta(toolIndex, id, name, QString()));
    } else if (type == "contentBlockDelta") {
        dom::element delta;
        if (root["delta"].get(delta))
            return true;
        dom::element part;
        if (!delta["text"].get_string().get(s)) {
            if (!s.empty())
                out.push_back(ResponseEvent::textDelta(text(s)));
        } else if (!delta["toolUse"].get(part)) {
            int toolIndex = toolIndexFor(block);
            if (toolIndex < 0) { // a delta without its start: numbered all the same
                toolIndex = int(m_toolIndex.size());
                m_toolIndex[block] = toolIndex;
            }
            if (!part["input"].get_string().get(s) && !s.empty())
                out.push_back(ResponseEvent::toolCallDelta(toolIndex, {}, {}, text(s)));
        } else if (!delta["reasoningContent"].get(part)) {
            if (!part["text"].get_string().get(s) && !s.empty()) {
                out.push_back(ResponseEvent::reasoningDelta(text(s)));
            } else if (!part["signature"].get_string().get(s) && !s.empty()) {
                ResponseEvent e = ResponseEvent::reasoningDelta(QString());
                e.signature = bytes(s);
                out.push_back(std::move(e));
            }
        }
    } else if (type == "messageStop") {
        m_stopped = true;
        if (root["stopReason"].get_string().get(s))
            s = "end_turn";
        out.push_back(ResponseEvent::finish(finishReason(s)));
    } else if (type == "metadata") {
        dom::element usage;
        if (!root["usage"].get(usage) && usage.is_object()) {
            const api::Usage u = usageOf(usage);
            if (u.known())
                out.push_back(ResponseEvent::usageEvent(u));
        }
    }
    // messageStart and contentBlockStop carry nothing a client needs; unknown events are
    // skipped so that a newer Bedrock does not break older gateways.
    return true;
}

bool ConverseDecoder::finish(std::vector<ResponseEvent>&, QString* error)
{
    if (m_ended)
        return true;
    if (!m_frames.finish(error))
        return false;
    if (!m_stopped) {
        *error = QStringLiteral("the ConverseStream answer ended before its messageStop event");
        return false;
    }
    return true;
}

bool ConverseDecoder::decodeWhole(QByteArrayView body, std::vector<ResponseEvent>& out,
                                  QString* error)
{
    dom::element root;
    dom::array content;
    if (parser().parse(body.data(), size_t(body.size())).get(root) || !root.is_object() ||
        root["output"]["message"]["content"].get_array().get(content)) {
        *error = QStringLiteral("the backend's answer is not a Converse answer (no "
                                "output.message.content)");
        return false;
    }
    int toolIndex = 0;
    std::string_view s;
    for (dom::element block : content) {
        dom::element part;
        if (!block["text"].get_string().get(s)) {
            out.push_back(ResponseEvent::textDelta(text(s)));
        } else if (!block["toolUse"].get(part)) {
            QString id, name;
            if (!part["toolUseId"].get_string().get(s))
                id = text(s);
            if (!part["name"].get_string().get(s))
                name = text(s);
            dom::element input;
            const QString arguments =
                part["input"].get(input) ? QStringLiteral("{}") : text(simdjson::minify(input));
            out.push_back(ResponseEvent::toolCallDelta(toolIndex++, id, name, arguments));
        } else if (!block["reasoningContent"]["reasoningText"].get(part)) {
            ResponseEvent e = ResponseEvent::reasoningDelta(
                part["text"].get_string().get(s) ? QString() : text(s));
            if (!part["signature"].get_string().get(s))
                e.signature = bytes(s);
            out.push_back(std::move(e));
        }
    }
    if (root["stopReason"].get_string().get(s))
        s = "end_turn";
    out.push_back(ResponseEvent::finish(finishReason(s)));
    dom::element usage;
    if (!root["usage"].get(usage) && usage.is_object()) {
        const api::Usage u = usageOf(usage);
        if (u.known())
            out.push_back(ResponseEvent::usageEvent(u));
    }
    return true;
}

QByteArray ConverseDecoder::errorMessage(int, QByteArrayView body) const
{
    dom::element root;
    std::string_view message;
    if (parser().parse(body.data(), size_t(body.size())).get(root) || !root.is_object())
        return {};
    if (!root["message"].get_string().get(message) || !root["Message"].get_string().get(message))
        return bytes(message);
    return {};
}

} // namespace gateway::providers::bedrock

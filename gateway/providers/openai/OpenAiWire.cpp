#include "providers/openai/OpenAiWire.h"

#include "api/openai/OpenAiUsage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <simdjson.h>

#include <algorithm>
#include <bit>

namespace gateway::providers::openai {

namespace {

using api::ResponseEvent;
namespace dom = simdjson::dom;

// An optional integer member, bounded: absent or of another type gives fallback.
int boundedInt(dom::element object, const char* key, int fallback, int max)
{
    int64_t n = 0;
    if (object[key].get_int64().get(n))
        return fallback;
    return int(std::clamp<int64_t>(n, 0, max));
}

dom::parser& parser()
{
    thread_local dom::parser p;
    return p;
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QJsonValue contentJson(const api::Message& m)
{
    bool onlyText = true;
    for (const api::ContentPart& p : m.parts)
        onlyText = onlyText && p.kind == api::ContentPart::Kind::Text;
    if (onlyText)
        return m.text();
    QJsonArray parts;
    for (const api::ContentPart& p : m.parts) {
        if (p.kind == api::ContentPart::Kind::Text) {
            parts.append(QJsonObject{{"type", "text"}, {"text", p.text}});
            continue;
        }
        const QString url =
            p.kind == api::ContentPart::Kind::ImageUrl
                ? p.url
                : QStringLiteral("data:%1;base64,%2").arg(p.mediaType, QString::fromLatin1(p.data));
        QJsonObject image{{"url", url}};
        if (!p.detail.isEmpty())
            image.insert("detail", p.detail);
        parts.append(QJsonObject{{"type", "image_url"}, {"image_url", image}});
    }
    return parts;
}

const char* roleName(api::Role role)
{
    switch (role) {
    case api::Role::System: return "system";
    case api::Role::User: return "user";
    case api::Role::Assistant: return "assistant";
    case api::Role::Tool: return "tool";
    }
    return "user";
}

// The events of one choice object: a chunk's delta or a whole answer's message.
void decodeChoice(api::Endpoint endpoint, dom::element choice, bool whole,
                  std::vector<ResponseEvent>& out)
{
    const int i = boundedInt(choice, "index", 0, 127);
    std::string_view s;
    if (endpoint == api::Endpoint::Completions) {
        if (!choice["text"].get_string().get(s) && !s.empty())
            out.push_back(ResponseEvent::textDelta(text(s), i));
    } else {
        dom::element body;
        if (choice[whole ? "message" : "delta"].get(body))
            return;
        for (const char* key : {"reasoning_content", "reasoning"}) {
            if (!body[key].get_string().get(s) && !s.empty()) {
                ResponseEvent e = ResponseEvent::textDelta(text(s), i);
                e.type = ResponseEvent::Type::ReasoningDelta;
                out.push_back(std::move(e));
                break;
            }
        }
        if (!body["content"].get_string().get(s) && !s.empty())
            out.push_back(ResponseEvent::textDelta(text(s), i));
        dom::array calls;
        if (!body["tool_calls"].get_array().get(calls)) {
            int position = 0;
            for (dom::element call : calls) {
                ResponseEvent e;
                e.type = ResponseEvent::Type::ToolCallDelta;
                e.index = i;
                e.toolIndex = boundedInt(call, "index", position++, 127);
                if (!call["id"].get_string().get(s))
                    e.id = text(s);
                if (!call["function"]["name"].get_string().get(s))
                    e.name = text(s);
                if (!call["function"]["arguments"].get_string().get(s))
                    e.text = text(s);
                out.push_back(std::move(e));
            }
        }
    }
    if (!choice["finish_reason"].get_string().get(s))
        out.push_back(ResponseEvent::finish(QByteArray(s.data(), qsizetype(s.size())), i));
}

void decodeEmbeddings(dom::element root, std::vector<ResponseEvent>& out)
{
    dom::array data;
    if (root["data"].get_array().get(data))
        return;
    int position = 0;
    for (dom::element item : data) {
        ResponseEvent e;
        e.type = ResponseEvent::Type::Embedding;
        e.index = boundedInt(item, "index", position++, 1'000'000);
        dom::array values;
        std::string_view base64;
        if (!item["embedding"].get_array().get(values)) {
            for (dom::element v : values) {
                double d = 0;
                if (!v.get_double().get(d))
                    e.embedding.push_back(float(d));
            }
        } else if (!item["embedding"].get_string().get(base64)) {
            const QByteArray bytes = QByteArray::fromBase64(
                QByteArray::fromRawData(base64.data(), qsizetype(base64.size())));
            for (qsizetype at = 0; at + 4 <= bytes.size(); at += 4)
                e.embedding.push_back(
                    std::bit_cast<float>(qFromLittleEndian<quint32>(bytes.constData() + at)));
        }
        out.push_back(std::move(e));
    }
}

} // namespace

QByteArray requestBody(const api::CanonicalRequest& r, const QString& model)
{
    QJsonObject root{{"model", model}};
    if (r.endpoint == api::Endpoint::Embeddings) {
        root.insert("input", QJsonArray::fromStringList(r.inputs));
        return QJsonDocument(root).toJson(QJsonDocument::Compact);
    }
    if (r.endpoint == api::Endpoint::Completions) {
        root.insert("prompt", r.prompts.size() == 1
                                  ? QJsonValue(r.prompts.first())
                                  : QJsonValue(QJsonArray::fromStringList(r.prompts)));
    } else {
        QJsonArray messages;
        if (!r.system.isEmpty())
            messages.append(QJsonObject{{"role", "system"}, {"content", r.system}});
        // OpenAI's tool messages carry text only, and must follow the assistant's calls with
        // nothing between them. The images of tool results (Anthropic's tool_result blocks may
        // hold some) go in one user message after the run of tool messages.
        api::Message toolImages;
        auto flushToolImages = [&messages, &toolImages] {
            if (toolImages.parts.isEmpty())
                return;
            messages.append(QJsonObject{{"role", "user"}, {"content", contentJson(toolImages)}});
            toolImages.parts.clear();
        };
        for (const api::Message& m : r.messages) {
            if (m.role != api::Role::Tool)
                flushToolImages();
            QJsonObject o{{"role", roleName(m.role)}, {"content", contentJson(m)}};
            if (m.role == api::Role::Tool) {
                o.insert("content", m.text());
                for (const api::ContentPart& p : m.parts)
                    if (p.kind != api::ContentPart::Kind::Text)
                        toolImages.parts << p;
            }
            if (!m.name.isEmpty())
                o.insert("name", m.name);
            if (!m.toolCallId.isEmpty())
                o.insert("tool_call_id", m.toolCallId);
            if (!m.toolCalls.isEmpty()) {
                QJsonArray calls;
                for (const api::ToolCall& c : m.toolCalls)
                    calls.append(QJsonObject{
                        {"id", c.id},
                        {"type", "function"},
                        {"function", QJsonObject{{"name", c.name}, {"arguments", c.arguments}}}});
                o.insert("tool_calls", calls);
                if (m.text().isEmpty())
                    o.insert("content", QJsonValue::Null);
            }
            messages.append(o);
        }
        flushToolImages();
        root.insert("messages", messages);
        QJsonArray tools;
        for (const api::Tool& t : r.tools)
            tools.append(QJsonObject{{"type", "function"},
                                     {"function", QJsonObject{{"name", t.name},
                                                              {"description", t.description},
                                                              {"parameters", t.parameters}}}});
        if (!tools.isEmpty()) {
            root.insert("tools", tools);
            // Only with tools: OpenAI refuses parallel_tool_calls in a request without any.
            if (r.parallelToolCalls)
                root.insert("parallel_tool_calls", *r.parallelToolCalls);
        }
        if (!r.reasoningEffort.isEmpty())
            root.insert("reasoning_effort", r.reasoningEffort);
        if (!r.toolChoice.isUndefined())
            root.insert("tool_choice", r.toolChoice);
        if (!r.responseFormat.isUndefined())
            root.insert("response_format", r.responseFormat);
    }
    if (r.temperature)
        root.insert("temperature", *r.temperature);
    if (r.topP)
        root.insert("top_p", *r.topP);
    if (r.maxTokens)
        root.insert("max_tokens", *r.maxTokens);
    if (r.seed)
        root.insert("seed", *r.seed);
    if (r.n != 1)
        root.insert("n", r.n);
    if (!r.stop.isEmpty())
        root.insert("stop", QJsonArray::fromStringList(r.stop));
    if (!r.user.isEmpty())
        root.insert("user", r.user);
    if (!r.metadata.isEmpty())
        root.insert("metadata", r.metadata);
    if (r.stream) {
        root.insert("stream", true);
        // Usage is always asked for, so every stream can be counted.
        root.insert("stream_options", QJsonObject{{"include_usage", true}});
    }
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

bool decodeChunk(api::Endpoint endpoint, QByteArrayView payload, std::vector<ResponseEvent>& out)
{
    dom::element root;
    if (parser().parse(payload.data(), size_t(payload.size())).get(root) || !root.is_object())
        return false;
    // An error in the middle of a stream (OpenAI sends {"error": {...}} as a data: event).
    dom::element error;
    if (!root["error"].get(error)) {
        std::string_view message;
        if (error["message"].get_string().get(message))
            message = "the backend reported an error in the stream";
        out.push_back(ResponseEvent::error(0, "upstream_stream_error",
                                           QByteArray(message.data(), qsizetype(message.size()))));
        return true;
    }
    dom::array choices;
    if (!root["choices"].get_array().get(choices))
        for (dom::element choice : choices)
            decodeChoice(endpoint, choice, false, out);
    dom::element usage;
    if (!root["usage"].get(usage) && usage.is_object())
        out.push_back(ResponseEvent::usageEvent(api::openAiUsage(usage)));
    return true;
}

bool decodeAnswer(api::Endpoint endpoint, QByteArrayView body, std::vector<ResponseEvent>& out)
{
    dom::element root;
    if (parser().parse(body.data(), size_t(body.size())).get(root) || !root.is_object())
        return false;
    std::string_view model;
    if (root["model"].get_string().get(model))
        model = {};
    out.push_back(ResponseEvent::start(text(model), false));
    if (endpoint == api::Endpoint::Embeddings) {
        decodeEmbeddings(root, out);
    } else {
        dom::array choices;
        if (!root["choices"].get_array().get(choices))
            for (dom::element choice : choices)
                decodeChoice(endpoint, choice, true, out);
    }
    dom::element usage;
    if (!root["usage"].get(usage) && usage.is_object())
        out.push_back(ResponseEvent::usageEvent(api::openAiUsage(usage)));
    out.push_back(ResponseEvent::end());
    return true;
}

bool isErrorObject(QByteArrayView body)
{
    dom::element root;
    dom::element error;
    return !parser().parse(body.data(), size_t(body.size())).get(root) && !root["error"].get(error);
}

QByteArray errorMessage(QByteArrayView body)
{
    dom::element root;
    std::string_view message;
    if (body.isEmpty() || parser().parse(body.data(), size_t(body.size())).get(root))
        return QByteArray();
    // {"error": {"message": ...}}, or {"error": "..."} as some OpenAI-compatible servers send.
    if (root["error"]["message"].get_string().get(message) &&
        root["error"].get_string().get(message))
        return QByteArray();
    return QByteArray(message.data(), qsizetype(message.size()));
}

} // namespace gateway::providers::openai

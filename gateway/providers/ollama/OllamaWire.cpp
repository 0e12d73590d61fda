#include "providers/ollama/OllamaWire.h"

#include "providers/CanonicalParts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <simdjson.h>

#include <algorithm>

namespace gateway::providers::ollama {

namespace {

using api::ResponseEvent;
namespace dom = simdjson::dom;

// A message's text and images: Ollama takes images as base64 only, beside the text, and
// cannot fetch a URL.
bool appendContent(const api::Message& m, QJsonObject& message, QString* error)
{
    QJsonArray images;
    for (const api::ContentPart& p : m.parts) {
        if (p.kind == api::ContentPart::Kind::ImageData) {
            images.append(QString::fromLatin1(p.data));
        } else if (p.kind == api::ContentPart::Kind::ImageUrl) {
            QString mediaType;
            QByteArray base64;
            if (!api::splitDataUrl(p.url, &mediaType, &base64)) {
                *error = QStringLiteral("Ollama cannot take the image URL \"%1\": it takes "
                                        "images as base64 data only (send a data: URL)")
                             .arg(p.url.left(200));
                return false;
            }
            images.append(QString::fromLatin1(base64));
        }
    }
    message.insert(QStringLiteral("content"), m.text());
    if (!images.isEmpty())
        message.insert(QStringLiteral("images"), images);
    return true;
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

bool appendMessages(const api::CanonicalRequest& r, QJsonArray& messages, QString* error)
{
    if (!r.system.isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), r.system}});
    ToolCallNames names;
    for (const api::Message& m : r.messages) {
        QJsonObject message{{QStringLiteral("role"), QLatin1String(roleName(m.role))}};
        if (!appendContent(m, message, error))
            return false;
        if (m.role == api::Role::Assistant && !m.reasoning.isEmpty())
            message.insert(QStringLiteral("thinking"), m.reasoning);
        if (m.role == api::Role::Tool) {
            // The function's name tells the model which call a result answers.
            const QString name = names.nameOf(m.toolCallId);
            if (!name.isEmpty())
                message.insert(QStringLiteral("tool_name"), name);
        }
        if (!m.toolCalls.isEmpty()) {
            QJsonArray calls;
            for (const api::ToolCall& call : m.toolCalls) {
                const std::optional<QJsonObject> args = argumentsObject(call.arguments);
                if (!args) {
                    *error = QStringLiteral("the arguments of tool call \"%1\" (%2) are not a "
                                            "JSON object; Ollama takes function arguments only "
                                            "as an object")
                                 .arg(call.id, call.name);
                    return false;
                }
                calls.append(QJsonObject{{QStringLiteral("function"),
                                          QJsonObject{{QStringLiteral("name"), call.name},
                                                      {QStringLiteral("arguments"), *args}}}});
            }
            message.insert(QStringLiteral("tool_calls"), calls);
        }
        names.add(m);
        messages.append(message);
    }
    if (r.endpoint == api::Endpoint::Completions) {
        if (r.prompts.size() != 1) {
            *error = QStringLiteral("Ollama's chat API answers one prompt per request; this "
                                    "completions request has %1")
                         .arg(r.prompts.size());
            return false;
        }
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), r.prompts.first()}});
    }
    return true;
}

// Ollama has no tool_choice: "none" offers no tools, a named function offers only that one,
// and "auto" and "required" offer them all (the model decides).
QJsonArray toolsFor(const api::CanonicalRequest& r)
{
    QJsonArray tools;
    if (r.toolChoice.toString() == QLatin1String("none"))
        return tools;
    const QString only = r.toolChoice.toObject()
                             .value(QLatin1String("function"))
                             .toObject()
                             .value(QLatin1String("name"))
                             .toString();
    for (const api::Tool& t : r.tools) {
        if (!only.isEmpty() && t.name != only)
            continue;
        QJsonObject function{{QStringLiteral("name"), t.name},
                             {QStringLiteral("parameters"), t.parameters}};
        if (!t.description.isEmpty())
            function.insert(QStringLiteral("description"), t.description);
        tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                 {QStringLiteral("function"), function}});
    }
    return tools;
}

dom::parser& parser()
{
    thread_local dom::parser p;
    return p;
}

// Parses bytes into root; false for no bytes (simdjson must not be given a null pointer) and
// for bytes that are not JSON.
bool parse(QByteArrayView bytes, dom::element& root)
{
    return !bytes.isEmpty() && !parser().parse(bytes.data(), size_t(bytes.size())).get(root);
}

QString text(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

} // namespace

RequestBody requestBody(const api::CanonicalRequest& r, const QString& model)
{
    RequestBody result;
    if (r.endpoint == api::Endpoint::Embeddings) {
        result.error = QStringLiteral("the ollama backend type serves chat and completions, not "
                                      "embeddings (Ollama's /v1 route, as an openai-compatible "
                                      "backend, serves them)");
        return result;
    }
    if (r.n != 1) {
        result.error =
            QStringLiteral("Ollama answers one choice per request; this request asks for n=%1")
                .arg(r.n);
        return result;
    }
    QJsonObject root{{QStringLiteral("model"), model}};
    QJsonArray messages;
    if (!appendMessages(r, messages, &result.error))
        return result;
    root.insert(QStringLiteral("messages"), messages);
    // Ollama streams unless told not to.
    root.insert(QStringLiteral("stream"), r.stream);
    const QJsonArray tools = toolsFor(r);
    if (!tools.isEmpty())
        root.insert(QStringLiteral("tools"), tools);
    const QJsonObject format = r.responseFormat.toObject();
    const QString type = format.value(QLatin1String("type")).toString();
    if (type == QLatin1String("json_object")) {
        root.insert(QStringLiteral("format"), QStringLiteral("json"));
    } else if (type == QLatin1String("json_schema")) {
        const QJsonObject schema = format.value(QLatin1String("json_schema"))
                                       .toObject()
                                       .value(QLatin1String("schema"))
                                       .toObject();
        root.insert(QStringLiteral("format"),
                    schema.isEmpty() ? QJsonValue(QStringLiteral("json")) : QJsonValue(schema));
    }
    // Sampling options take the Modelfile's parameter names (docs/modelfile.md, "Valid
    // parameters and values").
    QJsonObject options;
    if (r.temperature)
        options.insert(QStringLiteral("temperature"), *r.temperature);
    if (r.topP)
        options.insert(QStringLiteral("top_p"), *r.topP);
    if (r.topK)
        options.insert(QStringLiteral("top_k"), double(*r.topK));
    if (r.maxTokens)
        options.insert(QStringLiteral("num_predict"), double(*r.maxTokens));
    if (!r.stop.isEmpty())
        options.insert(QStringLiteral("stop"), QJsonArray::fromStringList(r.stop));
    if (r.seed)
        options.insert(QStringLiteral("seed"), double(*r.seed));
    if (!options.isEmpty())
        root.insert(QStringLiteral("options"), options);
    // think: true or false, or a level ("low", "medium", "high") for the models that take one
    // (gpt-oss); other thinking models read a level as true.
    const QString effort = r.reasoningEffort;
    if (effort == QLatin1String("low") || effort == QLatin1String("medium") ||
        effort == QLatin1String("high"))
        root.insert(QStringLiteral("think"), effort);
    else if (effort == QLatin1String("none"))
        root.insert(QStringLiteral("think"), false);
    else if (r.thinkingBudget > 0 || !effort.isEmpty())
        root.insert(QStringLiteral("think"), true);
    result.body = QJsonDocument(root).toJson(QJsonDocument::Compact);
    return result;
}

OllamaDecoder::OllamaDecoder(QString idPrefix) : m_idPrefix(std::move(idPrefix)) {}

bool OllamaDecoder::decodeObject(QByteArrayView json, std::vector<ResponseEvent>& out,
                                 QString* error)
{
    dom::element root;
    if (!parse(json, root) || !root.is_object()) {
        *error = QStringLiteral("Ollama sent a line that is not a JSON object: %1")
                     .arg(QString::fromUtf8(
                         json.first(qMin<qsizetype>(json.size(), 120)).toByteArray()));
        return false;
    }
    std::string_view s;
    if (!root["error"].get_string().get(s)) {
        if (s.empty())
            s = "Ollama reported an error in the stream";
        out.push_back(ResponseEvent::error(0, "upstream_stream_error",
                                           QByteArray(s.data(), qsizetype(s.size()))));
        m_failed = true;
        return true;
    }
    if (m_done) {
        *error = QStringLiteral("Ollama sent more after its final object (done: true)");
        return false;
    }
    dom::element message;
    if (!root["message"].get(message) && message.is_object()) {
        if (!message["thinking"].get_string().get(s) && !s.empty())
            out.push_back(ResponseEvent::reasoningDelta(text(s)));
        if (!message["content"].get_string().get(s) && !s.empty())
            out.push_back(ResponseEvent::textDelta(text(s)));
        dom::array calls;
        if (!message["tool_calls"].get_array().get(calls)) {
            for (dom::element call : calls) {
                dom::element function;
                if (call["function"].get(function) || !function.is_object())
                    continue;
                std::string_view id;
                if (call["id"].get_string().get(id))
                    id = {};
                const QString callId =
                    !id.empty() ? text(id)
                    : m_idPrefix.isEmpty()
                        ? QStringLiteral("call_%1").arg(m_toolCalls)
                        : QStringLiteral("call_%1_%2").arg(m_idPrefix).arg(m_toolCalls);
                std::string_view name;
                if (function["name"].get_string().get(name))
                    name = {};
                // Arguments come as an object; a server that sends them as JSON text is read
                // too.
                dom::element args;
                QString arguments = QStringLiteral("{}");
                if (!function["arguments"].get(args)) {
                    if (args.is_object())
                        arguments = text(simdjson::minify(args));
                    else if (!args.get_string().get(s))
                        arguments = text(s);
                }
                out.push_back(
                    ResponseEvent::toolCallDelta(m_toolCalls++, callId, text(name), arguments));
            }
        }
    }
    bool done = false;
    if (root["done"].get_bool().get(done) || !done)
        return true;
    m_done = true;
    int64_t prompt = -1;
    int64_t eval = -1;
    if (root["prompt_eval_count"].get_int64().get(prompt))
        prompt = -1;
    if (root["eval_count"].get_int64().get(eval))
        eval = -1;
    if (prompt >= 0 || eval >= 0) {
        // Ollama leaves prompt_eval_count out when the whole prompt came from its cache.
        api::Usage usage;
        usage.promptTokens = std::max<int64_t>(0, prompt);
        usage.completionTokens = std::max<int64_t>(0, eval);
        out.push_back(ResponseEvent::usageEvent(usage));
    }
    if (root["done_reason"].get_string().get(s))
        s = {};
    out.push_back(ResponseEvent::finish(s == "length"     ? "length"
                                        : m_toolCalls > 0 ? "tool_calls"
                                                          : "stop"));
    return true;
}

bool OllamaDecoder::decodeLines(std::vector<ResponseEvent>& out, QString* error)
{
    for (const QByteArray& line : m_pending) {
        if (m_failed)
            break;
        if (!decodeObject(QByteArrayView(line), out, error)) {
            m_pending.clear();
            return false;
        }
    }
    m_pending.clear();
    return true;
}

bool OllamaDecoder::feed(QByteArrayView bytes, std::vector<ResponseEvent>& out, QString* error)
{
    if (m_failed)
        return true;
    if (!m_lines.feed(bytes.data(), size_t(bytes.size()), m_pending)) {
        *error = QStringLiteral("an Ollama stream line is larger than 4 MiB");
        return false;
    }
    return decodeLines(out, error);
}

bool OllamaDecoder::finish(std::vector<ResponseEvent>& out, QString* error)
{
    if (m_failed)
        return true;
    m_lines.finish(m_pending);
    if (!decodeLines(out, error))
        return false;
    if (!m_done && !m_failed) {
        *error = QStringLiteral("the Ollama stream ended before its final object (done: true)");
        return false;
    }
    return true;
}

bool OllamaDecoder::decodeWhole(QByteArrayView body, std::vector<ResponseEvent>& out,
                                QString* error)
{
    if (!decodeObject(body, out, error))
        return false;
    if (!m_done && !m_failed) {
        *error = QStringLiteral("Ollama's answer is not complete (no done: true)");
        return false;
    }
    return true;
}

QByteArray OllamaDecoder::errorMessage(int, QByteArrayView body) const
{
    // Ollama's errors ("Errors"): {"error": "the message"}.
    dom::element root;
    std::string_view s;
    if (!parse(body, root) || root["error"].get_string().get(s))
        return QByteArray();
    return QByteArray(s.data(), qsizetype(s.size()));
}

} // namespace gateway::providers::ollama

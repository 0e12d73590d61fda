// OpenAI request body -> canonical request (OpenAI API reference, "Create chat completion",
// "Create completion", "Create embeddings"). Off the hot path: only built when a provider of
// another wire format or a stage asks for it, so Qt's JSON DOM is used.

#include "api/openai/OpenAiDialect.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace gateway::api {

namespace {

Role roleFrom(const QString& role)
{
    if (role == QLatin1String("system") || role == QLatin1String("developer"))
        return Role::System;
    if (role == QLatin1String("assistant"))
        return Role::Assistant;
    if (role == QLatin1String("tool") || role == QLatin1String("function"))
        return Role::Tool;
    return Role::User;
}

QList<ContentPart> partsFrom(const QJsonValue& content)
{
    QList<ContentPart> parts;
    if (content.isString()) {
        ContentPart p;
        p.text = content.toString();
        parts << p;
        return parts;
    }
    for (const QJsonValue& item : content.toArray()) {
        const QJsonObject o = item.toObject();
        const QString type = o.value(QLatin1String("type")).toString();
        ContentPart p;
        if (type == QLatin1String("image_url")) {
            const QJsonValue image = o.value(QLatin1String("image_url"));
            const QString url = image.isString()
                                    ? image.toString()
                                    : image.toObject().value(QLatin1String("url")).toString();
            p.detail = image.toObject().value(QLatin1String("detail")).toString();
            if (splitDataUrl(url, &p.mediaType, &p.data)) {
                p.kind = ContentPart::Kind::ImageData;
            } else {
                p.kind = ContentPart::Kind::ImageUrl;
                p.url = url;
            }
        } else if (o.contains(QLatin1String("text"))) {
            p.text = o.value(QLatin1String("text")).toString();
        } else if (item.isString()) {
            p.text = item.toString();
        } else {
            continue; // audio, files ...: not translated
        }
        parts << p;
    }
    return parts;
}

QStringList textList(const QJsonValue& value)
{
    QStringList out;
    if (value.isString())
        out << value.toString();
    for (const QJsonValue& item : value.toArray())
        if (item.isString())
            out << item.toString();
    return out;
}

} // namespace

CanonicalRequest OpenAiDialect::canonical(const ChatRequest& request) const
{
    CanonicalRequest c;
    c.endpoint = request.endpoint;
    c.model = request.model;
    c.stream = request.stream;
    c.includeUsage = request.includeUsage;
    const QJsonObject root = QJsonDocument::fromJson(request.body).object();

    QStringList system;
    for (const QJsonValue& value : root.value(QLatin1String("messages")).toArray()) {
        const QJsonObject m = value.toObject();
        Message message;
        message.role = roleFrom(m.value(QLatin1String("role")).toString());
        message.parts = partsFrom(m.value(QLatin1String("content")));
        message.name = m.value(QLatin1String("name")).toString();
        message.toolCallId = m.value(QLatin1String("tool_call_id")).toString();
        // What vLLM, DeepSeek and this gateway's own answers call the reasoning text.
        message.reasoning = m.value(QLatin1String("reasoning_content")).toString();
        for (const QJsonValue& call : m.value(QLatin1String("tool_calls")).toArray()) {
            const QJsonObject function =
                call.toObject().value(QLatin1String("function")).toObject();
            message.toolCalls << ToolCall{call.toObject().value(QLatin1String("id")).toString(),
                                          function.value(QLatin1String("name")).toString(),
                                          function.value(QLatin1String("arguments")).toString()};
        }
        if (message.role == Role::System)
            system << message.text();
        else
            c.messages << message;
    }
    c.system = system.join(QLatin1String("\n\n"));
    c.prompts = textList(root.value(QLatin1String("prompt")));
    c.inputs = textList(root.value(QLatin1String("input")));

    for (const QJsonValue& value : root.value(QLatin1String("tools")).toArray()) {
        const QJsonObject function = value.toObject().value(QLatin1String("function")).toObject();
        Tool tool;
        tool.name = function.value(QLatin1String("name")).toString();
        tool.description = function.value(QLatin1String("description")).toString();
        tool.parameters = function.value(QLatin1String("parameters")).toObject();
        c.tools << tool;
    }
    if (root.contains(QLatin1String("tool_choice")))
        c.toolChoice = root.value(QLatin1String("tool_choice"));
    if (root.contains(QLatin1String("response_format")))
        c.responseFormat = root.value(QLatin1String("response_format"));

    c.temperature = jsonNumber(root, "temperature");
    c.topP = jsonNumber(root, "top_p");
    // max_completion_tokens replaced max_tokens for chat; either may come.
    c.maxTokens = jsonInteger(root, "max_completion_tokens");
    if (!c.maxTokens)
        c.maxTokens = jsonInteger(root, "max_tokens");
    c.seed = jsonInteger(root, "seed");
    if (auto n = jsonInteger(root, "n"))
        c.n = int(std::clamp<qint64>(*n, 0, 128));
    c.stop = textList(root.value(QLatin1String("stop")));
    const QJsonValue parallel = root.value(QLatin1String("parallel_tool_calls"));
    if (parallel.isBool())
        c.parallelToolCalls = parallel.toBool();
    c.reasoningEffort = root.value(QLatin1String("reasoning_effort")).toString();
    c.user = root.value(QLatin1String("user")).toString();
    c.metadata = root.value(QLatin1String("metadata")).toObject();
    return c;
}

} // namespace gateway::api

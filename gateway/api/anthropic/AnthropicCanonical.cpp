// Anthropic Messages request body -> canonical request (Anthropic API reference, "Messages",
// "Tool use", "Vision", "Extended thinking", "Prompt caching"). Off the hot path: built only
// when a provider or a stage asks for it, from a body parse() has validated, so Qt's JSON DOM
// is used and shapes are not checked again.

#include "api/anthropic/AnthropicDialect.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gateway::api {

namespace {

QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

// A text or image block as a content part; false for other block types.
bool partFrom(const QJsonObject& block, ContentPart* part)
{
    const QString type = str(block, "type");
    part->cacheControl = block.value(QLatin1String("cache_control")).toObject();
    if (type == QLatin1String("text")) {
        part->kind = ContentPart::Kind::Text;
        part->text = str(block, "text");
        return true;
    }
    if (type != QLatin1String("image"))
        return false;
    const QJsonObject source = block.value(QLatin1String("source")).toObject();
    if (str(source, "type") == QLatin1String("url")) {
        part->kind = ContentPart::Kind::ImageUrl;
        part->url = str(source, "url");
    } else {
        part->kind = ContentPart::Kind::ImageData;
        part->mediaType = str(source, "media_type");
        part->data = str(source, "data").toLatin1();
    }
    return true;
}

// A tool_result block as a Role::Tool message: its content is a string or text/image blocks.
Message toolResult(const QJsonObject& block)
{
    Message m;
    m.role = Role::Tool;
    m.toolCallId = str(block, "tool_use_id");
    m.toolError = block.value(QLatin1String("is_error")).toBool();
    const QJsonValue content = block.value(QLatin1String("content"));
    if (content.isString()) {
        ContentPart p;
        p.text = content.toString();
        m.parts << p;
    }
    for (const QJsonValue& item : content.toArray()) {
        ContentPart p;
        if (partFrom(item.toObject(), &p))
            m.parts << p;
    }
    // The block's own cache marker covers its content: it goes on the last part.
    const QJsonObject marker = block.value(QLatin1String("cache_control")).toObject();
    if (!marker.isEmpty()) {
        if (m.parts.isEmpty())
            m.parts << ContentPart();
        m.parts.last().cacheControl = marker;
    }
    return m;
}

// One Anthropic message as canonical messages: a user message's tool_result blocks become
// Tool messages, ahead of the rest of its content (the API wants them first, and OpenAI wants
// tool messages right after the assistant's calls).
void appendMessage(const QJsonObject& m, QList<Message>& out)
{
    Message message;
    message.role = str(m, "role") == QLatin1String("assistant") ? Role::Assistant : Role::User;
    const QJsonValue content = m.value(QLatin1String("content"));
    if (content.isString()) {
        ContentPart p;
        p.text = content.toString();
        message.parts << p;
        out << message;
        return;
    }
    bool toolResultsOnly = true;
    for (const QJsonValue& item : content.toArray()) {
        const QJsonObject block = item.toObject();
        const QString type = str(block, "type");
        ContentPart part;
        if (type == QLatin1String("tool_result")) {
            out << toolResult(block);
            continue;
        }
        toolResultsOnly = false;
        if (partFrom(block, &part)) {
            message.parts << part;
        } else if (type == QLatin1String("tool_use")) {
            message.toolCalls << ToolCall{
                str(block, "id"), str(block, "name"),
                QString::fromUtf8(QJsonDocument(block.value(QLatin1String("input")).toObject())
                                      .toJson(QJsonDocument::Compact))};
        } else if (type == QLatin1String("thinking")) {
            message.reasoning += str(block, "thinking");
            message.reasoningSignature = str(block, "signature").toUtf8();
        } else if (type == QLatin1String("redacted_thinking")) {
            // Encrypted thinking: no text, only the data the provider wants back. It travels as
            // a signature without reasoning.
            message.reasoningSignature = str(block, "data").toUtf8();
        }
    }
    // A user turn that only answers tool calls adds no empty user message.
    if (!toolResultsOnly || content.toArray().isEmpty())
        out << message;
}

// Anthropic's tool_choice ("Tool use": auto, any, tool, none) in OpenAI's shape, which the
// canonical request uses.
QJsonValue toolChoiceFrom(const QJsonObject& choice)
{
    const QString type = str(choice, "type");
    if (type == QLatin1String("any"))
        return QStringLiteral("required");
    if (type == QLatin1String("none"))
        return QStringLiteral("none");
    if (type == QLatin1String("tool"))
        return QJsonObject{{"type", "function"},
                           {"function", QJsonObject{{"name", str(choice, "name")}}}};
    return QStringLiteral("auto");
}

} // namespace

CanonicalRequest AnthropicDialect::canonical(const ChatRequest& request) const
{
    CanonicalRequest c;
    c.endpoint = request.endpoint;
    c.model = request.model;
    c.stream = request.stream;
    const QJsonObject root = QJsonDocument::fromJson(request.body).object();

    const QJsonValue system = root.value(QLatin1String("system"));
    if (system.isString()) {
        c.system = system.toString();
    } else {
        QStringList texts;
        for (const QJsonValue& item : system.toArray()) {
            const QJsonObject block = item.toObject();
            texts << str(block, "text");
            const QJsonObject marker = block.value(QLatin1String("cache_control")).toObject();
            if (!marker.isEmpty())
                c.systemCacheControl = marker;
        }
        c.system = texts.join(QLatin1String("\n\n"));
    }

    for (const QJsonValue& value : root.value(QLatin1String("messages")).toArray()) {
        const QJsonObject m = value.toObject();
        if (str(m, "role") != QLatin1String("system")) {
            appendMessage(m, c.messages);
            continue;
        }
        // A system message among the turns: its text joins the system prompt (no provider
        // takes system text between turns).
        QList<Message> asMessage;
        appendMessage(m, asMessage);
        for (const Message& part : asMessage)
            if (!part.text().isEmpty())
                c.system += (c.system.isEmpty() ? QString() : QStringLiteral("\n\n")) + part.text();
    }

    for (const QJsonValue& value : root.value(QLatin1String("tools")).toArray()) {
        const QJsonObject t = value.toObject();
        Tool tool;
        tool.name = str(t, "name");
        tool.description = str(t, "description");
        tool.parameters = t.value(QLatin1String("input_schema")).toObject();
        tool.cacheControl = t.value(QLatin1String("cache_control")).toObject();
        c.tools << tool;
    }
    const QJsonObject choice = root.value(QLatin1String("tool_choice")).toObject();
    if (!choice.isEmpty()) {
        c.toolChoice = toolChoiceFrom(choice);
        const QJsonValue single = choice.value(QLatin1String("disable_parallel_tool_use"));
        if (single.isBool())
            c.parallelToolCalls = !single.toBool();
    }

    const QJsonObject thinking = root.value(QLatin1String("thinking")).toObject();
    if (str(thinking, "type") == QLatin1String("enabled"))
        c.thinkingBudget = jsonInteger(thinking, "budget_tokens").value_or(0);

    c.temperature = jsonNumber(root, "temperature");
    c.topP = jsonNumber(root, "top_p");
    c.topK = jsonInteger(root, "top_k");
    c.maxTokens = jsonInteger(root, "max_tokens");
    for (const QJsonValue& s : root.value(QLatin1String("stop_sequences")).toArray())
        c.stop << s.toString();
    // metadata.user_id is Anthropic's end-user id, OpenAI's "user". Nothing else of metadata
    // has a meaning elsewhere (OpenAI's metadata is for stored completions).
    c.user = str(root.value(QLatin1String("metadata")).toObject(), "user_id");
    return c;
}

} // namespace gateway::api

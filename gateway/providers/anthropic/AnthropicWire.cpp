#include "providers/anthropic/AnthropicWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace gateway::providers::anthropic {

namespace {

using api::ContentPart;
using api::Message;
using api::Role;

// "Messages", content blocks: an image from base64 data or from a URL.
QJsonObject imageBlock(const ContentPart& part)
{
    const QJsonObject source = part.kind == ContentPart::Kind::ImageData
                                   ? QJsonObject{{"type", "base64"},
                                                 {"media_type", part.mediaType},
                                                 {"data", QString::fromLatin1(part.data)}}
                                   : QJsonObject{{"type", "url"}, {"url", part.url}};
    return QJsonObject{{"type", "image"}, {"source", source}};
}

// The blocks of a message's parts. Empty text is left out: Anthropic refuses empty text
// blocks ("text content blocks must be non-empty"). A part's cache marker stays on its block
// ("Prompt caching": cache_control on any content block).
QJsonArray contentBlocks(const QList<ContentPart>& parts, bool withCacheControl = true)
{
    QJsonArray blocks;
    for (const ContentPart& part : parts) {
        QJsonObject block;
        if (part.kind == ContentPart::Kind::Text) {
            if (part.text.isEmpty())
                continue;
            block = QJsonObject{{"type", "text"}, {"text", part.text}};
        } else {
            block = imageBlock(part);
        }
        if (withCacheControl && !part.cacheControl.isEmpty())
            block.insert("cache_control", part.cacheControl);
        blocks.append(block);
    }
    return blocks;
}

// "Tool use", tool_use blocks: input is a JSON object. Arguments the model wrote that are not
// one (cut off by max_tokens, say) cannot be sent back as they are; {} keeps the conversation
// valid, and the tool_result that follows says what happened.
QJsonObject toolUseBlock(const api::ToolCall& call)
{
    const QJsonDocument input = QJsonDocument::fromJson(call.arguments.toUtf8());
    return QJsonObject{{"type", "tool_use"},
                       {"id", call.id},
                       {"name", call.name},
                       {"input", input.isObject() ? input.object() : QJsonObject()}};
}

// "Tool use", tool_result blocks: the result's text as a string, or its blocks when it has
// images; is_error when the tool failed. A cache marker on one of its parts goes on the block.
QJsonObject toolResultBlock(const Message& m)
{
    QJsonObject block{{"type", "tool_result"}, {"tool_use_id", m.toolCallId}};
    bool onlyText = true;
    for (const ContentPart& part : m.parts) {
        onlyText = onlyText && part.kind == ContentPart::Kind::Text;
        if (!part.cacheControl.isEmpty())
            block.insert("cache_control", part.cacheControl);
    }
    if (onlyText) {
        const QString text = m.text();
        if (!text.isEmpty())
            block.insert("content", text);
    } else {
        block.insert("content", contentBlocks(m.parts, false));
    }
    if (m.toolError)
        block.insert("is_error", true);
    return block;
}

// The blocks of an assistant turn: its signed thinking first ("Extended thinking", "Preserving
// thinking blocks": required before tool_use blocks when thinking is on), then its text, then
// its tool calls. Reasoning without a signature cannot be sent back: Anthropic verifies it.
QJsonArray assistantBlocks(const Message& m)
{
    QJsonArray blocks;
    if (!m.reasoning.isEmpty() && !m.reasoningSignature.isEmpty())
        blocks.append(QJsonObject{{"type", "thinking"},
                                  {"thinking", m.reasoning},
                                  {"signature", QString::fromLatin1(m.reasoningSignature)}});
    for (const QJsonValue& block : contentBlocks(m.parts))
        blocks.append(block);
    for (const api::ToolCall& call : m.toolCalls)
        blocks.append(toolUseBlock(call));
    return blocks;
}

// The conversation as Anthropic's alternating turns: consecutive messages of one role merge
// into one message's blocks ("Messages": consecutive user or assistant turns are combined),
// tool results become user turns, and messages without content are left out. Collapsed to a
// plain string where a turn is one text block without a cache marker.
QJsonArray messagesJson(const api::CanonicalRequest& r, QStringList* extraSystem)
{
    struct Turn
    {
        const char* role;
        QJsonArray blocks;
    };
    QList<Turn> turns;
    auto add = [&turns](const char* role, const QJsonArray& blocks) {
        if (blocks.isEmpty())
            return;
        if (!turns.isEmpty() && qstrcmp(turns.last().role, role) == 0) {
            for (const QJsonValue& block : blocks)
                turns.last().blocks.append(block);
            return;
        }
        turns.append({role, blocks});
    };
    if (r.endpoint == api::Endpoint::Completions && !r.prompts.isEmpty())
        add("user", QJsonArray{QJsonObject{{"type", "text"}, {"text", r.prompts.first()}}});
    for (const Message& m : r.messages) {
        switch (m.role) {
        case Role::User: add("user", contentBlocks(m.parts)); break;
        case Role::Assistant: add("assistant", assistantBlocks(m)); break;
        case Role::Tool: add("user", QJsonArray{toolResultBlock(m)}); break;
        case Role::System: *extraSystem << m.text(); break;
        }
    }
    QJsonArray out;
    for (const Turn& turn : turns) {
        const QJsonObject only = turn.blocks.first().toObject();
        const bool plain = turn.blocks.size() == 1 && only.value("type") == QLatin1String("text") &&
                           !only.contains("cache_control");
        out.append(QJsonObject{{"role", QLatin1String(turn.role)},
                               {"content", plain ? only.value("text") : QJsonValue(turn.blocks)}});
    }
    return out;
}

// "Tool use", tools: input_schema is required and must describe an object; OpenAI lets a
// function without parameters leave it out.
QJsonArray toolsJson(const QList<api::Tool>& tools)
{
    QJsonArray out;
    for (const api::Tool& t : tools) {
        QJsonObject tool{
            {"name", t.name},
            {"input_schema", t.parameters.isEmpty()
                                 ? QJsonObject{{"type", "object"}, {"properties", QJsonObject()}}
                                 : t.parameters}};
        if (!t.description.isEmpty())
            tool.insert("description", t.description);
        if (!t.cacheControl.isEmpty())
            tool.insert("cache_control", t.cacheControl);
        out.append(tool);
    }
    return out;
}

// OpenAI's tool_choice -> Anthropic's ("Tool use", "Forcing tool use"): auto, none, required
// -> any, a named function -> tool. parallel_tool_calls false -> disable_parallel_tool_use,
// which "none" does not take. False, with *error, for a choice that has no equivalent.
bool toolChoiceJson(const api::CanonicalRequest& r, QJsonObject* out, QString* error)
{
    const QJsonValue choice = r.toolChoice;
    if (choice.isUndefined() || choice.isNull()) {
        *out = QJsonObject{{"type", "auto"}};
    } else if (choice.isString()) {
        const QString s = choice.toString();
        if (s == QLatin1String("auto") || s == QLatin1String("none")) {
            *out = QJsonObject{{"type", s}};
        } else if (s == QLatin1String("required")) {
            *out = QJsonObject{{"type", "any"}};
        } else {
            *error = QStringLiteral("tool_choice \"%1\" has no equivalent in Anthropic's "
                                    "Messages API (auto, none, required or a function)")
                         .arg(s);
            return false;
        }
    } else {
        const QJsonObject o = choice.toObject();
        const QString name = o.value("function").toObject().value("name").toString();
        if (o.value("type") != QLatin1String("function") || name.isEmpty()) {
            *error = QStringLiteral("tool_choice must be auto, none, required or "
                                    "{\"type\":\"function\",\"function\":{\"name\":...}}");
            return false;
        }
        *out = QJsonObject{{"type", "tool"}, {"name", name}};
    }
    if (r.parallelToolCalls == false && out->value("type") != QLatin1String("none"))
        out->insert("disable_parallel_tool_use", true);
    return true;
}

// Why an Anthropic backend cannot serve the request as asked; empty when it can.
QString unsupported(const api::CanonicalRequest& r)
{
    if (r.endpoint == api::Endpoint::Embeddings)
        return QStringLiteral("this model's backend (Anthropic Messages API) has no embeddings");
    if (r.n > 1)
        return QStringLiteral("n = %1 cannot be served: this model's backend (Anthropic Messages "
                              "API) returns one choice per request")
            .arg(r.n);
    if (r.endpoint == api::Endpoint::Completions && r.prompts.size() > 1)
        return QStringLiteral("several prompts cannot be served: this model's backend "
                              "(Anthropic Messages API) answers one prompt per request");
    const QString format = r.responseFormat.toObject().value("type").toString();
    if (!format.isEmpty() && format != QLatin1String("text"))
        return QStringLiteral("response_format \"%1\" cannot be served: this model's backend "
                              "(Anthropic Messages API) has no JSON mode")
            .arg(format);
    return QString();
}

} // namespace

qint64 thinkingBudgetForEffort(const QString& effort)
{
    if (effort.isEmpty() || effort == QLatin1String("minimal") || effort == QLatin1String("none"))
        return 0;
    if (effort == QLatin1String("low"))
        return 1024;
    if (effort == QLatin1String("medium"))
        return 4096;
    if (effort == QLatin1String("high"))
        return 16384;
    return -1;
}

Result<QByteArray> requestBody(const api::CanonicalRequest& r, const QString& model)
{
    if (const QString why = unsupported(r); !why.isEmpty())
        return Result<QByteArray>::failure(why);
    qint64 budget = r.thinkingBudget;
    if (budget <= 0) {
        budget = thinkingBudgetForEffort(r.reasoningEffort);
        if (budget < 0)
            return Result<QByteArray>::failure(
                QStringLiteral("reasoning_effort \"%1\" is not one of minimal, low, medium, high")
                    .arg(r.reasoningEffort));
    }

    QJsonObject root{{"model", model}};
    QStringList system;
    if (!r.system.isEmpty())
        system << r.system;
    root.insert("messages", messagesJson(r, &system));
    // "Messages", system: a string, or text blocks when one carries a cache marker.
    const QString systemText = system.join(QLatin1String("\n\n"));
    if (!systemText.isEmpty()) {
        if (r.systemCacheControl.isEmpty())
            root.insert("system", systemText);
        else
            root.insert("system", QJsonArray{QJsonObject{{"type", "text"},
                                                         {"text", systemText},
                                                         {"cache_control", r.systemCacheControl}}});
    }
    if (!r.tools.isEmpty()) {
        root.insert("tools", toolsJson(r.tools));
        QJsonObject choice;
        QString error;
        if (!toolChoiceJson(r, &choice, &error))
            return Result<QByteArray>::failure(error);
        // Anthropic's default is auto: sent only when it says more than that.
        if (choice != QJsonObject{{"type", "auto"}})
            root.insert("tool_choice", choice);
    }
    if (budget > 0)
        root.insert("thinking", QJsonObject{{"type", "enabled"}, {"budget_tokens", budget}});
    root.insert("max_tokens", r.maxTokens ? *r.maxTokens : defaultMaxTokens + budget);
    if (!r.stop.isEmpty())
        root.insert("stop_sequences", QJsonArray::fromStringList(r.stop));
    if (r.temperature)
        root.insert("temperature", *r.temperature);
    if (r.topP)
        root.insert("top_p", *r.topP);
    if (r.topK)
        root.insert("top_k", *r.topK);
    // "Messages", metadata: user_id is the only field Anthropic takes (OpenAI's metadata has
    // no counterpart and is not sent); seed has none either.
    if (!r.user.isEmpty())
        root.insert("metadata", QJsonObject{{"user_id", r.user}});
    if (r.stream)
        root.insert("stream", true);
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QByteArray finishReason(std::string_view stopReason)
{
    if (stopReason == "max_tokens" || stopReason == "model_context_window_exceeded")
        return "length";
    if (stopReason == "tool_use")
        return "tool_calls";
    if (stopReason == "refusal")
        return "content_filter";
    return "stop";
}

int errorStatus(std::string_view errorType)
{
    static constexpr struct
    {
        std::string_view type;
        int status;
    } statuses[] = {
        {"invalid_request_error", 400}, {"authentication_error", 401},
        {"billing_error", 402},         {"permission_error", 403},
        {"not_found_error", 404},       {"request_too_large", 413},
        {"rate_limit_error", 429},      {"api_error", 500},
        {"timeout_error", 504},         {"overloaded_error", 529},
    };
    for (const auto& s : statuses)
        if (s.type == errorType)
            return s.status;
    return 500;
}

} // namespace gateway::providers::anthropic

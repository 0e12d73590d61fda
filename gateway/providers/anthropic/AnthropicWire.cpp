#include "providers/anthropic/AnthropicWire.h"

#include "api/JsonText.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <simdjson.h>

namespace gateway::providers::anthropic {

namespace {

using api::ContentPart;
using api::Message;
using api::Role;

// The body is written as text, not built as a QJsonObject: a DOM cost about 20 µs for a
// request with a few tool calls, as much as a whole pass-through request (bench/RESULTS.md).
// Members and elements are separated by a comma unless they open their object or array.
void separate(QByteArray& out)
{
    if (!out.endsWith('{') && !out.endsWith('['))
        out += ',';
}

void appendString(QByteArray& out, const QString& s)
{
    out += '"';
    api::appendJsonEscaped(out, s.toUtf8());
    out += '"';
}

void appendKey(QByteArray& out, const char* key)
{
    separate(out);
    out += '"';
    out += key;
    out += "\":";
}

void appendMember(QByteArray& out, const char* key, const QString& value)
{
    appendKey(out, key);
    appendString(out, value);
}

void appendMember(QByteArray& out, const char* key, const QJsonObject& value)
{
    appendKey(out, key);
    out += QJsonDocument(value).toJson(QJsonDocument::Compact);
}

// Tool call arguments as the model wrote them, when they are one JSON object.
bool isJsonObject(const QByteArray& text)
{
    thread_local simdjson::dom::parser parser;
    simdjson::dom::element root;
    return !parser.parse(text.constData(), size_t(text.size())).get(root) && root.is_object();
}

// One turn's content blocks, written as they come.
struct Turn
{
    const char* role = "user";
    QByteArray blocks; // the elements of the content array
    int count = 0;
    QString plainText; // the text of a single text block without a cache marker
    bool plain = false;

    void add(const QByteArray& block, const QString* text = nullptr)
    {
        plain = count == 0 && text;
        if (plain)
            plainText = *text;
        ++count;
        if (!blocks.isEmpty())
            blocks += ',';
        blocks += block;
    }
};

// "Messages", content blocks: text, or an image from base64 data or from a URL. Empty text is
// left out: Anthropic refuses empty text blocks ("text content blocks must be non-empty"). A
// part's cache marker stays on its block ("Prompt caching": cache_control on any block).
void addContent(Turn& turn, const QList<ContentPart>& parts, bool withCacheControl = true)
{
    for (const ContentPart& part : parts) {
        QByteArray block = "{";
        const bool cached = withCacheControl && !part.cacheControl.isEmpty();
        if (part.kind == ContentPart::Kind::Text) {
            if (part.text.isEmpty())
                continue;
            appendMember(block, "type", QStringLiteral("text"));
            appendMember(block, "text", part.text);
        } else {
            appendMember(block, "type", QStringLiteral("image"));
            appendKey(block, "source");
            block += '{';
            if (part.kind == ContentPart::Kind::ImageData) {
                appendMember(block, "type", QStringLiteral("base64"));
                appendMember(block, "media_type", part.mediaType);
                appendMember(block, "data", QString::fromLatin1(part.data));
            } else {
                appendMember(block, "type", QStringLiteral("url"));
                appendMember(block, "url", part.url);
            }
            block += '}';
        }
        if (cached)
            appendMember(block, "cache_control", part.cacheControl);
        block += '}';
        const bool plainText = part.kind == ContentPart::Kind::Text && !cached;
        turn.add(block, plainText ? &part.text : nullptr);
    }
}

// "Tool use", tool_use blocks: input is a JSON object. Arguments the model wrote that are not
// one (cut off by max_tokens, say) cannot be sent back as they are; {} keeps the conversation
// valid, and the tool_result that follows says what happened.
void addToolUse(Turn& turn, const api::ToolCall& call)
{
    QByteArray block = "{";
    appendMember(block, "type", QStringLiteral("tool_use"));
    appendMember(block, "id", call.id);
    appendMember(block, "name", call.name);
    appendKey(block, "input");
    const QByteArray arguments = call.arguments.toUtf8();
    block += isJsonObject(arguments) ? arguments : QByteArray("{}");
    block += '}';
    turn.add(block);
}

// "Tool use", tool_result blocks: the result's text as a string, or its blocks when it has
// images; is_error when the tool failed. A cache marker on one of its parts goes on the block.
void addToolResult(Turn& turn, const Message& m)
{
    QByteArray block = "{";
    appendMember(block, "type", QStringLiteral("tool_result"));
    appendMember(block, "tool_use_id", m.toolCallId);
    bool onlyText = true;
    QJsonObject cacheControl;
    for (const ContentPart& part : m.parts) {
        onlyText = onlyText && part.kind == ContentPart::Kind::Text;
        if (!part.cacheControl.isEmpty())
            cacheControl = part.cacheControl;
    }
    if (onlyText) {
        if (const QString text = m.text(); !text.isEmpty())
            appendMember(block, "content", text);
    } else {
        Turn content;
        addContent(content, m.parts, false);
        appendKey(block, "content");
        block += '[' + content.blocks + ']';
    }
    if (!cacheControl.isEmpty())
        appendMember(block, "cache_control", cacheControl);
    if (m.toolError)
        block += ",\"is_error\":true";
    block += '}';
    turn.add(block);
}

// An assistant turn: its signed thinking first ("Extended thinking", "Preserving thinking
// blocks": required before tool_use blocks when thinking is on), then its text, then its tool
// calls. Reasoning without a signature cannot be sent back: Anthropic verifies it.
void addAssistant(Turn& turn, const Message& m)
{
    if (!m.reasoning.isEmpty() && !m.reasoningSignature.isEmpty()) {
        QByteArray block = "{";
        appendMember(block, "type", QStringLiteral("thinking"));
        appendMember(block, "thinking", m.reasoning);
        appendMember(block, "signature", QString::fromLatin1(m.reasoningSignature));
        block += '}';
        turn.add(block);
    }
    addContent(turn, m.parts);
    for (const api::ToolCall& call : m.toolCalls)
        addToolUse(turn, call);
}

// The conversation as Anthropic's alternating turns: consecutive messages of one role merge
// into one message's blocks ("Messages": consecutive user or assistant turns are combined),
// tool results become user turns, and messages without content are left out. A turn that is
// one text block without a cache marker is written as a plain string.
void appendMessages(QByteArray& out, const api::CanonicalRequest& r, QStringList* extraSystem)
{
    QList<Turn> turns;
    auto turnFor = [&turns](const char* role) -> Turn& {
        // A message without content leaves no turn, so that the ones around it can merge.
        if (!turns.isEmpty() && turns.last().count == 0)
            turns.removeLast();
        if (turns.isEmpty() || qstrcmp(turns.last().role, role) != 0) {
            turns.append(Turn());
            turns.last().role = role;
        }
        return turns.last();
    };
    if (r.endpoint == api::Endpoint::Completions && !r.prompts.isEmpty()) {
        ContentPart prompt;
        prompt.text = r.prompts.first();
        addContent(turnFor("user"), {prompt});
    }
    for (const Message& m : r.messages) {
        switch (m.role) {
        case Role::User: addContent(turnFor("user"), m.parts); break;
        case Role::Assistant: addAssistant(turnFor("assistant"), m); break;
        case Role::Tool: addToolResult(turnFor("user"), m); break;
        case Role::System: *extraSystem << m.text(); break;
        }
    }
    appendKey(out, "messages");
    out += '[';
    for (const Turn& turn : turns) {
        if (turn.count == 0)
            continue; // the last message, without content
        separate(out);
        out += "{\"role\":\"";
        out += turn.role;
        out += "\",\"content\":";
        if (turn.count == 1 && turn.plain)
            appendString(out, turn.plainText);
        else
            out += '[' + turn.blocks + ']';
        out += '}';
    }
    out += ']';
}

// "Tool use", tools: input_schema is required and must describe an object; OpenAI lets a
// function without parameters leave it out.
void appendTools(QByteArray& out, const QList<api::Tool>& tools)
{
    appendKey(out, "tools");
    out += '[';
    for (const api::Tool& t : tools) {
        separate(out);
        out += '{';
        appendMember(out, "name", t.name);
        if (!t.description.isEmpty())
            appendMember(out, "description", t.description);
        if (t.parameters.isEmpty()) {
            appendKey(out, "input_schema");
            out += "{\"type\":\"object\",\"properties\":{}}";
        } else {
            appendMember(out, "input_schema", t.parameters);
        }
        if (!t.cacheControl.isEmpty())
            appendMember(out, "cache_control", t.cacheControl);
        out += '}';
    }
    out += ']';
}

// OpenAI's tool_choice -> Anthropic's ("Tool use", "Forcing tool use"): auto, none, required
// -> any, a named function -> tool. parallel_tool_calls false -> disable_parallel_tool_use,
// which "none" does not take. Anthropic's default, plain auto, is not written. False, with
// *error, for a choice that has no equivalent.
bool appendToolChoice(QByteArray& out, const api::CanonicalRequest& r, QString* error)
{
    const QJsonValue choice = r.toolChoice;
    QString type = QStringLiteral("auto");
    QString name;
    if (choice.isString()) {
        const QString s = choice.toString();
        if (s == QLatin1String("required")) {
            type = QStringLiteral("any");
        } else if (s == QLatin1String("auto") || s == QLatin1String("none")) {
            type = s;
        } else {
            *error = QStringLiteral("tool_choice \"%1\" has no equivalent in Anthropic's "
                                    "Messages API (auto, none, required or a function)")
                         .arg(s);
            return false;
        }
    } else if (!choice.isUndefined() && !choice.isNull()) {
        const QJsonObject o = choice.toObject();
        name =
            o.value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString();
        if (o.value(QLatin1String("type")) != QLatin1String("function") || name.isEmpty()) {
            *error = QStringLiteral("tool_choice must be auto, none, required or "
                                    "{\"type\":\"function\",\"function\":{\"name\":...}}");
            return false;
        }
        type = QStringLiteral("tool");
    }
    const bool serial = r.parallelToolCalls == false && type != QLatin1String("none");
    if (type == QLatin1String("auto") && !serial)
        return true;
    appendKey(out, "tool_choice");
    out += '{';
    appendMember(out, "type", type);
    if (!name.isEmpty())
        appendMember(out, "name", name);
    if (serial)
        out += ",\"disable_parallel_tool_use\":true";
    out += '}';
    return true;
}

void appendNumber(QByteArray& out, const char* key, double value)
{
    appendKey(out, key);
    out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

void appendNumber(QByteArray& out, const char* key, qint64 value)
{
    appendKey(out, key);
    out += QByteArray::number(value);
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
    const QString format = r.responseFormat.toObject().value(QLatin1String("type")).toString();
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

    QByteArray out;
    out.reserve(1024);
    out += '{';
    appendMember(out, "model", model);
    QStringList system;
    if (!r.system.isEmpty())
        system << r.system;
    appendMessages(out, r, &system);
    // "Messages", system: a string, or text blocks when one carries a cache marker.
    if (const QString text = system.join(QLatin1String("\n\n")); !text.isEmpty()) {
        if (r.systemCacheControl.isEmpty()) {
            appendMember(out, "system", text);
        } else {
            appendKey(out, "system");
            out += "[{\"type\":\"text\"";
            appendMember(out, "text", text);
            appendMember(out, "cache_control", r.systemCacheControl);
            out += "}]";
        }
    }
    if (!r.tools.isEmpty()) {
        appendTools(out, r.tools);
        QString error;
        if (!appendToolChoice(out, r, &error))
            return Result<QByteArray>::failure(error);
    }
    if (budget > 0) {
        appendKey(out, "thinking");
        out += "{\"type\":\"enabled\",\"budget_tokens\":" + QByteArray::number(budget) + '}';
    }
    appendNumber(out, "max_tokens", r.maxTokens ? *r.maxTokens : defaultMaxTokens + budget);
    if (!r.stop.isEmpty()) {
        appendKey(out, "stop_sequences");
        out += '[';
        for (const QString& stop : r.stop) {
            separate(out);
            appendString(out, stop);
        }
        out += ']';
    }
    if (r.temperature)
        appendNumber(out, "temperature", *r.temperature);
    if (r.topP)
        appendNumber(out, "top_p", *r.topP);
    if (r.topK)
        appendNumber(out, "top_k", *r.topK);
    // "Messages", metadata: user_id is the only field Anthropic takes (OpenAI's metadata has
    // no counterpart and is not sent); seed has none either.
    if (!r.user.isEmpty()) {
        appendKey(out, "metadata");
        out += '{';
        appendMember(out, "user_id", r.user);
        out += '}';
    }
    if (r.stream)
        out += ",\"stream\":true";
    out += '}';
    return out;
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

// Responses API request -> canonical request (OpenAI API reference, "Create a model response":
// input items, instructions, tools, tool_choice, text.format, reasoning). Built once per
// request for the provider, from a body the dialect has validated, so Qt's JSON DOM is used.
// The input items are the resolved ones (ResponsesRequest::inputItems): with
// previous_response_id, the stored conversation comes first.

#include "api/responses/ResponsesDialect.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace gateway::api {

namespace {

QList<ContentPart> partsFrom(const QJsonValue& content)
{
    QList<ContentPart> parts;
    if (content.isString()) {
        ContentPart p;
        p.text = content.toString();
        parts << p;
        return parts;
    }
    for (const QJsonValue& value : content.toArray()) {
        const QJsonObject o = value.toObject();
        const QString type = o.value(QLatin1String("type")).toString();
        ContentPart p;
        if (type == QLatin1String("input_image")) {
            // An http(s) or data: URL, as sent (ContentPart::Kind::ImageUrl takes both).
            p.kind = ContentPart::Kind::ImageUrl;
            p.url = o.value(QLatin1String("image_url")).toString();
            p.detail = o.value(QLatin1String("detail")).toString();
        } else if (type == QLatin1String("refusal")) {
            p.text = o.value(QLatin1String("refusal")).toString();
        } else {
            p.text = o.value(QLatin1String("text")).toString();
        }
        parts << p;
    }
    return parts;
}

// The text of a reasoning item's summary parts, joined by blank lines.
QString summaryText(const QJsonObject& item)
{
    QStringList texts;
    for (const QJsonValue& part : item.value(QLatin1String("summary")).toArray())
        texts << part.toObject().value(QLatin1String("text")).toString();
    return texts.join(QLatin1String("\n\n"));
}

// Builds the conversation from the input items. Function calls join the assistant message
// before them (OpenAI's chat form: one assistant message with content and tool_calls), and a
// reasoning item goes with the assistant turn that follows it.
class Conversation
{
public:
    explicit Conversation(CanonicalRequest& c) : m_c(c) {}

    void add(const QJsonObject& item)
    {
        const QString type = item.value(QLatin1String("type")).toString(QStringLiteral("message"));
        if (type == QLatin1String("message")) {
            const QString role = item.value(QLatin1String("role")).toString();
            const QList<ContentPart> parts = partsFrom(item.value(QLatin1String("content")));
            if (role == QLatin1String("system") || role == QLatin1String("developer")) {
                Message m;
                m.parts = parts;
                m_system << m.text();
                return;
            }
            Message m;
            m.role = role == QLatin1String("assistant") ? Role::Assistant : Role::User;
            m.parts = parts;
            push(std::move(m));
        } else if (type == QLatin1String("function_call")) {
            const ToolCall call{item.value(QLatin1String("call_id")).toString(),
                                item.value(QLatin1String("name")).toString(),
                                item.value(QLatin1String("arguments")).toString()};
            if (m_c.messages.isEmpty() || m_c.messages.last().role != Role::Assistant ||
                !m_pendingReasoning.isEmpty()) {
                Message m;
                m.role = Role::Assistant;
                push(std::move(m));
            }
            m_c.messages.last().toolCalls << call;
        } else if (type == QLatin1String("function_call_output")) {
            Message m;
            m.role = Role::Tool;
            m.toolCallId = item.value(QLatin1String("call_id")).toString();
            m.parts = partsFrom(item.value(QLatin1String("output")));
            push(std::move(m));
        } else if (type == QLatin1String("reasoning")) {
            const QString text = summaryText(item);
            if (!text.isEmpty())
                m_pendingReasoning << text;
        }
    }

    QStringList system() const { return m_system; }

private:
    void push(Message m)
    {
        if (m.role == Role::Assistant && !m_pendingReasoning.isEmpty()) {
            m.reasoning = m_pendingReasoning.join(QLatin1String("\n\n"));
            m_pendingReasoning.clear();
        }
        m_c.messages << std::move(m);
    }

    CanonicalRequest& m_c;
    QStringList m_system;
    QStringList m_pendingReasoning;
};

// text.format -> OpenAI chat's response_format.
QJsonValue responseFormat(const QJsonObject& format)
{
    const QString type = format.value(QLatin1String("type")).toString();
    if (type == QLatin1String("json_object"))
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}};
    if (type != QLatin1String("json_schema"))
        return QJsonValue(QJsonValue::Undefined);
    QJsonObject schema{{QStringLiteral("name"), format.value(QLatin1String("name"))},
                       {QStringLiteral("schema"), format.value(QLatin1String("schema"))}};
    for (const char* key : {"strict", "description"})
        if (format.contains(QLatin1String(key)))
            schema.insert(QLatin1String(key), format.value(QLatin1String(key)));
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("json_schema")},
                       {QStringLiteral("json_schema"), schema}};
}

// Responses' flat tool_choice {"type":"function","name":...} -> the canonical (chat) shape.
QJsonValue toolChoice(const QJsonValue& choice)
{
    if (!choice.isObject())
        return choice;
    return QJsonObject{
        {QStringLiteral("type"), QStringLiteral("function")},
        {QStringLiteral("function"),
         QJsonObject{{QStringLiteral("name"), choice.toObject().value(QLatin1String("name"))}}}};
}

} // namespace

CanonicalRequest ResponsesDialect::canonical(const ChatRequest& request) const
{
    CanonicalRequest c;
    c.endpoint = request.endpoint;
    c.model = request.model;
    c.stream = request.stream;
    // The encoder reports usage in every answer, so it is asked of every stream.
    c.includeUsage = true;
    const ResponsesRequest* data = requestData(request);
    if (!data)
        return c;
    const QJsonObject root = QJsonDocument::fromJson(request.body).object();

    QStringList system;
    const QString instructions = root.value(QLatin1String("instructions")).toString();
    if (!instructions.isEmpty())
        system << instructions;
    Conversation conversation(c);
    for (const QJsonValue& item : QJsonDocument::fromJson(data->inputItems).array())
        conversation.add(item.toObject());
    system << conversation.system();
    c.system = system.join(QLatin1String("\n\n"));

    for (const QJsonValue& value : root.value(QLatin1String("tools")).toArray()) {
        const QJsonObject o = value.toObject();
        Tool tool;
        tool.name = o.value(QLatin1String("name")).toString();
        tool.description = o.value(QLatin1String("description")).toString();
        tool.parameters = o.value(QLatin1String("parameters")).toObject();
        c.tools << tool;
    }
    const QJsonValue choice = root.value(QLatin1String("tool_choice"));
    if (!choice.isUndefined() && !choice.isNull())
        c.toolChoice = toolChoice(choice);
    c.responseFormat = responseFormat(
        root.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject());

    c.temperature = jsonNumber(root, "temperature");
    c.topP = jsonNumber(root, "top_p");
    c.maxTokens = jsonInteger(root, "max_output_tokens");
    const QJsonValue parallel = root.value(QLatin1String("parallel_tool_calls"));
    if (parallel.isBool())
        c.parallelToolCalls = parallel.toBool();
    c.reasoningEffort =
        root.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort")).toString();
    c.user = root.value(QLatin1String("user")).toString();
    c.metadata = root.value(QLatin1String("metadata")).toObject();
    return c;
}

} // namespace gateway::api

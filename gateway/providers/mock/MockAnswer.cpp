#include "providers/mock/MockAnswer.h"

#include "providers/mock/MockProvider.h"
#include "providers/mock/SchemaExample.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace gateway::providers {

namespace {

quint64 seedOf(const QString& text, quint64 salt)
{
    quint64 h = 1469598103934665603ULL ^ salt;
    for (char c : text.toUtf8()) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return h;
}

const api::Message* lastMessage(const api::CanonicalRequest& request)
{
    return request.messages.isEmpty() ? nullptr : &request.messages.last();
}

// The tool to call, or null for a text answer (see MockChoice).
const api::Tool* chosenTool(const api::CanonicalRequest& request)
{
    if (request.tools.isEmpty())
        return nullptr;
    const api::Message* last = lastMessage(request);
    if (last && last->role == api::Role::Tool)
        return nullptr; // a tool result: answer it in text
    const QJsonValue& choice = request.toolChoice;
    if (choice.isString() && choice.toString() == QLatin1String("none"))
        return nullptr;
    if (choice.isObject()) {
        const QString forced = choice.toObject()
                                   .value(QLatin1String("function"))
                                   .toObject()
                                   .value(QLatin1String("name"))
                                   .toString();
        for (const api::Tool& tool : request.tools)
            if (tool.name == forced)
                return &tool;
    }
    const QString said = last && last->role == api::Role::User ? last->text() : QString();
    for (const api::Tool& tool : request.tools)
        if (!tool.name.isEmpty() && said.contains(tool.name, Qt::CaseInsensitive))
            return &tool;
    const bool required =
        choice.isObject() || (choice.isString() && choice.toString() == QLatin1String("required"));
    const bool asked = said.contains(QLatin1String("tool"), Qt::CaseInsensitive) ||
                       said.contains(QLatin1String("function"), Qt::CaseInsensitive);
    return required || asked ? &request.tools.first() : nullptr;
}

QString jsonText(const QJsonValue& value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: wrap and unwrap, so that strings come out quoted and escaped.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

// Splits text into pieces of about `tokens` tokens (four characters each) for streaming.
QStringList chunked(const QString& text, int tokens)
{
    QStringList out;
    const qsizetype size = qMax<qsizetype>(4, qsizetype(tokens) * 4);
    for (qsizetype at = 0; at < text.size(); at += size)
        out << text.mid(at, size);
    return out;
}

// Cuts the text before the first stop sequence; true if one was found.
bool applyStop(QString& text, const QStringList& stop)
{
    qsizetype cut = -1;
    for (const QString& s : stop) {
        const qsizetype at = s.isEmpty() ? -1 : text.indexOf(s);
        if (at >= 0 && (cut < 0 || at < cut))
            cut = at;
    }
    if (cut < 0)
        return false;
    text.truncate(cut);
    return true;
}

MockChoice textChoice(const api::CanonicalRequest& request, const config::MockModel& profile,
                      const QString& model, int index)
{
    MockChoice c;
    const qint64 limit = request.maxTokens.value_or(profile.outputTokens);
    const QJsonObject format = request.responseFormat.toObject();
    const QString formatType = format.value(QLatin1String("type")).toString();
    const QString salt = request.promptText() + QString::number(index);
    if (formatType == QLatin1String("json_object") || formatType == QLatin1String("json_schema")) {
        const QJsonObject schema =
            formatType == QLatin1String("json_schema")
                ? format.value(QLatin1String("json_schema"))
                      .toObject()
                      .value(QLatin1String("schema"))
                      .toObject()
                : QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                              {QStringLiteral("properties"),
                               QJsonObject{{QStringLiteral("answer"),
                                            QJsonObject{{QStringLiteral("type"),
                                                         QStringLiteral("string")}}}}}};
        QString json = jsonText(schemaExample(schema, seedOf(salt, 7)));
        c.completionTokens = api::estimateTokens(json);
        c.finishReason = "stop";
        // Only the client's max_tokens cuts a JSON answer (the model's answer length does not:
        // the schema decides it).
        if (request.maxTokens && c.completionTokens > limit) { // cut: no longer valid JSON
            json.truncate(qsizetype(limit) * 4);
            c.completionTokens = limit;
            c.finishReason = "length";
        }
        c.pieces = chunked(json, profile.chunkTokens);
        return c;
    }
    const int wanted = profile.outputTokens;
    const int count = int(qMin<qint64>(wanted, qMax<qint64>(0, limit)));
    // The first choice keeps the text a request without n always had.
    const QString prompt = index == 0 ? request.promptText() : salt;
    QStringList words = MockProvider::answerWords(model, prompt, wanted).mid(0, count);
    c.finishReason = count < wanted ? "length" : "stop";
    QString text = words.join(QLatin1Char(' '));
    if (applyStop(text, request.stop)) {
        c.finishReason = "stop";
        words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }
    c.completionTokens = words.size();
    const int per = qMax(1, profile.chunkTokens);
    for (qsizetype at = 0; at < words.size(); at += per) {
        QString piece = words.mid(at, per).join(QLatin1Char(' '));
        if (at > 0)
            piece.prepend(QLatin1Char(' '));
        c.pieces << piece;
    }
    return c;
}

} // namespace

std::vector<MockChoice> planMockAnswer(const api::CanonicalRequest& request,
                                       const config::MockModel& profile, const QString& model)
{
    std::vector<MockChoice> choices;
    const int n = std::clamp(request.n, 1, 16);
    const api::Tool* tool = chosenTool(request);
    for (int index = 0; index < n; ++index) {
        if (!tool) {
            choices.push_back(textChoice(request, profile, model, index));
            continue;
        }
        MockChoice c;
        const QString salt = request.promptText() + QString::number(index);
        api::ToolCall call;
        call.id = QStringLiteral("call_%1").arg(seedOf(salt, 11) & 0xffffffffffffULL, 12, 16,
                                                QLatin1Char('0'));
        call.name = tool->name;
        call.arguments = jsonText(schemaExample(tool->parameters, seedOf(salt, 13)));
        c.completionTokens = api::estimateTokens(call.name + call.arguments);
        c.toolCalls << call;
        c.finishReason = "tool_calls";
        choices.push_back(std::move(c));
    }
    return choices;
}

} // namespace gateway::providers

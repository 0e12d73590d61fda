#include "providers/CanonicalParts.h"

#include <QJsonDocument>

namespace gateway::providers {

QByteArray argumentsObjectJson(const QString& arguments)
{
    const std::optional<QJsonObject> object = argumentsObject(arguments);
    return object ? QJsonDocument(*object).toJson(QJsonDocument::Compact) : QByteArray("{}");
}

std::optional<QJsonObject> argumentsObject(const QString& arguments)
{
    if (arguments.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

void ToolCallNames::add(const api::Message& message)
{
    for (const api::ToolCall& call : message.toolCalls)
        if (!call.id.isEmpty())
            m_names.insert(call.id, call.name);
}

} // namespace gateway::providers

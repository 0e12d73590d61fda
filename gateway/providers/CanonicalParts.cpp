#include "providers/CanonicalParts.h"

#include <QJsonDocument>

namespace gateway::providers {

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

bool splitDataUrl(const QString& url, QString* mediaType, QByteArray* base64)
{
    static const QLatin1String scheme("data:");
    static const QLatin1String marker(";base64,");
    if (!url.startsWith(scheme))
        return false;
    const qsizetype at = url.indexOf(marker);
    if (at < 0)
        return false;
    *mediaType = url.mid(scheme.size(), at - scheme.size());
    *base64 = url.mid(at + marker.size()).toLatin1();
    return !mediaType->isEmpty() && !base64->isEmpty();
}

} // namespace gateway::providers

#include "governance/KeyJson.h"

#include "config/LimitsJson.h"

#include <QDateTime>
#include <QJsonArray>

namespace gateway::governance {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString keyStatus(const KeyRecord& key, qint64 nowMs)
{
    if (key.revokedMs != 0)
        return QStringLiteral("revoked");
    if (key.expiresMs != 0 && nowMs >= key.expiresMs)
        return QStringLiteral("expired");
    return QStringLiteral("active");
}

QJsonObject keyToJson(const KeyRecord& key, qint64 nowMs)
{
    const auto time = [](qint64 ms) { return ms ? QJsonValue(isoTime(ms)) : QJsonValue(); };
    QJsonObject metadata;
    for (const auto& [name, value] : key.metadata)
        metadata.insert(name, value);
    return QJsonObject{
        {QStringLiteral("id"), key.id},
        {QStringLiteral("name"), key.name},
        {QStringLiteral("tenant"), key.tenant},
        {QStringLiteral("source"), key.source == KeyRecord::Source::Config
                                       ? QStringLiteral("config")
                                       : QStringLiteral("stored")},
        {QStringLiteral("status"), keyStatus(key, nowMs)},
        {QStringLiteral("sha256"), QString::fromLatin1(key.sha256.toHex())},
        {QStringLiteral("prefix"), key.prefix},
        {QStringLiteral("models"), QJsonArray::fromStringList(key.models)},
        {QStringLiteral("limits"), config::limitsToJson(key.limits)},
        {QStringLiteral("metadata"), metadata},
        {QStringLiteral("createdAt"), time(key.createdMs)},
        {QStringLiteral("expiresAt"), time(key.expiresMs)},
        {QStringLiteral("revokedAt"), time(key.revokedMs)},
    };
}

} // namespace gateway::governance

#include "models/LogCurl.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace ui {

QString LogCurl::pathOf(const QString& endpoint)
{
    if (endpoint == QLatin1String("chat.completions"))
        return QStringLiteral("/chat/completions");
    if (endpoint == QLatin1String("completions"))
        return QStringLiteral("/completions");
    if (endpoint == QLatin1String("embeddings"))
        return QStringLiteral("/embeddings");
    if (endpoint == QLatin1String("messages"))
        return QStringLiteral("/messages");
    if (endpoint == QLatin1String("responses.create"))
        return QStringLiteral("/responses");
    return QString();
}

QString LogCurl::shellQuoted(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString LogCurl::command(const QString& baseUrl, const QString& endpoint, const QByteArray& body)
{
    const bool stream =
        QJsonDocument::fromJson(body).object().value(QLatin1String("stream")).toBool(false);
    QStringList lines;
    lines << QStringLiteral("curl%1 %2")
                 .arg(stream ? QStringLiteral(" --no-buffer") : QString(),
                      shellQuoted(baseUrl + pathOf(endpoint)));
    lines << QStringLiteral("  -H ") +
                 shellQuoted(QStringLiteral("Content-Type: application/json"));
    // In double quotes, so that the shell puts the key in from the environment.
    lines << QStringLiteral("  -H \"Authorization: Bearer $SWITCHBOARD_API_KEY\"");
    lines << QStringLiteral("  --data-binary ") + shellQuoted(QString::fromUtf8(body));
    return lines.join(QStringLiteral(" \\\n"));
}

} // namespace ui

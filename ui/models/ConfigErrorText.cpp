#include "models/ConfigErrorText.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QStringList>

namespace ui {

namespace {

// The loader's own wording (gateway/config/ConfigLoader.cpp) of the problems a form can cause.
bool isMissing(const QString& message)
{
    return message == QLatin1String("is required") ||
           message == QLatin1String("must be a non-empty string");
}

QString quoted(const QString& message)
{
    static const QRegularExpression inQuotes(QStringLiteral("\"([^\"]*)\""));
    return inQuotes.match(message).captured(1);
}

} // namespace

QString ConfigErrorText::describe(const QString& loaderError, const QJsonObject& document)
{
    QStringList lines;
    for (const QString& line : loaderError.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        lines << describeLine(line, document);
    return lines.join(QLatin1Char('\n'));
}

QString ConfigErrorText::describeLine(const QString& line, const QJsonObject& document)
{
    static const QRegularExpression path(QStringLiteral(
        R"(^(backends|models)\[(\d+)\](?:\.targets\[(\d+)\])?(?:\.([A-Za-z0-9_.\[\]]+))?: (.*)$)"));
    const QRegularExpressionMatch m = path.match(line);
    if (!m.hasMatch())
        return line;
    const bool isBackend = m.captured(1) == QLatin1String("backends");
    const QJsonObject item =
        document.value(m.captured(1)).toArray().at(m.captured(2).toInt()).toObject();
    const QString key = m.captured(4);
    const QString message = m.captured(5);

    QString subject;
    if (isBackend) {
        const QString name = item.value(QStringLiteral("name")).toString();
        subject = name.isEmpty() ? tr("A backend without a name") : tr("Backend \"%1\"").arg(name);
    } else {
        const QString alias = item.value(QStringLiteral("alias")).toString();
        subject = alias.isEmpty() ? tr("An alias without a name") : tr("Alias \"%1\"").arg(alias);
    }
    if (m.capturedLength(3) > 0) {
        const int index = m.captured(3).toInt();
        const QJsonObject target =
            item.value(QStringLiteral("targets")).toArray().at(index).toObject();
        const QString backend = target.value(QStringLiteral("backend")).toString();
        const QString model = target.value(QStringLiteral("model")).toString();
        const QString written = backend.isEmpty() || model.isEmpty()
                                    ? backend + model
                                    : backend + QLatin1Char('/') + model;
        subject = written.isEmpty()
                      ? tr("%1, target %2", "alias, target number").arg(subject).arg(index + 1)
                      : tr("%1, target %2 (%3)", "alias, target number, backend/model")
                            .arg(subject)
                            .arg(index + 1)
                            .arg(written);
    }

    QString problem;
    if (message.startsWith(QLatin1String("no backend is named")))
        problem = tr("no backend is named \"%1\"").arg(quoted(message));
    else if (message.startsWith(QLatin1String("duplicate backend")))
        problem = tr("another backend has this name too");
    else if (message.startsWith(QLatin1String("duplicate alias")))
        problem = tr("another alias has this name too");
    else if (message.startsWith(QLatin1String("must hold at least one target")))
        problem = tr("has no target: add one, or remove the alias");
    else if (key == QLatin1String("model") && isMissing(message))
        problem = tr("the upstream model is empty");
    else if (key == QLatin1String("backend") && isMissing(message))
        problem = tr("no backend is chosen");
    else if (key == QLatin1String("alias") && isMissing(message))
        problem = tr("the alias needs a name");
    else if (key == QLatin1String("name") && isMissing(message))
        problem = tr("the backend needs a name");
    else if (key == QLatin1String("name") && message.contains(QLatin1String("may hold only")))
        problem = tr("a name may hold only letters, digits, '.', '_' and '-'");
    else if (key == QLatin1String("baseUrl"))
        problem = tr("the base URL is not an http:// or https:// URL with a host");
    else if (key == QLatin1String("apiKey"))
        problem = tr("its API key cannot be read: %1").arg(message);
    else if (key.isEmpty())
        problem = message;
    else
        // A setting the forms do not edit (a mock model's timing, say): the file names it so.
        problem = tr("setting \"%1\": %2").arg(key, message);
    return tr("%1: %2.", "who, what is wrong").arg(subject, problem);
}

} // namespace ui

#include "models/ConfigErrorText.h"

#include "config/ConfigLoader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

// The loader's errors name key paths; the console's forms show them in words about backends
// and aliases, by name, and never show such a path.
class ConfigErrorTextTest : public QObject
{
    Q_OBJECT
private slots:
    void errorsAboutBackendsAndAliasesNameThemInWords()
    {
        // (No raw string literal here: moc does not read past one.)
        const QByteArray json =
            "{\"schemaVersion\": 1, \"backends\": ["
            "{\"name\": \"mock\", \"type\": \"mock\"}, {\"name\": \"mock\", \"type\": \"mock\"},"
            "{\"name\": \"a/b\", \"type\": \"mock\"},"
            "{\"name\": \"remote\", \"type\": \"openai-compatible\", \"baseUrl\": \"ftp://x\"}],"
            "\"models\": [{\"alias\": \"chat\", \"targets\": [{\"backend\": \"mock\", \"model\": "
            "\"m\"},"
            "{\"backend\": \"local\", \"model\": \"llama3\"}]},"
            "{\"alias\": \"empty\", \"targets\": []},"
            "{\"alias\": \"chat\", \"targets\": [{\"backend\": \"mock\", \"model\": \"\"}]}]}";
        const auto config = gateway::config::ConfigLoader().parse(json);
        QVERIFY(!config);
        const QJsonObject document = QJsonDocument::fromJson(json).object();
        const QStringList lines =
            ui::ConfigErrorText::describe(config.error(), document).split(QLatin1Char('\n'));
        const QStringList expected = {
            QStringLiteral("Backend \"mock\": another backend has this name too."),
            QStringLiteral("Backend \"a/b\": a name may hold only letters, digits, '.', '_' and "
                           "'-'."),
            QStringLiteral("Backend \"remote\": the base URL is not an http:// or https:// URL "
                           "with a host."),
            QStringLiteral("Alias \"chat\", target 2 (local/llama3): no backend is named "
                           "\"local\"."),
            QStringLiteral("Alias \"empty\": has no target: add one, or remove the alias."),
            QStringLiteral("Alias \"chat\": another alias has this name too."),
            QStringLiteral("Alias \"chat\", target 1 (mock): the upstream model is empty."),
        };
        for (const QString& e : expected)
            QVERIFY2(lines.contains(e), qPrintable(lines.join(QLatin1Char('\n'))));
        QCOMPARE(lines.size(), expected.size());
        for (const QString& line : lines)
            QVERIFY2(!line.contains(QLatin1Char('[')), qPrintable(line));
    }

    void errorsAboutOtherSettingsAreLeftAsTheyAre()
    {
        const QString error = QStringLiteral("server.listen: \"x\" is not HOST:PORT");
        QCOMPARE(ui::ConfigErrorText::describe(error, QJsonObject()), error);
    }
};

QTEST_MAIN(ConfigErrorTextTest)
#include "ConfigErrorTextTest.moc"

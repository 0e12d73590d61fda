#include "MainWindow.h"
#include "GatewayHost.h"
#include "support/TestHost.h"

#include <QLabel>
#include <QTemporaryDir>
#include <QtTest>

class MainWindowTest : public QObject
{
    Q_OBJECT
private slots:
    void titleAndGatewayState()
    {
        QTemporaryDir dir;
        const ui::GatewayHost::Options options = testHostOptions(dir.path());
        ui::GatewayHost host(options);
        QVERIFY2(host.start().ok(), qPrintable(host.lastError()));
        ui::MainWindow window(&host);
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Switchboard")));
        auto* state = window.findChild<QLabel*>(QStringLiteral("gatewayState"));
        QVERIFY(state);
        QVERIFY(state->text().contains(host.baseUrl()));
        host.stop();
        QVERIFY(state->text().contains(QStringLiteral("stopped")));
    }

    void editedConfigIsValidatedReloadedAndSaved()
    {
        QTemporaryDir dir;
        const ui::GatewayHost::Options options = testHostOptions(dir.path());
        ui::GatewayHost host(options);
        QVERIFY(host.start().ok());
        QJsonObject doc = host.configDocument();
        // A target naming a backend that does not exist is refused, and nothing changes.
        QJsonArray models = doc.value(QStringLiteral("models")).toArray();
        QJsonObject alias{
            {QStringLiteral("alias"), QStringLiteral("extra")},
            {QStringLiteral("targets"),
             QJsonArray{QJsonObject{{QStringLiteral("backend"), QStringLiteral("nope")},
                                    {QStringLiteral("model"), QStringLiteral("x")}}}}};
        models.append(alias);
        doc.insert(QStringLiteral("models"), models);
        const auto refused = host.applyConfig(doc);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().contains(QStringLiteral("models[2].targets[0].backend")));
        QVERIFY(!QFile::exists(host.configPath()));
        // Pointing it at the mock backend works: reloaded in the engine and written back.
        QJsonObject target{{QStringLiteral("backend"), QStringLiteral("mock")},
                           {QStringLiteral("model"), QStringLiteral("mock-fast")}};
        alias.insert(QStringLiteral("targets"), QJsonArray{target});
        models.replace(2, alias);
        doc.insert(QStringLiteral("models"), models);
        QVERIFY(host.applyConfig(doc).ok());
        QVERIFY(host.config().model(QStringLiteral("extra")) != nullptr);
        QFile saved(host.configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("\"extra\""));
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"

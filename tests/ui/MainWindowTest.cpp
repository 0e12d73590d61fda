#include "MainWindow.h"
#include "GatewayHost.h"
#include "support/TestHost.h"

#include "models/LogTableModel.h"
#include "pages/LogsPage.h"
#include "pages/ReplayPage.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
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

    void replayOnALogRowOpensItOnTheReplayPage()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY(host.start().ok());
        ui::MainWindow window(&host);
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(host.baseUrl() + QStringLiteral("/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = network.post(
            request, R"({"model":"mock-fast","messages":[{"role":"user","content":"replay me"}]})");
        QTRY_VERIFY(reply->isFinished());
        reply->deleteLater();

        QVERIFY(window.showPage(QStringLiteral("logs")));
        window.show();
        auto* logs = window.findChild<ui::LogsPage*>();
        auto* table = logs->findChild<QTableView*>();
        QTRY_COMPARE_WITH_TIMEOUT(logs->model()->rowCount(), 1, 5000);
        table->setCurrentIndex(logs->model()->index(0, 0));
        auto* replayButton = logs->findChild<QPushButton*>(QStringLiteral("replay"));
        QVERIFY(replayButton->isEnabled());
        replayButton->click();
        auto* replay = window.findChild<ui::ReplayPage*>();
        QCOMPARE(window.pages()->currentWidget(), replay);
        QTRY_COMPARE(replay->sourceRequestId(), logs->model()->rowAt(0).id);
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"

#include "MainWindow.h"
#include "Engine.h"
#include "GatewayHost.h"
#include "store/LogWriter.h"
#include "support/TestHost.h"

#include "models/LogTableModel.h"
#include "pages/LogsPage.h"
#include "pages/ReplayPage.h"

#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

namespace {
qint64 pageCount(const QString& dataDir)
{
    qint64 pages = 0;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("pages"));
        db.setDatabaseName(dataDir + QStringLiteral("/switchboard.sqlite"));
        db.open();
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("PRAGMA page_count")) && q.next())
            pages = q.value(0).toLongLong();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("pages"));
    return pages;
}

// A chat completion through the running gateway; true once it is answered with 200.
bool sendChat(ui::GatewayHost& host)
{
    QNetworkAccessManager network;
    QNetworkRequest request = host.gatewayRequest(QStringLiteral("/chat/completions"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply = network.post(
        request,
        QByteArray(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})"));
    const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10'000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return finished && status == 200;
}
} // namespace

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

    void aRequestLogThatCannotBeWrittenShowsAsDegradedWithItsReason()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY2(host.start().ok(), qPrintable(host.lastError()));
        ui::MainWindow window(&host);
        auto* state = window.findChild<QLabel*>(QStringLiteral("gatewayState"));
        QVERIFY(!state->property("degraded").toBool());
        gateway::store::LogWriter* log = host.engine()->logWriter();
        // A full disk: the file may not grow by one page. The first rows may still fit in the
        // last page; within a few, one does not.
        log->setMaxPageCount(pageCount(dir.path()));
        for (int i = 0; i < 100 && log->health().ok; ++i) {
            QVERIFY(sendChat(host));
            log->flush();
        }
        QVERIFY(!log->health().ok);
        QTRY_VERIFY(state->property("degraded").toBool());
        QVERIFY2(state->text().contains(
                     QStringLiteral("request log cannot be written: database or disk is full")),
                 qPrintable(state->text()));
        QVERIFY(state->text().contains(host.baseUrl()));
        // Space again: the next row goes in and the console says so.
        log->setMaxPageCount(0);
        QVERIFY(sendChat(host));
        log->flush();
        QTRY_VERIFY(!state->property("degraded").toBool());
        QVERIFY(state->text().contains(QStringLiteral("Gateway running at")));
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

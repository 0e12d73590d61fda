#include "Appearance.h"
#include "Engine.h"
#include "GatewayHost.h"
#include "MainWindow.h"
#include "governance/KeyStore.h"
#include "pages/DashboardPage.h"
#include "store/LogWriter.h"
#include "support/TestHost.h"
#include "widgets/ChartCard.h"
#include "widgets/EmptyState.h"
#include "widgets/SeriesColors.h"
#include "widgets/StatTile.h"

#include <QAbstractButton>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsTextItem>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStyle>
#include <QStyleFactory>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QToolTip>
#include <QTranslator>
#include <QValueAxis>
#include <QtTest>

#include <algorithm>
#include <cmath>

namespace {

QByteArray chatBody(const QString& model, bool stream)
{
    return QStringLiteral("{\"model\":\"%1\",\"stream\":%2,\"messages\":[{\"role\":\"user\","
                          "\"content\":\"hi\"}]}")
        .arg(model, stream ? QStringLiteral("true") : QStringLiteral("false"))
        .toUtf8();
}

double maxY(const QLineSeries* series)
{
    double y = 0;
    for (const QPointF& p : series->points())
        y = qMax(y, p.y());
    return y;
}

// Marks every string of the dashboard, to see that a language change reaches all of them.
class MarkingTranslator : public QTranslator
{
public:
    bool isEmpty() const override { return false; }
    QString translate(const char* context, const char* sourceText, const char* disambiguation,
                      int n) const override
    {
        Q_UNUSED(disambiguation);
        Q_UNUSED(n);
        if (QByteArray(context) != "ui::DashboardPage")
            return QString();
        return QStringLiteral("«") + QString::fromUtf8(sourceText) + QStringLiteral("»");
    }
};

// A fixed "now" for the log's writers and the page: nothing depends on when the test runs.
constexpr qint64 fixedNowMs = 1'790'000'000'000 - 1'790'000'000'000 % 60'000 + 30'000;

gateway::store::LogWriter::Options fixedClockWriter()
{
    gateway::store::LogWriter::Options options;
    options.clock = [] { return fixedNowMs; };
    return options;
}
} // namespace

class DashboardTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    QNetworkAccessManager m_network;

    QTemporaryDir m_config; // the console's QSettings (theme, language), away from the user's

    // Sends requests to the gateway (the shared one unless another is given) and waits for
    // every answer; returns their statuses.
    QList<int> send(const QList<QPair<QString, bool>>& requests, ui::GatewayHost* host = nullptr)
    {
        if (!host)
            host = m_host.get();
        QList<QNetworkReply*> replies;
        for (const auto& [model, stream] : requests) {
            QNetworkRequest request(QUrl(host->baseUrl() + QStringLiteral("/chat/completions")));
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QStringLiteral("application/json"));
            replies << m_network.post(request, chatBody(model, stream));
        }
        QList<int> statuses;
        for (QNetworkReply* reply : replies) {
            if (!reply->isFinished()) {
                QSignalSpy finished(reply, &QNetworkReply::finished);
                if (!finished.wait(10'000))
                    return {};
            }
            statuses << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
        }
        return statuses;
    }

    static QLineSeries* series(const ui::DashboardPage& page, const char* card, const QString& name)
    {
        auto* chart = page.findChild<ui::ChartCard*>(QString::fromLatin1(card));
        if (!chart)
            return nullptr;
        for (QLineSeries* s : chart->series())
            if (s->objectName() == name)
                return s;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        m_network.setProxy(QNetworkProxy::NoProxy);
        const ui::GatewayHost::Options options = testHostOptions(m_dir.path());
        m_host = std::make_unique<ui::GatewayHost>(options);
        QVERIFY2(m_host->start().ok(), qPrintable(m_host->lastError()));
    }

    void cleanupTestCase() { m_host.reset(); }

    void emptyGatewayShowsHowToSendAFirstRequestThenLiveCharts()
    {
        ui::DashboardPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* empty = page.findChild<ui::EmptyState*>(QStringLiteral("emptyState"));
        QVERIFY(empty);
        QVERIFY(page.isShowingEmptyState());
        QVERIFY(empty->isVisible());
        QCOMPARE(empty->title(), QStringLiteral("No requests yet"));
        QVERIFY(empty->command().contains(m_host->baseUrl() + QStringLiteral("/chat/completions")));
        QVERIFY(empty->command().contains(QStringLiteral("\"model\":\"mock-fast\"")));
        QVERIFY(!page.findChild<QWidget*>(QStringLiteral("charts"))->isVisible());

        const QList<int> statuses = send({{QStringLiteral("mock-fast"), false},
                                          {QStringLiteral("mock-fast"), false},
                                          {QStringLiteral("mock-smart"), true},
                                          {QStringLiteral("no-such-model"), false}});
        QCOMPARE(statuses, (QList<int>{200, 200, 200, 404}));

        // The next sample (within a second) shows them.
        QTRY_VERIFY(!page.isShowingEmptyState());
        QVERIFY(!empty->isVisible());
        QVERIFY(page.findChild<QWidget*>(QStringLiteral("charts"))->isVisible());
        QLineSeries* ok = series(page, "requestsChart", QStringLiteral("requests2xx"));
        QVERIFY(ok);
        QTRY_VERIFY(maxY(ok) > 0);
        QTRY_COMPARE(page.findChild<ui::StatTile*>(QStringLiteral("requestsTile"))->value(),
                     QStringLiteral("4"));
        QVERIFY(maxY(series(page, "requestsChart", QStringLiteral("requests4xx"))) > 0);
        QCOMPARE(maxY(series(page, "requestsChart", QStringLiteral("requests5xx"))), 0.0);
        QVERIFY(maxY(series(page, "errorRateChart", QStringLiteral("errorRate"))) > 0);
        QVERIFY(maxY(series(page, "latencyChart", QStringLiteral("latencyP95"))) > 0);
        QVERIFY(maxY(series(page, "latencyChart", QStringLiteral("ttftP50"))) > 0); // the stream
        QVERIFY(maxY(series(page, "tokensChart", QStringLiteral("tokens:mock-fast"))) > 0);
        QVERIFY(maxY(series(page, "tokensChart", QStringLiteral("tokens:mock-smart"))) > 0);
        QCOMPARE(page.findChild<ui::StatTile*>(QStringLiteral("errorRateTile"))->value(),
                 QStringLiteral("25.0 %"));
    }

    void longRangesComeFromTheRequestLog()
    {
        ui::DashboardPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        // The previous test's four requests are in the log once the writer has flushed.
        m_host->engine()->logWriter()->flush();
        QSignalSpy updated(&page, &ui::DashboardPage::updated);
        page.setRange(ui::DashboardPage::Range::SevenDays);
        QTRY_VERIFY(updated.count() > 0); // read off the GUI thread, drawn on it
        QVERIFY(!page.isShowingEmptyState());
        QCOMPARE(page.findChild<ui::StatTile*>(QStringLiteral("requestsTile"))->value(),
                 QStringLiteral("4"));
        QLineSeries* ok = series(page, "requestsChart", QStringLiteral("requests2xx"));
        QVERIFY(ok->count() > 0 && ok->count() <= 300);
        QVERIFY(maxY(ok) > 0);
        // The range's buttons follow the range.
        QVERIFY(page.findChild<QAbstractButton*>(QStringLiteral("range5"))->isChecked());
    }

    void afterARestartTheLiveRangeShowsTheLastMinutesFromTheLog()
    {
        QTemporaryDir dir;
        {
            gateway::store::LogWriter writer;
            QVERIFY(writer.start(dir.path()).ok());
            // The wall clock: the gateway that starts below prunes the log by it.
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (int i = 0; i < 30; ++i) {
                gateway::store::LogRecord r;
                r.timeMs = now - 120'000 + i * 1000; // two minutes ago, before this "restart"
                r.traceId = QByteArray::number(i);
                r.endpoint = QStringLiteral("chat.completions");
                r.model = QStringLiteral("mock-fast");
                r.status = 200;
                r.latencyMs = 50;
                writer.push(std::move(r));
            }
            writer.flush();
        }
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY(host.start().ok());
        ui::DashboardPage page(&host);
        page.show();
        QCOMPARE(page.range(), ui::DashboardPage::Range::FiveMinutes);
        QTRY_VERIFY_WITH_TIMEOUT(!page.isShowingEmptyState(), 5000);
    }

    void aStoppedGatewaySaysSo()
    {
        QTemporaryDir dir;
        const ui::GatewayHost::Options options = testHostOptions(dir.path());
        ui::GatewayHost host(options);
        QVERIFY(host.start().ok());
        ui::DashboardPage page(&host);
        page.show();
        auto* empty = page.findChild<ui::EmptyState*>(QStringLiteral("emptyState"));
        host.stop();
        QVERIFY(page.isShowingEmptyState());
        QCOMPARE(empty->title(), QStringLiteral("The gateway is stopped"));
        QVERIFY(empty->command().isEmpty());
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("dashboardStatus"))
                    ->text()
                    .contains(QStringLiteral("stopped")));
        QVERIFY(host.start().ok());
        QTRY_COMPARE(empty->title(), QStringLiteral("No requests yet"));
        QVERIFY(empty->command().contains(host.baseUrl()));
    }

    void theFirstRequestsCommandCarriesAKeyOnceKeysExist()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY(host.start().ok());
        ui::DashboardPage page(&host);
        page.show();
        auto* empty = page.findChild<ui::EmptyState*>(QStringLiteral("emptyState"));
        QTRY_VERIFY(host.runsOpen());
        QVERIFY(!empty->command().contains(QStringLiteral("Authorization")));
        auto store = gateway::governance::KeyStore::open(host.dataDir());
        QVERIFY(store.ok());
        gateway::governance::KeySpec spec;
        spec.name = QStringLiteral("first");
        QVERIFY(store.value()->create(spec, QDateTime::currentMSecsSinceEpoch()).ok());
        // The engine sees the key within a second; the command follows.
        QTRY_VERIFY_WITH_TIMEOUT(
            empty->command().contains(QStringLiteral("Authorization: Bearer $SWITCHBOARD_KEY")),
            5000);
    }

    void chartsFollowThePaletteAndTheLanguage()
    {
        ui::DashboardPage page(m_host.get());
        page.show();
        auto* card = page.findChild<ui::ChartCard*>(QStringLiteral("latencyChart"));
        const QPalette light = QApplication::palette();
        const QPalette dark = ui::Appearance::darkPalette();
        // Qt delivers palette and language changes to widgets through the event loop.
        QApplication::setPalette(dark);
        QTRY_COMPARE(card->chart()->theme(), QChart::ChartThemeDark);
        QCOMPARE(card->valueAxis()->labelsBrush().color(), dark.color(QPalette::Text));
        QCOMPARE(card->chart()->backgroundBrush().color(), dark.color(QPalette::Base));
        QCOMPARE(card->chart()->legend()->labelColor(), dark.color(QPalette::Text));
        QApplication::setPalette(light);
        QTRY_COMPARE(card->chart()->theme(), QChart::ChartThemeLight);
        QCOMPARE(card->valueAxis()->labelsBrush().color(), light.color(QPalette::Text));

        MarkingTranslator translator;
        QCoreApplication::installTranslator(&translator);
        QTRY_VERIFY(card->title().startsWith(QStringLiteral("«")));
        QVERIFY(page.findChild<QAbstractButton*>(QStringLiteral("range5"))
                    ->text()
                    .startsWith(QStringLiteral("«")));
        QVERIFY(page.findChild<ui::StatTile*>(QStringLiteral("requestsTile"))
                    ->findChild<QLabel*>(QStringLiteral("caption"))
                    ->text()
                    .startsWith(QStringLiteral("«")));
        QCoreApplication::removeTranslator(&translator);
        QTRY_VERIFY(!card->title().startsWith(QStringLiteral("«")));
    }

    // A request that a fallback target served after the first target refused the connection:
    // the "Upstream errors and fallbacks" tile counts both, live and from the request log, and
    // every tile says which time it covers.
    void failoverShowsAsUpstreamErrorsAndFallbacksAndTilesSayTheirPeriod()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY(host.start().ok());
        QTcpServer closed; // a port that refuses connections
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        QJsonObject doc = host.configDocument();
        QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
        backends.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("dead")},
            {QStringLiteral("type"), QStringLiteral("openai-compatible")},
            {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort)}});
        doc.insert(QStringLiteral("backends"), backends);
        QJsonArray models = doc.value(QStringLiteral("models")).toArray();
        models.append(QJsonObject{
            {QStringLiteral("alias"), QStringLiteral("with-spare")},
            {QStringLiteral("targets"),
             QJsonArray{QJsonObject{{QStringLiteral("backend"), QStringLiteral("dead")},
                                    {QStringLiteral("model"), QStringLiteral("x")}},
                        QJsonObject{{QStringLiteral("backend"), QStringLiteral("mock")},
                                    {QStringLiteral("model"), QStringLiteral("mock-fast")}}}}});
        doc.insert(QStringLiteral("models"), models);
        QVERIFY(host.applyConfig(doc).ok());

        ui::DashboardPage page(&host);
        page.resize(1100, 770);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(send({{QStringLiteral("with-spare"), false},
                       {QStringLiteral("with-spare"), false},
                       {QStringLiteral("mock-fast"), false}},
                      &host),
                 (QList<int>{200, 200, 200}));
        auto* upstream = page.findChild<ui::StatTile*>(QStringLiteral("upstreamTile"));
        QVERIFY(upstream);
        QTRY_COMPARE(upstream->value(), QStringLiteral("2 / 2"));
        // The page started sampling moments ago: its live totals cover less than 5 minutes.
        auto* requests = page.findChild<ui::StatTile*>(QStringLiteral("requestsTile"));
        QVERIFY2(requests->period().startsWith(QStringLiteral("since ")),
                 qPrintable(requests->period()));
        QCOMPARE(upstream->period(), requests->period());

        host.engine()->logWriter()->flush();
        QSignalSpy updated(&page, &ui::DashboardPage::updated);
        page.setRange(ui::DashboardPage::Range::OneDay);
        QTRY_VERIFY(updated.count() > 0);
        QCOMPARE(upstream->value(), QStringLiteral("2 / 2"));
        QCOMPARE(requests->period(), QStringLiteral("last 24 h"));
        QCOMPARE(upstream->period(), QStringLiteral("last 24 h"));
    }

    // A caption or period longer than the tile is cut with "…" (the whole text in its tooltip);
    // the tile never asks for the width of it.
    void tilesCutLongTextsInsteadOfWideningThePage()
    {
        QWidget row;
        auto* layout = new QHBoxLayout(&row);
        auto* tile = new ui::StatTile;
        layout->addWidget(tile);
        const QString caption = QStringLiteral("A caption far longer than any tile is wide, in "
                                               "a language with long words");
        tile->setCaption(caption);
        tile->setPeriod(QStringLiteral("since a time long ago, told at length"));
        tile->setValue(QStringLiteral("42"));
        row.resize(160, 100);
        row.show();
        QVERIFY(QTest::qWaitForWindowExposed(&row));
        QVERIFY(row.minimumSizeHint().width() < 160);
        auto* label = tile->findChild<QLabel*>(QStringLiteral("caption"));
        QVERIFY2(label->text().endsWith(QStringLiteral("…")), qPrintable(label->text()));
        QCOMPARE(label->toolTip(), caption);
        QCOMPARE(tile->caption(), caption);
        QVERIFY(tile->findChild<QLabel*>(QStringLiteral("period"))->text().endsWith(u'…'));
        // With room, the whole text and no tooltip.
        row.resize(tile->sizeHint().width() + 40, 100);
        QTRY_COMPARE(label->text(), caption);
        QVERIFY(label->toolTip().isEmpty());
    }

    // On a narrow page the tiles go into two rows of three instead of cutting their captions
    // to "Requ…"; where there is room, one row.
    void tilesTakeTwoRowsWhereOneWouldCutThem()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY(host.start().ok());
        ui::DashboardPage page(&host);
        const auto tile = [&page](const char* name) {
            return page.findChild<ui::StatTile*>(QLatin1String(name));
        };
        page.resize(1600, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(send({{QStringLiteral("mock-fast"), false}}, &host), (QList<int>{200}));
        QTRY_VERIFY(!page.isShowingEmptyState()); // the tiles show once there is traffic
        QTRY_COMPARE(tile("latencyTile")->y(), tile("requestsTile")->y());
        page.resize(780, 700);
        QTRY_VERIFY(tile("latencyTile")->y() > tile("requestsTile")->y());
        for (const char* name : {"requestsTile", "errorRateTile", "upstreamTile", "latencyTile",
                                 "ttftTile", "tokensTile"}) {
            auto* caption = tile(name)->findChild<QLabel*>(QStringLiteral("caption"));
            QTRY_VERIFY2(!caption->text().endsWith(u'…'), qPrintable(caption->text()));
        }
        page.resize(1600, 700);
        QTRY_COMPARE(tile("latencyTile")->y(), tile("requestsTile")->y());
    }

    // Hovering a chart shows every line's value at the sample time under the mouse.
    void hoveringAChartShowsEveryLineAtThatTime()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY(host.start().ok());
        ui::DashboardPage page(&host);
        page.resize(1100, 770);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(send({{QStringLiteral("mock-fast"), false},
                       {QStringLiteral("mock-fast"), false},
                       {QStringLiteral("no-such-model"), false}},
                      &host),
                 (QList<int>{200, 200, 404}));
        QLineSeries* ok = series(page, "requestsChart", QStringLiteral("requests2xx"));
        QTRY_VERIFY(maxY(ok) > 0);
        const QList<QPointF> points = ok->points();
        const QPointF busiest =
            *std::max_element(points.cbegin(), points.cend(),
                              [](const QPointF& a, const QPointF& b) { return a.y() < b.y(); });
        auto* card = page.findChild<ui::ChartCard*>(QStringLiteral("requestsChart"));
        // Just off the sample: the nearest one is shown.
        const QString text = card->hoverText(busiest.x() + 200);
        const QString time = QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(busiest.x())),
                                                QStringLiteral("HH:mm:ss"));
        QVERIFY2(text.startsWith(QStringLiteral("<b>%1</b>").arg(time)), qPrintable(text));
        const QStringList lines = text.split(QStringLiteral("<br>"));
        QCOMPARE(lines.size(), 4); // the time, then 2xx, 4xx and 5xx
        for (int i = 0; i < 3; ++i) {
            QLineSeries* line = card->series().at(i);
            QVERIFY2(lines.at(i + 1).contains(
                         QStringLiteral("color:%1").arg(line->pen().color().name())),
                     qPrintable(lines.at(i + 1)));
            QVERIFY(lines.at(i + 1).contains(line->name() + QStringLiteral(": ")));
        }
        const int decimals = busiest.y() < 1 ? 3 : busiest.y() < 10 ? 2 : 1;
        QVERIFY2(lines.at(1).endsWith(
                     QStringLiteral("%1/s").arg(QLocale().toString(busiest.y(), 'f', decimals))),
                 qPrintable(lines.at(1)));
        QVERIFY(lines.at(3).endsWith(QStringLiteral(": 0.000/s")));
        // Latency: milliseconds, as the tiles say them.
        auto* latency = page.findChild<ui::ChartCard*>(QStringLiteral("latencyChart"));
        QVERIFY2(latency->hoverText(busiest.x()).contains(QStringLiteral(" ms")),
                 qPrintable(latency->hoverText(busiest.x())));

        // The mouse over the plot shows it as a tooltip.
        auto* view = card->findChild<QChartView*>();
        const QPoint inPlot =
            view->mapFromScene(card->chart()->mapToScene(card->chart()->plotArea().center()));
        QTest::mouseMove(view->viewport(), inPlot);
        QTRY_VERIFY(QToolTip::isVisible());
        QVERIFY2(QToolTip::text().contains(QStringLiteral("2xx: ")), qPrintable(QToolTip::text()));
        QToolTip::hideText();
    }

    // A model's line keeps its colour whatever other models are on the chart, in every range.
    void eachModelKeepsTheColourOfItsName()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY(host.start().ok());
        ui::DashboardPage page(&host);
        page.show();
        QCOMPARE(send({{QStringLiteral("mock-smart"), false}}, &host), (QList<int>{200}));
        QTRY_VERIFY(series(page, "tokensChart", QStringLiteral("tokens:mock-smart")));
        QCOMPARE(send({{QStringLiteral("mock-fast"), false}}, &host), (QList<int>{200}));
        QTRY_VERIFY(series(page, "tokensChart", QStringLiteral("tokens:mock-fast")));
        const auto colourOf = [&](const QString& model) {
            return series(page, "tokensChart", QStringLiteral("tokens:") + model)->pen().color();
        };
        for (const QString& model : {QStringLiteral("mock-fast"), QStringLiteral("mock-smart")})
            QCOMPARE(colourOf(model), ui::SeriesColors::forName(model));
        // From the request log, where they come in another order.
        host.engine()->logWriter()->flush();
        QSignalSpy updated(&page, &ui::DashboardPage::updated);
        page.setRange(ui::DashboardPage::Range::SevenDays);
        QTRY_VERIFY(updated.count() > 0);
        for (const QString& model : {QStringLiteral("mock-fast"), QStringLiteral("mock-smart")})
            QCOMPARE(colourOf(model), ui::SeriesColors::forName(model));
        // And in the dark theme: the palette's colours read on both, so none is lightened.
        const QPalette light = QApplication::palette();
        QApplication::setPalette(ui::Appearance::darkPalette());
        for (const QString& model : {QStringLiteral("mock-fast"), QStringLiteral("mock-smart")})
            QCOMPARE(colourOf(model), ui::SeriesColors::forName(model));
        QApplication::setPalette(light);
    }

    // Switched to German while the page is open: tiles, axes and tooltips use the German decimal
    // and group separators, and the texts are translated.
    void aLanguageSwitchAtRunTimeReachesNumbersAndTexts()
    {
        QTemporaryDir dir;
        {
            gateway::store::LogWriter writer(fixedClockWriter());
            QVERIFY(writer.start(dir.path()).ok());
            const qint64 now = fixedNowMs;
            for (int i = 0; i < 3; ++i) {
                gateway::store::LogRecord r;
                r.timeMs = now - 600'000 + i * 1000;
                r.traceId = QByteArray::number(i);
                r.endpoint = QStringLiteral("chat.completions");
                r.model = QStringLiteral("mock-fast");
                r.status = i == 0 ? 500 : 200;
                r.latencyMs = 1500;
                r.promptTokens = 1000;
                r.completionTokens = 234;
                writer.push(std::move(r));
            }
            writer.flush();
        }
        ui::GatewayHost::Options options;
        options.dataDir = dir.path();
        ui::GatewayHost stopped(options);
        ui::DashboardPage page(&stopped);
        page.setClock([] { return fixedNowMs; });
        page.resize(1100, 770);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QSignalSpy updated(&page, &ui::DashboardPage::updated);
        page.setRange(ui::DashboardPage::Range::OneHour);
        QTRY_VERIFY(updated.count() > 0);
        auto* errors = page.findChild<ui::StatTile*>(QStringLiteral("errorRateTile"));
        auto* tokens = page.findChild<ui::StatTile*>(QStringLiteral("tokensTile"));
        QCOMPARE(errors->value(), QStringLiteral("33.3 %"));
        QCOMPARE(tokens->value(), QStringLiteral("3,702"));

        ui::Appearance appearance;
        QSignalSpy header(&page, &ui::Page::headerChanged);
        QVERIFY(appearance.setLanguage(QStringLiteral("de")));
        QTRY_COMPARE(page.findChild<ui::StatTile*>(QStringLiteral("requestsTile"))->caption(),
                     QStringLiteral("Anfragen"));
        QVERIFY(header.count() > 0);
        QTRY_COMPARE(errors->value(), QStringLiteral("33,3 %"));
        QCOMPARE(tokens->value(), QStringLiteral("3.702"));
        auto* card = page.findChild<ui::ChartCard*>(QStringLiteral("requestsChart"));
        QCOMPARE(card->title(), QStringLiteral("Anfragen pro Sekunde nach Status"));
        // The value axis: three requests an hour are a fraction of one per second.
        const auto axisLabels = [card] {
            QStringList labels;
            for (QGraphicsItem* item : card->chart()->scene()->items())
                if (auto* label = dynamic_cast<QGraphicsTextItem*>(item))
                    labels << label->toPlainText();
            return labels;
        };
        const QRegularExpression germanDecimal(QStringLiteral("^\\d+,\\d+$"));
        const QRegularExpression englishDecimal(QStringLiteral("^\\d+\\.\\d+$"));
        QTRY_VERIFY2(!axisLabels().filter(germanDecimal).isEmpty(),
                     qPrintable(axisLabels().join(u'|')));
        QVERIFY2(axisLabels().filter(englishDecimal).isEmpty(),
                 qPrintable(axisLabels().join(u'|')));
        // The tooltip too.
        const QList<QPointF> points =
            series(page, "requestsChart", QStringLiteral("requests2xx"))->points();
        const auto busy = std::find_if(points.cbegin(), points.cend(),
                                       [](const QPointF& p) { return p.y() > 0; });
        QVERIFY(busy != points.cend());
        QVERIFY2(card->hoverText(busy->x()).contains(QStringLiteral("2xx: 0,0")),
                 qPrintable(card->hoverText(busy->x())));

        QVERIFY(appearance.setLanguage(QStringLiteral("en")));
        QTRY_COMPARE(errors->value(), QStringLiteral("33.3 %"));
    }

    // SWITCHBOARD_SCREENSHOTS=DIR saves the page with traffic, light and dark, at the size it has
    // in a 1280x800 window: for looking at, not asserting.
    void screenshots()
    {
        const QString out = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
        if (out.isEmpty())
            QSKIP("set SWITCHBOARD_SCREENSHOTS=DIR to save screenshots");
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        ui::DashboardPage page(m_host.get());
        page.resize(1100, 775);
        page.show();
        ui::MainWindow window(m_host.get());
        window.show();
        QVERIFY(window.showPage(QStringLiteral("dashboard")));
        for (int second = 0; second < 20; ++second) {
            QList<QPair<QString, bool>> burst;
            for (int i = 0; i < 3 + second % 5; ++i)
                burst << qMakePair(QStringLiteral("mock-fast"), false);
            burst << qMakePair(QStringLiteral("mock-smart"), true);
            if (second % 4 == 0)
                burst << qMakePair(QStringLiteral("gpt-unknown"), false);
            send(burst);
            QTest::qWait(1000); // real traffic over real seconds: this is what is looked at
        }
        QApplication::setPalette(QApplication::style()->standardPalette());
        QTest::qWait(1100);
        QVERIFY(page.grab().save(out + QStringLiteral("/dashboard-light.png")));
        // The whole window at its default 1280x800, as the console opens.
        QVERIFY(window.grab().save(out + QStringLiteral("/dashboard-window.png")));
        window.hide();
        QApplication::setPalette(ui::Appearance::darkPalette());
        QTest::qWait(1100);
        QVERIFY(page.grab().save(out + QStringLiteral("/dashboard-dark.png")));
        page.setRange(ui::DashboardPage::Range::OneHour);
        m_host->engine()->logWriter()->flush();
        QTest::qWait(500);
        QVERIFY(page.grab().save(out + QStringLiteral("/dashboard-dark-1h.png")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        {
            // A week of made-up traffic with a daily rhythm, seen with the gateway stopped.
            QTemporaryDir week;
            gateway::store::LogWriter writer(fixedClockWriter());
            QVERIFY(writer.start(week.path()).ok());
            const qint64 now = fixedNowMs;
            int trace = 0;
            for (qint64 t = now - 7 * 86'400'000LL; t < now; t += 600'000) {
                const double hour = double((t / 3'600'000) % 24);
                const int n = 5 + int(20 * (1 + std::sin((hour - 9) / 24 * 2 * M_PI)));
                for (int i = 0; i < n; ++i) {
                    gateway::store::LogRecord r;
                    r.timeMs = t + i * 1000;
                    r.traceId = QByteArray::number(++trace);
                    r.endpoint = QStringLiteral("chat.completions");
                    r.model = i % 3 ? QStringLiteral("mock-fast") : QStringLiteral("mock-smart");
                    r.status = i % 17 == 0 ? 502 : i % 11 == 0 ? 429 : 200;
                    r.latencyMs = r.model == QStringLiteral("mock-fast") ? 80 + i : 1200 + 10 * i;
                    r.ttftMs = i % 2 ? 30 + i : -1;
                    r.promptTokens = 20;
                    r.completionTokens = r.status == 200 ? 40 : 0;
                    writer.push(std::move(r));
                }
            }
            writer.flush();
            ui::GatewayHost::Options options;
            options.dataDir = week.path();
            ui::GatewayHost stopped(options);
            ui::DashboardPage weekPage(&stopped);
            weekPage.setClock([] { return fixedNowMs; });
            weekPage.resize(1100, 775);
            weekPage.show();
            QSignalSpy updated(&weekPage, &ui::DashboardPage::updated);
            weekPage.setRange(ui::DashboardPage::Range::SevenDays);
            QTRY_VERIFY(updated.count() > 0);
            QVERIFY(!weekPage.isShowingEmptyState());
            QVERIFY(weekPage.grab().save(out + QStringLiteral("/dashboard-7d-stopped.png")));
        }
        QTemporaryDir fresh;
        const ui::GatewayHost::Options options = testHostOptions(fresh.path());
        ui::GatewayHost idle(options);
        QVERIFY(idle.start().ok());
        ui::DashboardPage emptyPage(&idle);
        emptyPage.resize(1100, 775);
        emptyPage.show();
        QTest::qWait(200);
        QVERIFY(emptyPage.grab().save(out + QStringLiteral("/dashboard-empty.png")));
    }
};

QTEST_MAIN(DashboardTest)
#include "DashboardTest.moc"

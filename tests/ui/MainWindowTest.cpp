#include "MainWindow.h"
#include "Engine.h"
#include "GatewayHost.h"
#include "store/LogWriter.h"
#include "support/TestHost.h"
#include "support/TestRequests.h"

#include "dialogs/AboutDialog.h"
#include "dialogs/ReadmeWindow.h"
#include "models/LogTableModel.h"
#include "pages/LogsPage.h"
#include "pages/ReplayPage.h"
#include "widgets/NavigationRail.h"
#include "widgets/PageHeader.h"
#include "widgets/StatusPill.h"

#include <QAction>
#include <QClipboard>
#include <QLabel>
#include <QLayout>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QToolButton>
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

// A page of the tests' own: it counts refreshes and can refuse to be left.
class ProbePage : public ui::Page
{
public:
    QString purpose() const override { return QStringLiteral("A page for the tests."); }
    QAction* mainAction() const override { return m_action; }
    void refresh() override { ++refreshes; }
    bool confirmLeave() override { return mayLeave; }
    void announce(const QString& text) { emit transientMessage(text); }

    int refreshes = 0;
    bool mayLeave = true;
    QAction* m_action = new QAction(QStringLiteral("Do the thing"), this);
};

// The test's page, added after the console's own (Ctrl+9).
ProbePage* addProbe(ui::MainWindow& window)
{
    auto* probe = new ProbePage;
    window.addPage(probe, "Probe", QStringLiteral("probe"), QStringLiteral("page-logs"));
    return probe;
}

// A gateway on a data dir of its own, for a window to show.
struct RunningHost
{
    QTemporaryDir dir;
    ui::GatewayHost host{testHostOptions(dir.path())};
    bool start() { return host.start().ok(); }
};

QAction* actionNamed(QWidget& window, const QString& name)
{
    return window.findChild<QAction*>(name);
}
} // namespace

class MainWindowTest : public QObject
{
    Q_OBJECT
private slots:
    void init() { QSettings(QStringLiteral("switchboard"), QStringLiteral("console")).clear(); }

    void titleAndGatewayState()
    {
        QTemporaryDir dir;
        const ui::GatewayHost::Options options = testHostOptions(dir.path());
        ui::GatewayHost host(options);
        QVERIFY2(host.start().ok(), qPrintable(host.lastError()));
        ui::MainWindow window(&host);
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("Switchboard")));
        ui::StatusPill* pill = window.statusPill();
        QCOMPARE(pill->state(), ui::StatusPill::State::Running);
        QCOMPARE(pill->text(), QStringLiteral("Running · %1").arg(host.baseUrl()));
        QCOMPARE(pill->startStopButton()->text(), QStringLiteral("Stop"));
        pill->copyButton()->click();
        QCOMPARE(QApplication::clipboard()->text(), host.baseUrl());
        host.stop();
        QCOMPARE(pill->state(), ui::StatusPill::State::Stopped);
        QCOMPARE(pill->text(), QStringLiteral("Stopped"));
        QVERIFY(!pill->copyButton()->isVisible());
        pill->startStopButton()->click();
        QVERIFY(host.isRunning());
        QCOMPARE(pill->state(), ui::StatusPill::State::Running);
    }

    void stopAsksFirstWhileRequestsAreInFlight()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
        ui::MainWindow window(&host);
        ui::StatusPill* pill = window.statusPill();
        int asked = 0;
        bool answer = false;
        int inFlight = 3;
        pill->setInFlightCounter([&] { return inFlight; });
        pill->setConfirmStop([&](int count) {
            ++asked;
            return count == 3 && answer;
        });
        pill->startStopButton()->click(); // "Cancel"
        QCOMPARE(asked, 1);
        QVERIFY(host.isRunning());
        answer = true;
        pill->startStopButton()->click(); // "Yes"
        QCOMPARE(asked, 2);
        QVERIFY(!host.isRunning());
        // Nothing in flight: no question.
        inFlight = 0;
        pill->startStopButton()->click();
        QVERIFY(host.isRunning());
        pill->startStopButton()->click();
        QCOMPARE(asked, 2);
        QVERIFY(!host.isRunning());
    }

    void aGatewayThatCannotStartShowsRedWithItsReason()
    {
        QTemporaryDir dir;
        ui::GatewayHost first(testHostOptions(dir.path()));
        QVERIFY(first.start().ok());
        // The same port again: the listener fails.
        QTemporaryDir other;
        ui::GatewayHost::Options options = testHostOptions(other.path());
        options.listenOverride = QStringLiteral("127.0.0.1:%1").arg(QUrl(first.baseUrl()).port());
        ui::GatewayHost second(options);
        QVERIFY(!second.start().ok());
        ui::MainWindow window(&second);
        QCOMPARE(window.statusPill()->state(), ui::StatusPill::State::Failed);
        QVERIFY2(window.statusPill()->text().contains(second.lastError()),
                 qPrintable(window.statusPill()->text()));
        QCOMPARE(window.statusPill()->startStopButton()->text(), QStringLiteral("Start"));
    }

    void headerShowsTheCurrentPagesTitlePurposeAndMainAction()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
        ui::MainWindow window(&host);
        QCOMPARE(window.header()->title(), QStringLiteral("Dashboard"));
        QVERIFY(!window.header()->purpose().isEmpty());
        ProbePage* probe = addProbe(window);
        QVERIFY(window.showPage(QStringLiteral("probe")));
        QCOMPARE(window.header()->title(), QStringLiteral("Probe"));
        QCOMPARE(window.header()->purpose(), probe->purpose());
        QCOMPARE(window.header()->actionButton()->defaultAction(), probe->mainAction());
        QCOMPARE(window.navigation()->currentIndex(), window.pages().indexOf(probe));
        // Every page of the console has a purpose line, and the same outer margin (none).
        for (ui::Page* page : window.pages()) {
            if (page == probe)
                continue; // the test's own, without a layout
            QVERIFY2(!page->purpose().isEmpty(), qPrintable(page->objectName()));
            QCOMPARE(page->layout()->contentsMargins(), QMargins());
        }
    }

    void keyboardShortcutsReachEveryPageRefreshAndQuit()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
        ui::MainWindow window(&host);
        ProbePage* probe = addProbe(window);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const QStringList order{
            QStringLiteral("dashboard"), QStringLiteral("logs"),     QStringLiteral("usage"),
            QStringLiteral("replay"),    QStringLiteral("backends"), QStringLiteral("models"),
            QStringLiteral("keys"),      QStringLiteral("settings"), QStringLiteral("probe")};
        for (int i = order.size() - 1; i >= 0; --i) {
            QTest::keyClick(&window, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
            QCOMPARE(window.currentPage()->objectName(), order.at(i));
        }
        QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
        QCOMPARE(window.currentPage()->objectName(), QStringLiteral("settings"));
        QTest::keyClick(&window, Qt::Key_9, Qt::ControlModifier);
        QCOMPARE(window.currentPage(), probe);
        QTest::keyClick(&window, Qt::Key_F5);
        QCOMPARE(probe->refreshes, 1);
        // The shortcuts are in the navigation's tooltips and in the menu.
        auto* list = window.navigation()->findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY2(list->item(1)->toolTip().contains(QStringLiteral("Ctrl+2")),
                 qPrintable(list->item(1)->toolTip()));
        QCOMPARE(actionNamed(window, QStringLiteral("quit"))->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::Key_Q));
        // Ctrl+E: the Logs page comes forward and asks where to export (the dialog is closed
        // again as soon as it shows), from another page and from the Logs page itself.
        for (int i = 0; i < 2; ++i) {
            window.activateWindow(); // back from the dialog
            QVERIFY(QTest::qWaitForWindowActive(&window));
            bool asked = false;
            QTimer::singleShot(0, &window, [&asked] {
                if (QWidget* dialog = QApplication::activeModalWidget()) {
                    asked = true;
                    dialog->close();
                }
            });
            QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
            QCOMPARE(window.currentPage()->objectName(), QStringLiteral("logs"));
            QTRY_VERIFY(asked);
        }
        // Ctrl+Q ends the event loop with 0.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTimer::singleShot(0, &window,
                           [&window] { QTest::keyClick(&window, Qt::Key_Q, Qt::ControlModifier); });
        QTimer::singleShot(10'000, qApp, [] { QCoreApplication::exit(99); }); // a guard only
        QCOMPARE(QApplication::exec(), 0);
    }

    void tabGoesFromTheNavigationThroughThePageToTheStatus()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
        ui::MainWindow window(&host);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        for (const QString& name :
             {QStringLiteral("dashboard"), QStringLiteral("logs"), QStringLiteral("usage"),
              QStringLiteral("backends"), QStringLiteral("models")}) {
            QVERIFY(window.showPage(name));
            window.navigation()->focusTarget()->setFocus();
            QVERIFY(window.navigation()->focusTarget()->hasFocus());
            // Tab on until the status pill has the focus: the page's widgets come first, and
            // no table keeps the focus to itself.
            bool pageReached = false;
            bool statusReached = false;
            for (int i = 0; i < 60 && !statusReached; ++i) {
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
                QWidget* focus = QApplication::focusWidget();
                QVERIFY(focus);
                pageReached = pageReached || window.currentPage()->isAncestorOf(focus);
                statusReached = window.statusPill()->isAncestorOf(focus);
                QVERIFY2(!statusReached || pageReached, qPrintable(name));
            }
            QVERIFY2(statusReached, qPrintable(name));
        }
    }

    void aPageWithUnappliedEditsKeepsTheWindow()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
        ui::MainWindow window(&host);
        ProbePage* probe = addProbe(window);
        QVERIFY(window.showPage(QStringLiteral("probe")));
        probe->mayLeave = false;
        QVERIFY(!window.showPage(QStringLiteral("logs")));
        QCOMPARE(window.currentPage(), probe);
        // A click in the navigation is refused the same way, and the selection goes back.
        auto* list = window.navigation()->findChild<QListWidget*>(QStringLiteral("navigation"));
        list->setCurrentRow(0);
        QCOMPARE(window.currentPage(), probe);
        QCOMPARE(window.navigation()->currentIndex(), window.pages().indexOf(probe));
        probe->mayLeave = true;
        list->setCurrentRow(0);
        QCOMPARE(window.currentPage()->objectName(), QStringLiteral("dashboard"));
    }

    void theNavigationCollapsesToIconsAndRemembersIt()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
        auto* window = new ui::MainWindow(&host);
        ui::NavigationRail* rail = window->navigation();
        const int expanded = rail->width();
        auto* list = rail->findChild<QListWidget*>(QStringLiteral("navigation"));
        QCOMPARE(list->item(0)->text(), QStringLiteral("Dashboard"));
        rail->findChild<QToolButton*>(QStringLiteral("collapseNavigation"))->click();
        QVERIFY(rail->isCollapsed());
        QVERIFY(rail->width() < expanded / 2);
        QVERIFY(list->item(0)->text().isEmpty());
        QVERIFY(list->item(0)->toolTip().startsWith(QStringLiteral("Dashboard")));
        QVERIFY(!list->item(0)->icon().isNull());
        QVERIFY(actionNamed(*window, QStringLiteral("iconsOnly"))->isChecked());
        delete window;
        ui::MainWindow again(&host);
        QVERIFY(again.navigation()->isCollapsed());
        actionNamed(again, QStringLiteral("iconsOnly"))->trigger();
        QVERIFY(!again.navigation()->isCollapsed());
    }

    void transientMessagesAndLongTextsNeverWidenTheWindow()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
        ui::MainWindow window(&host);
        ProbePage* probe = addProbe(window);
        window.showPage(QStringLiteral("probe"));
        window.resize(1024, 640);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString longText = QStringLiteral("Exported to /") + QString(400, QLatin1Char('x'));
        probe->announce(longText);
        QCOMPARE(window.statusBar()->currentMessage(), longText);
        probe->m_action->setText(QStringLiteral("Do the thing"));
        emit probe->headerChanged();
        QCoreApplication::processEvents();
        QCOMPARE(window.width(), 1024);
        QVERIFY(window.sizeHint().width() <= 1024);
        QVERIFY(window.minimumSizeHint().width() <= 1024);
        // Every page fits a 1024×640 screen: one that needs more scrolls inside the window.
        for (ui::Page* page : window.pages()) {
            window.showPage(page->objectName());
            QVERIFY2(window.minimumSizeHint().height() <= 600, qPrintable(page->objectName()));
            QVERIFY2(window.minimumSizeHint().width() <= 1024, qPrintable(page->objectName()));
        }
    }

    void aboutLinksToReadmeSectionsThatExist()
    {
        ui::ReadmeWindow readme;
        QVERIFY(readme.browser()->toPlainText().contains(QStringLiteral("Switchboard")));
        for (const QString& heading : ui::AboutDialog::sections())
            QVERIFY2(readme.showSection(heading), qPrintable(heading));
        QVERIFY(!readme.showSection(QStringLiteral("No such section")));
        ui::AboutDialog about;
        auto* text = about.findChild<QLabel*>(QStringLiteral("aboutText"));
        QVERIFY(text->text().contains(QStringLiteral("MIT")));
        QSignalSpy requested(&about, &ui::AboutDialog::sectionRequested);
        auto* links = about.findChild<QLabel*>(QStringLiteral("aboutLinks"));
        emit links->linkActivated(QStringLiteral("Quick start"));
        QCOMPARE(requested.count(), 1);
    }

    void aRequestLogThatCannotBeWrittenShowsAsDegradedWithItsReason()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY2(host.start().ok(), qPrintable(host.lastError()));
        ui::MainWindow window(&host);
        ui::StatusPill* state = window.statusPill();
        QVERIFY(!state->property("degraded").toBool());
        gateway::store::LogWriter* log = host.engine()->logWriter();
        // A full disk: the file may not grow by one page. The first rows may still fit in the
        // last page; within a few, one does not.
        log->setMaxPageCount(pageCount(dir.path()));
        for (int i = 0; i < 100 && log->health().ok; ++i) {
            QVERIFY(sendChatToMockFast(host));
            log->flush();
        }
        QVERIFY(!log->health().ok);
        QTRY_VERIFY(state->property("degraded").toBool());
        QCOMPARE(state->state(), ui::StatusPill::State::Degraded);
        QVERIFY2(state->toolTip().contains(
                     QStringLiteral("request log cannot be written: database or disk is full")),
                 qPrintable(state->toolTip()));
        QVERIFY(state->text().contains(host.baseUrl()));
        // Space again: the next row goes in and the console says so.
        log->setMaxPageCount(0);
        QVERIFY(sendChatToMockFast(host));
        log->flush();
        QTRY_VERIFY(!state->property("degraded").toBool());
        QCOMPARE(state->state(), ui::StatusPill::State::Running);
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
        QVERIFY(refused.error().contains(QStringLiteral("models[3].targets[0].backend")));
        QVERIFY(!QFile::exists(host.configPath()));
        // Pointing it at the mock backend works: reloaded in the engine and written back.
        QJsonObject target{{QStringLiteral("backend"), QStringLiteral("mock")},
                           {QStringLiteral("model"), QStringLiteral("mock-fast")}};
        alias.insert(QStringLiteral("targets"), QJsonArray{target});
        models.replace(models.size() - 1, alias);
        doc.insert(QStringLiteral("models"), models);
        QVERIFY(host.applyConfig(doc).ok());
        QVERIFY(host.config().model(QStringLiteral("extra")) != nullptr);
        QFile saved(host.configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("\"extra\""));
    }

    void replayOnALogRowOpensItOnTheReplayPage()
    {
        RunningHost running;
        QVERIFY(running.start());
        ui::GatewayHost& host = running.host;
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
        QCOMPARE(window.currentPage(), replay);
        QTRY_COMPARE(replay->sourceRequestId(), logs->model()->rowAt(0).id);
    }
};

QTEST_MAIN(MainWindowTest)
#include "MainWindowTest.moc"

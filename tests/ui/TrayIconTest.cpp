// Quitting quits (issue 10, "Must work"): with the tray, closing the window keeps the console in
// the tray, but every quit — the tray's Quit action, Ctrl+Q and SIGTERM all call
// QApplication::quit() — ends the event loop with 0; without a tray, closing the window quits.

#include "TrayIcon.h"
#include "GatewayHost.h"
#include "ProcessSignals.h"
#include "support/TestHost.h"

#include <QAction>
#include <QCloseEvent>
#include <QMainWindow>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <csignal>

namespace {

// Runs the application's event loop, doing `action` once it runs; the loop's exit code, or -1
// when it was still running after 10 s (a quit that was called off).
template <typename Action> int execWith(Action action)
{
    QTimer::singleShot(0, qApp, action);
    QTimer watchdog;
    watchdog.setSingleShot(true);
    QObject::connect(&watchdog, &QTimer::timeout, qApp, [] { QCoreApplication::exit(-1); });
    watchdog.start(10'000); // only reached when the test fails
    return QApplication::exec();
}

// The console's window, counting the closes it accepted (where a window saves its state).
class Window : public QMainWindow
{
public:
    int closes = 0;

protected:
    void closeEvent(QCloseEvent* event) override
    {
        QMainWindow::closeEvent(event);
        if (event->isAccepted())
            ++closes;
    }
};

} // namespace

class TrayIconTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_host = std::make_unique<ui::GatewayHost>(testHostOptions(m_dir.path()));
        m_window = std::make_unique<Window>();
        m_window->resize(400, 300);
        // Another top-level window, as the X11 tray's own icon window is: QApplication::quit()
        // stops closing windows at the first that refuses, and gives up while one is visible.
        m_other = std::make_unique<QWidget>();
        m_other->resize(40, 40);
        m_other->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_other.get()));
    }

    void cleanup()
    {
        m_other.reset();
        m_window.reset();
        m_host.reset();
    }

    void closingTheWindowKeepsTheConsoleInTheTray()
    {
        ui::TrayIcon tray(m_host.get(), m_window.get(), ui::TrayIcon::Tray::Assume);
        QVERIFY(tray.isAvailable());
        QSignalSpy lastClosed(qApp, &QGuiApplication::lastWindowClosed);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(!m_window->close()); // refused: hidden instead
        QVERIFY(!m_window->isVisible());
        QCOMPARE(m_window->closes, 0);
        QCOMPARE(lastClosed.count(), 0);
    }

    void quitFromTheTrayQuitsWithTheWindowOpen()
    {
        ui::TrayIcon tray(m_host.get(), m_window.get(), ui::TrayIcon::Tray::Assume);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(execWith([&tray] { tray.quitAction()->trigger(); }), 0);
        QCOMPARE(m_window->closes, 1); // closed, not hidden in the tray
    }

    void quitFromTheTrayQuitsWithTheWindowInTheTray()
    {
        ui::TrayIcon tray(m_host.get(), m_window.get(), ui::TrayIcon::Tray::Assume);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->close();
        QCOMPARE(execWith([&tray] { tray.quitAction()->trigger(); }), 0);
    }

    // Ctrl+Q (the window's Quit action) and anything else that calls QApplication::quit().
    void applicationQuitQuitsWithTheWindowOpen()
    {
        ui::TrayIcon tray(m_host.get(), m_window.get(), ui::TrayIcon::Tray::Assume);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(execWith(&QApplication::quit), 0);
        QCOMPARE(m_window->closes, 1);
    }

    void oneSigtermQuitsWithTheWindowOpen()
    {
        ui::TrayIcon tray(m_host.get(), m_window.get(), ui::TrayIcon::Tray::Assume);
        // As app/ConsoleCommand.cpp wires it.
        app::ProcessSignals termination;
        QVERIFY(termination.isValid());
        connect(&termination, &app::ProcessSignals::terminationRequested, qApp,
                &QApplication::quit);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QCOMPARE(execWith([] { ::raise(SIGTERM); }), 0);
        QCOMPARE(m_window->closes, 1);
    }

    // A quit that another window refuses is called off; closing the console's window afterwards
    // is the user's again and goes to the tray.
    void closingAfterACalledOffQuitGoesToTheTrayAgain()
    {
        ui::TrayIcon tray(m_host.get(), m_window.get(), ui::TrayIcon::Tray::Assume);
        QWidget* stubborn = m_other.get();
        stubborn->installEventFilter(this);
        QCOMPARE(execWith([stubborn] {
                     QApplication::quit(); // stubborn refuses: the quit is called off
                     QVERIFY(stubborn->isVisible());
                     // A turn of the loop later the user opens and closes the console.
                     QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(7); });
                 }),
                 7);
        stubborn->removeEventFilter(this);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(!m_window->close());
        QVERIFY(!m_window->isVisible());
    }

    void withoutATrayClosingTheWindowQuits()
    {
        ui::TrayIcon tray(m_host.get(), m_window.get(), ui::TrayIcon::Tray::Detect);
        // The offscreen platform has no system tray.
        QVERIFY(!QSystemTrayIcon::isSystemTrayAvailable());
        QVERIFY(!tray.isAvailable());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_other->hide(); // the last window closed
        QCOMPARE(execWith([this] { m_window->close(); }), 0);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Close) {
            event->ignore();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    std::unique_ptr<Window> m_window;
    std::unique_ptr<QWidget> m_other;
};

QTEST_MAIN(TrayIconTest)
#include "TrayIconTest.moc"

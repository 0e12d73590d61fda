#include "ConsoleCommand.h"

#include "Appearance.h"
#include "BringForward.h"
#include "CommonOptions.h"
#include "GatewayHost.h"
#include "MainWindow.h"
#include "ProcessSignals.h"
#include "ServeCommand.h"
#include "SingleInstance.h"
#include "StallMonitor.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QMessageBox>
#include <QUrl>

#include <cstdio>
#include <memory>

namespace app {

namespace {

// Says where the console that already runs serves, for a second start, which then exits.
void reportRunning(const ui::SingleInstance& running)
{
    if (!running.answered())
        fputs("Switchboard is already running (it did not answer; it may be busy).\n", stderr);
    else if (running.runningAddress().isEmpty())
        fputs("Switchboard is already running (its gateway is stopped).\n", stderr);
    else
        fprintf(stderr, "Switchboard is already running on %s\n",
                qPrintable(running.runningAddress()));
}

} // namespace

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

int runConsole(int argc, char** argv)
{
    if (!hasDisplay()) {
        fprintf(stderr, "switchboard: no display found, so the console cannot open.\n"
                        "Run the gateway without a GUI instead:  switchboard serve\n"
                        "(see switchboard serve --help)\n");
        return 1;
    }
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("switchboard"));
    QApplication::setApplicationDisplayName(QStringLiteral("Switchboard"));
    QApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("switchboard"));
    // SIGTERM/SIGINT (a logout, systemd, Ctrl-C in a terminal) closes the console in order.
    // Handled from here on: one that arrives while the gateway starts is acted on once the
    // event loop runs, instead of killing the process before the log is flushed.
    ProcessSignals termination;
    QObject::connect(&termination, &ProcessSignals::terminationRequested, &application,
                     &QApplication::quit);
    // The GUI thread keeps glib's dispatcher (desktop integration). The engine's listener and
    // workers run on eventloop::EpollEventDispatcher; other threads that start later get Qt's
    // UNIX dispatcher rather than glib's (DESIGN.md: a third fewer system calls per wake-up).
    qputenv("QT_NO_GLIB", "1");

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Switchboard: the AI gateway console. Without a command it opens the console, which runs "
        "the gateway in-process.\nCommands: serve (headless gateway), logs (print the request "
        "log)."));
    parser.addHelpOption();
    parser.addVersionOption();
    CommonOptions common;
    common.addTo(parser);
    const QCommandLineOption page(
        QStringLiteral("page"),
        QStringLiteral("Open the console on this page: dashboard, logs, usage, replay, "
                       "backends, models, keys or settings."),
        QStringLiteral("PAGE"));
    parser.addOption(page);
    parser.process(application);

    ui::GatewayHost::Options options;
    options.configPath = parser.value(common.config);
    options.dataDir = resolveDataDir(parser, common.dataDir, QString());
    options.listenOverride = parser.value(common.listen);
    raiseOpenFileLimit();

    // One console per data directory: a second start brings the first one's window forward
    // instead of failing on the port it serves. Made first, so that the directory's canonical
    // path names it from the start.
    QDir().mkpath(options.dataDir);
    ui::SingleInstance instance(options.dataDir);
    switch (instance.claim()) {
    case ui::SingleInstance::Role::Secondary: reportRunning(instance); return 0;
    case ui::SingleInstance::Role::Failed:
        // Not fatal: this console runs; only a second start would not find it.
        fprintf(stderr, "switchboard: cannot listen for a second start: %s\n",
                qPrintable(instance.error()));
        break;
    case ui::SingleInstance::Role::Primary: break;
    }

    ui::Appearance appearance; // theme and language from the user's settings
    ui::GatewayHost host(options);
    const auto started = host.start();
    ui::MainWindow window(&host, &appearance);
    if (parser.isSet(page) && !window.showPage(parser.value(page).toLower())) {
        fprintf(stderr, "switchboard: there is no page \"%s\"\n", qPrintable(parser.value(page)));
        return 2;
    }
    ui::TrayIcon tray(&host, &window);
    // "127.0.0.1:4000" (the authority of the base URL; IPv6 in brackets) or empty when stopped.
    instance.setAddressProvider([&host] { return QUrl(host.baseUrl()).authority(); });
    QObject::connect(&instance, &ui::SingleInstance::activationRequested, &window,
                     [&window] { ui::bringForward(&window); });
    std::unique_ptr<ui::StallMonitor> stalls;
    if (qEnvironmentVariableIsSet("SWITCHBOARD_STALL_LOG"))
        stalls = std::make_unique<ui::StallMonitor>(qEnvironmentVariable("SWITCHBOARD_STALL_LOG"));
    window.show();
    if (!started)
        QMessageBox::warning(&window, QObject::tr("Gateway not started"), started.error());
    const int code = QApplication::exec();
    host.stop();
    return code;
}

} // namespace app

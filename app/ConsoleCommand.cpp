#include "ConsoleCommand.h"

#include "Appearance.h"
#include "CommonOptions.h"
#include "GatewayHost.h"
#include "MainWindow.h"
#include "ProcessSignals.h"
#include "ServeCommand.h"
#include "StallMonitor.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>
#include <memory>

namespace app {

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
        QStringLiteral("Open the console on this page: dashboard, logs, replay, "
                       "backends, models or settings."),
        QStringLiteral("PAGE"));
    parser.addOption(page);
    parser.process(application);

    ui::GatewayHost::Options options;
    options.configPath = parser.value(common.config);
    options.dataDir = resolveDataDir(parser, common.dataDir, QString());
    options.listenOverride = parser.value(common.listen);
    raiseOpenFileLimit();

    ui::Appearance appearance; // theme and language from the user's settings
    ui::GatewayHost host(options);
    const auto started = host.start();
    ui::MainWindow window(&host, &appearance);
    if (parser.isSet(page) && !window.showPage(parser.value(page).toLower())) {
        fprintf(stderr, "switchboard: there is no page \"%s\"\n", qPrintable(parser.value(page)));
        return 2;
    }
    ui::TrayIcon tray(&host, &window);
    std::unique_ptr<ui::StallMonitor> stalls;
    if (qEnvironmentVariableIsSet("SWITCHBOARD_STALL_LOG"))
        stalls = std::make_unique<ui::StallMonitor>(qEnvironmentVariable("SWITCHBOARD_STALL_LOG"));
    // SIGTERM/SIGINT (a logout, systemd, Ctrl-C in a terminal) closes the console in order.
    ProcessSignals termination;
    QObject::connect(&termination, &ProcessSignals::terminationRequested, &application,
                     &QApplication::quit);
    window.show();
    if (!started)
        QMessageBox::warning(&window, QObject::tr("Gateway not started"), started.error());
    const int code = QApplication::exec();
    host.stop();
    return code;
}

} // namespace app

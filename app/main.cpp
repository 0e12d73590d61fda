// Composition root: parses the command line and starts one host of the engine.

#include "ConsoleCommand.h"
#include "KeychainCommand.h"
#include "KeysCommand.h"
#include "LogsCommand.h"
#include "ServeCommand.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstring>

namespace {

const char* const usage =
    "Usage: switchboard [--config FILE] [--data-dir DIR] [--listen HOST:PORT]\n"
    "       switchboard <command> [options]\n"
    "\n"
    "Switchboard is a local AI gateway: an OpenAI-compatible endpoint that routes to many model\n"
    "backends and logs every request and its tokens in SQLite. Without a command it opens the\n"
    "console, which runs the gateway in-process.\n"
    "\n"
    "Commands:\n"
    "  serve    Run the gateway without a GUI (switchboard serve --help)\n"
    "  logs     Print the request log (switchboard logs --help)\n"
    "  keys     Create, list, revoke and rotate gateway keys (switchboard keys --help)\n"
    "  keychain Store API keys in the system keychain (switchboard keychain --help)\n"
    "\n"
    "Options:\n"
    "  -h, --help     Show this help\n"
    "  -v, --version  Show the version\n";

} // namespace

int main(int argc, char** argv)
{
    const char* command = argc > 1 ? argv[1] : "";
    if (strcmp(command, "serve") == 0) {
        // SIGHUP means "reload" to `serve`, but its handler exists only once the engine runs;
        // until then the default action would kill the process (a reload sent while a
        // service starts). Blocked here, before anything else: every thread started from now
        // on inherits the mask, and ProcessSignals unblocks it on this thread once it handles
        // it, which also delivers a SIGHUP that arrived in between (as one reload).
        sigset_t hangup;
        sigemptyset(&hangup);
        sigaddset(&hangup, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &hangup, nullptr);
    }
    if (strcmp(command, "keychain") == 0) {
        // No QT_NO_GLIB here: the keychain answers through GLib's event loop.
        QCoreApplication application(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
        return app::runKeychain(QCoreApplication::arguments());
    }
    const bool headless = strcmp(command, "serve") == 0 || strcmp(command, "logs") == 0 ||
                          strcmp(command, "keys") == 0;
    if (headless) {
        QCoreApplication application(argc, argv);
        // The engine's listener and workers run on eventloop::EpollEventDispatcher. Threads
        // that start later without one of their own (the log writer; the workers with
        // SWITCHBOARD_EVENT_DISPATCHER=qt) get Qt's UNIX dispatcher rather than glib's, which
        // costs a third more system calls per wake-up (DESIGN.md). The main thread keeps
        // glib's, which the keychain (libsecret) needs to read keychain:NAME secrets; it
        // carries no requests.
        qputenv("QT_NO_GLIB", "1");
        QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
        QCoreApplication::setApplicationVersion(QStringLiteral(SWITCHBOARD_VERSION));
        const QStringList arguments = QCoreApplication::arguments();
        if (strcmp(command, "keys") == 0)
            return app::runKeys(arguments);
        return strcmp(command, "serve") == 0 ? app::runServe(arguments) : app::runLogs(arguments);
    }
    if (strcmp(command, "-h") == 0 || strcmp(command, "--help") == 0 ||
        strcmp(command, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(command, "-v") == 0 || strcmp(command, "--version") == 0) {
        printf("switchboard %s\n", SWITCHBOARD_VERSION);
        return 0;
    }
    if (argc > 1 && command[0] != '-') {
        fprintf(stderr, "switchboard: unknown command \"%s\"\n\n%s", command, usage);
        return 2;
    }
    return app::runConsole(argc, argv);
}

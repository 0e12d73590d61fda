// Composition root: parses the command line and starts one host of the engine. Built twice
// (app/CMakeLists.txt): `switchboard` (SWITCHBOARD_WITH_CONSOLE 1), the console and every
// command, and `switchboard-gateway` (0), the commands without a GUI, which links no Qt Gui or
// Widgets. The first hands its headless commands over to the second (GatewayExec.h).

#if SWITCHBOARD_WITH_CONSOLE
#include "ConsoleCommand.h"
#include "GatewayExec.h"
#endif
#include "KeychainCommand.h"
#include "KeysCommand.h"
#include "LogsCommand.h"
#include "ServeCommand.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstring>

namespace {

#if SWITCHBOARD_WITH_CONSOLE
const char* const program = "switchboard";
const char* const synopsis =
    "Usage: switchboard [--config FILE] [--data-dir DIR] [--listen HOST:PORT]\n"
    "       switchboard <command> [options]\n"
    "\n"
    "Switchboard is a local AI gateway: an OpenAI-compatible endpoint that routes to many model\n"
    "backends and logs every request and its tokens in SQLite. Without a command it opens the\n"
    "console, which runs the gateway in-process.\n";
#else
const char* const program = "switchboard-gateway";
const char* const synopsis =
    "Usage: switchboard-gateway <command> [options]\n"
    "\n"
    "Switchboard is a local AI gateway: an OpenAI-compatible endpoint that routes to many model\n"
    "backends and logs every request and its tokens in SQLite. This executable runs its\n"
    "commands without a GUI; the console is the `switchboard` executable.\n";
#endif

void printUsage(FILE* out)
{
    fputs(synopsis, out);
    fputs("\nCommands:\n", out);
    fprintf(out, "  serve    Run the gateway without a GUI (%s serve --help)\n", program);
    fprintf(out, "  logs     Print the request log (%s logs --help)\n", program);
    fprintf(out, "  keys     Create, list, revoke and rotate gateway keys (%s keys --help)\n",
            program);
    fprintf(out, "  keychain Store API keys in the system keychain (%s keychain --help)\n",
            program);
    fputs("\n"
          "Options:\n"
          "  -h, --help     Show this help\n"
          "  -v, --version  Show the version\n",
          out);
}

bool isHeadlessCommand(const char* command)
{
    for (const char* name : {"serve", "logs", "keys", "keychain"})
        if (strcmp(command, name) == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    const char* command = argc > 1 ? argv[1] : "";
    if (strcmp(command, "serve") == 0) {
        // SIGHUP means "reload" to `serve`, but its handler exists only once the engine runs;
        // until then the default action would kill the process (a reload sent while a
        // service starts). Blocked here, before anything else: every thread started from now
        // on inherits the mask, and ProcessSignals unblocks it on this thread once it handles
        // it, which also delivers a SIGHUP that arrived in between (as one reload). The mask
        // survives execv, so it stays blocked while `switchboard serve` becomes
        // switchboard-gateway (below), whose main() blocks it here again all the same.
        sigset_t hangup;
        sigemptyset(&hangup);
        sigaddset(&hangup, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &hangup, nullptr);
    }
#if SWITCHBOARD_WITH_CONSOLE
    // Returns only when switchboard-gateway cannot be run: then the command runs in this process.
    if (isHeadlessCommand(command))
        app::execGatewayExecutable(argv);
#endif
    if (strcmp(command, "keychain") == 0) {
        // No QT_NO_GLIB here: the keychain answers through GLib's event loop.
        QCoreApplication application(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("switchboard"));
        return app::runKeychain(QCoreApplication::arguments());
    }
    if (isHeadlessCommand(command)) {
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
        printUsage(stdout);
        return 0;
    }
    if (strcmp(command, "-v") == 0 || strcmp(command, "--version") == 0) {
        printf("%s %s\n", program, SWITCHBOARD_VERSION);
        return 0;
    }
    if (argc > 1 && command[0] != '-') {
        fprintf(stderr, "%s: unknown command \"%s\"\n\n", program, command);
        printUsage(stderr);
        return 2;
    }
#if SWITCHBOARD_WITH_CONSOLE
    return app::runConsole(argc, argv);
#else
    // No command, or the console's options (--config, --listen, --page ...).
    fprintf(stderr,
            "switchboard-gateway: the console is the `switchboard` executable; this one runs "
            "the commands without a GUI: serve, logs, keys, keychain (switchboard-gateway "
            "--help).\n");
    return 2;
#endif
}

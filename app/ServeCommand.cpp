#include "ServeCommand.h"

#include "CommonOptions.h"
#include "Engine.h"
#include "ProcessSignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <sys/resource.h>

namespace app {

namespace {

// What a reload cannot change while the listener runs: said, so that nobody waits for it.
QStringList needsRestart(const gateway::config::Config& running,
                         const gateway::config::Config& next)
{
    QStringList keys;
    if (running.server.host != next.server.host || running.server.port != next.server.port)
        keys << QStringLiteral("server.listen");
    if (running.server.tls.enabled() != next.server.tls.enabled())
        keys << QStringLiteral("server.tls (turning HTTPS on or off)");
    if (running.server.workers != next.server.workers)
        keys << QStringLiteral("server.workers");
    if (running.dataDir != next.dataDir)
        keys << QStringLiteral("dataDir");
    return keys;
}

} // namespace

long raiseOpenFileLimit()
{
    rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return long(limit.rlim_cur);
}

int runServe(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the gateway without a GUI. It serves the OpenAI API on the listen "
        "address until SIGINT or SIGTERM, then drains requests in flight and exits. SIGHUP "
        "reloads the config file and the TLS certificate without dropping a connection."));
    parser.addHelpOption();
    CommonOptions common;
    common.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("serve"),
                                 QStringLiteral("Run the gateway headless."));
    if (const std::optional<int> stop = parseCommandLine(parser, arguments, "serve"))
        return *stop;
    if (parser.positionalArguments().size() > 1) {
        fprintf(stderr, "switchboard serve: unexpected argument \"%s\"\n",
                qPrintable(parser.positionalArguments().at(1)));
        return 2;
    }

    gateway::Result<gateway::config::Config> config = common.load(parser);
    if (!config) {
        fprintf(stderr, "switchboard serve: invalid config:\n%s\n", qPrintable(config.error()));
        return 1;
    }
    const long files = raiseOpenFileLimit();

    // Before the engine starts: a SIGTERM sent as soon as the listening line is out (a
    // supervisor, a test) is then read by the event loop and drains, rather than killing the
    // process by the default action. Declared before the engine, it also outlives the drain.
    ProcessSignals processSignals(ProcessSignals::Reload::OnSighup);
    if (!processSignals.isValid()) {
        perror("switchboard serve: cannot watch for SIGINT/SIGTERM/SIGHUP");
        return 1;
    }
    gateway::Engine engine;
    gateway::Result<bool> started = engine.start(config.value(), config->dataDir);
    if (!started) {
        fprintf(stderr, "switchboard serve: %s\n", qPrintable(started.error()));
        return 1;
    }
    printf("Switchboard gateway listening on %s\n", qPrintable(engine.baseUrl()));
    printf("  models: ");
    for (int i = 0; i < config->models.size(); ++i)
        printf("%s%s", i ? ", " : "", qPrintable(config->models.at(i).alias));
    printf("\n  request log: %s/switchboard.sqlite\n  open-file limit: %ld\n",
           qPrintable(config->dataDir), files);
    if (config->server.tls.enabled())
        printf("  TLS certificate: %s\n", qPrintable(config->server.tls.certFile));
    // Where the admin API's token is, never the token itself.
    const QString adminTokenFile = engine.adminTokenFile();
    printf("  admin API: %s/admin/ (token: %s)\n", qPrintable(engine.baseUrl().chopped(3)),
           adminTokenFile.isEmpty() ? "auth.adminToken" : qPrintable(adminTokenFile));
    if (engine.runsOpen())
        printf("  auth: none, the gateway runs open (no gateway key, auth.required unset), which "
               "it allows only on a loopback address; `switchboard keys create --name NAME` "
               "turns auth on\n");
    fflush(stdout);

    // What the listener was started with: a reload cannot change it (see needsRestart).
    const gateway::config::Config startedWith = config.value();
    QObject::connect(&processSignals, &ProcessSignals::reloadRequested, [&] {
        // The same sources as at start: the file (or the embedded default) and the options.
        gateway::Result<gateway::config::Config> next = common.load(parser);
        gateway::Result<bool> reloaded =
            next ? engine.reload(next.value()) : gateway::Result<bool>::failure(next.error());
        if (!reloaded) {
            fprintf(stderr, "Switchboard: reload failed, still serving the previous config:\n%s\n",
                    qPrintable(reloaded.error()));
            return;
        }
        const QStringList later = needsRestart(startedWith, next.value());
        config = next;
        printf("Switchboard: reloaded the config%s.\n",
               config->server.tls.enabled() ? " and the TLS certificate" : "");
        if (!later.isEmpty())
            printf("Switchboard: %s change only at the next start.\n",
                   qPrintable(later.join(QStringLiteral(", "))));
        fflush(stdout);
    });
    QObject::connect(&processSignals, &ProcessSignals::terminationRequested, [&] {
        printf("Switchboard: draining requests in flight (at most %d ms)...\n",
               config->server.drainTimeoutMs);
        fflush(stdout);
        engine.stop();
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    engine.stop();
    printf("Switchboard: stopped.\n");
    return code;
}

} // namespace app

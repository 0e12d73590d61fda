#pragma once

#include "Result.h"
#include "config/Config.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace app {

// The options that `serve` and the console share: --config, --data-dir, --listen.
struct CommonOptions
{
    QCommandLineOption config{QStringList{QStringLiteral("c"), QStringLiteral("config")},
                              QStringLiteral("Config file (JSON). Default: the embedded config "
                                             "with the built-in mock backend."),
                              QStringLiteral("FILE")};
    QCommandLineOption dataDir{QStringLiteral("data-dir"),
                               QStringLiteral("Directory of the SQLite request log. Default: "
                                              "the config's dataDir, else the user's data dir."),
                               QStringLiteral("DIR")};
    QCommandLineOption listen{QStringLiteral("listen"),
                              QStringLiteral("Address to listen on, HOST:PORT. Default: the "
                                             "config's server.listen, else 127.0.0.1:4000."),
                              QStringLiteral("HOST:PORT")};

    void addTo(QCommandLineParser& parser) const;
    // Loads the config (or the default) and applies --listen and --data-dir.
    gateway::Result<gateway::config::Config> load(const QCommandLineParser& parser) const;
};

// Parses a command's arguments. On an error it prints the error and a pointer to --help; on
// --help it prints the help. Returns the exit code to stop with then, or nothing to go on.
std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& arguments,
                                    const char* command);

// The data dir to use: --data-dir, else the config's dataDir, else the user's data dir.
QString resolveDataDir(const QCommandLineParser& parser, const QCommandLineOption& option,
                       const QString& configDataDir);

} // namespace app

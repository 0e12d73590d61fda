#include "CommonOptions.h"

#include "config/ConfigLoader.h"

#include <QStandardPaths>

#include <cstdio>

namespace app {

void CommonOptions::addTo(QCommandLineParser& parser) const
{
    parser.addOption(config);
    parser.addOption(dataDir);
    parser.addOption(listen);
}

std::optional<int> parseCommandLine(QCommandLineParser& parser, const QStringList& arguments,
                                    const char* command)
{
    if (!parser.parse(arguments)) {
        fprintf(stderr, "switchboard %s: %s\nTry 'switchboard %s --help'.\n", command,
                qPrintable(parser.errorText()), command);
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    return std::nullopt;
}

QString resolveDataDir(const QCommandLineParser& parser, const QCommandLineOption& option,
                       const QString& configDataDir)
{
    if (parser.isSet(option))
        return parser.value(option);
    if (!configDataDir.isEmpty())
        return configDataDir;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

gateway::Result<gateway::config::Config> CommonOptions::load(const QCommandLineParser& parser) const
{
    using R = gateway::Result<gateway::config::Config>;
    const gateway::config::ConfigLoader loader;
    R loaded = parser.isSet(config) ? loader.loadFile(parser.value(config)) : loader.loadDefault();
    if (!loaded)
        return loaded;
    gateway::config::Config c = loaded.value();
    if (parser.isSet(listen)) {
        if (!gateway::config::ConfigLoader::parseListen(parser.value(listen), &c.server.host,
                                                        &c.server.port))
            return R::failure(QStringLiteral("--listen: \"%1\" is not HOST:PORT with an IP address")
                                  .arg(parser.value(listen)));
    }
    c.dataDir = resolveDataDir(parser, dataDir, c.dataDir);
    return c;
}

} // namespace app

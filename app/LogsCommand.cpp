#include "LogsCommand.h"

#include "CommonOptions.h"
#include "config/ConfigLoader.h"
#include "store/LogQuery.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QThread>

#include <cstdio>

namespace app {

namespace {

// The attempts of a request that failed over, as one line:
//   local-vllm/llama3 ✗ upstream_connect → mock/mock-fast ✓
// Empty for a request with a single attempt: the row's own columns already say it all.
QString failoverText(const QVariantList& attempts)
{
    if (attempts.size() < 2)
        return QString();
    QStringList steps;
    for (const QVariant& value : attempts) {
        const QVariantMap a = value.toMap();
        QString step = a.value(QStringLiteral("backend")).toString();
        const QString model = a.value(QStringLiteral("model")).toString();
        if (!model.isEmpty())
            step += QLatin1Char('/') + model;
        const QString error = a.value(QStringLiteral("errorClass")).toString();
        const int status = a.value(QStringLiteral("status")).toInt();
        if (error.isEmpty())
            step += QStringLiteral(" ✓");
        else if (status > 0)
            step += QStringLiteral(" ✗ %1 %2").arg(status).arg(error);
        else
            step += QStringLiteral(" ✗ ") + error;
        steps << step;
    }
    return steps.join(QStringLiteral(" → "));
}

void printRow(const QVariantMap& row, bool json)
{
    if (json) {
        QJsonObject o;
        for (auto it = row.cbegin(); it != row.cend(); ++it)
            o.insert(it.key(), it.value().isNull() ? QJsonValue(QJsonValue::Null)
                                                   : QJsonValue::fromVariant(it.value()));
        fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
        fputc('\n', stdout);
        return;
    }
    const QString time =
        QDateTime::fromMSecsSinceEpoch(row.value(QStringLiteral("ts_ms")).toLongLong())
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    const QVariant ttft = row.value(QStringLiteral("ttft_ms"));
    QString error = row.value(QStringLiteral("error_class")).toString();
    const QString failover = failoverText(row.value(QStringLiteral("attempts")).toList());
    if (!failover.isEmpty())
        error += (error.isEmpty() ? QString() : QStringLiteral("  ")) + failover;
    printf("%-23s %-32s %-16s %-12s %3d %9.1f %9s %7lld %7lld %s\n", qPrintable(time),
           qPrintable(row.value(QStringLiteral("trace_id")).toString()),
           qPrintable(row.value(QStringLiteral("model")).toString()),
           qPrintable(row.value(QStringLiteral("backend")).toString()),
           row.value(QStringLiteral("status")).toInt(),
           row.value(QStringLiteral("latency_ms")).toDouble(),
           ttft.isNull() ? "-" : qPrintable(QString::number(ttft.toDouble(), 'f', 1)),
           row.value(QStringLiteral("prompt_tokens")).toLongLong(),
           row.value(QStringLiteral("completion_tokens")).toLongLong(), qPrintable(error));
}

void printHeader(bool json)
{
    if (!json)
        printf("%-23s %-32s %-16s %-12s %3s %9s %9s %7s %7s %s\n", "time", "trace_id", "model",
               "backend", "st", "latency", "ttft", "prompt", "compl", "error");
}

} // namespace

int runLogs(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the request log.\n"
        "  switchboard logs tail [-n N] [--follow]   the newest rows, oldest first\n"
        "  switchboard logs query [--since 1h] [--model M] [--tenant T] [--key NAME]\n"
        "                         [--status 200|4xx|5xx] [--limit N]"));
    parser.addHelpOption();
    CommonOptions common;
    parser.addOption(common.config);
    parser.addOption(common.dataDir);
    const QCommandLineOption count({QStringLiteral("n"), QStringLiteral("lines")},
                                   QStringLiteral("tail: how many rows (default 20)."),
                                   QStringLiteral("N"), QStringLiteral("20"));
    const QCommandLineOption follow({QStringLiteral("f"), QStringLiteral("follow")},
                                    QStringLiteral("tail: keep printing new rows."));
    const QCommandLineOption since(
        QStringLiteral("since"),
        QStringLiteral("query: rows newer than a duration (90s, 15m, 2h, 7d) or an ISO time."),
        QStringLiteral("WHEN"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("query: this model alias only."),
                                   QStringLiteral("ALIAS"));
    const QCommandLineOption tenant(QStringLiteral("tenant"),
                                    QStringLiteral("query: requests of this tenant only."),
                                    QStringLiteral("TENANT"));
    const QCommandLineOption key(QStringLiteral("key"),
                                 QStringLiteral("query: requests sent with this gateway key only "
                                                "(its name, as `switchboard keys list` shows it)."),
                                 QStringLiteral("NAME"));
    const QCommandLineOption status(
        QStringLiteral("status"),
        QStringLiteral("query: a status (404) or a class (2xx, 4xx, 5xx)."),
        QStringLiteral("STATUS"));
    const QCommandLineOption limit(QStringLiteral("limit"),
                                   QStringLiteral("query: at most N rows (default 100)."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print JSON lines instead of a table."));
    const QCommandLineOption bodies(
        QStringLiteral("bodies"),
        QStringLiteral("Include the captured request and response bodies (with --json)."));
    parser.addOptions({count, follow, since, model, tenant, key, status, limit, json, bodies});
    parser.addPositionalArgument(QStringLiteral("tail|query"), QStringLiteral("What to print."));

    if (const std::optional<int> stop = parseCommandLine(parser, arguments, "logs"))
        return *stop;
    const QStringList positional = parser.positionalArguments();
    const QString mode = positional.value(1);
    if (positional.size() != 2 ||
        (mode != QLatin1String("tail") && mode != QLatin1String("query"))) {
        fprintf(stderr,
                "switchboard logs: say 'tail' or 'query'. Try 'switchboard logs --help'.\n");
        return 2;
    }

    QString configDataDir;
    if (parser.isSet(common.config)) {
        gateway::Result<gateway::config::Config> c =
            // Only the data dir is needed: secrets are checked for form, never read.
            gateway::config::ConfigLoader(gateway::config::checkSecretReference)
                .loadFile(parser.value(common.config));
        if (!c) {
            fprintf(stderr, "switchboard logs: invalid config:\n%s\n", qPrintable(c.error()));
            return 1;
        }
        configDataDir = c->dataDir;
    }
    const QString dataDir = resolveDataDir(parser, common.dataDir, configDataDir);
    const bool asJson = parser.isSet(json);

    gateway::store::LogFilter filter;
    filter.withBodies = parser.isSet(bodies);
    bool ok = true;
    if (mode == QLatin1String("tail")) {
        filter.limit = parser.value(count).toInt(&ok);
        if (!ok || filter.limit <= 0) {
            fprintf(stderr, "switchboard logs: -n must be a positive number\n");
            return 2;
        }
    } else {
        filter.limit = parser.value(limit).toInt(&ok);
        if (!ok || filter.limit <= 0) {
            fprintf(stderr, "switchboard logs: --limit must be a positive number\n");
            return 2;
        }
        if (parser.isSet(since) &&
            !gateway::store::LogQuery::parseSince(
                parser.value(since), QDateTime::currentMSecsSinceEpoch(), &filter.sinceMs)) {
            fprintf(stderr,
                    "switchboard logs: --since takes 90s, 15m, 2h, 7d or an ISO 8601 time\n");
            return 2;
        }
        filter.model = parser.value(model);
        filter.tenant = parser.value(tenant);
        filter.keyName = parser.value(key);
        if (parser.isSet(status)) {
            const QString s = parser.value(status).toLower();
            if (s.size() == 3 && s.endsWith(QLatin1String("xx")) && s[0] >= QLatin1Char('1') &&
                s[0] <= QLatin1Char('5'))
                filter.statusClass = s[0].digitValue();
            else if ((filter.status = s.toInt(&ok)),
                     !ok || filter.status < 100 || filter.status > 599) {
                fprintf(stderr,
                        "switchboard logs: --status takes a status (404) or a class (4xx)\n");
                return 2;
            }
        }
    }

    auto result = gateway::store::LogQuery::run(dataDir, filter);
    if (!result) {
        fprintf(stderr, "switchboard logs: %s\n", qPrintable(result.error()));
        return 1;
    }
    QList<QVariantMap> rows = result.value();
    if (mode == QLatin1String("tail"))
        std::reverse(rows.begin(), rows.end()); // oldest first, like tail(1)
    printHeader(asJson);
    qint64 lastId = 0;
    for (const QVariantMap& row : rows) {
        printRow(row, asJson);
        lastId = qMax(lastId, row.value(QStringLiteral("id")).toLongLong());
    }
    fflush(stdout);
    if (mode != QLatin1String("tail") || !parser.isSet(follow))
        return 0;
    filter.newestFirst = false;
    filter.limit = 1000;
    for (;;) {
        QThread::msleep(500);
        filter.afterId = lastId;
        auto more = gateway::store::LogQuery::run(dataDir, filter);
        if (!more) {
            fprintf(stderr, "switchboard logs: %s\n", qPrintable(more.error()));
            return 1;
        }
        for (const QVariantMap& row : more.value()) {
            printRow(row, asJson);
            lastId = qMax(lastId, row.value(QStringLiteral("id")).toLongLong());
        }
        fflush(stdout);
    }
}

} // namespace app

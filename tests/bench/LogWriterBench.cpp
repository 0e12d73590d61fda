// A micro-benchmark of the request log's writer: rows/s and CPU per row through LogWriter, with
// rows shaped like the JSON throughput bench's (bench/run.sh: no bodies, a few models, one
// backend, all 200s). Not a test: it asserts nothing and is not registered with ctest.
//
//   build/tests/log_writer_bench [rows] [rowsPerFlush] [sql run on the log before]
//
// rowsPerFlush is one flush interval's worth of rows (1,000 requests/s and 200 ms: 200). The
// schema 4 indexes, for a before/after:
//   build/tests/log_writer_bench 300000 200 "DROP INDEX requests_errors_ts;
//     CREATE INDEX requests_status_ts ON requests(status, ts_ms);
//     CREATE INDEX requests_backend_ts ON requests(backend, ts_ms)"
#include "store/LogWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <cstdio>
#include <ctime>
#include <vector>

using gateway::store::Attempt;
using gateway::store::LogRecord;
using gateway::store::LogWriter;

namespace {

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double wallSeconds()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

LogRecord benchRecord(qint64 timeMs, int i)
{
    static const QString models[] = {QStringLiteral("mock-fast"), QStringLiteral("mock-smart"),
                                     QStringLiteral("gpt-4o-mini")};
    LogRecord r;
    r.timeMs = timeMs;
    r.traceId = QByteArray::number(i, 16).rightJustified(32, '0');
    r.keyId = QStringLiteral("team-a");
    r.endpoint = QStringLiteral("chat.completions");
    r.model = models[i % 3];
    r.route = r.model;
    r.backend = QStringLiteral("mock");
    r.upstreamModel = r.model;
    r.status = 200;
    r.latencyMs = 0.5 + (i % 100) * 0.01;
    r.promptTokens = 12;
    r.completionTokens = 24;
    r.attempts = {Attempt{r.backend, r.upstreamModel, 200, QString(), r.latencyMs}};
    return r;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int rows = argc > 1 ? atoi(argv[1]) : 200'000;
    const int perFlush = argc > 2 ? atoi(argv[2]) : 200;
    QTemporaryDir dir;
    LogWriter::Options options;
    options.flushIntervalMs = 60'000; // only flush() writes: one transaction per rowsPerFlush
    options.batchSize = perFlush + 1;
    LogWriter writer(options);
    if (!writer.start(dir.path()).ok())
        return 1;
    if (argc > 3) {
        // Another schema to compare with, e.g. the indexes of schema 4 (before 5 slimmed them).
        writer.stop();
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bench"));
            db.setDatabaseName(dir.path() + QStringLiteral("/switchboard.sqlite"));
            db.open();
            for (const QString& sql : QString::fromUtf8(argv[3]).split(QLatin1Char(';')))
                if (!QSqlQuery(db).exec(sql))
                    std::printf("failed: %s\n", qPrintable(sql));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bench"));
        if (!writer.start(dir.path()).ok())
            return 1;
    }
    // Built before the clock starts, so that the figures are the writer's.
    const qint64 startMs = QDateTime::currentMSecsSinceEpoch();
    std::vector<LogRecord> records;
    records.reserve(size_t(rows));
    for (int i = 0; i < rows; ++i)
        records.push_back(benchRecord(startMs + i, i));
    const double wall0 = wallSeconds();
    const double cpu0 = cpuSeconds();
    for (int i = 0; i < rows; ++i) {
        writer.push(std::move(records[size_t(i)]));
        if ((i + 1) % perFlush == 0)
            writer.flush();
    }
    writer.flush();
    const double wall = wallSeconds() - wall0;
    const double cpu = cpuSeconds() - cpu0;
    std::printf("%d rows, %d per transaction: %.0f rows/s, %.2f us CPU per row (written %lld)\n",
                rows, perFlush, rows / wall, cpu * 1e6 / rows, qint64(writer.written()));
    writer.stop();
    return 0;
}

#include "store/LogWriter.h"
#include "store/Attempts.h"
#include "store/Database.h"
#include "store/LogQuery.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <tuple>

#include <gtest/gtest.h>

using namespace gateway::store;
namespace config = gateway::config;

namespace {
// A fixed minute, 30 s in, for writers with an injected clock: nothing depends on when the
// test runs.
constexpr qint64 fixedNowMs = 1'790'000'000'000 - 1'790'000'000'000 % 60'000 + 30'000;

// Records of the last minutes (older ones would fall to the retention policy at once).
const qint64 baseMs = QDateTime::currentMSecsSinceEpoch() - 60'000;

LogRecord record(int i)
{
    LogRecord r;
    r.timeMs = baseMs + i;
    r.traceId = QByteArray::number(i).rightJustified(32, '0');
    r.endpoint = QStringLiteral("chat.completions");
    r.model = i % 2 ? QStringLiteral("odd") : QStringLiteral("even");
    r.status = i % 10 == 0 ? 500 : 200;
    r.latencyMs = i;
    r.promptTokens = i;
    r.completionTokens = 2 * i;
    r.requestBody = "{\"n\":" + QByteArray::number(i) + "}";
    return r;
}

qint64 scalar(const QString& dataDir, const QString& sql)
{
    qint64 value = -1;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(dataDir + QStringLiteral("/switchboard.sqlite"));
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql));
        if (q.next())
            value = q.value(0).toLongLong();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return value;
}
} // namespace

TEST(LogWriter, BatchesEveryPushedRecordIntoSqlite)
{
    QTemporaryDir dir;
    LogWriter::Options options;
    options.batchSize = 64;
    LogWriter writer(options);
    ASSERT_TRUE(writer.start(dir.path()).ok());
    for (int i = 1; i <= 1000; ++i)
        writer.push(record(i));
    writer.flush();
    EXPECT_EQ(writer.written(), 1000);
    EXPECT_EQ(writer.dropped(), 0);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests")), 1000);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(completion_tokens) FROM requests")),
              1000 * 1001);
    EXPECT_EQ(
        scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests WHERE status = 500")),
        100);
    // WAL mode, so readers never block the writer.
    EXPECT_EQ(scalar(dir.path(),
                     QStringLiteral(
                         "SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'")),
              1);
    writer.stop();
}

TEST(LogWriter, StopWritesWhatIsStillQueued)
{
    QTemporaryDir dir;
    {
        LogWriter::Options options;
        options.flushIntervalMs = 60'000; // only stop() can write these
        LogWriter writer(options);
        ASSERT_TRUE(writer.start(dir.path()).ok());
        for (int i = 1; i <= 10; ++i)
            writer.push(record(i));
        writer.stop();
    }
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests")), 10);
}

TEST(LogWriter, ABoundedQueueDropsAndCountsBeyondItsLimit)
{
    QTemporaryDir dir;
    LogWriter::Options options;
    options.maxQueued = 5;
    LogWriter writer(options);
    // Not started yet: nothing drains the queue.
    for (int i = 1; i <= 8; ++i)
        writer.push(record(i));
    EXPECT_EQ(writer.dropped(), 3);
    ASSERT_TRUE(writer.start(dir.path()).ok());
    writer.flush();
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests")), 5);
}

TEST(LogWriter, AnUnwritableDataDirIsReportedAtStart)
{
    LogWriter writer;
    const auto started = writer.start(QStringLiteral("/proc/switchboard-cannot-be-here"));
    EXPECT_FALSE(started.ok());
}

TEST(LogQuery, FiltersByModelStatusAndTime)
{
    QTemporaryDir dir;
    LogWriter writer;
    ASSERT_TRUE(writer.start(dir.path()).ok());
    for (int i = 1; i <= 100; ++i)
        writer.push(record(i));
    writer.flush();
    LogFilter filter;
    filter.model = QStringLiteral("even");
    filter.statusClass = 5;
    auto rows = LogQuery::run(dir.path(), filter);
    ASSERT_TRUE(rows.ok()) << qPrintable(rows.error());
    EXPECT_EQ(rows->size(), 10);
    filter = {};
    filter.sinceMs = baseMs + 91;
    filter.limit = 1000;
    rows = LogQuery::run(dir.path(), filter);
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(rows->size(), 10);
    EXPECT_EQ(rows->first().value(QStringLiteral("trace_id")).toByteArray(),
              QByteArray("100").rightJustified(32, '0'));
}

TEST(LogQuery, ParsesSince)
{
    qint64 since = 0;
    EXPECT_TRUE(LogQuery::parseSince(QStringLiteral("90s"), 100'000, &since));
    EXPECT_EQ(since, 10'000);
    EXPECT_TRUE(LogQuery::parseSince(QStringLiteral("2h"), 10'000'000, &since));
    EXPECT_EQ(since, 10'000'000 - 7'200'000);
    EXPECT_TRUE(LogQuery::parseSince(QStringLiteral("2026-11-25T08:00:00Z"), 0, &since));
    EXPECT_FALSE(LogQuery::parseSince(QStringLiteral("yesterday"), 0, &since));
}

TEST(LogWriter, RetentionDeletesRowsOlderThanTheConfiguredDays)
{
    QTemporaryDir dir;
    LogWriter::Options options;
    options.logging.retentionDays = 7;
    LogWriter writer(options);
    LogRecord old = record(1);
    old.timeMs = QDateTime::currentMSecsSinceEpoch() - 8 * 86'400'000LL;
    writer.push(std::move(old));
    writer.push(record(2));
    // Retention runs when the writer starts, and every ten minutes after.
    ASSERT_TRUE(writer.start(dir.path()).ok());
    writer.flush();
    writer.stop();
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests")), 1);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT MIN(latency_ms) FROM requests")), 2);
}

TEST(LogWriter, RollsRequestsUpPerMinuteModelAndStatusClassAcrossBatches)
{
    QTemporaryDir dir;
    LogWriter::Options options;
    options.batchSize = 7; // several transactions must add up into the same rollup rows
    LogWriter writer(options);
    ASSERT_TRUE(writer.start(dir.path()).ok());
    const qint64 minute = (QDateTime::currentMSecsSinceEpoch() / 60'000 - 2) * 60'000;
    for (int i = 0; i < 40; ++i) {
        LogRecord r = record(i);
        r.timeMs = minute + (i < 30 ? 1000 : 61'000); // 30 in one minute, 10 in the next
        r.model = QStringLiteral("m");
        r.status = i % 10 == 0 ? 500 : 200;
        r.latencyMs = 20; // (0.01, 0.025] s: bucket 2
        r.ttftMs = i % 2 ? 4 : -1;
        r.promptTokens = 1;
        r.completionTokens = 2;
        writer.push(std::move(r));
    }
    writer.flush();
    const QString where =
        QStringLiteral(" FROM usage_rollups WHERE model = 'm' AND minute_ms = %1").arg(minute);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(requests)") + where), 30);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT requests") + where +
                                     QStringLiteral(" AND status_class = 5")),
              3);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(completion_tokens)") + where), 60);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(l2)") + where), 30);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(ttft_count)") + where), 15);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(t0)") + where),
              15); // 4 ms: bucket 0, up to 5 ms
    EXPECT_EQ(scalar(dir.path(),
                     QStringLiteral("SELECT SUM(requests) FROM usage_rollups WHERE minute_ms = %1")
                         .arg(minute + 60'000)),
              10);
}

TEST(LogWriter, RollsReplayTrafficUpApartFromApiTraffic)
{
    QTemporaryDir dir;
    LogWriter::Options options;
    options.clock = [] { return fixedNowMs; }; // retention measures the rows' age by it
    LogWriter writer(options);
    ASSERT_TRUE(writer.start(dir.path()).ok());
    const qint64 minute = (fixedNowMs / 60'000 - 2) * 60'000;
    for (int i = 0; i < 10; ++i) {
        LogRecord r = record(i);
        r.timeMs = minute + i;
        r.model = QStringLiteral("m");
        r.status = 200;
        if (i < 3)
            r.source = sourceReplay();
        writer.push(std::move(r));
    }
    writer.flush();
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests WHERE source = "
                                                "'replay'")),
              3);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests WHERE source = "
                                                "'api'")),
              7);
    const QString rollup =
        QStringLiteral("SELECT requests FROM usage_rollups WHERE model = 'm' AND minute_ms = %1 "
                       "AND source = '%2'");
    EXPECT_EQ(scalar(dir.path(), rollup.arg(minute).arg(sourceReplay())), 3);
    EXPECT_EQ(scalar(dir.path(), rollup.arg(minute).arg(sourceApi())), 7);
}

namespace {
QString text(const QString& dataDir, const QString& sql)
{
    QString value = QStringLiteral("<no row>");
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(dataDir + QStringLiteral("/switchboard.sqlite"));
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql)) << qPrintable(sql);
        if (q.next())
            value = q.value(0).isNull() ? QStringLiteral("<null>") : q.value(0).toString();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return value;
}

std::vector<Attempt> failover()
{
    return {{QStringLiteral("local-vllm"), QStringLiteral("llama3"), 0,
             QStringLiteral("upstream_connect"), 1},
            {QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 42.5}};
}
} // namespace

TEST(LogWriter, WritesTheAttemptsAsJsonAndNullWhenThereWereNone)
{
    QTemporaryDir dir;
    LogWriter writer;
    ASSERT_TRUE(writer.start(dir.path()).ok());
    LogRecord failedOver = record(1);
    failedOver.attempts = failover();
    writer.push(std::move(failedOver));
    writer.push(record(2)); // refused before routing: no attempt
    writer.flush();
    EXPECT_EQ(
        text(dir.path(), QStringLiteral("SELECT attempts FROM requests WHERE latency_ms = 1")),
        QString::fromUtf8(attemptsToJson(failover())));
    EXPECT_EQ(
        text(dir.path(), QStringLiteral("SELECT attempts FROM requests WHERE latency_ms = 2")),
        QStringLiteral("<null>"));
    // SQLite reads it as JSON (the Backends page's json_each relies on it).
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests, "
                                                "json_each(requests.attempts)")),
              2);
    EXPECT_EQ(text(dir.path(), QStringLiteral("SELECT json_extract(attempts, '$[0].errorClass')"
                                              " FROM requests WHERE latency_ms = 1")),
              QStringLiteral("upstream_connect"));

    // LogQuery hands them over as a list, empty for none.
    LogFilter filter;
    filter.newestFirst = false;
    auto rows = LogQuery::run(dir.path(), filter);
    ASSERT_TRUE(rows.ok()) << qPrintable(rows.error());
    ASSERT_EQ(rows->size(), 2);
    const QVariantList attempts = rows->at(0).value(QStringLiteral("attempts")).toList();
    ASSERT_EQ(attempts.size(), 2);
    EXPECT_EQ(attempts[0].toMap().value(QStringLiteral("backend")).toString(),
              QStringLiteral("local-vllm"));
    EXPECT_EQ(attempts[0].toMap().value(QStringLiteral("status")).toInt(), 0);
    EXPECT_EQ(attempts[1].toMap().value(QStringLiteral("durationMs")).toDouble(), 42.5);
    EXPECT_EQ(attempts[1].toMap().value(QStringLiteral("errorClass")).toString(), QString());
    EXPECT_TRUE(rows->at(1).contains(QStringLiteral("attempts")));
    EXPECT_TRUE(rows->at(1).value(QStringLiteral("attempts")).toList().isEmpty());
}

namespace {
// A log that only step() writes, at a "now" the test sets.
struct SteppedWriter
{
    explicit SteppedWriter(const QString& dataDir, config::LoggingConfig logging = {})
    {
        LogWriter::Options options;
        options.ownThread = false;
        options.logging = logging;
        options.clock = [this] { return nowMs; };
        writer = std::make_unique<LogWriter>(options);
        EXPECT_TRUE(writer->start(dataDir).ok());
    }
    qint64 nowMs = anchorMs;
    std::unique_ptr<LogWriter> writer;
    static constexpr qint64 anchorMs = fixedNowMs;
};

LogRecord recordAt(qint64 timeMs, int i, qsizetype bodyBytes = 0)
{
    LogRecord r = record(i);
    r.timeMs = timeMs;
    if (bodyBytes > 0)
        r.responseBody = QByteArray(bodyBytes, 'x');
    return r;
}

qint64 rowsBefore(const QString& dataDir, qint64 timeMs)
{
    return scalar(dataDir,
                  QStringLiteral("SELECT COUNT(*) FROM requests WHERE ts_ms < %1").arg(timeMs));
}
} // namespace

TEST(LogWriter, ARetentionPassDeletesInSmallStepsBetweenFlushes)
{
    QTemporaryDir dir;
    config::LoggingConfig logging;
    logging.retentionDays = 7;
    logging.retentionRows = 0;
    logging.maxDbBytes = 0;
    SteppedWriter stepped(dir.path(), logging);
    LogWriter& writer = *stepped.writer;
    const qint64 now = SteppedWriter::anchorMs;
    const qint64 cutoff = now - 7 * 86'400'000LL;
    const int old = 5 * LogStore::deleteBatchRows + 500;
    for (int i = 0; i < old; ++i)
        writer.push(recordAt(now - 8 * 86'400'000LL + i, i));
    // The first step writes them; the pass that starts then deletes one batch, no more.
    EXPECT_TRUE(writer.step());
    EXPECT_EQ(rowsBefore(dir.path(), cutoff), old - LogStore::deleteBatchRows);
    // Each later step commits the rows that came meanwhile before it deletes the next batch:
    // during the pass, a row waits for one flush, not for the pass.
    int steps = 1, fresh = 0;
    for (bool more = true; more && steps < 100; ++steps) {
        for (int i = 0; i < 3; ++i)
            writer.push(recordAt(now - 1000 + fresh, 100'000 + fresh)), ++fresh;
        more = writer.step();
        EXPECT_EQ(
            scalar(dir.path(),
                   QStringLiteral("SELECT COUNT(*) FROM requests WHERE ts_ms >= %1").arg(cutoff)),
            fresh);
        EXPECT_GE(rowsBefore(dir.path(), cutoff),
                  qMax<qint64>(0, old - qint64(steps + 1) * LogStore::deleteBatchRows));
    }
    EXPECT_EQ(steps, 6); // 5,500 rows in batches of 2,000 (the last step finds nothing more)
    EXPECT_EQ(rowsBefore(dir.path(), cutoff), 0);
    EXPECT_EQ(writer.written(), old + fresh);
    EXPECT_EQ(writer.dropped(), 0);
    // Not again until the next pass is due (ten minutes of the injected clock).
    writer.push(recordAt(cutoff - 1, 7));
    EXPECT_FALSE(writer.step());
    EXPECT_EQ(rowsBefore(dir.path(), cutoff), 1);
    stepped.nowMs += 10 * 60'000;
    writer.step();
    EXPECT_EQ(rowsBefore(dir.path(), cutoff), 0);
}

TEST(LogWriter, ASizeBoundDeletesTheOldestRowsAndShrinksTheFile)
{
    QTemporaryDir dir;
    config::LoggingConfig logging;
    logging.retentionDays = 0;
    logging.retentionRows = 0;
    logging.maxDbBytes = 0; // no bound while the log fills
    SteppedWriter stepped(dir.path(), logging);
    LogWriter& writer = *stepped.writer;
    const qint64 bound = 2 << 20;
    for (int i = 1; i <= 3000; ++i) // about 6 MB of captured answers
        writer.push(recordAt(SteppedWriter::anchorMs + i, i, 2000));
    writer.step();
    const QString file = dir.path() + QStringLiteral("/switchboard.sqlite");
    ASSERT_GT(scalar(dir.path(), QStringLiteral("PRAGMA page_count")) *
                  scalar(dir.path(), QStringLiteral("PRAGMA page_size")),
              3 * bound);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("PRAGMA auto_vacuum")), 2); // incremental

    logging.maxDbBytes = bound;
    writer.setLogging(logging);
    int steps = 0;
    do {
        stepped.nowMs += 1000; // the size is checked once a second
        writer.push(recordAt(stepped.nowMs, 10'000 + steps));
        ++steps;
    } while (writer.step() && steps < 200);
    EXPECT_LT(steps, 200);
    writer.stop(); // closing checkpoints the WAL into the file
    EXPECT_LE(QFileInfo(file).size(), bound);
    EXPECT_GT(QFileInfo(file).size(), bound / 2);
    // The newest rows stay, the oldest went.
    EXPECT_EQ(
        scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests WHERE latency_ms = 1")),
        0);
    EXPECT_EQ(scalar(dir.path(),
                     QStringLiteral("SELECT COUNT(*) FROM requests WHERE latency_ms >= 10000")),
              steps);
    EXPECT_EQ(
        scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM request_bodies WHERE request_id "
                                          "NOT IN (SELECT id FROM requests)")),
        0);
}

TEST(LogWriter, FailedWritesAreCountedAndReportedUntilAWriteSucceeds)
{
    // Rows with bodies go one statement each, rows without 16 to a statement: a full disk
    // loses and counts both kinds the same way.
    for (const bool withBodies : {true, false}) {
        SCOPED_TRACE(withBodies);
        QTemporaryDir dir;
        SteppedWriter stepped(dir.path());
        LogWriter& writer = *stepped.writer;
        writer.push(record(1));
        writer.step();
        ASSERT_TRUE(writer.health().ok);
        // A full disk: the file may not grow by a page.
        writer.setMaxPageCount(scalar(dir.path(), QStringLiteral("PRAGMA page_count")));
        for (int i = 2; i <= 301; ++i) {
            LogRecord r = recordAt(SteppedWriter::anchorMs, i, withBodies ? 4000 : 0);
            if (!withBodies)
                r.requestBody.clear();
            writer.push(std::move(r));
        }
        writer.step();
        EXPECT_EQ(writer.written(), 1);
        EXPECT_EQ(writer.dropped(), 300);
        EXPECT_EQ(writer.writeFailures(), 1);
        EXPECT_FALSE(writer.health().ok);
        EXPECT_EQ(writer.health().reason,
                  QStringLiteral("request log cannot be written: database or disk is full"));
        // Space again: the next write succeeds and the log is healthy.
        writer.setMaxPageCount(0);
        writer.push(record(303));
        writer.step();
        EXPECT_TRUE(writer.health().ok);
        EXPECT_EQ(writer.written(), 2);
        EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests")), 2);
    }
}

namespace {
// Rows that differ in every column the writer converts, with more distinct values per column
// than its caches hold, so that a group of rows bound into one statement outlives cache
// entries.
LogRecord variedRecord(int i)
{
    static const QString models[] = {QStringLiteral("m0"), QStringLiteral("m1"),
                                     QStringLiteral("m2"), QStringLiteral("m3"),
                                     QStringLiteral("m4"), QStringLiteral("modèle-5"),
                                     QStringLiteral("m6")};
    LogRecord r = recordAt(SteppedWriter::anchorMs + i, i);
    r.requestBody.clear();
    r.model = models[i % 7];
    r.upstreamModel = models[(i + 3) % 7];
    r.backend = QStringLiteral("backend-%1").arg(i % 5);
    r.route = r.model;
    r.keyId = i % 3 ? QStringLiteral("key-%1").arg(i % 6) : QString();
    r.keyName = r.keyId.isEmpty() ? QString() : QStringLiteral("name-%1").arg(i % 6);
    r.tenant = QStringLiteral("tenant-%1").arg(i % 4);
    r.errorClass = r.status == 500 ? QStringLiteral("upstream_5xx") : QString();
    r.ttftMs = i % 2 ? i / 2.0 : -1;
    r.cost = i * 0.001;
    r.cacheStatus = i % 4 ? QString() : QStringLiteral("hit");
    r.stream = i % 2;
    r.source = i % 9 ? sourceApi() : sourceReplay();
    r.cacheReadTokens = i % 3;
    r.providerDetail =
        i % 5 ? QByteArray() : QByteArray("{\"filter\":" + QByteArray::number(i) + "}");
    if (i % 4 == 1)
        r.attempts = failover();
    return r;
}

// Every column of every row but the id, in id order.
QList<QVariantList> allRows(const QString& dataDir)
{
    QList<QVariantList> rows;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("rows"));
        db.setDatabaseName(dataDir + QStringLiteral("/switchboard.sqlite"));
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT * FROM requests ORDER BY id")));
        while (q.next()) {
            QVariantList row;
            for (int c = 1; c < q.record().count(); ++c)
                row << q.value(c);
            rows << row;
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("rows"));
    return rows;
}
} // namespace

TEST(LogWriter, RowsWithoutBodiesAreWrittenManyToAStatementAsOneByOne)
{
    // Rows with a body go one statement each; rows without are grouped. Both logs must hold
    // the same rows.
    QTemporaryDir grouped, single;
    SteppedWriter groupedWriter(grouped.path()), singleWriter(single.path());
    const int count = 45; // two full groups and a rest
    for (int i = 1; i <= count; ++i) {
        groupedWriter.writer->push(variedRecord(i));
        LogRecord withBody = variedRecord(i);
        withBody.requestBody = "{}";
        singleWriter.writer->push(std::move(withBody));
    }
    groupedWriter.writer->step();
    singleWriter.writer->step();
    EXPECT_EQ(groupedWriter.writer->written(), count);
    const QList<QVariantList> rows = allRows(grouped.path());
    ASSERT_EQ(rows.size(), count);
    EXPECT_EQ(rows, allRows(single.path()));
    EXPECT_EQ(text(grouped.path(), QStringLiteral("SELECT model FROM requests WHERE id = 5")),
              QStringLiteral("modèle-5"));
    EXPECT_EQ(text(grouped.path(), QStringLiteral("SELECT attempts FROM requests WHERE id = 5")),
              QString::fromUtf8(attemptsToJson(failover())));
    EXPECT_EQ(scalar(grouped.path(), QStringLiteral("SELECT COUNT(*) FROM request_bodies")), 0);
    EXPECT_EQ(scalar(grouped.path(), QStringLiteral("SELECT SUM(requests) FROM usage_rollups")),
              count);

    // A statement's parameters keep their values from one row to the next, and a NULL or an
    // integer equal to the one held is not bound again: each row still has its own values,
    // whether the row before had the same or not.
    for (const QTemporaryDir* dir : {&grouped, &single}) {
        for (int i = 1; i <= count; ++i) {
            const LogRecord expected = variedRecord(i);
            const QString where = QStringLiteral(" FROM requests WHERE id = %1").arg(i);
            const QString null = QStringLiteral("<null>");
            EXPECT_EQ(text(dir->path(), "SELECT key_id" + where),
                      expected.keyId.isEmpty() ? null : expected.keyId)
                << i;
            EXPECT_EQ(text(dir->path(), "SELECT cache_status" + where),
                      expected.cacheStatus.isEmpty() ? null : expected.cacheStatus)
                << i;
            EXPECT_EQ(scalar(dir->path(), "SELECT cache_read_tokens" + where),
                      expected.cacheReadTokens)
                << i;
            EXPECT_EQ(scalar(dir->path(), "SELECT stream" + where), expected.stream ? 1 : 0) << i;
            EXPECT_EQ(scalar(dir->path(), "SELECT ttft_ms IS NULL" + where),
                      expected.ttftMs < 0 ? 1 : 0)
                << i;
        }
    }
}

TEST(LogWriter, ARowThatFailsInAGroupIsTheOnlyOneLost)
{
    QTemporaryDir dir;
    SteppedWriter stepped(dir.path());
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("trigger"));
        db.setDatabaseName(dir.filePath(Database::fileName()));
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral(
            "CREATE TRIGGER refuse BEFORE INSERT ON requests WHEN NEW.latency_ms = 20 "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END")))
            << qPrintable(q.lastError().text());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("trigger"));
    for (int i = 1; i <= 32; ++i)
        stepped.writer->push(variedRecord(i));
    stepped.writer->step();
    EXPECT_EQ(stepped.writer->written(), 31);
    EXPECT_EQ(stepped.writer->dropped(), 1);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests")), 31);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM requests "
                                                "WHERE latency_ms = 20")),
              0);
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(requests) FROM usage_rollups")), 31);
}

TEST(LogWriter, ARefusalOnAPathWithNoEndpointIsWritten)
{
    QTemporaryDir dir;
    SteppedWriter stepped(dir.path());
    LogRecord r = record(1);
    r.endpoint.clear(); // e.g. a 413 on /foo: no API endpoint
    r.status = 413;
    stepped.writer->push(std::move(r));
    stepped.writer->step();
    EXPECT_EQ(stepped.writer->written(), 1);
    EXPECT_TRUE(stepped.writer->health().ok);
    EXPECT_EQ(text(dir.path(), QStringLiteral("SELECT endpoint FROM requests")), QString());
}

namespace {
// A row as version `version` of the schema held it.
void insertRowOfVersion(QSqlDatabase& db, int version)
{
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec(
        QStringLiteral(
            "INSERT INTO requests (ts_ms, trace_id, endpoint, model, backend, status, latency_ms)"
            " VALUES (%1, 'old', 'chat.completions', 'm', 'b', 200, 7)")
            .arg(SteppedWriter::anchorMs - 60'000)))
        << qPrintable(q.lastError().text());
    if (version >= 2) {
        ASSERT_TRUE(q.exec(QStringLiteral("INSERT INTO usage_rollups (minute_ms, model, backend, "
                                          "status_class, requests, prompt_tokens, "
                                          "completion_tokens, cost, latency_ms_sum, ttft_count, "
                                          "ttft_ms_sum, l3) VALUES (%1, 'm', 'b', 2, 1, 0, 0, 0, "
                                          "7, 0, 0, 1)")
                               .arg(SteppedWriter::anchorMs - 60'000 - 30'000)))
            << qPrintable(q.lastError().text());
    }
}
} // namespace

TEST(LogWriter, ALogOfEveryEarlierSchemaVersionIsUpgradedAndWritten)
{
    for (int version = 1; version < Database::schemaVersion; ++version) {
        SCOPED_TRACE(version);
        QTemporaryDir dir;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(dir.path() + QStringLiteral("/switchboard.sqlite"));
            ASSERT_TRUE(db.open());
            QSqlQuery(db).exec(QStringLiteral("PRAGMA journal_mode=WAL"));
            ASSERT_TRUE(Database::migrate(db, version).ok());
            insertRowOfVersion(db, version);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        ASSERT_EQ(scalar(dir.path(), QStringLiteral("SELECT MAX(version) FROM schema_version")),
                  version);

        SteppedWriter stepped(dir.path());
        LogRecord r = recordAt(SteppedWriter::anchorMs, 2);
        r.model = QStringLiteral("m");
        r.latencyMs = 20;
        r.attempts = failover();
        stepped.writer->push(std::move(r));
        stepped.writer->step();
        EXPECT_TRUE(stepped.writer->health().ok) << qPrintable(stepped.writer->health().reason);
        EXPECT_EQ(stepped.writer->written(), 1);
        EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT MAX(version) FROM schema_version")),
                  Database::schemaVersion);
        EXPECT_EQ(scalar(dir.path(), QStringLiteral("PRAGMA auto_vacuum")), 2);

        LogFilter filter;
        filter.newestFirst = false;
        auto rows = LogQuery::run(dir.path(), filter);
        ASSERT_TRUE(rows.ok()) << qPrintable(rows.error());
        ASSERT_EQ(rows->size(), 2);
        EXPECT_EQ(rows->at(0).value(QStringLiteral("trace_id")).toString(), QStringLiteral("old"));
        EXPECT_TRUE(rows->at(0).value(QStringLiteral("attempts")).toList().isEmpty());
        EXPECT_EQ(rows->at(1).value(QStringLiteral("attempts")).toList().size(), 2);
        filter.statusClass = 5;
        EXPECT_TRUE(LogQuery::run(dir.path(), filter).ok());
        // Rows and rollups from before schema 6 are api traffic.
        EXPECT_EQ(rows->at(0).value(QStringLiteral("source")).toString(), sourceApi());
        EXPECT_EQ(
            scalar(dir.path(),
                   QStringLiteral("SELECT COUNT(*) FROM usage_rollups WHERE source <> 'api'")),
            0);
        // Copied column for column when schema 6 rebuilt the rollups.
        EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT SUM(l3) FROM usage_rollups")),
                  version >= 2 ? 1 : 0);
        // The rollups of both eras add up.
        EXPECT_EQ(
            scalar(dir.path(),
                   QStringLiteral("SELECT SUM(requests) FROM usage_rollups WHERE model = 'm'")),
            version >= 2 ? 2 : 1);
        // The new row's failover is counted in the columns that the failover migration added.
        EXPECT_EQ(text(dir.path(), QStringLiteral("SELECT SUM(upstream_errors) || '/' || "
                                                  "SUM(fallbacks) FROM usage_rollups")),
                  QStringLiteral("1/1"));
    }
}

TEST(LogWriter, RollsUpFailedUpstreamAttemptsAndRequestsServedByAFallback)
{
    QTemporaryDir dir;
    SteppedWriter stepped(dir.path());
    const Attempt refused{QStringLiteral("local"), QStringLiteral("llama3"), 0,
                          QStringLiteral("upstream_connect"), 1};
    const Attempt answered{QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 9};
    const Attempt overloaded{QStringLiteral("cloud"), QStringLiteral("gpt"), 503,
                             QStringLiteral("upstream_5xx"), 3};
    const std::vector<std::vector<Attempt>> requests = {
        {answered},                      // served by the first target
        {refused, answered},             // a fallback served it
        {refused, overloaded, answered}, // two failures, then a fallback
        {refused, overloaded},           // every target failed (answered 502)
        {}};                             // refused before routing
    for (size_t i = 0; i < requests.size(); ++i) {
        LogRecord r = recordAt(SteppedWriter::anchorMs, int(i) + 1);
        r.model = QStringLiteral("m");
        r.status = i == 3 ? 502 : 200;
        r.attempts = requests[i];
        stepped.writer->push(std::move(r));
    }
    stepped.writer->step();
    ASSERT_EQ(stepped.writer->written(), 5);
    const QString sums = QStringLiteral("SELECT SUM(upstream_errors) || '/' || SUM(fallbacks) FROM "
                                        "usage_rollups WHERE model = 'm'");
    EXPECT_EQ(text(dir.path(), sums), QStringLiteral("5/2"));
    EXPECT_EQ(text(dir.path(), sums + QStringLiteral(" AND status_class = 5")),
              QStringLiteral("2/0"));
}

// The migration that added usage_rollups.upstream_errors and fallbacks (Database.cpp).
constexpr int failoverMigration = 7;

TEST(LogWriter, TheFailoverMigrationFillsInTheRowsStillInTheLog)
{
    QTemporaryDir dir;
    const qint64 minute = SteppedWriter::anchorMs - SteppedWriter::anchorMs % 60'000;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
        db.setDatabaseName(dir.path() + QStringLiteral("/switchboard.sqlite"));
        ASSERT_TRUE(db.open());
        ASSERT_TRUE(Database::migrate(db, failoverMigration - 1).ok());
        QSqlQuery q(db);
        // Two requests of one minute, key, alias and backend that failed over, one that did
        // not, one whose every target failed, and a row whose attempts are not JSON.
        const QString insert = QStringLiteral(
            "INSERT INTO requests (ts_ms, trace_id, endpoint, model, backend, status, "
            "latency_ms, attempts) VALUES (%1, 't', 'chat.completions', 'm', 'mock', %2, 1, '%3')");
        const QByteArray failedOver = attemptsToJson(failover());
        const QByteArray firstTry = attemptsToJson({failover().back()});
        const QByteArray exhausted =
            attemptsToJson({failover().front(),
                            {QStringLiteral("mock"), QStringLiteral("mock-fast"), 503,
                             QStringLiteral("upstream_5xx"), 2}});
        for (const auto& [offset, status, attempts] :
             {std::tuple{1000, 200, failedOver}, std::tuple{2000, 200, failedOver},
              std::tuple{3000, 200, firstTry}, std::tuple{4000, 503, exhausted},
              std::tuple{5000, 200, QByteArray("[{\"errorClass\":\"upstream_")}})
            ASSERT_TRUE(
                q.exec(insert.arg(minute + offset).arg(status).arg(QString::fromUtf8(attempts))))
                << qPrintable(q.lastError().text());
        const QString rollup = QStringLiteral(
            "INSERT INTO usage_rollups (minute_ms, model, backend, status_class, requests, "
            "prompt_tokens, completion_tokens, cost, latency_ms_sum, ttft_count, ttft_ms_sum) "
            "VALUES (%1, 'm', 'mock', %2, %3, 0, 0, 0, 1, 0, 0)");
        ASSERT_TRUE(q.exec(rollup.arg(minute).arg(2).arg(4)));
        ASSERT_TRUE(q.exec(rollup.arg(minute).arg(5).arg(1)));
        // A minute whose rows retention has deleted.
        ASSERT_TRUE(q.exec(rollup.arg(minute - 60'000).arg(2).arg(7)));
        ASSERT_TRUE(Database::migrate(db, failoverMigration).ok());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("old"));
    const QString sums =
        QStringLiteral("SELECT upstream_errors || '/' || fallbacks FROM usage_rollups WHERE "
                       "minute_ms = %1 AND status_class = %2");
    EXPECT_EQ(text(dir.path(), sums.arg(minute).arg(2)), QStringLiteral("2/2"));
    EXPECT_EQ(text(dir.path(), sums.arg(minute).arg(5)), QStringLiteral("2/0"));
    EXPECT_EQ(text(dir.path(), sums.arg(minute - 60'000).arg(2)), QStringLiteral("0/0"));
}

TEST(LogWriter, KeepsTheTokenPartsTheEstimateMarkAndTheProviderDetail)
{
    QTemporaryDir dir;
    LogWriter writer;
    ASSERT_TRUE(writer.start(dir.path()).ok());
    LogRecord cached = record(1);
    cached.promptTokens = 1200;
    cached.cacheReadTokens = 1000;
    cached.cacheWriteTokens = 150;
    cached.completionTokens = 90;
    cached.reasoningTokens = 60;
    cached.providerDetail = R"({"content_filter_results":{"hate":{"filtered":false}}})";
    writer.push(std::move(cached));
    LogRecord counted = record(2);
    counted.usageEstimated = true;
    writer.push(std::move(counted));
    writer.flush();
    EXPECT_EQ(text(dir.path(), QStringLiteral("SELECT cache_read_tokens || '/' || "
                                              "cache_write_tokens || '/' || reasoning_tokens || "
                                              "'/' || usage_estimated FROM requests WHERE "
                                              "latency_ms = 1")),
              QStringLiteral("1000/150/60/0"));
    EXPECT_EQ(text(dir.path(), QStringLiteral("SELECT json_extract(provider_detail, "
                                              "'$.content_filter_results.hate.filtered') FROM "
                                              "requests WHERE latency_ms = 1")),
              QStringLiteral("0"));
    EXPECT_EQ(text(dir.path(), QStringLiteral("SELECT usage_estimated || '/' || "
                                              "COALESCE(provider_detail, 'none') FROM requests "
                                              "WHERE latency_ms = 2")),
              QStringLiteral("1/none"));

    LogFilter filter;
    filter.newestFirst = false;
    auto rows = LogQuery::run(dir.path(), filter);
    ASSERT_TRUE(rows.ok()) << qPrintable(rows.error());
    ASSERT_EQ(rows->size(), 2);
    EXPECT_EQ(rows->at(0).value(QStringLiteral("cache_read_tokens")).toLongLong(), 1000);
    EXPECT_EQ(rows->at(1).value(QStringLiteral("usage_estimated")).toInt(), 1);
}

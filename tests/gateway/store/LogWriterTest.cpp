#include "store/LogWriter.h"
#include "store/Attempts.h"
#include "store/LogQuery.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gateway::store;

namespace {
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

TEST(LogWriter, ALogOfTheSchemaBeforeAttemptsGetsTheColumn)
{
    QTemporaryDir dir;
    {
        // A log as version 2 left it: no attempts column, one row.
        LogWriter writer;
        ASSERT_TRUE(writer.start(dir.path()).ok());
        writer.push(record(1));
        writer.flush();
    }
    text(dir.path(), QStringLiteral("ALTER TABLE requests DROP COLUMN attempts"));
    text(dir.path(), QStringLiteral("DELETE FROM schema_version WHERE version = 3"));
    ASSERT_EQ(scalar(dir.path(), QStringLiteral("SELECT COUNT(*) FROM pragma_table_info("
                                                "'requests') WHERE name = 'attempts'")),
              0);

    // A read-only reader of the old log (`switchboard logs` before the gateway ran again) gets
    // its rows, with no attempts.
    auto before = LogQuery::run(dir.path(), LogFilter());
    ASSERT_TRUE(before.ok()) << qPrintable(before.error());
    ASSERT_EQ(before->size(), 1);
    EXPECT_TRUE(before->at(0).value(QStringLiteral("attempts")).toList().isEmpty());

    LogWriter writer;
    ASSERT_TRUE(writer.start(dir.path()).ok());
    LogRecord r = record(2);
    r.attempts = failover();
    writer.push(std::move(r));
    writer.flush();
    EXPECT_EQ(scalar(dir.path(), QStringLiteral("SELECT MAX(version) FROM schema_version")), 3);
    EXPECT_EQ(
        text(dir.path(), QStringLiteral("SELECT attempts FROM requests WHERE latency_ms = 1")),
        QStringLiteral("<null>"));
    EXPECT_EQ(
        attemptsFromJson(text(dir.path(), QStringLiteral("SELECT attempts FROM requests WHERE "
                                                         "latency_ms = 2"))
                             .toUtf8()),
        failover());
}

#include "models/RollupSeries.h"
#include "store/LogWriter.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using gateway::store::LogRecord;
using gateway::store::LogWriter;

namespace {

constexpr qint64 minute = 60'000;
constexpr qint64 day = 24 * 60 * minute;

LogRecord record(qint64 timeMs, const QString& model, int status, double latencyMs, double ttftMs,
                 qint64 prompt, qint64 completion)
{
    static int trace = 0;
    LogRecord r;
    r.timeMs = timeMs;
    r.traceId = QByteArray::number(++trace).rightJustified(32, '0');
    r.endpoint = QStringLiteral("chat.completions");
    r.model = model;
    r.backend = QStringLiteral("mock");
    r.status = status;
    r.latencyMs = latencyMs;
    r.ttftMs = ttftMs;
    r.promptTokens = prompt;
    r.completionTokens = completion;
    return r;
}

gateway::store::Attempt refused()
{
    return {QStringLiteral("local"), QStringLiteral("llama3"), 0,
            QStringLiteral("upstream_connect"), 1};
}

gateway::store::Attempt answered()
{
    return {QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 9};
}

} // namespace

class RollupSeriesTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    qint64 m_now = 0;
    const QString fast = QStringLiteral("mock-fast");
    const QString smart = QStringLiteral("mock-smart");

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // An anchored "now", 30 s into a minute: a wall-clock now in the last second of a
        // minute put the newest row into a bucket that was still filling (59 s long, not 60).
        // The writer's retention runs on the same clock.
        m_now = QDateTime(QDate(2026, 3, 10), QTime(14, 27, 30), Qt::UTC).toMSecsSinceEpoch();
        LogWriter::Options options;
        options.clock = [now = m_now] { return now; };
        LogWriter writer(options);
        QVERIFY(writer.start(m_dir.path()).ok());
        // The last ten minutes: each minute a fast 200 (100 ms, 50 ms to first token, 30
        // tokens), a fast 404 (5 ms, no tokens) and a smart 500 (2 s, 5 tokens).
        for (int m = 1; m <= 10; ++m) {
            const qint64 t = m_now - m * minute + 1000;
            writer.push(record(t, fast, 200, 100, 50, 10, 20));
            writer.push(record(t, fast, 404, 5, -1, 0, 0));
            writer.push(record(t, smart, 500, 2000, -1, 5, 0));
        }
        // Older: four smart successes 2 days ago and 5 days ago; one 10 days ago, outside a week.
        for (qint64 age : {2 * day, 5 * day})
            for (int i = 0; i < 4; ++i)
                writer.push(record(m_now - age + i * 1000, smart, 200, 800, 300, 100, 50));
        writer.push(record(m_now - 10 * day, smart, 200, 800, 300, 100, 50));
        // Two replays of the console, a minute ago.
        for (int i = 0; i < 2; ++i) {
            LogRecord replay = record(m_now - minute + 2000, fast, 200, 100, 50, 10, 20);
            replay.source = gateway::store::sourceReplay();
            writer.push(std::move(replay));
        }
        writer.flush();
        writer.stop();
    }

    void bucketsAreWholeRoundMinutesAndAWeekFitsInThreeHundredPoints()
    {
        QCOMPARE(ui::RollupSeries::bucketMsFor(15 * minute), minute);
        QCOMPARE(ui::RollupSeries::bucketMsFor(60 * minute), minute);
        QCOMPARE(ui::RollupSeries::bucketMsFor(6 * 60 * minute), 2 * minute);
        QCOMPARE(ui::RollupSeries::bucketMsFor(day), 5 * minute);
        QCOMPARE(ui::RollupSeries::bucketMsFor(7 * day), 60 * minute);
        QCOMPARE(ui::RollupSeries::bucketMsFor(30 * day), 180 * minute);
    }

    void replayTrafficCountsOnlyWhenAskedFor()
    {
        const auto all = ui::RollupSeries::query(m_dir.path(), m_now, 15 * minute);
        QVERIFY2(all.error.isEmpty(), qPrintable(all.error));
        QCOMPARE(ui::totalOf(all.points).requests, quint64(32));
        QCOMPARE(ui::totalOf(all.points).tokensByModel.value(fast), quint64(360));
        const auto api =
            ui::RollupSeries::query(m_dir.path(), m_now, 15 * minute, 300, std::nullopt, false);
        QVERIFY2(api.error.isEmpty(), qPrintable(api.error));
        QCOMPARE(ui::totalOf(api.points).requests, quint64(30));
        QCOMPARE(ui::totalOf(api.points).tokensByModel.value(fast), quint64(300));
    }

    void fifteenMinutesSumsTheRecentRows()
    {
        const auto result =
            ui::RollupSeries::query(m_dir.path(), m_now, 15 * minute, 300, std::nullopt, false);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QCOMPARE(result.bucketMs, minute);
        QVERIFY(result.points.size() >= 15 && result.points.size() <= 16);
        QVERIFY(result.fromMs <= m_now - 15 * minute);
        const ui::MetricsPoint total = ui::totalOf(result.points);
        QCOMPARE(total.requests, quint64(30));
        QCOMPARE(total.errors, quint64(20));
        QCOMPARE(total.byStatusClass[2], quint64(10));
        QCOMPARE(total.byStatusClass[4], quint64(10));
        QCOMPARE(total.byStatusClass[5], quint64(10));
        QCOMPARE(total.tokensByModel.value(fast), quint64(300));
        QCOMPARE(total.tokensByModel.value(smart), quint64(50));
        QCOMPARE(total.latency.count, quint64(30));
        QCOMPARE(total.ttft.count, quint64(10));
        QVERIFY(qAbs(total.latency.sum - (10 * 0.1 + 10 * 0.005 + 10 * 2.0)) < 1e-6);
        // p50 among the 100 ms ones (50..100 ms bucket), p95 among the 2 s ones (1..2.5 s).
        QVERIFY(total.latency.quantile(0.5) > 0.05 && total.latency.quantile(0.5) <= 0.1);
        QVERIFY(total.latency.quantile(0.95) > 1 && total.latency.quantile(0.95) <= 2.5);
        QVERIFY(total.ttft.quantile(0.5) > 0.025 && total.ttft.quantile(0.5) <= 0.05);
        // One minute's bucket: three requests in sixty seconds, two of them errors.
        int busy = 0;
        for (const ui::MetricsPoint& p : result.points) {
            QVERIFY(p.timeMs > result.fromMs && p.timeMs <= m_now);
            if (p.requests == 0)
                continue;
            ++busy;
            QCOMPARE(p.requests, quint64(3));
            QCOMPARE(p.seconds, 60.0);
            QCOMPARE(p.requestsPerSecond(2), 1.0 / 60);
            QVERIFY(qAbs(p.errorRatePercent() - 200.0 / 3) < 1e-9);
            QCOMPARE(p.tokensPerMinute(fast), 30.0);
        }
        QCOMPARE(busy, 10);
    }

    void upstreamErrorsAndFallbacksAreSummedPerBucket()
    {
        QTemporaryDir dir;
        {
            LogWriter::Options options;
            options.clock = [now = m_now] { return now; };
            LogWriter writer(options);
            QVERIFY(writer.start(dir.path()).ok());
            // Six and seven minutes ago, a 200 that a fallback served after a refused
            // connection; six minutes ago also a 502 after two refused targets.
            for (int m : {6, 7}) {
                LogRecord served = record(m_now - m * minute + 2000, fast, 200, 100, -1, 10, 20);
                served.attempts = {refused(), answered()};
                writer.push(std::move(served));
            }
            LogRecord exhausted = record(m_now - 6 * minute + 3000, smart, 502, 50, -1, 0, 0);
            exhausted.attempts = {refused(), refused()};
            writer.push(std::move(exhausted));
            writer.push(record(m_now - 6 * minute + 4000, fast, 200, 100, -1, 10, 20));
            writer.flush();
        }
        const auto result = ui::RollupSeries::query(dir.path(), m_now, 15 * minute);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        const ui::MetricsPoint total = ui::totalOf(result.points);
        QCOMPARE(total.requests, quint64(4));
        QCOMPARE(total.upstreamErrors, quint64(4));
        QCOMPARE(total.fallbacks, quint64(2));
        QList<quint64> errorsPerMinute, fallbacksPerMinute;
        for (const ui::MetricsPoint& p : result.points) {
            if (p.requests == 0)
                continue;
            errorsPerMinute << p.upstreamErrors;
            fallbacksPerMinute << p.fallbacks;
        }
        QCOMPARE(errorsPerMinute, (QList<quint64>{1, 3}));
        QCOMPARE(fallbacksPerMinute, (QList<quint64>{1, 1}));
    }

    void aWeekIsAtMostThreeHundredPointsAndLeavesOlderRowsOut()
    {
        const auto result =
            ui::RollupSeries::query(m_dir.path(), m_now, 7 * day, 300, std::nullopt, false);
        QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
        QVERIFY2(result.points.size() <= 300, qPrintable(QString::number(result.points.size())));
        QVERIFY(result.points.size() >= 7 * 24);
        const ui::MetricsPoint total = ui::totalOf(result.points);
        QCOMPARE(total.requests, quint64(38));
        QCOMPARE(total.errors, quint64(20));
        QCOMPARE(total.tokensByModel.value(smart), quint64(50 + 8 * 150));
        QCOMPARE(total.ttft.count, quint64(18));
        // Each hour is one point: the four requests of two days ago share one.
        QCOMPARE(result.bucketMs, 60 * minute);
        int withFour = 0;
        for (const ui::MetricsPoint& p : result.points)
            withFour += p.requests == 4 ? 1 : 0;
        QVERIFY(withFour >= 2);
    }

    void bucketsStartOnLocalClockBoundaries()
    {
        // India is UTC+05:30: an hour's bucket starts at hh:00 there, which is hh:30 in UTC.
        const auto india = ui::RollupSeries::query(m_dir.path(), m_now, 7 * day, 300, 19'800);
        QCOMPARE(india.bucketMs, 60 * minute);
        QCOMPARE((india.fromMs + 19'800'000) % (60 * minute), 0);
        QCOMPARE(india.fromMs % (60 * minute), 30 * minute);
        const auto utc = ui::RollupSeries::query(m_dir.path(), m_now, 7 * day, 300, 0);
        QCOMPARE(utc.fromMs % (60 * minute), 0);
        // Only the cut between buckets moves: every request is still counted once.
        QCOMPARE(ui::totalOf(india.points).requests, ui::totalOf(utc.points).requests);
    }

    void noRequestLogYetIsEmptyNotAnError()
    {
        QTemporaryDir empty;
        const auto result = ui::RollupSeries::query(empty.path(), m_now, 60 * minute);
        QVERIFY(result.error.isEmpty());
        QCOMPARE(ui::totalOf(result.points).requests, quint64(0));
        QVERIFY(!result.points.isEmpty()); // zeros to draw, one per bucket
    }

    void loadRunsOffTheCallingThreadAndDeliversOnIt()
    {
        ui::RollupSeries series;
        QSignalSpy spy(&series, &ui::RollupSeries::loaded);
        Qt::HANDLE deliveredOn = nullptr;
        connect(&series, &ui::RollupSeries::loaded, this,
                [&] { deliveredOn = QThread::currentThreadId(); });
        // A second request while the first runs replaces it: one answer, for the newest range.
        series.load(m_dir.path(), m_now, 15 * minute);
        series.load(m_dir.path(), m_now, 7 * day, false);
        QTRY_COMPARE(spy.count(), 1);
        QVERIFY(!series.isLoading());
        QCOMPARE(deliveredOn, QThread::currentThreadId());
        const auto result = spy.first().first().value<ui::RollupSeries::Points>();
        QCOMPARE(result.rangeMs, 7 * day);
        QCOMPARE(ui::totalOf(result.points).requests, quint64(38));
    }
};

QTEST_GUILESS_MAIN(RollupSeriesTest)
#include "RollupSeriesTest.moc"

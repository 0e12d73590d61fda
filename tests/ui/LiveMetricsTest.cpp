#include "models/LiveMetrics.h"
#include "metrics/Metrics.h"

#include <QtTest>

using gateway::metrics::Registry;

namespace {
const QString fast = QStringLiteral("mock-fast");
const QString smart = QStringLiteral("mock-smart");
constexpr qint64 t0 = 1'700'000'000'000;
} // namespace

class LiveMetricsTest : public QObject
{
    Q_OBJECT
private slots:
    void ratesAndQuantilesComeFromTheDifferenceBetweenSamples()
    {
        Registry registry(2);
        // Traffic before the first sample is not part of any interval.
        registry.shard(0).recordRequest(fast, QStringLiteral("mock"), 200, 9.0, -1, 1000, 1000);
        ui::LiveMetrics live;
        live.add(t0, registry.snapshot());
        // Two seconds: 8 fast successes (20 ms, 10 ms to first token, 30 tokens each), a 404
        // and a 502 of 3 s. Two shards, as two worker threads would record them.
        for (int i = 0; i < 8; ++i)
            registry.shard(i % 2).recordRequest(fast, QStringLiteral("mock"), 200, 0.02, 0.01, 10,
                                                20);
        registry.shard(0).recordRequest(fast, QStringLiteral("mock"), 404, 0.001, -1, 0, 0);
        registry.shard(1).recordRequest(smart, QStringLiteral("mock"), 502, 3.0, -1, 5, 0);
        live.add(t0 + 2000, registry.snapshot());

        const QList<ui::MetricsPoint> points = live.points(t0 - 1);
        QCOMPARE(points.size(), 1);
        const ui::MetricsPoint& p = points.first();
        QCOMPARE(p.timeMs, t0 + 2000);
        QCOMPARE(p.seconds, 2.0);
        QCOMPARE(p.requests, quint64(10));
        QCOMPARE(p.requestsPerSecond(2), 4.0);
        QCOMPARE(p.requestsPerSecond(4), 0.5);
        QCOMPARE(p.requestsPerSecond(5), 0.5);
        QCOMPARE(p.errorRatePercent(), 20.0);
        QCOMPARE(p.tokensPerMinute(fast), 240.0 * 60 / 2);
        QCOMPARE(p.tokensPerMinute(smart), 5.0 * 60 / 2);
        // p50 lies in the 10..25 ms bucket of the eight fast ones, p95 in the 2.5..5 s bucket
        // of the slow one; the 9 s request before the first sample is not in the interval.
        QCOMPARE(p.latency.count, quint64(10));
        QVERIFY2(p.latency.quantile(0.5) > 0.01 && p.latency.quantile(0.5) <= 0.025,
                 qPrintable(QString::number(p.latency.quantile(0.5))));
        QVERIFY2(p.latency.quantile(0.95) > 2.5 && p.latency.quantile(0.95) <= 5,
                 qPrintable(QString::number(p.latency.quantile(0.95))));
        QCOMPARE(p.ttft.count, quint64(8));
        QVERIFY(p.ttft.quantile(0.95) > 0.005 && p.ttft.quantile(0.95) <= 0.01);

        // A quiet second: a point of zeros with no latency to take quantiles of.
        live.add(t0 + 3000, registry.snapshot());
        const QList<ui::MetricsPoint> two = live.points(t0 - 1);
        QCOMPARE(two.size(), 2);
        QCOMPARE(two.last().requests, quint64(0));
        QCOMPARE(two.last().requestsPerSecond(2), 0.0);
        QCOMPARE(two.last().latency.count, quint64(0));
        QCOMPARE(two.last().errorRatePercent(), 0.0);
        // Only intervals ending after `since` are returned.
        QCOMPARE(live.points(t0 + 2000).size(), 1);

        // The same totals straight from the two ends of the range.
        QCOMPARE(live.total(t0 - 1).requests, quint64(10));
        QCOMPARE(live.total(t0 + 2000).requests, quint64(0));
        QCOMPARE(live.total(t0 + 3000).requests, quint64(0));
        const ui::MetricsPoint total = ui::totalOf(two);
        QCOMPARE(total.requests, quint64(10));
        QCOMPARE(total.errors, quint64(2));
        QCOMPARE(total.tokens(), quint64(245));
        QCOMPARE(total.seconds, 3.0);
    }

    void upstreamErrorsAndFallbacksAreCountedPerInterval()
    {
        Registry registry(2);
        registry.shard(0).recordUpstreamError(QStringLiteral("local"), "connect");
        ui::LiveMetrics live;
        live.add(t0, registry.snapshot());
        registry.shard(0).recordUpstreamError(QStringLiteral("local"), "connect");
        registry.shard(1).recordUpstreamError(QStringLiteral("cloud"), "5xx");
        registry.shard(1).recordFallback(fast);
        live.add(t0 + 1000, registry.snapshot());
        registry.shard(0).recordFallback(smart);
        live.add(t0 + 2000, registry.snapshot());

        const QList<ui::MetricsPoint> points = live.points(t0 - 1);
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].upstreamErrors, quint64(2)); // the one before the first sample is not
        QCOMPARE(points[0].fallbacks, quint64(1));
        QCOMPARE(points[1].upstreamErrors, quint64(0));
        QCOMPARE(points[1].fallbacks, quint64(1));
        const ui::MetricsPoint total = live.total(t0 - 1);
        QCOMPARE(total.upstreamErrors, quint64(2));
        QCOMPARE(total.fallbacks, quint64(2));
        QCOMPARE(ui::totalOf(points).fallbacks, quint64(2));
    }

    void replayTrafficIsLeftOutWhenAsked()
    {
        Registry registry(2);
        ui::LiveMetrics live;
        live.add(t0, registry.snapshot());
        registry.shard(0).recordRequest(fast, QStringLiteral("mock"), 200, 0.1, -1, 10, 20);
        // A replay that failed over: recorded as usual, and into the replay slice.
        registry.shard(1).recordRequest(smart, QStringLiteral("mock"), 200, 0.2, -1, 3, 4);
        registry.shard(1).recordUpstreamError(QStringLiteral("local"), "connect");
        registry.shard(1).recordFallback(smart);
        registry.shard(1).recordReplay(smart, 200, 0.2, -1, 3, 4, 1, true);
        live.add(t0 + 1000, registry.snapshot());
        registry.shard(1).recordRequest(fast, QStringLiteral("mock"), 502, 0.3, -1, 1, 0);
        registry.shard(1).recordReplay(fast, 502, 0.3, -1, 1, 0, 0, false);
        live.add(t0 + 2000, registry.snapshot());

        QVERIFY(live.includesReplay()); // counted unless left out
        QCOMPARE(live.total(t0).requests, quint64(3));
        QCOMPARE(live.total(t0).fallbacks, quint64(1));
        live.setIncludeReplay(false);
        const ui::MetricsPoint total = live.total(t0);
        QCOMPARE(total.requests, quint64(1));
        QCOMPARE(total.errors, quint64(0));
        QCOMPARE(total.byStatusClass[5], quint64(0));
        QCOMPARE(total.upstreamErrors, quint64(0));
        QCOMPARE(total.fallbacks, quint64(0));
        QCOMPARE(total.tokensByModel.keys(), QList<QString>{fast});
        QCOMPARE(total.tokensByModel.value(fast), quint64(30));
        QCOMPARE(total.latency.count, quint64(1));
        const QList<ui::MetricsPoint> points = live.points(t0);
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].requests, quint64(1));
        QCOMPARE(points[1].requests, quint64(0)); // the second second had only the replay
    }

    void theRingBufferKeepsTheNewestSamples()
    {
        Registry registry(1);
        ui::LiveMetrics live(4);
        for (int i = 0; i < 10; ++i) {
            for (int n = 0; n <= i; ++n) // i + 1 requests in the second before sample i
                registry.shard(0).recordRequest(fast, QStringLiteral("mock"), 200, 0.1, -1, 1, 1);
            live.add(t0 + i * 1000, registry.snapshot());
        }
        QCOMPARE(live.sampleCount(), 4);
        QCOMPARE(live.firstTimeMs(), t0 + 6000);
        QCOMPARE(live.lastTimeMs(), t0 + 9000);
        const QList<ui::MetricsPoint> points = live.points(0);
        QCOMPARE(points.size(), 3);
        QCOMPARE(points.at(0).requests, quint64(8));
        QCOMPARE(points.at(1).requests, quint64(9));
        QCOMPARE(points.at(2).requests, quint64(10));
        QCOMPARE(points.at(2).timeMs, t0 + 9000);
    }

    void aWindowAveragesTheLastSeconds()
    {
        Registry registry(1);
        ui::LiveMetrics live;
        live.add(t0, registry.snapshot());
        // 6 requests in the first second, none in the second, 2 errors in the third.
        for (int i = 0; i < 6; ++i)
            registry.shard(0).recordRequest(fast, QStringLiteral("mock"), 200, 0.1, -1, 0, 10);
        live.add(t0 + 1000, registry.snapshot());
        live.add(t0 + 2000, registry.snapshot());
        for (int i = 0; i < 2; ++i)
            registry.shard(0).recordRequest(fast, QStringLiteral("mock"), 500, 1.0, -1, 0, 0);
        live.add(t0 + 3000, registry.snapshot());

        const QList<ui::MetricsPoint> points = live.points(t0, 2);
        QCOMPARE(points.size(), 3);
        // The first point has only one second behind it; the others average two.
        QCOMPARE(points.at(0).seconds, 1.0);
        QCOMPARE(points.at(0).requestsPerSecond(2), 6.0);
        QCOMPARE(points.at(1).seconds, 2.0);
        QCOMPARE(points.at(1).requestsPerSecond(2), 3.0);
        QCOMPARE(points.at(1).tokensPerMinute(fast), 60.0 * 60 / 2);
        QCOMPARE(points.at(2).requestsPerSecond(2), 0.0);
        QCOMPARE(points.at(2).requestsPerSecond(5), 1.0);
        QCOMPARE(points.at(2).errorRatePercent(), 100.0);
        QCOMPARE(points.at(2).latency.count, quint64(2));
        // Totals do not count an interval twice, whatever the window.
        QCOMPARE(live.total(t0).requests, quint64(8));
        QCOMPARE(live.total(t0).errors, quint64(2));
        QCOMPARE(live.total(t0 + 1000).requests, quint64(2));
    }

    void aRestartedEngineStartsAFreshHistory()
    {
        Registry first(1);
        for (int i = 0; i < 5; ++i)
            first.shard(0).recordRequest(fast, QStringLiteral("mock"), 200, 0.1, -1, 1, 1);
        ui::LiveMetrics live;
        live.add(t0, first.snapshot());
        live.add(t0 + 1000, first.snapshot());
        // A new engine counts from zero: no negative (or wrapped) rates across the restart.
        Registry second(1);
        second.shard(0).recordRequest(fast, QStringLiteral("mock"), 200, 0.1, -1, 1, 1);
        live.add(t0 + 2000, second.snapshot());
        QCOMPARE(live.sampleCount(), 1);
        QVERIFY(live.points(0).isEmpty());
        QCOMPARE(live.requestsSinceStart(), quint64(1));
        second.shard(0).recordRequest(fast, QStringLiteral("mock"), 500, 0.1, -1, 1, 1);
        live.add(t0 + 3000, second.snapshot());
        QCOMPARE(live.points(0).size(), 1);
        QCOMPARE(live.points(0).first().requestsPerSecond(5), 1.0);
    }

    void aClockSetBackStartsAFreshHistory()
    {
        Registry registry(1);
        ui::LiveMetrics live;
        live.add(t0, registry.snapshot());
        live.add(t0 + 1000, registry.snapshot());
        live.add(t0 + 1000, registry.snapshot()); // the same moment twice: ignored
        QCOMPARE(live.sampleCount(), 2);
        // The wall clock went back an hour: sampling goes on from the new time, not an hour later.
        live.add(t0 - 3'600'000, registry.snapshot());
        QCOMPARE(live.sampleCount(), 1);
        QCOMPARE(live.lastTimeMs(), t0 - 3'600'000);
        live.add(t0 - 3'599'000, registry.snapshot());
        QCOMPARE(live.points(0).size(), 1);
        live.clear();
        QCOMPARE(live.sampleCount(), 0);
        QCOMPARE(live.lastTimeMs(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(LiveMetricsTest)
#include "LiveMetricsTest.moc"

#include "metrics/Metrics.h"

#include <gtest/gtest.h>

using gateway::metrics::Registry;

TEST(Metrics, ExpositionMergesShardsInPrometheusTextFormat)
{
    Registry registry(2);
    registry.shard(0).recordRequest(QStringLiteral("mock-fast"), QStringLiteral("mock"), 200, 0.02,
                                    -1, 10, 24);
    registry.shard(1).recordRequest(QStringLiteral("mock-fast"), QStringLiteral("mock"), 200, 0.3,
                                    0.05, 5, 6);
    registry.shard(1).recordRequest(QStringLiteral("x\"y"), QString(), 404, 0.001, -1, 0, 0);
    registry.shard(0).recordUpstreamError(QStringLiteral("local"), "connect");
    registry.inFlight() = 3;
    const QByteArray text = registry.exposition(7, 11);
    EXPECT_TRUE(text.contains(
        "switchboard_requests_total{status=\"200\",model=\"mock-fast\",backend=\"mock\"} 2\n"));
    EXPECT_TRUE(text.contains(
        "switchboard_requests_total{status=\"404\",model=\"x\\\"y\",backend=\"\"} 1\n"));
    EXPECT_TRUE(text.contains(
        "switchboard_request_duration_seconds_bucket{model=\"mock-fast\",le=\"0.025\"} 1\n"));
    EXPECT_TRUE(text.contains(
        "switchboard_request_duration_seconds_bucket{model=\"mock-fast\",le=\"0.5\"} 2\n"));
    EXPECT_TRUE(
        text.contains("switchboard_request_duration_seconds_count{model=\"mock-fast\"} 2\n"));
    EXPECT_TRUE(
        text.contains("switchboard_tokens_total{direction=\"prompt\",model=\"mock-fast\"} 15\n"));
    EXPECT_TRUE(text.contains(
        "switchboard_tokens_total{direction=\"completion\",model=\"mock-fast\"} 30\n"));
    // A model that reported no tokens has a duration but no token series.
    EXPECT_TRUE(text.contains("switchboard_request_duration_seconds_count{model=\"x\\\"y\"} 1\n"));
    EXPECT_FALSE(text.contains("switchboard_tokens_total{direction=\"prompt\",model=\"x"));
    EXPECT_TRUE(text.contains("switchboard_requests_in_flight 3\n"));
    EXPECT_TRUE(text.contains("switchboard_open_connections 11\n"));
    EXPECT_TRUE(
        text.contains("switchboard_upstream_errors_total{backend=\"local\",kind=\"connect\"} 1\n"));
    EXPECT_TRUE(text.contains("switchboard_log_dropped_total 7\n"));
    const Registry::Totals t = registry.totals();
    EXPECT_EQ(t.requests, 3u);
    EXPECT_EQ(t.errors, 1u);
    EXPECT_EQ(t.completionTokens, 30u);
}

TEST(Metrics, SnapshotsGiveDeltasAndQuantilesForCharts)
{
    Registry registry(1);
    for (int i = 0; i < 90; ++i)
        registry.shard(0).recordRequest(QStringLiteral("m"), QStringLiteral("b"), 200, 0.02, 0.004,
                                        1, 2);
    const auto before = registry.snapshot();
    for (int i = 0; i < 10; ++i)
        registry.shard(0).recordRequest(QStringLiteral("m"), QStringLiteral("b"), 503, 3.0, -1, 0,
                                        0);
    const auto after = registry.snapshot();
    const auto& m = after.models.value(QStringLiteral("m"));
    EXPECT_EQ(m.requests, 100u);
    EXPECT_EQ(m.errors, 10u);
    EXPECT_EQ(after.byStatusClass[2], 90u);
    EXPECT_EQ(after.byStatusClass[5], 10u);
    EXPECT_EQ(m.ttft.count, 90u);
    // p50 falls in the (0.01, 0.025] bucket, p95 in (2.5, 5].
    EXPECT_GT(m.latency.quantile(0.5), 0.01);
    EXPECT_LE(m.latency.quantile(0.5), 0.025);
    EXPECT_GT(m.latency.quantile(0.95), 2.5);
    EXPECT_LE(m.latency.quantile(0.95), 5.0);
    // The last ten requests alone: all slow.
    const auto delta = m.latency.since(before.models.value(QStringLiteral("m")).latency);
    EXPECT_EQ(delta.count, 10u);
    EXPECT_GT(delta.quantile(0.5), 2.5);
    EXPECT_EQ(gateway::metrics::Histogram().quantile(0.5), 0.0);
}

TEST(Metrics, SnapshotsAndTheExpositionCountUpstreamErrorsAndFallbacks)
{
    Registry registry(2);
    registry.shard(0).recordUpstreamError(QStringLiteral("local"), "connect");
    registry.shard(1).recordUpstreamError(QStringLiteral("local"), "connect");
    registry.shard(1).recordUpstreamError(QStringLiteral("cloud"), "5xx");
    registry.shard(0).recordFallback(QStringLiteral("chat"));
    registry.shard(1).recordFallback(QStringLiteral("chat"));
    const auto snapshot = registry.snapshot();
    EXPECT_EQ(snapshot.upstreamErrors, 3u);
    EXPECT_EQ(snapshot.fallbacks, 2u);
    EXPECT_TRUE(
        registry.exposition(0, 0).contains("switchboard_fallbacks_total{model=\"chat\"} 2\n"));
}

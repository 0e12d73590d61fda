#include "metrics/Metrics.h"

#include <gtest/gtest.h>

using gateway::metrics::Registry;

TEST(Metrics, ExpositionMergesShardsInPrometheusTextFormat)
{
    Registry registry(2);
    registry.shard(0).recordRequest(QStringLiteral("mock-fast"), QStringLiteral("mock"), 200, 0.02, 10, 24);
    registry.shard(1).recordRequest(QStringLiteral("mock-fast"), QStringLiteral("mock"), 200, 0.3, 5, 6);
    registry.shard(1).recordRequest(QStringLiteral("x\"y"), QString(), 404, 0.001, 0, 0);
    registry.shard(0).recordUpstreamError(QStringLiteral("local"), "connect");
    registry.inFlight() = 3;
    const QByteArray text = registry.exposition(7, 11);
    EXPECT_TRUE(text.contains("switchboard_requests_total{status=\"200\",model=\"mock-fast\",backend=\"mock\"} 2\n"));
    EXPECT_TRUE(text.contains("switchboard_requests_total{status=\"404\",model=\"x\\\"y\",backend=\"\"} 1\n"));
    EXPECT_TRUE(text.contains("switchboard_request_duration_seconds_bucket{model=\"mock-fast\",le=\"0.025\"} 1\n"));
    EXPECT_TRUE(text.contains("switchboard_request_duration_seconds_bucket{model=\"mock-fast\",le=\"0.5\"} 2\n"));
    EXPECT_TRUE(text.contains("switchboard_request_duration_seconds_count{model=\"mock-fast\"} 2\n"));
    EXPECT_TRUE(text.contains("switchboard_tokens_total{direction=\"prompt\",model=\"mock-fast\"} 15\n"));
    EXPECT_TRUE(text.contains("switchboard_tokens_total{direction=\"completion\",model=\"mock-fast\"} 30\n"));
    EXPECT_TRUE(text.contains("switchboard_requests_in_flight 3\n"));
    EXPECT_TRUE(text.contains("switchboard_open_connections 11\n"));
    EXPECT_TRUE(text.contains("switchboard_upstream_errors_total{backend=\"local\",kind=\"connect\"} 1\n"));
    EXPECT_TRUE(text.contains("switchboard_log_dropped_total 7\n"));
    const Registry::Totals t = registry.totals();
    EXPECT_EQ(t.requests, 3u);
    EXPECT_EQ(t.errors, 1u);
    EXPECT_EQ(t.completionTokens, 30u);
}

#pragma once

#include "models/LiveMetrics.h"
#include "models/RollupSeries.h"

#include "Clock.h"
#include "Page.h"
#include <QHash>
#include <QTimer>

#include <optional>

class QGridLayout;
class QLabel;
class QLineSeries;
class QStackedWidget;

namespace ui {

class ChartCard;
class EmptyState;
class RangeButtons;
class GatewayHost;
class StatTile;

// The console's first page: what the gateway is doing, as charts at 1 Hz. Requests per second
// by status class, p50/p95 latency and time to first token, tokens per minute by model and
// the error rate, over a chosen time range.
//
// Five minutes and less come from the engine's metrics: a timer samples
// Registry::snapshot() once a second into LiveMetrics and charts the differences. Longer ranges
// come from the request log's per-minute rollups (RollupSeries, read off the GUI thread and
// refreshed every 10 s). Either way the page reads the engine at its own pace; it never gets a
// signal per request.
class DashboardPage : public Page
{
    Q_OBJECT
public:
    enum class Range { FiveMinutes, FifteenMinutes, OneHour, SixHours, OneDay, SevenDays };
    Q_ENUM(Range)

    explicit DashboardPage(GatewayHost* host, QWidget* parent = nullptr);

    QString purpose() const override;
    // Samples the engine now and redraws; a long range reads the request log again.
    void refresh() override;
    ~DashboardPage() override;

    Range range() const { return m_range; }
    void setRange(Range range);
    // The wall clock the page charts by (the system's; tests set their own "now").
    void setClock(gateway::WallClock clock) { m_clock = std::move(clock); }
    static qint64 rangeMs(Range range);
    // Ranges up to five minutes are drawn from live samples, longer ones from the rollups.
    static bool isLive(Range range);

    // True while the page explains how to send a first request instead of showing charts.
    bool isShowingEmptyState() const;

signals:
    // After the charts (or the empty state) were updated from new data; for tests and tools.
    void updated();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void createCharts();
    QWidget* createHeader();
    void onRunningChanged(bool running);
    void tick();
    void sample();
    void redraw();
    void loadRollups();
    void onRollupsLoaded(const RollupSeries::Points& result);
    // sinceMs: where the totals start when that is later than the range's start (live samples
    // since the console or its gateway started); none when they cover the whole range.
    void draw(const QList<MetricsPoint>& points, const MetricsPoint& total, qint64 fromMs,
              qint64 toMs, std::optional<qint64> sinceMs = std::nullopt);
    QString periodText(std::optional<qint64> sinceMs) const;
    void setValueFormatters();
    void updateStatus();
    void updateEmptyState();
    void retranslate();

    GatewayHost* m_host;
    LiveMetrics m_live;
    RollupSeries* m_rollups;
    QTimer m_timer;
    int m_ticksSinceRollups = 0;
    Range m_range = Range::FiveMinutes;
    quint64 m_requestsInRange = 0;
    QString m_rollupError;

    QLabel* m_status;
    RangeButtons* m_ranges;
    QStackedWidget* m_body;
    QWidget* m_charts;
    EmptyState* m_empty;
    gateway::WallClock m_clock = gateway::systemWallClockMs;
    StatTile* m_requestsTile;
    StatTile* m_errorTile;
    StatTile* m_latencyTile;
    StatTile* m_ttftTile;
    StatTile* m_tokensTile;
    StatTile* m_upstreamTile;
    // The tiles in one row where what they say fits, else in two rows of three.
    QGridLayout* m_tileGrid = nullptr;
    int m_tileColumns = 0;
    void arrangeTiles();
    // The Logs page's "Show replay traffic", for the live range.
    void followReplaySwitch();
    ChartCard* m_requestsCard;
    ChartCard* m_latencyCard;
    ChartCard* m_tokensCard;
    ChartCard* m_errorCard;
    QLineSeries* m_status2xx;
    QLineSeries* m_status4xx;
    QLineSeries* m_status5xx;
    QLineSeries* m_latencyP50;
    QLineSeries* m_latencyP95;
    QLineSeries* m_ttftP50;
    QLineSeries* m_ttftP95;
    QLineSeries* m_errorRate;
    QHash<QString, QLineSeries*> m_tokenSeries; // by model alias
};

} // namespace ui

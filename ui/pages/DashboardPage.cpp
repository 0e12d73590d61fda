#include "pages/DashboardPage.h"

#include "Engine.h"
#include "GatewayHost.h"
#include "models/ReplayTraffic.h"
#include "widgets/ChartCard.h"
#include "widgets/EmptyState.h"
#include "widgets/RangeButtons.h"
#include "widgets/SeriesColors.h"
#include "widgets/StatTile.h"

#include <QAbstractButton>
#include <QChart>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

namespace {

constexpr int sampleIntervalMs = 1000;
// Long ranges are re-read from SQLite every this many samples: the rollups have a one-minute
// grain, so reading them more often would only cost disk and CPU.
constexpr int rollupRefreshTicks = 10;
// Each live point averages this many seconds: one second alone holds too few requests for
// steady rates and quantiles, yet the chart still moves every second.
constexpr int liveWindowSeconds = 5;
// Samples kept: the five-minute range and 5 % more, as a coarse timer may fire that much early
// and the oldest sample must still be at or before the range's start.
constexpr int liveSamples = 5 * 60 * 1000 / sampleIntervalMs * 105 / 100 + 1;
// Live totals start with the oldest sample at or before the range's start; one a little after
// it (timer jitter) still covers the range.
constexpr qint64 liveJitterMs = 2 * sampleIntervalMs;

constexpr DashboardPage::Range allRanges[] = {
    DashboardPage::Range::FiveMinutes, DashboardPage::Range::FifteenMinutes,
    DashboardPage::Range::OneHour,     DashboardPage::Range::SixHours,
    DashboardPage::Range::OneDay,      DashboardPage::Range::SevenDays};

// Status colours mean the same in every theme; ChartCard lightens them on dark backgrounds.
const QColor green(0x2e, 0x9d, 0x4b);
const QColor orange(0xe0, 0x8a, 0x00);
const QColor red(0xd6, 0x45, 0x41);
const QColor blue(0x2f, 0x7e, 0xd8);
const QColor purple(0x8e, 0x5c, 0xd0);
const QColor teal(0x13, 0x9c, 0x94);
const QColor pink(0xc8, 0x3e, 0x8a);

QString formatSeconds(double seconds)
{
    const QLocale locale;
    if (seconds < 1)
        return DashboardPage::tr("%1 ms").arg(locale.toString(seconds * 1000, 'f', 0));
    return DashboardPage::tr("%1 s").arg(locale.toString(seconds, 'f', seconds < 10 ? 2 : 1));
}

} // namespace

DashboardPage::DashboardPage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_live(liveSamples), m_rollups(new RollupSeries(this)),
      m_status(new QLabel),
      m_ranges(new RangeButtons(QStringLiteral("range"), int(std::size(allRanges)), int(m_range))),
      m_body(new QStackedWidget), m_charts(new QWidget), m_empty(new EmptyState)
{
    m_status->setObjectName(QStringLiteral("dashboardStatus"));
    m_status->setWordWrap(true);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_charts->setObjectName(QStringLiteral("charts"));
    createCharts();
    m_body->addWidget(m_charts);
    m_body->addWidget(m_empty);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->setSpacing(spacing::normal);
    layout->addWidget(createHeader());
    layout->addWidget(m_body, 1);

    connect(m_rollups, &RollupSeries::loaded, this, &DashboardPage::onRollupsLoaded);
    connect(m_host, &GatewayHost::runningChanged, this, &DashboardPage::onRunningChanged);
    connect(m_host, &GatewayHost::openModeChanged, this, &DashboardPage::updateEmptyState);
    m_timer.setInterval(sampleIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &DashboardPage::tick);
    m_timer.start();

    setValueFormatters();
    retranslate();
    sample(); // the baseline that the first tick's difference is taken against
    redraw();
}

DashboardPage::~DashboardPage() = default;

QWidget* DashboardPage::createHeader()
{
    auto* header = new QWidget;
    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_status, 1);
    connect(m_ranges, &RangeButtons::chosen, this, [this](int id) { setRange(Range(id)); });
    row->addWidget(m_ranges);
    return header;
}

void DashboardPage::createCharts()
{
    m_requestsTile = new StatTile;
    m_errorTile = new StatTile;
    m_latencyTile = new StatTile;
    m_ttftTile = new StatTile;
    m_tokensTile = new StatTile;
    m_upstreamTile = new StatTile;
    m_requestsTile->setObjectName(QStringLiteral("requestsTile"));
    m_errorTile->setObjectName(QStringLiteral("errorRateTile"));
    m_latencyTile->setObjectName(QStringLiteral("latencyTile"));
    m_ttftTile->setObjectName(QStringLiteral("ttftTile"));
    m_tokensTile->setObjectName(QStringLiteral("tokensTile"));
    m_upstreamTile->setObjectName(QStringLiteral("upstreamTile"));
    m_tileGrid = new QGridLayout;
    m_tileGrid->setSpacing(spacing::normal);
    arrangeTiles();

    m_requestsCard = new ChartCard;
    m_latencyCard = new ChartCard;
    m_tokensCard = new ChartCard;
    m_errorCard = new ChartCard;
    m_requestsCard->setObjectName(QStringLiteral("requestsChart"));
    m_latencyCard->setObjectName(QStringLiteral("latencyChart"));
    m_tokensCard->setObjectName(QStringLiteral("tokensChart"));
    m_errorCard->setObjectName(QStringLiteral("errorRateChart"));
    m_status2xx = m_requestsCard->addSeries(QStringLiteral("requests2xx"), green);
    m_status4xx = m_requestsCard->addSeries(QStringLiteral("requests4xx"), orange);
    m_status5xx = m_requestsCard->addSeries(QStringLiteral("requests5xx"), red);
    m_latencyP50 = m_latencyCard->addSeries(QStringLiteral("latencyP50"), blue);
    m_latencyP95 = m_latencyCard->addSeries(QStringLiteral("latencyP95"), purple);
    m_ttftP50 = m_latencyCard->addSeries(QStringLiteral("ttftP50"), teal);
    m_ttftP95 = m_latencyCard->addSeries(QStringLiteral("ttftP95"), pink);
    m_errorRate = m_errorCard->addSeries(QStringLiteral("errorRate"), red);
    // One line needs no legend; the card's title names it.
    m_errorCard->chart()->legend()->hide();

    auto* grid = new QGridLayout;
    grid->setSpacing(spacing::normal);
    grid->addWidget(m_requestsCard, 0, 0);
    grid->addWidget(m_latencyCard, 0, 1);
    grid->addWidget(m_tokensCard, 1, 0);
    grid->addWidget(m_errorCard, 1, 1);

    auto* layout = new QVBoxLayout(m_charts);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(spacing::normal);
    layout->addLayout(m_tileGrid);
    layout->addLayout(grid, 1);
}

void DashboardPage::arrangeTiles()
{
    const QList<StatTile*> tiles{m_requestsTile, m_errorTile, m_upstreamTile,
                                 m_latencyTile,  m_ttftTile,  m_tokensTile};
    int wanted = 0;
    for (StatTile* tile : tiles)
        wanted += tile->sizeHint().width() + m_tileGrid->spacing();
    // Six in a row where their texts fit (a narrow window would cut them to "Requ…"), else
    // two rows of three.
    const int columns = width() == 0 || wanted <= width() ? 6 : 3;
    if (columns == m_tileColumns)
        return;
    m_tileColumns = columns;
    // No stretch: the width is shared by what each tile says (StatTile::sizeHint).
    for (int i = 0; i < tiles.size(); ++i) {
        m_tileGrid->removeWidget(tiles.at(i));
        m_tileGrid->addWidget(tiles.at(i), i / columns, i % columns);
    }
}

void DashboardPage::resizeEvent(QResizeEvent* event)
{
    Page::resizeEvent(event);
    arrangeTiles();
}

qint64 DashboardPage::rangeMs(Range range)
{
    constexpr qint64 minute = 60'000;
    switch (range) {
    case Range::FiveMinutes: return 5 * minute;
    case Range::FifteenMinutes: return 15 * minute;
    case Range::OneHour: return 60 * minute;
    case Range::SixHours: return 6 * 60 * minute;
    case Range::OneDay: return 24 * 60 * minute;
    case Range::SevenDays: return 7 * 24 * 60 * minute;
    }
    return 5 * minute;
}

bool DashboardPage::isLive(Range range)
{
    return rangeMs(range) <= 5 * 60'000;
}

bool DashboardPage::isShowingEmptyState() const
{
    return m_body->currentWidget() == m_empty;
}

void DashboardPage::setRange(Range range)
{
    m_ranges->choose(int(range));
    if (range == m_range)
        return;
    m_range = range;
    m_rollupError.clear();
    redraw();
}

void DashboardPage::onRunningChanged(bool running)
{
    // A new engine starts its counters from zero: differences across the restart mean nothing.
    m_live.clear();
    if (running)
        sample();
    redraw();
}

void DashboardPage::tick()
{
    sample();
    // A hidden page keeps sampling (so that the last minutes are there when it is shown) but
    // draws nothing and reads nothing from disk.
    if (!isVisible())
        return;
    if (isLive(m_range))
        redraw();
    else if (++m_ticksSinceRollups >= rollupRefreshTicks)
        loadRollups();
}

void DashboardPage::sample()
{
    if (!m_host->isRunning() || !m_host->engine() || !m_host->engine()->metrics())
        return;
    m_live.add(m_clock(), m_host->engine()->metrics()->snapshot());
}

void DashboardPage::refresh()
{
    followReplaySwitch();
    sample();
    redraw();
}

void DashboardPage::redraw()
{
    updateStatus();
    if (!isLive(m_range)) {
        loadRollups();
        return;
    }
    if (m_live.requestsSinceStart() == 0 && m_host->isRunning()) {
        // Nothing seen since this page (or its gateway) started, e.g. right after a restart:
        // show the last minutes from the request log until live traffic arrives.
        if (m_ticksSinceRollups == 0 || ++m_ticksSinceRollups >= rollupRefreshTicks)
            loadRollups();
        return;
    }
    const qint64 now = m_clock();
    const qint64 from = now - rangeMs(m_range);
    // Samples start when the page (or its gateway) did: the totals may cover less than the range.
    std::optional<qint64> since;
    if (m_live.firstTimeMs() > from + liveJitterMs)
        since = m_live.firstTimeMs();
    draw(m_live.points(from, liveWindowSeconds), m_live.total(from), from, now, since);
}

void DashboardPage::loadRollups()
{
    m_ticksSinceRollups = 0;
    // The Logs page's "Show replay traffic" applies to what is read from the log.
    m_rollups->load(m_host->dataDir(), m_clock(), rangeMs(m_range), ReplayTraffic::shown());
}

void DashboardPage::onRollupsLoaded(const RollupSeries::Points& result)
{
    const bool liveTookOver =
        isLive(m_range) && (m_live.requestsSinceStart() > 0 || !m_host->isRunning());
    if (liveTookOver || result.rangeMs != rangeMs(m_range))
        return; // the user moved on, or live samples took over, while it loaded
    m_rollupError = result.error;
    updateStatus();
    draw(result.points, totalOf(result.points), result.fromMs, result.toMs);
}

void DashboardPage::draw(const QList<MetricsPoint>& points, const MetricsPoint& total,
                         qint64 fromMs, qint64 toMs, std::optional<qint64> sinceMs)
{
    QList<QPointF> s2xx, s4xx, s5xx, p50, p95, t50, t95, errors;
    QMap<QString, QList<QPointF>> tokens;
    for (const MetricsPoint& p : points)
        for (auto it = p.tokensByModel.cbegin(); it != p.tokensByModel.cend(); ++it)
            tokens.insert(it.key(), {});
    double maxRate = 0, maxLatency = 0, maxTokens = 0, maxErrors = 0;
    for (const MetricsPoint& p : points) {
        const double x = double(p.timeMs);
        s2xx << QPointF(x, p.requestsPerSecond(2));
        s4xx << QPointF(x, p.requestsPerSecond(4));
        s5xx << QPointF(x, p.requestsPerSecond(5));
        maxRate = std::max({maxRate, s2xx.last().y(), s4xx.last().y(), s5xx.last().y()});
        // Quantiles and the error rate of an interval without requests are undefined, not 0:
        // those intervals get no point and the line joins its neighbours.
        if (p.latency.count > 0) {
            p50 << QPointF(x, p.latency.quantile(0.5) * 1000);
            p95 << QPointF(x, p.latency.quantile(0.95) * 1000);
            maxLatency = std::max({maxLatency, p50.last().y(), p95.last().y()});
        }
        if (p.ttft.count > 0) {
            t50 << QPointF(x, p.ttft.quantile(0.5) * 1000);
            t95 << QPointF(x, p.ttft.quantile(0.95) * 1000);
            maxLatency = std::max({maxLatency, t50.last().y(), t95.last().y()});
        }
        if (p.requests > 0) {
            errors << QPointF(x, p.errorRatePercent());
            maxErrors = std::max(maxErrors, errors.last().y());
        }
        for (auto it = tokens.begin(); it != tokens.end(); ++it) {
            it.value() << QPointF(x, p.tokensPerMinute(it.key()));
            maxTokens = std::max(maxTokens, it.value().last().y());
        }
    }

    // Models that had no tokens in this range leave the legend; new ones join it.
    for (auto it = m_tokenSeries.begin(); it != m_tokenSeries.end();) {
        if (tokens.contains(it.key())) {
            ++it;
        } else {
            m_tokensCard->removeSeries(it.value());
            it = m_tokenSeries.erase(it);
        }
    }
    for (auto it = tokens.cbegin(); it != tokens.cend(); ++it) {
        QLineSeries*& series = m_tokenSeries[it.key()];
        if (!series) {
            // A model's colour comes from its name, so that it keeps it in every range.
            series =
                m_tokensCard->addSeries(QStringLiteral("tokens:") + it.key(),
                                        SeriesColors::forName(it.key()), ChartCard::OnDark::Keep);
            series->setName(it.key());
        }
        m_tokensCard->setPoints(series, it.value());
    }

    m_requestsCard->setPoints(m_status2xx, s2xx);
    m_requestsCard->setPoints(m_status4xx, s4xx);
    m_requestsCard->setPoints(m_status5xx, s5xx);
    m_latencyCard->setPoints(m_latencyP50, p50);
    m_latencyCard->setPoints(m_latencyP95, p95);
    m_latencyCard->setPoints(m_ttftP50, t50);
    m_latencyCard->setPoints(m_ttftP95, t95);
    m_errorCard->setPoints(m_errorRate, errors);
    m_requestsCard->fitValues(maxRate);
    m_latencyCard->fitValues(maxLatency);
    m_tokensCard->fitValues(maxTokens);
    // An error rate reads against a fixed scale: a few percent should not fill the chart.
    m_errorCard->fitValues(std::max(5.0, maxErrors), 100);

    for (ChartCard* card : {m_requestsCard, m_latencyCard, m_tokensCard, m_errorCard})
        card->setTimeRange(fromMs, toMs);

    const QLocale locale;
    const QString none = tr("–", "no value");
    m_requestsInRange = total.requests;
    m_requestsTile->setValue(locale.toString(total.requests));
    m_errorTile->setValue(total.requests == 0
                              ? none
                              : tr("%1 %").arg(locale.toString(total.errorRatePercent(), 'f', 1)));
    m_latencyTile->setValue(total.latency.count == 0
                                ? none
                                : tr("%1 / %2").arg(formatSeconds(total.latency.quantile(0.5)),
                                                    formatSeconds(total.latency.quantile(0.95))));
    m_ttftTile->setValue(total.ttft.count == 0
                             ? none
                             : tr("%1 / %2").arg(formatSeconds(total.ttft.quantile(0.5)),
                                                 formatSeconds(total.ttft.quantile(0.95))));
    m_tokensTile->setValue(locale.toString(total.tokens()));
    m_upstreamTile->setValue(
        tr("%1 / %2").arg(locale.toString(total.upstreamErrors), locale.toString(total.fallbacks)));
    const QString period = periodText(sinceMs);
    for (StatTile* tile :
         {m_requestsTile, m_errorTile, m_upstreamTile, m_latencyTile, m_ttftTile, m_tokensTile})
        tile->setPeriod(period);
    arrangeTiles(); // what they say, and so the room they want, may have changed
    updateEmptyState();
    emit updated();
}

void DashboardPage::updateStatus()
{
    const bool running = m_host->isRunning();
    const int minutes = int(RollupSeries::bucketMsFor(rangeMs(m_range)) / 60'000);
    if (isLive(m_range)) {
        m_status->setText(running ? tr("Live: sampled every second, each point the average of "
                                       "the last %1 seconds.")
                                        .arg(liveWindowSeconds)
                                  : tr("The gateway is stopped: live charts are paused."));
        return;
    }
    // Whole sentences, not "%n minute(s)": without a translation loaded, Qt would show the
    // "(s)" as it is.
    const QString grain = minutes == 1        ? tr("one point per minute")
                          : minutes == 60     ? tr("one point per hour")
                          : minutes % 60 == 0 ? tr("one point per %1 hours").arg(minutes / 60)
                                              : tr("one point per %1 minutes").arg(minutes);
    m_status->setText(
        running ? tr("From the request log: %1, refreshed every 10 seconds.").arg(grain)
                : tr("The gateway is stopped. History from the request log: %1.").arg(grain));
}

namespace {

QString rangeName(DashboardPage::Range range)
{
    switch (range) {
    case DashboardPage::Range::FiveMinutes: return DashboardPage::tr("the last 5 minutes");
    case DashboardPage::Range::FifteenMinutes: return DashboardPage::tr("the last 15 minutes");
    case DashboardPage::Range::OneHour: return DashboardPage::tr("the last hour");
    case DashboardPage::Range::SixHours: return DashboardPage::tr("the last 6 hours");
    case DashboardPage::Range::OneDay: return DashboardPage::tr("the last 24 hours");
    case DashboardPage::Range::SevenDays: return DashboardPage::tr("the last 7 days");
    }
    return QString();
}

} // namespace

void DashboardPage::updateEmptyState()
{
    const bool running = m_host->isRunning();
    const bool live = isLive(m_range);
    const bool empty = m_requestsInRange == 0 || (live && !running);
    m_body->setCurrentWidget(empty ? m_empty : m_charts);
    if (!empty)
        return;
    if (!running) {
        m_empty->setTitle(live ? tr("The gateway is stopped")
                               : tr("No requests in %1").arg(rangeName(m_range)));
        m_empty->setText(live ? tr("Live charts need a running gateway. Start it with the "
                                   "“Start gateway” button in the status bar, or pick a longer "
                                   "time range to see the history in the request log.")
                              : tr("The gateway is stopped. Start it with the “Start gateway” "
                                   "button in the status bar, then send it a request."));
        m_empty->setCommand(QString());
        return;
    }
    // The embedded config serves mock-fast; a user's config may not, so fall back to its first
    // alias to keep the command working as written.
    QString model = QStringLiteral("mock-fast");
    const auto& aliases = m_host->config().models;
    if (!m_host->config().model(model) && !aliases.isEmpty())
        model = aliases.first().alias;
    const bool never = live && m_live.requestsSinceStart() == 0;
    m_empty->setTitle(never ? tr("No requests yet")
                            : tr("No requests in %1").arg(rangeName(m_range)));
    QString text = tr("The charts fill in as soon as the gateway at %1 answers a request. Send "
                      "one from a terminal, or point any OpenAI client at this base URL:")
                       .arg(m_host->baseUrl());
    if (!m_rollupError.isEmpty())
        text = tr("The request log could not be read: %1").arg(m_rollupError) +
               QStringLiteral("\n\n") + text;
    m_empty->setText(text);
    // A self-signed certificate must be handed to curl, or the command fails as it stands.
    const QString certificate = m_host->certificateToTrust();
    const QString trust =
        certificate.isEmpty() ? QString() : QStringLiteral("--cacert '%1' ").arg(certificate);
    // Once keys exist the gateway wants one: the command names the variable to put it in.
    const QString key =
        m_host->runsOpen() ? QString()
                           : QStringLiteral("  -H \"Authorization: Bearer $SWITCHBOARD_KEY\" \\\n");
    m_empty->setCommand(
        QStringLiteral(
            "curl -s %1%2/chat/completions \\\n"
            "%4"
            "  -H 'Content-Type: application/json' \\\n"
            "  -d '{\"model\":\"%3\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'")
            .arg(trust, m_host->baseUrl(), model, key));
}

void DashboardPage::retranslate()
{
    static const char* const rangeLabels[] = {QT_TR_NOOP("5 min"),    QT_TR_NOOP("15 min"),
                                              QT_TR_NOOP("1 hour"),   QT_TR_NOOP("6 hours"),
                                              QT_TR_NOOP("24 hours"), QT_TR_NOOP("7 days")};
    for (Range r : allRanges)
        m_ranges->button(int(r))->setText(tr(rangeLabels[int(r)]));
    m_requestsTile->setCaption(tr("Requests"));
    m_errorTile->setCaption(tr("Error rate"));
    m_latencyTile->setCaption(tr("Latency p50 / p95"));
    m_ttftTile->setCaption(tr("First token p50 / p95"));
    m_tokensTile->setCaption(tr("Tokens"));
    m_upstreamTile->setCaption(tr("Upstream errors / fallbacks"));
    m_upstreamTile->setToolTip(tr("Upstream attempts that failed / requests that a fallback "
                                  "target served after a failed attempt"));
    m_requestsCard->setTitle(tr("Requests per second by status"));
    m_latencyCard->setTitle(tr("Latency and time to first token (ms)"));
    m_tokensCard->setTitle(tr("Tokens per minute by model"));
    m_errorCard->setTitle(tr("Error rate (% of requests with status ≥ 400)"));
    m_latencyP50->setName(tr("p50"));
    m_latencyP95->setName(tr("p95"));
    m_ttftP50->setName(tr("TTFT p50"));
    m_ttftP95->setName(tr("TTFT p95"));
    m_errorRate->setName(tr("Error rate"));
    // Status classes are not words; they read the same in every language.
    m_status2xx->setName(QStringLiteral("2xx"));
    m_status4xx->setName(QStringLiteral("4xx"));
    m_status5xx->setName(QStringLiteral("5xx"));
    updateStatus();
    updateEmptyState();
}

QString DashboardPage::periodText(std::optional<qint64> sinceMs) const
{
    if (sinceMs)
        return tr("since %1")
            .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(*sinceMs),
                                    QStringLiteral("HH:mm:ss")));
    switch (m_range) {
    case Range::FiveMinutes: return tr("last 5 min");
    case Range::FifteenMinutes: return tr("last 15 min");
    case Range::OneHour: return tr("last hour");
    case Range::SixHours: return tr("last 6 h");
    case Range::OneDay: return tr("last 24 h");
    case Range::SevenDays: return tr("last 7 days");
    }
    return QString();
}

void DashboardPage::setValueFormatters()
{
    // Called at hover time, so that they follow the language and the locale as they are then.
    m_requestsCard->setValueFormatter([](double perSecond) {
        // Long ranges see small rates (three requests an hour are 0.001/s).
        const int decimals = perSecond < 1 ? 3 : perSecond < 10 ? 2 : 1;
        return tr("%1/s").arg(QLocale().toString(perSecond, 'f', decimals));
    });
    m_latencyCard->setValueFormatter([](double ms) { return formatSeconds(ms / 1000); });
    m_tokensCard->setValueFormatter(
        [](double perMinute) { return tr("%1/min").arg(QLocale().toString(perMinute, 'f', 0)); });
    m_errorCard->setValueFormatter(
        [](double percent) { return tr("%1 %").arg(QLocale().toString(percent, 'f', 1)); });
}

QString DashboardPage::purpose() const
{
    return tr("Requests, tokens, latency and errors of the gateway over time.");
}

void DashboardPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        redraw(); // the numbers' units and the locale's separators
        emit headerChanged();
    }
    Page::changeEvent(event);
}

void DashboardPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    followReplaySwitch(); // it is on the Logs page: it changes only while this page is hidden
    redraw();
}

void DashboardPage::followReplaySwitch()
{
    m_live.setIncludeReplay(ReplayTraffic::shown()); // as loadRollups() does for the log's ranges
}

} // namespace ui

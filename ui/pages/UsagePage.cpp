#include "pages/UsagePage.h"

#include "Engine.h"
#include "GatewayHost.h"
#include "governance/LedgerView.h"
#include "models/RemainingModel.h"
#include "models/RollupSeries.h"
#include "widgets/ChartCard.h"
#include "widgets/EmptyState.h"
#include "widgets/ErrorLabel.h"
#include "widgets/PricesPanel.h"
#include "widgets/RangeButtons.h"
#include "widgets/SeriesColors.h"
#include "widgets/StatTile.h"
#include "widgets/UsageBarDelegate.h"

#include <QAbstractButton>
#include <QChart>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

namespace {

constexpr int tickMs = 1000;
// The rollups have a one-minute grain: reading them more often than every 10 s would only cost
// disk and CPU. The ledger is read every second (it is in memory).
constexpr int rollupRefreshTicks = 10;

constexpr UsagePage::Range allRanges[] = {UsagePage::Range::OneHour, UsagePage::Range::OneDay,
                                          UsagePage::Range::SevenDays,
                                          UsagePage::Range::ThirtyDays};

// The id of the line that sums the groups beyond maxChartedGroups (no tenant, key or model
// is called this: they are names of letters, digits, '.', '_' and '-').
const QString otherGroup = QStringLiteral("\x1f");

// The warning colour for text and marks on background: the Logs page's for 4xx (4.5 : 1 or
// more on both themes' backgrounds).
QColor warningOn(const QColor& background)
{
    return background.lightness() < 128 ? QColor(0xf0, 0xb3, 0x5a) : QColor(0x9a, 0x5b, 0x00);
}

} // namespace

UsagePage::UsagePage(GatewayHost* host, QWidget* parent)
    : Page(parent), m_host(host), m_series(new UsageSeries(this)), m_tabs(new QTabWidget),
      m_groupLabel(new QLabel), m_groupBy(new QComboBox),
      m_ranges(
          new RangeButtons(QStringLiteral("usageRange"), int(std::size(allRanges)), int(m_range))),
      m_status(new QLabel), m_spendBody(new QStackedWidget), m_charts(new QWidget),
      m_empty(new EmptyState), m_totalsTitle(new QLabel), m_totals(new QTableWidget),
      m_remainingIntro(new QLabel), m_remainingBody(new QStackedWidget),
      m_remaining(new QTableView), m_remainingModel(new RemainingModel(this)),
      m_remainingEmpty(new EmptyState), m_prices(new PricesPanel(host))
{
    m_tabs->setObjectName(QStringLiteral("usageTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createSpendTab(), QString());
    m_tabs->addTab(createRemainingTab(), QString());
    m_prices->setObjectName(QStringLiteral("prices"));
    m_tabs->addTab(m_prices, QString());
    connect(m_prices, &PricesPanel::transientMessage, this, &Page::transientMessage);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index == RemainingTab)
            updateRemaining();
        else if (index == SpendTab)
            loadRollups();
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0); // the window's page margin is around it
    layout->addWidget(m_tabs);

    connect(m_series, &UsageSeries::loaded, this, &UsagePage::onLoaded);
    connect(m_host, &GatewayHost::runningChanged, this, [this] { updateRemaining(); });
    m_timer.setInterval(tickMs);
    connect(&m_timer, &QTimer::timeout, this, &UsagePage::tick);
    m_timer.start();

    retranslate();
    updateLevelColors();
    draw();
}

UsagePage::~UsagePage() = default;

QWidget* UsagePage::createSpendTab()
{
    m_groupBy->setObjectName(QStringLiteral("groupBy"));
    m_groupBy->addItem(QString(), int(UsageSeries::GroupBy::Tenant));
    m_groupBy->addItem(QString(), int(UsageSeries::GroupBy::Key));
    m_groupBy->addItem(QString(), int(UsageSeries::GroupBy::Model));
    m_groupBy->setCurrentIndex(2);
    m_groupBy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_groupLabel->setBuddy(m_groupBy);
    // The lines of the old grouping stay until the new ones are read (a blank chart, or the
    // empty state, would flash in between).
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, &UsagePage::loadRollups);

    auto* controls = new QHBoxLayout;
    controls->setSpacing(spacing::normal);
    controls->addWidget(m_groupLabel);
    controls->addWidget(m_groupBy);
    controls->addSpacing(spacing::section);
    connect(m_ranges, &RangeButtons::chosen, this, [this](int id) { setRange(Range(id)); });
    controls->addWidget(m_ranges);
    controls->addStretch(1);
    m_status->setObjectName(QStringLiteral("usageStatus"));
    m_status->setWordWrap(true);

    m_spendTile = new StatTile;
    m_tokensTile = new StatTile;
    m_requestsTile = new StatTile;
    m_spendTile->setObjectName(QStringLiteral("spendTile"));
    m_tokensTile->setObjectName(QStringLiteral("tokensTile"));
    m_requestsTile->setObjectName(QStringLiteral("requestsTile"));
    auto* tiles = new QHBoxLayout;
    tiles->setSpacing(spacing::normal);
    for (StatTile* tile : {m_spendTile, m_tokensTile, m_requestsTile})
        tiles->addWidget(tile, 1);

    m_spendCard = new ChartCard;
    m_tokensCard = new ChartCard;
    m_spendCard->setObjectName(QStringLiteral("spendChart"));
    m_tokensCard->setObjectName(QStringLiteral("tokensChart"));
    m_spendCard->setValueFormatter([](double usd) { return RemainingModel::usd(usd); });
    m_tokensCard->setValueFormatter(
        [](double tokens) { return QLocale().toString(tokens, 'f', 0); });
    m_spendCard->setMinimumHeight(180);
    m_tokensCard->setMinimumHeight(180);
    auto* charts = new QHBoxLayout;
    charts->setSpacing(spacing::normal);
    charts->addWidget(m_spendCard);
    charts->addWidget(m_tokensCard);

    m_totals->setObjectName(QStringLiteral("usageTotals"));
    m_totals->setColumnCount(5);
    m_totals->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_totals->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_totals->verticalHeader()->hide();
    m_totals->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_totals->setWordWrap(false);
    m_totals->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it
    m_totals->setMinimumHeight(90);

    auto* chartsLayout = new QVBoxLayout(m_charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->setSpacing(spacing::normal);
    chartsLayout->addLayout(tiles);
    chartsLayout->addLayout(charts, 3);
    chartsLayout->addWidget(m_totalsTitle);
    chartsLayout->addWidget(m_totals, 2);
    m_charts->setObjectName(QStringLiteral("usageCharts"));
    m_empty->setObjectName(QStringLiteral("usageEmpty"));
    m_spendBody->addWidget(m_charts);
    m_spendBody->addWidget(m_empty);

    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, spacing::normal, 0, 0);
    layout->setSpacing(spacing::normal);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_spendBody, 1);
    return tab;
}

QWidget* UsagePage::createRemainingTab()
{
    m_remainingIntro->setWordWrap(true);
    m_remaining->setObjectName(QStringLiteral("remaining"));
    m_remaining->setModel(m_remainingModel);
    m_remaining->setItemDelegateForColumn(RemainingModel::UseColumn,
                                          new UsageBarDelegate(m_remaining));
    m_remaining->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_remaining->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_remaining->verticalHeader()->hide();
    m_remaining->horizontalHeader()->setStretchLastSection(true);
    m_remaining->setWordWrap(false);
    m_remaining->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it
    // Columns fit what they say once, when the rows first come; a second's update must not
    // make them jump.
    connect(m_remainingModel, &QAbstractItemModel::modelReset, m_remaining,
            [this] { m_remaining->resizeColumnsToContents(); });
    m_remainingEmpty->setObjectName(QStringLiteral("remainingEmpty"));
    m_remainingBody->addWidget(m_remaining);
    m_remainingBody->addWidget(m_remainingEmpty);

    auto* tab = new QWidget;
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, spacing::normal, 0, 0);
    layout->setSpacing(spacing::normal);
    layout->addWidget(m_remainingIntro);
    layout->addWidget(m_remainingBody, 1);
    return tab;
}

qint64 UsagePage::rangeMs(Range range)
{
    constexpr qint64 hour = 3'600'000;
    switch (range) {
    case Range::OneHour: return hour;
    case Range::OneDay: return 24 * hour;
    case Range::SevenDays: return 7 * 24 * hour;
    case Range::ThirtyDays: return 30 * 24 * hour;
    }
    return 24 * hour;
}

void UsagePage::setRange(Range range)
{
    m_ranges->choose(int(range));
    if (range == m_range)
        return;
    m_range = range;
    updateStatus();
    loadRollups();
}

UsageSeries::GroupBy UsagePage::groupBy() const
{
    return UsageSeries::GroupBy(m_groupBy->currentData().toInt());
}

void UsagePage::setGroupBy(UsageSeries::GroupBy groupBy)
{
    m_groupBy->setCurrentIndex(m_groupBy->findData(int(groupBy)));
}

void UsagePage::setLedger(const gateway::governance::LedgerView* ledger)
{
    m_ledgerOverride = ledger;
    updateRemaining();
}

void UsagePage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

const gateway::governance::LedgerView* UsagePage::ledger() const
{
    if (m_ledgerOverride)
        return m_ledgerOverride;
    // The counters outlive a stop (and a reload): what remains is shown while the gateway is
    // stopped too. Null before its first start.
    gateway::Engine* engine = m_host->engine();
    return engine ? engine->ledger() : nullptr;
}

void UsagePage::refresh()
{
    updateRemaining();
    loadRollups();
}

void UsagePage::tick()
{
    // A hidden page reads nothing.
    if (!isVisible())
        return;
    if (m_tabs->currentIndex() == RemainingTab)
        updateRemaining();
    else if (m_tabs->currentIndex() == SpendTab && ++m_ticksSinceRollups >= rollupRefreshTicks)
        loadRollups();
}

void UsagePage::loadRollups()
{
    m_ticksSinceRollups = 0;
    m_series->load(m_host->dataDir(), m_clock(), rangeMs(m_range), groupBy(), m_keyNames);
}

void UsagePage::onLoaded(const UsageSeries::Result& result)
{
    if (result.rangeMs != rangeMs(m_range) || result.groupBy != groupBy())
        return; // the user moved on while it loaded; their query is on its way
    m_result = result;
    m_loadedOnce = true;
    for (auto it = result.keyNames.cbegin(); it != result.keyNames.cend(); ++it)
        m_keyNames.insert(it.key(), it.value());
    updateStatus();
    draw();
}

QString UsagePage::groupLabel(const QString& id) const
{
    if (id == otherGroup)
        return tr("Other");
    switch (m_result.groupBy) {
    case UsageSeries::GroupBy::Tenant: return id.isEmpty() ? tr("No tenant") : id;
    case UsageSeries::GroupBy::Key: return id.isEmpty() ? tr("No key") : m_keyNames.value(id, id);
    case UsageSeries::GroupBy::Model: return id.isEmpty() ? tr("No model") : id;
    }
    return id;
}

bool UsagePage::isShowingEmptyState() const
{
    return m_spendBody->currentWidget() == m_empty;
}

void UsagePage::draw()
{
    const UsageSeries::Result& r = m_result;
    // The lines: the groups that spent (or used) most, then one for all the others.
    QList<QPair<QString, QList<QPointF>>> spend, tokens;
    QList<double> otherSpend(r.timesMs.size());
    QList<double> otherTokens(r.timesMs.size());
    bool hasOther = false;
    double maxSpend = 0, maxTokens = 0;
    for (qsizetype g = 0; g < r.groups.size(); ++g) {
        const UsageSeries::Group& group = r.groups.at(g);
        if (g >= maxChartedGroups) {
            hasOther = true;
            for (qsizetype i = 0; i < r.timesMs.size(); ++i) {
                otherSpend[i] += group.costUsd.value(i);
                otherTokens[i] += double(group.tokens.value(i));
            }
            continue;
        }
        QList<QPointF> s, t;
        for (qsizetype i = 0; i < r.timesMs.size(); ++i) {
            s << QPointF(double(r.timesMs.at(i)), group.costUsd.value(i));
            t << QPointF(double(r.timesMs.at(i)), double(group.tokens.value(i)));
            maxSpend = std::max(maxSpend, s.last().y());
            maxTokens = std::max(maxTokens, t.last().y());
        }
        spend.append({group.id, s});
        tokens.append({group.id, t});
    }
    if (hasOther) {
        QList<QPointF> s, t;
        for (qsizetype i = 0; i < r.timesMs.size(); ++i) {
            s << QPointF(double(r.timesMs.at(i)), otherSpend.at(i));
            t << QPointF(double(r.timesMs.at(i)), otherTokens.at(i));
            maxSpend = std::max(maxSpend, s.last().y());
            maxTokens = std::max(maxTokens, t.last().y());
        }
        spend.append({otherGroup, s});
        tokens.append({otherGroup, t});
    }

    auto drawLines = [this](ChartCard* card, QHash<QString, QLineSeries*>& lines,
                            const QList<QPair<QString, QList<QPointF>>>& wanted,
                            const QString& prefix) {
        QSet<QString> ids;
        for (const auto& [id, points] : wanted)
            ids.insert(id);
        for (auto it = lines.begin(); it != lines.end();) {
            if (ids.contains(it.key())) {
                ++it;
            } else {
                card->removeSeries(it.value());
                it = lines.erase(it);
            }
        }
        for (const auto& [id, points] : wanted) {
            QLineSeries*& series = lines[id];
            const QString label = groupLabel(id);
            if (!series) {
                // A group's colour comes from its name, so that it keeps it in every range and
                // on both charts.
                series = card->addSeries(prefix + id, SeriesColors::forName(label),
                                         ChartCard::OnDark::Keep);
            }
            series->setName(label);
            card->setPoints(series, points);
        }
    };
    drawLines(m_spendCard, m_spendLines, spend, QStringLiteral("spend:"));
    drawLines(m_tokensCard, m_tokensLines, tokens, QStringLiteral("tokens:"));
    m_spendCard->fitValues(maxSpend);
    m_tokensCard->fitValues(maxTokens);
    if (!r.timesMs.isEmpty()) {
        m_spendCard->setTimeRange(r.fromMs, r.toMs);
        m_tokensCard->setTimeRange(r.fromMs, r.toMs);
    }

    const QLocale locale;
    m_spendTile->setValue(RemainingModel::usd(r.totalCostUsd()));
    m_tokensTile->setValue(locale.toString(r.totalTokens()));
    m_requestsTile->setValue(locale.toString(r.totalRequests()));

    m_totals->setRowCount(int(r.groups.size()));
    for (int row = 0; row < r.groups.size(); ++row) {
        const UsageSeries::Group& g = r.groups.at(row);
        const QStringList cells{
            groupLabel(g.id), locale.toString(g.requests), locale.toString(g.promptTokens),
            locale.toString(g.completionTokens), RemainingModel::usd(g.totalCostUsd)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            if (column > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_totals->setItem(row, column, item);
        }
    }
    updateTotalsHeader();
    for (int column = 1; column < m_totals->columnCount(); ++column)
        m_totals->resizeColumnToContents(column);

    // The empty state: nothing was used in the range (or the log could not be read).
    const bool empty = m_loadedOnce && r.groups.isEmpty();
    m_spendBody->setCurrentWidget(empty ? m_empty : m_charts);
    if (empty) {
        static const char* const titles[] = {QT_TR_NOOP("No requests in the last hour"),
                                             QT_TR_NOOP("No requests in the last 24 hours"),
                                             QT_TR_NOOP("No requests in the last 7 days"),
                                             QT_TR_NOOP("No requests in the last 30 days")};
        m_empty->setTitle(tr(titles[int(m_range)]));
        QString text = tr("Spend and tokens appear here as the gateway answers requests: per "
                          "tenant, key and model, priced with the table on the Prices tab.");
        if (!r.error.isEmpty())
            text = tr("The request log could not be read: %1").arg(r.error) +
                   QStringLiteral("\n\n") + text;
        m_empty->setText(text);
        m_empty->setCommand(QString());
    }
    emit updated();
}

void UsagePage::updateRemaining()
{
    const gateway::governance::LedgerView* view = ledger();
    std::vector<gateway::governance::ScopeUsage> scopes;
    if (view)
        scopes = view->snapshot();
    for (const auto& scope : scopes)
        if (scope.kind == gateway::governance::ScopeUsage::Kind::Key && !scope.keyId.isEmpty())
            m_keyNames.insert(scope.keyId, scope.name);
    m_remainingModel->setSnapshot(scopes);
    const bool empty = m_remainingModel->rowCount() == 0;
    m_remainingBody->setCurrentWidget(empty ? static_cast<QWidget*>(m_remainingEmpty)
                                            : m_remaining);
    if (empty) {
        if (!view) {
            m_remainingEmpty->setTitle(tr("The gateway is stopped"));
            m_remainingEmpty->setText(tr("What remains of each quota and budget is counted by "
                                         "the running gateway. Start it with the “Start "
                                         "gateway” button in the status bar."));
        } else {
            m_remainingEmpty->setTitle(tr("No quota or budget is set"));
            m_remainingEmpty->setText(
                tr("Keys, tenants and model aliases can each have a token quota and a budget "
                   "in US dollars, per day, week, month or in total: limits.quota and "
                   "limits.budget in the config (keys[], tenants[], models[]), or `switchboard "
                   "keys create --budget`. They show here with what remains of them."));
        }
        m_remainingEmpty->setCommand(QString());
    }
    emit remainingUpdated();
}

void UsagePage::updateStatus()
{
    const int minutes = int(RollupSeries::bucketMsFor(rangeMs(m_range)) / 60'000);
    // Whole sentences, not "%n minute(s)": without a translation loaded, Qt would show the
    // "(s)" as it is.
    const QString grain = minutes == 1        ? tr("one point per minute")
                          : minutes == 60     ? tr("one point per hour")
                          : minutes % 60 == 0 ? tr("one point per %1 hours").arg(minutes / 60)
                                              : tr("one point per %1 minutes").arg(minutes);
    m_status->setText(tr("From the request log: %1, refreshed every 10 seconds. Each point is "
                         "what was spent and used in its interval.")
                          .arg(grain));
    m_spendCard->setTitle(minutes == 1    ? tr("Spend per minute (US dollars)")
                          : minutes == 60 ? tr("Spend per hour (US dollars)")
                          : minutes % 60 == 0
                              ? tr("Spend per %1 hours (US dollars)").arg(minutes / 60)
                              : tr("Spend per %1 minutes (US dollars)").arg(minutes));
    m_tokensCard->setTitle(minutes == 1        ? tr("Tokens per minute")
                           : minutes == 60     ? tr("Tokens per hour")
                           : minutes % 60 == 0 ? tr("Tokens per %1 hours").arg(minutes / 60)
                                               : tr("Tokens per %1 minutes").arg(minutes));
    static const char* const periods[] = {QT_TR_NOOP("last hour"), QT_TR_NOOP("last 24 h"),
                                          QT_TR_NOOP("last 7 days"), QT_TR_NOOP("last 30 days")};
    for (StatTile* tile : {m_spendTile, m_tokensTile, m_requestsTile})
        tile->setPeriod(tr(periods[int(m_range)]));
}

void UsagePage::updateTotalsHeader()
{
    // The first column is named after what the rows are: the grouping they were read by.
    QString first;
    switch (m_result.groupBy) {
    case UsageSeries::GroupBy::Tenant: first = tr("Tenant"); break;
    case UsageSeries::GroupBy::Key: first = tr("Key"); break;
    case UsageSeries::GroupBy::Model: first = tr("Model"); break;
    }
    m_totals->setHorizontalHeaderLabels(
        {first, tr("Requests"), tr("Prompt tokens"), tr("Completion tokens"), tr("Spend")});
}

void UsagePage::updateLevelColors()
{
    const QColor background = m_remaining->palette().color(QPalette::Base);
    m_remainingModel->setLevelColors(warningOn(background), ErrorLabel::colorOn(background));
}

void UsagePage::retranslate()
{
    m_tabs->setTabText(SpendTab, tr("&Spend and tokens"));
    m_tabs->setTabText(RemainingTab, tr("&What remains"));
    m_tabs->setTabText(PricesTab, tr("&Prices"));
    m_groupLabel->setText(tr("G&roup by:")); // Alt+G is the Go menu
    m_groupBy->setItemText(0, tr("Tenant"));
    m_groupBy->setItemText(1, tr("Key"));
    m_groupBy->setItemText(2, tr("Model"));
    m_groupBy->setAccessibleName(tr("Group by"));
    static const char* const rangeLabels[] = {QT_TR_NOOP("1 hour"), QT_TR_NOOP("24 hours"),
                                              QT_TR_NOOP("7 days"), QT_TR_NOOP("30 days")};
    for (Range r : allRanges) {
        QAbstractButton* button = m_ranges->button(int(r));
        button->setText(tr(rangeLabels[int(r)]));
        button->setAccessibleName(tr("Time range: %1").arg(button->text()));
    }
    m_spendTile->setCaption(tr("Spend"));
    m_tokensTile->setCaption(tr("Tokens"));
    m_requestsTile->setCaption(tr("Requests"));
    m_totalsTitle->setText(tr("Totals for the range"));
    updateTotalsHeader();
    m_totals->setAccessibleName(tr("Totals for the range"));
    m_remainingIntro->setText(
        tr("Each quota and budget, with what is used in its current period (requests in flight "
           "are counted at what they reserved). Past its alert threshold a row turns amber; at "
           "its limit, red: requests are then refused until the period resets."));
    m_remaining->setAccessibleName(tr("What remains of each quota and budget"));
    updateStatus();
}

QString UsagePage::purpose() const
{
    return tr("Spend and tokens per tenant, key and model; what remains of budgets and quotas; "
              "prices.");
}

void UsagePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        draw(); // the labels of groups without a name, the locale's separators
        emit headerChanged();
    } else if (event->type() == QEvent::PaletteChange) {
        updateLevelColors();
    }
    Page::changeEvent(event);
}

void UsagePage::showEvent(QShowEvent* event)
{
    Page::showEvent(event);
    refresh();
}

} // namespace ui

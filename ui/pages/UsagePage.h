#pragma once

#include "Clock.h"
#include "Page.h"
#include "models/UsageSeries.h"

#include <QHash>
#include <QTimer>

class QComboBox;
class QLabel;
class QLineSeries;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace gateway::governance {
class LedgerView;
}

namespace ui {

class ChartCard;
class RangeButtons;
class EmptyState;
class GatewayHost;
class PricesPanel;
class RemainingModel;
class StatTile;

// Usage and budgets, in three tabs:
// - Spend and tokens: spend (US dollars) and tokens over a chosen range, as charts grouped by
//   tenant, key or model, with the range's totals; read from the request log's per-minute
//   rollups off the GUI thread (UsageSeries), every 10 s while shown.
// - What remains: each quota and budget of a key, tenant or model alias, from the engine's
//   ledger (governance::LedgerView), every second while shown.
// - Prices: what each alias costs, edited in place (PricesPanel), and the shipped table.
class UsagePage : public Page
{
    Q_OBJECT
public:
    enum class Range { OneHour, OneDay, SevenDays, ThirtyDays };
    Q_ENUM(Range)
    enum Tab { SpendTab, RemainingTab, PricesTab };

    explicit UsagePage(GatewayHost* host, QWidget* parent = nullptr);
    ~UsagePage() override;

    QString purpose() const override;
    // Reads the rollups and the ledger again.
    void refresh() override;

    Range range() const { return m_range; }
    void setRange(Range range);
    UsageSeries::GroupBy groupBy() const;
    void setGroupBy(UsageSeries::GroupBy groupBy);
    static qint64 rangeMs(Range range);
    // The wall clock the page charts by (the system's; tests set their own "now").
    void setClock(gateway::WallClock clock) { m_clock = std::move(clock); }
    // The ledger "What remains" reads: the running engine's unless one is set here (tests); null
    // goes back to the engine's.
    void setLedger(const gateway::governance::LedgerView* ledger);
    void showTab(Tab tab);

    // The last rollups drawn (for tests and tools).
    const UsageSeries::Result& lastResult() const { return m_result; }
    // How a group is called on the charts and in the totals: a key by its name where known.
    QString groupLabel(const QString& id) const;
    bool isShowingEmptyState() const;

    ChartCard* spendChart() const { return m_spendCard; }
    ChartCard* tokensChart() const { return m_tokensCard; }
    QTableWidget* totalsTable() const { return m_totals; }
    QTableView* remainingTable() const { return m_remaining; }
    RemainingModel* remainingModel() const { return m_remainingModel; }
    PricesPanel* prices() const { return m_prices; }

    // Groups charted as lines of their own; the rest are summed into one "Other" line.
    static constexpr int maxChartedGroups = 8;

signals:
    // After the charts (or their empty state) were drawn from new rollups.
    void updated();
    // After "What remains" was filled from a new ledger snapshot.
    void remainingUpdated();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    QWidget* createSpendTab();
    QWidget* createRemainingTab();
    void tick();
    void loadRollups();
    void onLoaded(const UsageSeries::Result& result);
    void draw();
    void updateRemaining();
    const gateway::governance::LedgerView* ledger() const;
    void updateStatus();
    void updateLevelColors();
    void updateTotalsHeader();
    void retranslate();

    GatewayHost* m_host;
    UsageSeries* m_series;
    QTimer m_timer;
    int m_ticksSinceRollups = 0;
    Range m_range = Range::OneDay;
    gateway::WallClock m_clock = gateway::systemWallClockMs;
    const gateway::governance::LedgerView* m_ledgerOverride = nullptr;
    UsageSeries::Result m_result;
    bool m_loadedOnce = false;
    QHash<QString, QString> m_keyNames; // key id -> name, from the ledger and the log

    QTabWidget* m_tabs;
    // Spend and tokens
    QLabel* m_groupLabel;
    QComboBox* m_groupBy;
    RangeButtons* m_ranges;
    QLabel* m_status;
    QStackedWidget* m_spendBody;
    QWidget* m_charts;
    EmptyState* m_empty;
    StatTile* m_spendTile;
    StatTile* m_tokensTile;
    StatTile* m_requestsTile;
    ChartCard* m_spendCard;
    ChartCard* m_tokensCard;
    QHash<QString, QLineSeries*> m_spendLines; // by group id ("" : none, "\x1f" : other)
    QHash<QString, QLineSeries*> m_tokensLines;
    QLabel* m_totalsTitle;
    QTableWidget* m_totals;
    // What remains
    QLabel* m_remainingIntro;
    QStackedWidget* m_remainingBody;
    QTableView* m_remaining;
    RemainingModel* m_remainingModel;
    EmptyState* m_remainingEmpty;
    // Prices
    PricesPanel* m_prices;
};

} // namespace ui

#pragma once

#include "governance/LedgerView.h"

#include <QWidget>

#include <array>

class QGridLayout;
class QLabel;
class QProgressBar;

namespace ui {

// What a scope (a key) has used of each of its limits, as bars: requests and tokens this
// minute, requests in flight, the token quota and the budget of their periods, each with its
// numbers ("$3.20 of $10.00 · resets in 12 days"). Only the limits that are set get a bar. A
// bar turns red at the limit, and the quota's and budget's at their alert percentage.
class LimitBars : public QWidget
{
    Q_OBJECT
public:
    enum Bar { Requests, Tokens, InFlight, Quota, Budget, BarCount };

    explicit LimitBars(QWidget* parent = nullptr);

    // The limits, and what the ledger says was used of them (null: nothing recorded, or the
    // gateway is stopped: the bars show no use). nowMs: for "resets in".
    void setUsage(const gateway::config::Limits& limits,
                  const gateway::governance::ScopeUsage* usage, qint64 nowMs);

    QProgressBar* bar(Bar bar) const { return m_bars[bar]; }
    // The numbers beside a bar ("12 of 100").
    QString text(Bar bar) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void setBar(Bar bar, double used, double limit, const QString& text, bool alerting);
    void retranslate();

    std::array<QLabel*, BarCount> m_labels;
    std::array<QProgressBar*, BarCount> m_bars;
    std::array<QLabel*, BarCount> m_texts;
    QLabel* m_none;
    gateway::config::Limits m_limits;
};

} // namespace ui

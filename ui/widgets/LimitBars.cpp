#include "widgets/LimitBars.h"

#include "models/KeyText.h"
#include "pages/Page.h"
#include "widgets/ErrorLabel.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

namespace ui {

using gateway::config::Period;

namespace {
// Bars count in thousandths: QProgressBar takes ints, and a budget's nano-dollars do not fit.
constexpr int barScale = 1000;
// A bar never stretches past this: a long bar across a wide window is hard to read.
constexpr int maxBarWidth = 420;
} // namespace

LimitBars::LimitBars(QWidget* parent) : QWidget(parent), m_none(new QLabel)
{
    const char* names[] = {"requestsBar", "tokensBar", "inFlightBar", "quotaBar", "budgetBar"};
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(spacing::normal);
    grid->setVerticalSpacing(spacing::tight);
    for (int b = 0; b < BarCount; ++b) {
        m_labels[b] = new QLabel;
        m_bars[b] = new QProgressBar;
        m_texts[b] = new QLabel;
        m_bars[b]->setObjectName(QLatin1String(names[b]));
        m_bars[b]->setRange(0, barScale);
        m_bars[b]->setTextVisible(false); // the numbers are beside it, in words
        m_bars[b]->setMaximumWidth(maxBarWidth);
        m_bars[b]->setMinimumWidth(120);
        m_bars[b]->setMaximumHeight(m_labels[b]->sizeHint().height() * 3 / 4);
        m_texts[b]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_labels[b]->setBuddy(m_bars[b]);
        grid->addWidget(m_labels[b], b, 0);
        grid->addWidget(m_bars[b], b, 1);
        grid->addWidget(m_texts[b], b, 2);
    }
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(2, 3);
    m_none->setObjectName(QStringLiteral("noLimits"));
    m_none->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(spacing::normal);
    layout->addLayout(grid);
    layout->addWidget(m_none);
    retranslate();
    setUsage(m_limits, nullptr, 0);
}

void LimitBars::setUsage(const gateway::config::Limits& limits,
                         const gateway::governance::ScopeUsage* usage, qint64 nowMs)
{
    m_limits = limits;
    const gateway::governance::ScopeUsage none;
    const gateway::governance::ScopeUsage& u = usage ? *usage : none;
    const QLocale locale;
    const auto of = [&](qint64 used, qint64 limit) {
        return tr("%1 of %2").arg(locale.toString(used), locale.toString(limit));
    };
    const auto resets = [&](Period period, qint64 endsMs) {
        return period == Period::Total || endsMs == 0
                   ? KeyText::resetsIn(-1)
                   : KeyText::resetsIn(qMax<qint64>(0, endsMs - nowMs));
    };
    const auto alerting = [&](double used, double limit) {
        return limit > 0 && used * 100 >= limit * limits.alertAtPercent;
    };

    setBar(Requests, double(u.requestsThisMinute), double(limits.rpm),
           of(u.requestsThisMinute, limits.rpm), false);
    setBar(Tokens, double(u.tokensThisMinute), double(limits.tpm),
           of(u.tokensThisMinute, limits.tpm), false);
    setBar(InFlight, double(u.inFlight), double(limits.maxConcurrent),
           of(u.inFlight, limits.maxConcurrent), false);
    setBar(Quota, double(u.quotaTokensUsed), double(limits.tokenQuota),
           tr("%1 · %2", "use · resets in")
               .arg(of(u.quotaTokensUsed, limits.tokenQuota),
                    resets(limits.quotaPeriod, u.quotaPeriodEndsMs)),
           alerting(double(u.quotaTokensUsed), double(limits.tokenQuota)));
    const bool budget = limits.budgetNanos >= 0;
    setBar(
        Budget, double(u.spentNanos), budget ? double(qMax<qint64>(1, limits.budgetNanos)) : 0,
        tr("%1 · %2", "use · resets in")
            .arg(tr("%1 of %2").arg(KeyText::usd(u.spentNanos), KeyText::usd(limits.budgetNanos)),
                 resets(limits.budgetPeriod, u.budgetPeriodEndsMs)),
        budget && alerting(double(u.spentNanos), double(limits.budgetNanos)));
    m_none->setVisible(!limits.any());
    retranslate(); // the labels name the periods
}

void LimitBars::setBar(Bar bar, double used, double limit, const QString& text, bool alerting)
{
    const bool shown = limit > 0;
    m_labels[bar]->setVisible(shown);
    m_bars[bar]->setVisible(shown);
    m_texts[bar]->setVisible(shown);
    if (!shown)
        return;
    m_bars[bar]->setValue(int(qBound(0.0, used / limit, 1.0) * barScale));
    m_texts[bar]->setText(text);
    m_bars[bar]->setAccessibleDescription(text);
    // Red at the limit (or the alert), in a red that reads on either theme.
    QPalette p = palette();
    if (alerting || used >= limit)
        p.setColor(QPalette::Highlight, ErrorLabel::colorOn(palette().color(QPalette::Window)));
    m_bars[bar]->setPalette(p);
}

QString LimitBars::text(Bar bar) const
{
    return m_texts[bar]->isVisibleTo(this) ? m_texts[bar]->text() : QString();
}

void LimitBars::retranslate()
{
    const QString names[] = {
        tr("Requests this minute"),
        tr("Tokens this minute"),
        tr("Requests in flight"),
        tr("Token quota (%1)").arg(KeyText::perPeriod(m_limits.quotaPeriod)),
        tr("Budget (%1)").arg(KeyText::perPeriod(m_limits.budgetPeriod)),
    };
    for (int b = 0; b < BarCount; ++b) {
        m_labels[b]->setText(names[b]);
        m_bars[b]->setAccessibleName(names[b]);
    }
    m_none->setText(tr("No limits: this key is never refused for its rate, quota or budget "
                       "(its tenant's and its models' limits still apply)."));
}

void LimitBars::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ui

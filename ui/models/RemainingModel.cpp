#include "models/RemainingModel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace ui {

using gateway::config::Period;
using gateway::governance::ScopeUsage;

namespace {

int kindOrder(ScopeUsage::Kind kind)
{
    switch (kind) {
    case ScopeUsage::Kind::Tenant: return 0;
    case ScopeUsage::Kind::Key: return 1;
    case ScopeUsage::Kind::Model: return 2;
    }
    return 3;
}

} // namespace

RemainingModel::Level RemainingModel::Row::level() const
{
    if (limit <= 0)
        return Level::Normal;
    if (used >= limit)
        return Level::Hard;
    if (alertAtPercent > 0 && used * 100 >= limit * alertAtPercent)
        return Level::Soft;
    return Level::Normal;
}

RemainingModel::RemainingModel(QObject* parent) : QAbstractTableModel(parent) {}

void RemainingModel::setSnapshot(const std::vector<ScopeUsage>& scopes)
{
    QList<Row> rows;
    for (const ScopeUsage& s : scopes) {
        const auto& l = s.limits;
        // A budget below zero and a quota of zero are not set (LedgerView.h).
        if (l.budgetNanos >= 0)
            rows.append({s.kind, s.name, true, gateway::config::nanosToUsd(s.spentNanos),
                         gateway::config::nanosToUsd(l.budgetNanos), l.alertAtPercent,
                         l.budgetPeriod, s.budgetPeriodEndsMs});
        if (l.tokenQuota > 0)
            rows.append({s.kind, s.name, false, double(s.quotaTokensUsed), double(l.tokenQuota),
                         l.alertAtPercent, l.quotaPeriod, s.quotaPeriodEndsMs});
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.kind != b.kind)
            return kindOrder(a.kind) < kindOrder(b.kind);
        if (a.name != b.name)
            return a.name.localeAwareCompare(b.name) < 0;
        return a.budget && !b.budget;
    });
    const bool sameRows = rows.size() == m_rows.size() &&
                          std::equal(rows.cbegin(), rows.cend(), m_rows.cbegin(),
                                     [](const Row& a, const Row& b) { return a.sameLimit(b); });
    if (!sameRows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    m_rows = rows;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

void RemainingModel::setLevelColors(const QColor& soft, const QColor& hard)
{
    m_soft = soft;
    m_hard = hard;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
                         {Qt::ForegroundRole});
}

int RemainingModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RemainingModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RemainingModel::kindName(ScopeUsage::Kind kind)
{
    switch (kind) {
    case ScopeUsage::Kind::Key: return tr("Key");
    case ScopeUsage::Kind::Tenant: return tr("Tenant");
    case ScopeUsage::Kind::Model: return tr("Model");
    }
    return QString();
}

QString RemainingModel::periodText(Period period)
{
    switch (period) {
    case Period::Day: return tr("per day");
    case Period::Week: return tr("per week");
    case Period::Month: return tr("per month");
    case Period::Total: return tr("in total");
    }
    return QString();
}

QString RemainingModel::usd(double usd)
{
    // Cents for whole dollars; small amounts (a request costs fractions of a cent) with up to
    // four decimals, so that $0.0034 is not shown as $0.00.
    const double magnitude = std::abs(usd);
    QString text = QLocale().toCurrencyString(usd, QStringLiteral("$"),
                                              magnitude >= 1 || magnitude == 0 ? 2 : 4);
    if (magnitude > 0 && magnitude < 1) {
        // 0.5000 → 0.50: trailing zeros after the cents say nothing.
        const QChar point = QLocale().decimalPoint().at(0);
        const qsizetype dot = text.indexOf(point);
        qsizetype end = dot + 1;
        while (end < text.size() && text.at(end).isDigit())
            ++end;
        qsizetype cut = end;
        while (cut > dot + 3 && text.at(cut - 1) == QLatin1Char('0'))
            --cut;
        text.remove(cut, end - cut);
    }
    return text;
}

QString RemainingModel::amount(const Row& row, double value) const
{
    return row.budget ? usd(value) : QLocale().toString(qint64(std::llround(value)));
}

QString RemainingModel::text(const Row& row, int column) const
{
    switch (column) {
    case KindColumn: return kindName(row.kind);
    case NameColumn: return row.name;
    case LimitColumn: return row.budget ? tr("Budget") : tr("Token quota");
    case UseColumn: return tr("%1 %").arg(QLocale().toString(row.fraction() * 100, 'f', 0));
    case UsedColumn: return amount(row, row.used);
    case MaximumColumn: return amount(row, row.limit);
    case RemainingColumn: return amount(row, std::max(0.0, row.limit - row.used));
    case PeriodColumn: return periodText(row.period);
    case ResetsAtColumn:
        return row.resetsAtMs == 0
                   ? tr("never", "a total quota or budget does not reset")
                   : QLocale().toString(QDateTime::fromMSecsSinceEpoch(row.resetsAtMs),
                                        QLocale::ShortFormat);
    }
    return QString();
}

QVariant RemainingModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return text(row, index.column());
    case Qt::AccessibleTextRole:
        if (index.column() != UseColumn)
            return text(row, index.column());
        switch (row.level()) {
        case Level::Normal: return tr("%1 used").arg(text(row, UseColumn));
        case Level::Soft: return tr("%1 used, past the alert threshold").arg(text(row, UseColumn));
        case Level::Hard: return tr("%1 used, limit reached").arg(text(row, UseColumn));
        }
        return {};
    case Qt::ToolTipRole:
        switch (row.level()) {
        case Level::Normal: return {};
        case Level::Soft:
            return tr("Past the alert threshold of %1 %: an alert was raised.")
                .arg(row.alertAtPercent);
        case Level::Hard:
            return row.budget ? tr("Budget spent: requests are refused (budget_exceeded) until "
                                   "it resets.")
                              : tr("Quota used up: requests are refused (quota_exceeded) until "
                                   "it resets.");
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() < UseColumn || index.column() > RemainingColumn)
            return {};
        if (row.level() == Level::Hard && m_hard.isValid())
            return m_hard;
        if (row.level() == Level::Soft && m_soft.isValid())
            return m_soft;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= UseColumn && index.column() <= RemainingColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case FractionRole: return row.fraction();
    case LevelRole: return int(row.level());
    default: return {};
    }
}

QVariant RemainingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn: return tr("Scope");
    case NameColumn: return tr("Name");
    case LimitColumn: return tr("Limit");
    case UseColumn: return tr("Use");
    case UsedColumn: return tr("Used");
    case MaximumColumn: return tr("Of");
    case RemainingColumn: return tr("Remaining");
    case PeriodColumn: return tr("Period");
    case ResetsAtColumn: return tr("Resets at");
    }
    return {};
}

} // namespace ui

#pragma once

#include "governance/LedgerView.h"

#include <QAbstractTableModel>
#include <QColor>

#include <vector>

namespace ui {

// "What remains": one row per quota and per budget of every key, tenant and model alias that
// has one, from the ledger's snapshot (governance::LedgerView). Rows are ordered by tenant, key
// and model, then by name, the budget before the quota. A new snapshot of the same scopes
// updates the rows in place, so that the selection and the scroll position stay.
class RemainingModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        KindColumn,
        NameColumn,
        LimitColumn,
        UseColumn, // a bar
        UsedColumn,
        MaximumColumn,
        RemainingColumn,
        PeriodColumn,
        ResetsAtColumn,
        ColumnCount
    };
    // How far a row's use is: under its soft limit, past it (alertAtPercent), or at the hard
    // limit (requests are refused).
    enum class Level { Normal, Soft, Hard };
    enum Role {
        FractionRole = Qt::UserRole + 1, // double: used / limit, 0 … (above 1 with reservations)
        LevelRole,                       // int: Level
    };

    explicit RemainingModel(QObject* parent = nullptr);

    void setSnapshot(const std::vector<gateway::governance::ScopeUsage>& scopes);
    // The text colours of rows past their soft limit and at their hard limit (they depend on
    // the theme's background).
    void setLevelColors(const QColor& soft, const QColor& hard);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Texts in the current language (after a language change: the view repaints).
    static QString kindName(gateway::governance::ScopeUsage::Kind kind);
    static QString periodText(gateway::config::Period period);
    static QString usd(double usd);

private:
    struct Row
    {
        gateway::governance::ScopeUsage::Kind kind;
        QString name;
        bool budget = false; // else the token quota
        double used = 0;     // US dollars or tokens
        double limit = 0;
        int alertAtPercent = 0;
        gateway::config::Period period = gateway::config::Period::Month;
        qint64 resetsAtMs = 0; // 0: never (Total)

        double fraction() const { return limit > 0 ? used / limit : 0; }
        Level level() const;
        bool sameLimit(const Row& other) const
        {
            return kind == other.kind && name == other.name && budget == other.budget;
        }
    };
    QString amount(const Row& row, double value) const;
    QString text(const Row& row, int column) const;

    QList<Row> m_rows;
    QColor m_soft;
    QColor m_hard;
};

} // namespace ui

#pragma once

#include "config/Governance.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QTableWidget;

namespace ui {

class ErrorLabel;
class GatewayHost;

// The Usage page's prices: what each configured alias costs (its models[].pricing, else the
// shipped table's price for its upstream model: governance::pricingFor), edited through
// PriceDialog and applied as models[].pricing with GatewayHost::applyConfig (hot reload; the
// loader's errors in words, ConfigErrorText). "Reset to the table's price" removes the
// override. Below, the shipped table itself, read-only and searchable.
class PricesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PricesPanel(GatewayHost* host, QWidget* parent = nullptr);

    // The aliases' table and the shipped table again, from the config that applies now.
    void reload();

    enum AliasColumn {
        AliasColumn,
        UpstreamColumn,
        SourceColumn,
        InputColumn,
        OutputColumn,
        CachedInputColumn,
        CacheWriteColumn,
        ReasoningColumn,
        AliasColumnCount
    };
    QTableWidget* aliases() const { return m_aliases; }
    QTableView* shippedTable() const { return m_shipped; }
    QLineEdit* search() const { return m_search; }

    // Applies the alias's price override (none: removes it). Returns the error worded for
    // people, or empty.
    QString applyPricing(const QString& alias,
                         const std::optional<gateway::config::Pricing>& pricing);
    // Opens PriceDialog for the selected alias.
    void editSelected();
    // Removes the selected alias's override.
    void resetSelected();

signals:
    void transientMessage(const QString& text);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void fillShipped();
    void updateButtons();
    QString selectedAlias() const;
    void retranslate();

    GatewayHost* m_host;
    QLabel* m_intro;
    QTableWidget* m_aliases;
    QPushButton* m_edit;
    QPushButton* m_reset;
    ErrorLabel* m_error;
    QLabel* m_shippedTitle;
    QLineEdit* m_search;
    QStandardItemModel* m_shippedModel;
    QSortFilterProxyModel* m_shippedProxy;
    QTableView* m_shipped;
};

} // namespace ui

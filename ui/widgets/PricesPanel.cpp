#include "widgets/PricesPanel.h"

#include "GatewayHost.h"
#include "dialogs/PriceDialog.h"
#include "governance/Pricing.h"
#include "models/ConfigErrorText.h"
#include "models/PriceOverride.h"
#include "pages/Page.h"
#include "widgets/ErrorLabel.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

namespace {

using gateway::config::Pricing;

// The upstream model an alias's price is looked up by: its first target's (the one that
// serves it while nothing fails); a pattern alias without one has none.
QString upstreamOf(const gateway::config::ModelAlias& alias)
{
    return alias.targets.isEmpty() ? QString() : alias.targets.first().model;
}

QStringList priceCells(const Pricing& p)
{
    // An unset cache or reasoning price is charged at the input or output price.
    return {PriceDialog::priceText(p.inputPer1M), PriceDialog::priceText(p.outputPer1M),
            p.cachedInputPer1M < 0 ? PricesPanel::tr("as input")
                                   : PriceDialog::priceText(p.cachedInputPer1M),
            p.cacheWritePer1M < 0 ? PricesPanel::tr("as input")
                                  : PriceDialog::priceText(p.cacheWritePer1M),
            p.reasoningPer1M < 0 ? PricesPanel::tr("as output")
                                 : PriceDialog::priceText(p.reasoningPer1M)};
}

} // namespace

PricesPanel::PricesPanel(GatewayHost* host, QWidget* parent)
    : QWidget(parent), m_host(host), m_intro(new QLabel), m_aliases(new QTableWidget),
      m_edit(new QPushButton), m_reset(new QPushButton), m_error(new ErrorLabel),
      m_shippedTitle(new QLabel), m_search(new QLineEdit),
      m_shippedModel(new QStandardItemModel(this)), m_shippedProxy(new QSortFilterProxyModel(this)),
      m_shipped(new QTableView)
{
    m_intro->setWordWrap(true);
    m_aliases->setObjectName(QStringLiteral("aliasPrices"));
    m_aliases->setColumnCount(AliasColumnCount);
    m_aliases->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_aliases->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_aliases->setSelectionMode(QAbstractItemView::SingleSelection);
    m_aliases->verticalHeader()->hide();
    // The names take what room there is; the prices keep to their width, side by side.
    m_aliases->horizontalHeader()->setStretchLastSection(false);
    m_aliases->setWordWrap(false);
    m_aliases->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it
    // Enter on a row edits it, as a double click does.
    m_aliases->installEventFilter(this);
    connect(m_aliases, &QTableWidget::cellActivated, this, [this] { editSelected(); });
    connect(m_aliases, &QTableWidget::itemSelectionChanged, this, &PricesPanel::updateButtons);
    m_edit->setObjectName(QStringLiteral("editPrices"));
    m_reset->setObjectName(QStringLiteral("resetPrices"));
    connect(m_edit, &QPushButton::clicked, this, &PricesPanel::editSelected);
    connect(m_reset, &QPushButton::clicked, this, &PricesPanel::resetSelected);
    m_error->setObjectName(QStringLiteral("pricesError"));

    m_search->setObjectName(QStringLiteral("searchPrices"));
    m_search->setClearButtonEnabled(true);
    m_shippedProxy->setSourceModel(m_shippedModel);
    m_shippedProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_shippedProxy->setFilterKeyColumn(0);
    m_shippedProxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    connect(m_search, &QLineEdit::textChanged, m_shippedProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    m_shipped->setObjectName(QStringLiteral("shippedPrices"));
    m_shipped->setModel(m_shippedProxy);
    m_shipped->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_shipped->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_shipped->setSortingEnabled(true);
    m_shipped->sortByColumn(0, Qt::AscendingOrder);
    m_shipped->verticalHeader()->hide();
    m_shipped->horizontalHeader()->setStretchLastSection(false);
    m_shipped->setWordWrap(false);
    m_shipped->setTabKeyNavigation(false); // Tab leaves the table, arrows move in it

    auto* buttons = new QHBoxLayout;
    buttons->setSpacing(spacing::normal);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_reset);
    buttons->addStretch(1);
    auto* searchRow = new QHBoxLayout;
    searchRow->setSpacing(spacing::normal);
    searchRow->addWidget(m_shippedTitle, 1);
    searchRow->addWidget(m_search);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, spacing::normal, 0, 0); // as the page's other tabs
    layout->setSpacing(spacing::normal);
    layout->addWidget(m_intro);
    layout->addWidget(m_aliases, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addSpacing(spacing::section - spacing::normal);
    layout->addLayout(searchRow);
    layout->addWidget(m_shipped, 1);

    connect(m_host, &GatewayHost::configChanged, this, &PricesPanel::reload);
    retranslate();
    fillShipped();
    reload();
}

void PricesPanel::reload()
{
    const QString selected = selectedAlias();
    const auto& models = m_host->config().models;
    m_aliases->setRowCount(int(models.size()));
    for (int row = 0; row < models.size(); ++row) {
        const gateway::config::ModelAlias& alias = models.at(row);
        const QString upstream = upstreamOf(alias);
        const std::optional<Pricing> pricing = gateway::governance::pricingFor(&alias, upstream);
        const QString source = alias.pricing ? tr("Override")
                               : pricing     ? tr("Price table")
                                             : tr("No price: costs 0");
        QStringList cells{alias.alias, upstream.isEmpty() ? tr("–", "no value") : upstream, source};
        cells << (pricing ? priceCells(*pricing) : QStringList(5, tr("–", "no value")));
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            if (column >= InputColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (column == SourceColumn && alias.pricing)
                item->setToolTip(tr("models[].pricing in the config"));
            m_aliases->setItem(row, column, item);
        }
        m_aliases->item(row, AliasColumn)->setData(Qt::UserRole, alias.alias);
        if (alias.alias == selected)
            m_aliases->selectRow(row);
    }
    m_aliases->resizeColumnsToContents();
    m_aliases->horizontalHeader()->setSectionResizeMode(UpstreamColumn, QHeaderView::Stretch);
    updateButtons();
}

void PricesPanel::fillShipped()
{
    const auto& entries = gateway::governance::PriceTable::shipped().entries();
    m_shippedModel->setRowCount(0);
    for (auto it = entries.cbegin(); it != entries.cend(); ++it) {
        QList<QStandardItem*> row{new QStandardItem(it.key())};
        for (const QString& cell : priceCells(it.value())) {
            auto* item = new QStandardItem(cell);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            row << item;
        }
        m_shippedModel->appendRow(row);
    }
    m_shipped->resizeColumnsToContents();
    m_shipped->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
}

QString PricesPanel::selectedAlias() const
{
    const QList<QTableWidgetItem*> items = m_aliases->selectedItems();
    if (items.isEmpty())
        return QString();
    const QTableWidgetItem* first = m_aliases->item(items.first()->row(), AliasColumn);
    return first ? first->data(Qt::UserRole).toString() : QString();
}

void PricesPanel::updateButtons()
{
    const gateway::config::ModelAlias* alias = m_host->config().model(selectedAlias());
    m_edit->setEnabled(alias != nullptr);
    m_reset->setEnabled(alias && alias->pricing);
}

QString PricesPanel::applyPricing(const QString& alias, const std::optional<Pricing>& pricing)
{
    QJsonObject document = m_host->configDocument();
    if (!PriceOverride::apply(document, alias, pricing))
        return tr("The alias “%1” is not in the config any more.").arg(alias);
    const auto applied = m_host->applyConfig(document); // configChanged: reload()
    if (!applied)
        return ConfigErrorText::describe(applied.error(), document);
    emit transientMessage(tr("Prices of %1 applied and saved to %2")
                              .arg(alias, QDir::toNativeSeparators(m_host->configPath())));
    return QString();
}

void PricesPanel::editSelected()
{
    const QString name = selectedAlias();
    const gateway::config::ModelAlias* alias = m_host->config().model(name);
    if (!alias)
        return;
    const QString upstream = upstreamOf(*alias);
    PriceDialog dialog(
        name, upstream, gateway::governance::pricingFor(alias, upstream),
        [this, name](const Pricing& p) { return applyPricing(name, p); }, this);
    dialog.exec();
}

void PricesPanel::resetSelected()
{
    const QString name = selectedAlias();
    if (name.isEmpty())
        return;
    m_error->setMessage(applyPricing(name, std::nullopt));
}

bool PricesPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_aliases && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            editSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void PricesPanel::retranslate()
{
    m_intro->setText(tr("What each alias costs, in US dollars per million tokens: its own "
                        "prices (models[].pricing) if it has them, else the shipped price table's "
                        "for its upstream model. Cached and reasoning tokens are charged at their "
                        "own prices. Select an alias and press Enter to edit its prices."));
    m_aliases->setHorizontalHeaderLabels({tr("Alias"), tr("Upstream model"), tr("Price from"),
                                          tr("Input"), tr("Output"), tr("Cached input"),
                                          tr("Cache write"), tr("Reasoning")});
    m_aliases->setAccessibleName(tr("Prices of the aliases"));
    m_edit->setText(tr("&Edit prices…"));
    m_reset->setText(tr("Reset to the table's price"));
    m_reset->setToolTip(tr("Removes the alias's own prices: the shipped table's price applies "
                           "again."));
    m_shippedTitle->setText(tr("The shipped price table (US dollars per million tokens)"));
    m_search->setPlaceholderText(tr("Search models"));
    m_search->setAccessibleName(tr("Search the shipped price table"));
    m_shippedModel->setHorizontalHeaderLabels({tr("Model"), tr("Input"), tr("Output"),
                                               tr("Cached input"), tr("Cache write"),
                                               tr("Reasoning")});
    m_shipped->setAccessibleName(tr("The shipped price table"));
}

void PricesPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        fillShipped(); // "as input" and the locale's separators
        reload();
    }
    QWidget::changeEvent(event);
}

} // namespace ui

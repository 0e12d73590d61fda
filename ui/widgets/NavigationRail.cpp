#include "NavigationRail.h"

#include "ThemedIcon.h"

#include <QEvent>
#include <QListWidget>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

namespace {

constexpr int expandedWidth = 184;
constexpr int collapsedWidth = 56;

QSettings settings()
{
    return QSettings(QStringLiteral("switchboard"), QStringLiteral("console"));
}

const QString collapsedKey = QStringLiteral("window/navigationCollapsed");

} // namespace

NavigationRail::NavigationRail(QWidget* parent)
    : QWidget(parent), m_list(new QListWidget), m_collapse(new QToolButton)
{
    setObjectName(QStringLiteral("navigationRail"));
    m_list->setObjectName(QStringLiteral("navigation"));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setSpacing(2);
    m_list->setIconSize({20, 20});
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setTextElideMode(Qt::ElideRight);
    m_collapse->setObjectName(QStringLiteral("collapseNavigation"));
    m_collapse->setAutoRaise(true);
    m_collapse->setIconSize({20, 20});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 8, 4, 8);
    layout->setSpacing(4);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_collapse, 0, Qt::AlignLeft);

    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            emit entryActivated(row);
    });
    connect(m_collapse, &QToolButton::clicked, this, [this] { setCollapsed(!m_collapsed); });
    m_collapsed = settings().value(collapsedKey, false).toBool();
    updateEntries();
}

void NavigationRail::addEntry(const QString& label, const QString& iconName,
                              const QString& shortcut)
{
    m_entries.append({label, iconName, shortcut});
    auto* item = new QListWidgetItem(m_list);
    item->setSizeHint({0, 36});
    updateEntries(); // draws the icons too
}

void NavigationRail::setLabel(int index, const QString& label)
{
    if (index < 0 || index >= m_entries.size())
        return;
    m_entries[index].label = label;
    updateEntries();
}

int NavigationRail::count() const
{
    return m_entries.size();
}

int NavigationRail::currentIndex() const
{
    return m_list->currentRow();
}

void NavigationRail::setCurrentIndex(int index)
{
    // Setting the index back (a refused switch) must not announce a switch again.
    const QSignalBlocker blocker(m_list);
    m_list->setCurrentRow(index);
}

void NavigationRail::setCollapsed(bool collapsed)
{
    if (collapsed == m_collapsed)
        return;
    m_collapsed = collapsed;
    settings().setValue(collapsedKey, collapsed);
    updateEntries();
    emit collapsedChanged(collapsed);
}

QWidget* NavigationRail::focusTarget() const
{
    return m_list;
}

void NavigationRail::updateEntries()
{
    setFixedWidth(m_collapsed ? collapsedWidth : expandedWidth);
    for (int i = 0; i < m_entries.size(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        const Entry& entry = m_entries.at(i);
        item->setText(m_collapsed ? QString() : entry.label);
        // Collapsed, the tooltip is the only place the label is; expanded, it adds the key.
        item->setToolTip(entry.shortcut.isEmpty()
                             ? entry.label
                             : QStringLiteral("%1 (%2)").arg(entry.label, entry.shortcut));
    }
    m_collapse->setToolTip(m_collapsed ? tr("Show the page names") : tr("Show icons only"));
    m_collapse->setAccessibleName(m_collapse->toolTip());
    drawIcons();
}

void NavigationRail::drawIcons()
{
    const QColor color = palette().color(QPalette::WindowText);
    for (int i = 0; i < m_entries.size(); ++i)
        m_list->item(i)->setIcon(themedIcon(m_entries.at(i).iconName, color));
    m_collapse->setIcon(themedIcon(
        m_collapsed ? QStringLiteral("rail-expand") : QStringLiteral("rail-collapse"), color));
}

void NavigationRail::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        drawIcons();
    else if (event->type() == QEvent::LanguageChange)
        updateEntries();
    QWidget::changeEvent(event);
}

} // namespace ui

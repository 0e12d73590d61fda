#pragma once

#include <QWidget>

class QListWidget;
class QToolButton;

namespace ui {

// The console's navigation: one entry per page, an icon and a label each, that collapses to
// the icons alone (the label and the page's shortcut then show in the tooltip). The collapsed
// state is remembered in the console's settings.
class NavigationRail : public QWidget
{
    Q_OBJECT
public:
    explicit NavigationRail(QWidget* parent = nullptr);

    // iconName names an SVG of resources/icons, drawn in the palette's text colour.
    void addEntry(const QString& label, const QString& iconName, const QString& shortcut);
    void setLabel(int index, const QString& label);
    int count() const;

    int currentIndex() const;
    void setCurrentIndex(int index);

    bool isCollapsed() const { return m_collapsed; }
    void setCollapsed(bool collapsed);

    // The widget that takes the keyboard focus (the list), for the window's tab order.
    QWidget* focusTarget() const;

signals:
    // The user picked another entry. The window may refuse (a page with unapplied edits) by
    // setting the current index back.
    void entryActivated(int index);
    void collapsedChanged(bool collapsed);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateEntries();
    void drawIcons();

    struct Entry
    {
        QString label;
        QString iconName;
        QString shortcut;
    };
    QList<Entry> m_entries;
    QListWidget* m_list;
    QToolButton* m_collapse;
    bool m_collapsed = false;
};

} // namespace ui

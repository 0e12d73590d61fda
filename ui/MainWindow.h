#pragma once

#include <QMainWindow>

class QLabel;
class QMenu;
class QStackedWidget;

namespace ui {

class Appearance;
class GatewayHost;
class NavigationRail;
class Page;
class PageHeader;
class ReadmeWindow;
class StatusPill;

// The console's window: the navigation rail on the left; on the right a header (the page's
// title, what it is for, its main action and the gateway's status pill) above one page at a
// time; a menu bar with every page, its shortcuts, Quit and About; transient messages in the
// status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // appearance may be null (tests): the Settings page then cannot switch theme or language.
    explicit MainWindow(GatewayHost* host, Appearance* appearance = nullptr,
                        QWidget* parent = nullptr);

    // Adds a page to the navigation. The window takes ownership. title is the English source
    // text, marked with QT_TR_NOOP, so that a language change can translate it again; iconName
    // names an SVG of resources/icons.
    void addPage(Page* page, const char* title, const QString& objectName, const QString& iconName);
    // Shows the page with this object name (e.g. "dashboard"); false if there is none, or if the
    // page shown now keeps the window (unapplied edits the user chose to keep editing).
    bool showPage(const QString& objectName);
    // The pages, in navigation order.
    QList<Page*> pages() const { return m_pageList; }
    Page* currentPage() const;
    NavigationRail* navigation() const { return m_navigation; }
    PageHeader* header() const { return m_header; }
    StatusPill* statusPill() const { return m_status; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void createPages();
    void createMenus();
    bool showIndex(int index);
    void updateHeader();
    void retranslate();
    void showAbout();
    // The README in a window of its own, at this section (a heading's text) unless empty.
    void showReadme(const QString& section);
    // The quiet line under the header while the gateway runs open (but on the Keys page,
    // which says so itself).
    void updateOpenNotice();

    GatewayHost* m_host;
    Appearance* m_appearance;
    NavigationRail* m_navigation;
    PageHeader* m_header;
    QStackedWidget* m_pages; // each page in a scroll area of its own (see addPage)
    QList<Page*> m_pageList;
    StatusPill* m_status;
    QLabel* m_openNotice;
    ReadmeWindow* m_readme = nullptr;
    QList<const char*> m_titles;
    // Menu entries whose text is translated again on a language change: (action, source text).
    QList<QPair<QAction*, const char*>> m_translatedActions;
    QList<QAction*> m_pageActions; // Go → page, in navigation order
    QMenu* m_goMenu = nullptr;
};

} // namespace ui

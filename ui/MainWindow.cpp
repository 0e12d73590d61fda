#include "MainWindow.h"

#include "GatewayHost.h"
#include "dialogs/AboutDialog.h"
#include "dialogs/ReadmeWindow.h"
#include "models/KeyText.h"
#include "pages/BackendsPage.h"
#include "pages/DashboardPage.h"
#include "pages/KeysPage.h"
#include "pages/LogsPage.h"
#include "pages/ModelsPage.h"
#include "pages/ReplayPage.h"
#include "pages/SettingsPage.h"
#include "pages/UsagePage.h"
#include "widgets/NavigationRail.h"
#include "widgets/PageHeader.h"
#include "widgets/StatusPill.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace ui {

namespace {
constexpr int transientMessageMs = 6000;
} // namespace

MainWindow::MainWindow(GatewayHost* host, Appearance* appearance, QWidget* parent)
    : QMainWindow(parent), m_host(host), m_appearance(appearance), m_navigation(new NavigationRail),
      m_header(new PageHeader), m_pages(new QStackedWidget), m_status(nullptr),
      m_openNotice(new QLabel)
{
    setWindowIcon(QIcon(QStringLiteral(":/switchboard/icons/switchboard.svg")));

    // Widgets join the focus chain in the order they are created: navigation, the header's
    // action, the page, then the status pill (created last, below).
    auto* content = new QWidget;
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(spacing::page, spacing::page, spacing::page, spacing::normal);
    contentLayout->setSpacing(spacing::section);
    contentLayout->addWidget(m_header);
    m_openNotice->setObjectName(QStringLiteral("openNotice"));
    m_openNotice->setWordWrap(true);
    m_openNotice->setTextInteractionFlags(Qt::LinksAccessibleByMouse |
                                          Qt::LinksAccessibleByKeyboard);
    m_openNotice->hide();
    connect(m_openNotice, &QLabel::linkActivated, this,
            [this] { showPage(QStringLiteral("keys")); });
    contentLayout->addWidget(m_openNotice);
    contentLayout->addWidget(m_pages, 1);

    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    layout->addWidget(content, 1);
    setCentralWidget(central);

    createPages();
    m_status = new StatusPill(host);
    m_header->setStatusWidget(m_status);
    connect(m_navigation, &NavigationRail::entryActivated, this, [this](int index) {
        if (!showIndex(index))
            m_navigation->setCurrentIndex(m_pages->currentIndex()); // the page kept the window
    });
    createMenus();
    connect(host, &GatewayHost::openModeChanged, this, &MainWindow::updateOpenNotice);
    connect(
        host, &GatewayHost::limitAlert, this, [this](const gateway::governance::LimitAlert& alert) {
            statusBar()->showMessage(KeyText::alert(alert, m_host->ledger()), transientMessageMs);
        });
    showIndex(0);
    retranslate();
    // 1280×800 where it fits; on a smaller screen the window fits the screen.
    resize(QSize(1280, 800).boundedTo(screen()->availableSize()));
}

void MainWindow::createPages()
{
    // Pages register here, in navigation order.
    auto* logs = new LogsPage(m_host);
    auto* replay = new ReplayPage(m_host);
    addPage(new DashboardPage(m_host), QT_TR_NOOP("Dashboard"), QStringLiteral("dashboard"),
            QStringLiteral("page-dashboard"));
    addPage(logs, QT_TR_NOOP("Logs"), QStringLiteral("logs"), QStringLiteral("page-logs"));
    addPage(new UsagePage(m_host), QT_TR_NOOP("Usage"), QStringLiteral("usage"),
            QStringLiteral("page-usage"));
    addPage(replay, QT_TR_NOOP("Replay"), QStringLiteral("replay"), QStringLiteral("page-replay"));
    // "Replay…" on a log row opens it on the Replay page.
    connect(logs, &LogsPage::replayRequested, this, [this, replay](qint64 id) {
        replay->replayRequest(id);
        showPage(QStringLiteral("replay"));
    });
    addPage(new BackendsPage(m_host), QT_TR_NOOP("Backends"), QStringLiteral("backends"),
            QStringLiteral("page-backends"));
    auto* models = new ModelsPage(m_host);
    addPage(models, QT_TR_NOOP("Models"), QStringLiteral("models"), QStringLiteral("page-models"));
    // Its empty state leads to the page where a backend is added first.
    connect(models, &ModelsPage::backendsPageRequested, this,
            [this] { showPage(QStringLiteral("backends")); });
    addPage(new KeysPage(m_host), QT_TR_NOOP("Keys"), QStringLiteral("keys"),
            QStringLiteral("page-keys"));
    addPage(new SettingsPage(m_host, m_appearance), QT_TR_NOOP("Settings"),
            QStringLiteral("settings"), QStringLiteral("page-settings"));
}

void MainWindow::addPage(Page* page, const char* title, const QString& objectName,
                         const QString& iconName)
{
    page->setObjectName(objectName);
    // A page taller or wider than a small screen scrolls rather than making the window grow
    // past it: the stack's minimum size is the largest of its pages' minimums.
    auto* scroll = new QScrollArea;
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(page);
    m_pages->addWidget(scroll);
    m_pageList.append(page);
    const int index = m_pages->count() - 1;
    // Ctrl+1 … Ctrl+9 in navigation order.
    const QKeySequence key =
        index < 9 ? QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)) : QKeySequence();
    m_navigation->addEntry(tr(title), iconName, key.toString(QKeySequence::NativeText));
    m_titles.append(title);
    auto* go = new QAction(this);
    go->setShortcut(key);
    connect(go, &QAction::triggered, this, [this, index] { showIndex(index); });
    go->setText(tr(title));
    addAction(go); // its shortcut works whether or not a menu shows it
    m_translatedActions.append({go, title});
    if (m_goMenu) // a page added after the menus were made: after the other pages
        m_goMenu->insertAction(m_goMenu->actions().value(m_pageActions.size()), go);
    m_pageActions.append(go);
    connect(page, &Page::headerChanged, this, [this, page] {
        if (page == currentPage())
            updateHeader();
    });
    connect(page, &Page::transientMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, transientMessageMs); });
}

bool MainWindow::showPage(const QString& objectName)
{
    for (int i = 0; i < m_pageList.size(); ++i) {
        if (m_pageList.at(i)->objectName() == objectName)
            return showIndex(i);
    }
    return false;
}

Page* MainWindow::currentPage() const
{
    return m_pageList.value(m_pages->currentIndex());
}

bool MainWindow::showIndex(int index)
{
    if (index < 0 || index >= m_pages->count())
        return false;
    Page* current = currentPage();
    if (index != m_pages->currentIndex() && current && !current->confirmLeave())
        return false;
    m_pages->setCurrentIndex(index);
    m_navigation->setCurrentIndex(index);
    updateHeader();
    return true;
}

void MainWindow::updateHeader()
{
    Page* page = currentPage();
    if (!page)
        return;
    m_header->setTitle(tr(m_titles.at(m_pages->currentIndex())));
    m_header->setPurpose(page->purpose());
    m_header->setAction(page->mainAction());
    updateOpenNotice();
}

void MainWindow::updateOpenNotice()
{
    m_openNotice->setText(
        tr("Open: anyone on this computer can use the gateway. <a href=\"keys\">Create a "
           "key</a> to require one."));
    m_openNotice->setVisible(m_host->runsOpen() && currentPage() &&
                             currentPage()->objectName() != QLatin1String("keys"));
}

void MainWindow::createMenus()
{
    auto translated = [this](QAction* action, const char* text) {
        m_translatedActions.append({action, text});
        return action;
    };
    QMenu* file = menuBar()->addMenu(QString());
    translated(file->menuAction(), QT_TR_NOOP("&File"));
    // The Logs page's main action from anywhere: the page comes forward first.
    QAction* exportLogs = translated(file->addAction(QString()), QT_TR_NOOP("&Export logs…"));
    exportLogs->setObjectName(QStringLiteral("exportLogs"));
    exportLogs->setShortcut(LogsPage::exportShortcut());
    connect(exportLogs, &QAction::triggered, this, [this] {
        if (!showPage(QStringLiteral("logs")))
            return;
        if (QAction* action = currentPage()->mainAction(); action && action->isEnabled())
            action->trigger();
    });
    file->addSeparator();
    QAction* quit = translated(file->addAction(QString()), QT_TR_NOOP("&Quit Switchboard"));
    quit->setObjectName(QStringLiteral("quit"));
    quit->setShortcut(Qt::CTRL | Qt::Key_Q);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit, Qt::QueuedConnection);

    QMenu* go = menuBar()->addMenu(QString());
    m_goMenu = go;
    translated(go->menuAction(), QT_TR_NOOP("&Go"));
    go->addActions(m_pageActions);
    // Settings also where desktop applications put them.
    if (QAction* settings = m_pageActions.value(m_pageList.indexOf(findChild<SettingsPage*>())))
        settings->setShortcuts({settings->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma)});
    go->addSeparator();
    QAction* refresh = translated(go->addAction(QString()), QT_TR_NOOP("&Refresh"));
    refresh->setObjectName(QStringLiteral("refresh"));
    refresh->setShortcut(QKeySequence(Qt::Key_F5));
    connect(refresh, &QAction::triggered, this, [this] {
        if (Page* page = currentPage())
            page->refresh();
    });
    QAction* iconsOnly =
        translated(go->addAction(QString()), QT_TR_NOOP("Show the navigation as &icons only"));
    iconsOnly->setObjectName(QStringLiteral("iconsOnly"));
    iconsOnly->setCheckable(true);
    iconsOnly->setChecked(m_navigation->isCollapsed());
    connect(iconsOnly, &QAction::toggled, m_navigation, &NavigationRail::setCollapsed);
    connect(m_navigation, &NavigationRail::collapsedChanged, iconsOnly, &QAction::setChecked);

    QMenu* help = menuBar()->addMenu(QString());
    translated(help->menuAction(), QT_TR_NOOP("&Help"));
    QAction* readme = translated(help->addAction(QString()), QT_TR_NOOP("&Read me"));
    readme->setObjectName(QStringLiteral("readme"));
    readme->setShortcut(QKeySequence::HelpContents);
    connect(readme, &QAction::triggered, this, [this] { showReadme(QString()); });
    QAction* about = translated(help->addAction(QString()), QT_TR_NOOP("&About Switchboard"));
    about->setObjectName(QStringLiteral("about"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    connect(&dialog, &AboutDialog::sectionRequested, this, [this, &dialog](const QString& heading) {
        dialog.accept();
        showReadme(heading);
    });
    dialog.exec();
}

void MainWindow::showReadme(const QString& section)
{
    if (!m_readme)
        m_readme = new ReadmeWindow(this);
    m_readme->show();
    m_readme->raise();
    if (!section.isEmpty())
        m_readme->showSection(section);
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Switchboard — AI gateway console"));
    for (int i = 0; i < m_titles.size(); ++i)
        m_navigation->setLabel(i, tr(m_titles.at(i)));
    for (const auto& [action, text] : std::as_const(m_translatedActions))
        action->setText(tr(text));
    updateHeader();
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

} // namespace ui

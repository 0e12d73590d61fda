#include "MainWindow.h"

#include "GatewayHost.h"
#include "pages/BackendsPage.h"
#include "pages/DashboardPage.h"
#include "pages/LogsPage.h"
#include "pages/ModelsPage.h"
#include "pages/ReplayPage.h"
#include "pages/SettingsPage.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>

namespace ui {

MainWindow::MainWindow(GatewayHost* host, Appearance* appearance, QWidget* parent)
    : QMainWindow(parent), m_host(host), m_appearance(appearance), m_navigation(new QListWidget),
      m_pages(new QStackedWidget), m_stateLabel(new QLabel), m_startStop(new QPushButton)
{
    setWindowIcon(QIcon(QStringLiteral(":/switchboard/icons/switchboard.svg")));
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFixedWidth(180);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setSpacing(2);

    auto* central = new QWidget;
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);
    setCentralWidget(central);

    m_stateLabel->setObjectName(QStringLiteral("gatewayState"));
    m_stateLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_stateLabel, 1);
    statusBar()->addPermanentWidget(m_startStop);
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_host->isRunning()) {
            m_host->stop();
            return;
        }
        const auto started = m_host->start();
        if (!started)
            QMessageBox::warning(this, tr("Gateway not started"), started.error());
    });
    connect(m_host, &GatewayHost::runningChanged, this, &MainWindow::updateGatewayState);
    connect(m_host, &GatewayHost::logProblemChanged, this, &MainWindow::updateGatewayState);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages,
            &QStackedWidget::setCurrentIndex);

    createPages();
    m_navigation->setCurrentRow(0);
    retranslate();
    resize(1280, 800);
}

void MainWindow::createPages()
{
    // Pages register here, in navigation order.
    auto* logs = new LogsPage(m_host);
    auto* replay = new ReplayPage(m_host);
    addPage(new DashboardPage(m_host), QT_TR_NOOP("Dashboard"), QStringLiteral("dashboard"));
    addPage(logs, QT_TR_NOOP("Logs"), QStringLiteral("logs"));
    addPage(replay, QT_TR_NOOP("Replay"), QStringLiteral("replay"));
    // "Replay…" on a log row opens it on the Replay page.
    connect(logs, &LogsPage::replayRequested, this, [this, replay](qint64 id) {
        replay->replayRequest(id);
        showPage(QStringLiteral("replay"));
    });
    addPage(new BackendsPage(m_host), QT_TR_NOOP("Backends"), QStringLiteral("backends"));
    addPage(new ModelsPage(m_host), QT_TR_NOOP("Models"), QStringLiteral("models"));
    addPage(new SettingsPage(m_host, m_appearance), QT_TR_NOOP("Settings"),
            QStringLiteral("settings"));
}

void MainWindow::addPage(QWidget* page, const char* title, const QString& objectName)
{
    page->setObjectName(objectName);
    m_pages->addWidget(page);
    m_navigation->addItem(tr(title));
    m_titles.append(title);
}

bool MainWindow::showPage(const QString& objectName)
{
    for (int i = 0; i < m_pages->count(); ++i) {
        if (m_pages->widget(i)->objectName() == objectName) {
            m_navigation->setCurrentRow(i);
            return true;
        }
    }
    return false;
}

void MainWindow::updateGatewayState()
{
    // A log that cannot be written is shown in the error colour until a write succeeds again:
    // requests still work, but they are not recorded (or counted in the charts).
    const bool degraded = m_host->isRunning() && !m_host->logProblem().isEmpty();
    m_stateLabel->setProperty("degraded", degraded);
    // The console's error colour (BackendsPage, ModelsPage).
    m_stateLabel->setStyleSheet(degraded ? QStringLiteral("color: #d9534f; font-weight: bold;")
                                         : QString());
    if (degraded) {
        m_stateLabel->setText(
            tr("Gateway degraded at %1: %2").arg(m_host->baseUrl(), m_host->logProblem()));
        m_startStop->setText(tr("Stop gateway"));
    } else if (m_host->isRunning()) {
        m_stateLabel->setText(tr("Gateway running at %1 · request log in %2")
                                  .arg(m_host->baseUrl(), m_host->dataDir()));
        m_startStop->setText(tr("Stop gateway"));
    } else {
        m_stateLabel->setText(m_host->lastError().isEmpty()
                                  ? tr("Gateway stopped")
                                  : tr("Gateway stopped: %1").arg(m_host->lastError()));
        m_startStop->setText(tr("Start gateway"));
    }
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("Switchboard — AI gateway console"));
    for (int i = 0; i < m_titles.size(); ++i)
        m_navigation->item(i)->setText(tr(m_titles.at(i)));
    updateGatewayState();
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

} // namespace ui

#include "TrayIcon.h"

#include "BringForward.h"
#include "GatewayHost.h"
#include "models/KeyText.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QSystemTrayIcon>
#include <QTimer>

namespace ui {

TrayIcon::TrayIcon(GatewayHost* host, QMainWindow* window, Tray tray)
    : QObject(window), m_host(host), m_window(window)
{
    if (tray == Tray::Detect && !QSystemTrayIcon::isSystemTrayAvailable())
        return; // no tray: closing the window quits, as usual
    m_tray =
        new QSystemTrayIcon(QIcon(QStringLiteral(":/switchboard/icons/switchboard.svg")), this);
    auto* menu = new QMenu(window);
    m_show = menu->addAction(QString(), window, [this] { bringForward(m_window); });
    m_toggle = menu->addAction(QString(), this, [this] {
        if (m_host->isRunning()) {
            m_host->stop();
        } else if (const auto started = m_host->start(); !started) {
            QMessageBox::warning(m_window, tr("Gateway not started"), started.error());
        }
    });
    menu->addSeparator();
    m_quit = menu->addAction(QString(), qApp, &QApplication::quit);
    m_tray->setContextMenu(menu);
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger)
                    m_show->trigger();
            });
    connect(m_host, &GatewayHost::runningChanged, this, &TrayIcon::update);
    // A soft limit passed: said where people look even while the window is in the tray.
    connect(m_host, &GatewayHost::limitAlert, this,
            [this](const gateway::governance::LimitAlert& alert) {
                m_tray->showMessage(tr("Limit nearly reached"),
                                    KeyText::alert(alert, m_host->ledger()),
                                    QSystemTrayIcon::Warning, 10'000);
            });
    window->installEventFilter(this);
    // In Qt 6, QApplication::quit() first closes every window and gives up when one refuses:
    // the application's Quit event tells this filter that the closes which follow are the quit's.
    qApp->installEventFilter(this);
    update();
    m_tray->show();
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::isAvailable() const
{
    return m_tray != nullptr;
}

bool TrayIcon::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == qApp && event->type() == QEvent::Quit) {
        m_quitting = true;
        // Delivered after the quit: the loop has ended, or a window refused and the quit was
        // called off, and closing the window means "to the tray" again.
        QTimer::singleShot(0, this, [this] { m_quitting = false; });
    } else if (keepsRunningOnClose(watched, event)) {
        // Keep the gateway serving: the window goes to the tray.
        m_window->hide();
        m_tray->showMessage(
            tr("Switchboard is still running"),
            tr("The gateway keeps serving. Use the tray icon to open the console or quit."),
            QSystemTrayIcon::Information, 4000);
        event->ignore();
        return true;
    } else if (watched == m_window && event->type() == QEvent::LanguageChange) {
        update();
    }
    return QObject::eventFilter(watched, event);
}

bool TrayIcon::keepsRunningOnClose(QObject* watched, QEvent* event) const
{
    return watched == m_window && event->type() == QEvent::Close && m_tray && m_tray->isVisible() &&
           !m_quitting;
}

void TrayIcon::update()
{
    const bool running = m_host->isRunning();
    m_tray->setToolTip(running ? tr("Switchboard: gateway running at %1").arg(m_host->baseUrl())
                               : tr("Switchboard: gateway stopped"));
    m_toggle->setText(running ? tr("Stop gateway") : tr("Start gateway"));
    m_show->setText(tr("Open console"));
    m_quit->setText(tr("Quit Switchboard"));
}

} // namespace ui

#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QSystemTrayIcon;

namespace ui {

class GatewayHost;

// The system tray icon: shows whether the gateway runs, starts and stops it, and brings the
// window back. While it exists (a tray is available), closing the window keeps the app and the
// gateway running in the tray. Quitting the application (its Quit action, Ctrl+Q, SIGTERM: all
// QApplication::quit()) closes the window for good.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    // Detect asks the desktop whether it has a tray. Assume uses one regardless: for tests,
    // whose offscreen platform has none.
    enum class Tray { Detect, Assume };

    TrayIcon(GatewayHost* host, QMainWindow* window, Tray tray = Tray::Detect);
    ~TrayIcon() override;

    bool isAvailable() const;
    // "Quit Switchboard" in the tray's menu (null without a tray).
    QAction* quitAction() const { return m_quit; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void update();
    bool keepsRunningOnClose(QObject* watched, QEvent* event) const;

    GatewayHost* m_host;
    QMainWindow* m_window;
    QSystemTrayIcon* m_tray = nullptr;
    QAction* m_toggle = nullptr;
    QAction* m_show = nullptr;
    QAction* m_quit = nullptr;
    // Set while QApplication handles a quit: the window's close is then the quit's, not the
    // user's, and must not be turned into "hide to the tray" (that would cancel the quit).
    bool m_quitting = false;
};

} // namespace ui

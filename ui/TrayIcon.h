#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QSystemTrayIcon;

namespace ui {

class GatewayHost;

// The system tray icon: shows whether the gateway runs, starts and stops it, and brings the
// window back. While it exists (a tray is available), closing the window keeps the app and the
// gateway running in the tray.
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    TrayIcon(GatewayHost* host, QMainWindow* window);
    ~TrayIcon() override;

    bool isAvailable() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void update();

    GatewayHost* m_host;
    QMainWindow* m_window;
    QSystemTrayIcon* m_tray = nullptr;
    QAction* m_toggle = nullptr;
    QAction* m_show = nullptr;
    QAction* m_quit = nullptr;
};

} // namespace ui

#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QStackedWidget;
class QPushButton;

namespace ui {

class Appearance;
class GatewayHost;

// The console's window: a navigation list on the left, one page at a time on the right, and
// the gateway's state (address, running or not) in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // appearance may be null (tests): the Settings page then cannot switch theme or language.
    explicit MainWindow(GatewayHost* host, Appearance* appearance = nullptr,
                        QWidget* parent = nullptr);

    // Adds a page to the navigation. The window takes ownership. title is the English source
    // text, marked with QT_TR_NOOP, so that a language change can translate it again.
    void addPage(QWidget* page, const char* title, const QString& objectName);
    // Shows the page with this object name (e.g. "dashboard"); false if there is none.
    bool showPage(const QString& objectName);
    QStackedWidget* pages() const { return m_pages; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void createPages();
    void updateGatewayState();
    void retranslate();

    GatewayHost* m_host;
    Appearance* m_appearance;
    QListWidget* m_navigation;
    QStackedWidget* m_pages;
    QLabel* m_stateLabel;
    QPushButton* m_startStop;
    QList<const char*> m_titles;
};

} // namespace ui

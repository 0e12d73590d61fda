#pragma once

#include <QDialog>

class QTextBrowser;

namespace ui {

// The README, as shipped inside the console, readable offline: the help that the About box
// and the Help menu link to. Sections are found by their heading's text.
class ReadmeWindow : public QDialog
{
    Q_OBJECT
public:
    explicit ReadmeWindow(QWidget* parent = nullptr);

    // Scrolls to the heading with this text (e.g. "Quick start"); false if there is none.
    bool showSection(const QString& heading);
    QTextBrowser* browser() const { return m_browser; }

private:
    QTextBrowser* m_browser;
};

} // namespace ui

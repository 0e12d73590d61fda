#include "ReadmeWindow.h"

#include <QDesktopServices>
#include <QFile>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ui {

ReadmeWindow::ReadmeWindow(QWidget* parent) : QDialog(parent), m_browser(new QTextBrowser)
{
    setObjectName(QStringLiteral("readme"));
    setWindowTitle(tr("Switchboard — Read me"));
    m_browser->setOpenLinks(false);
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme().isEmpty() && url.hasFragment())
            return; // GitHub-style in-page anchors: headings here have none
        QDesktopServices::openUrl(url);
    });
    QFile readme(QStringLiteral(":/switchboard/doc/README.md"));
    if (readme.open(QIODevice::ReadOnly))
        m_browser->setMarkdown(QString::fromUtf8(readme.readAll()));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    resize(820, 640);
}

bool ReadmeWindow::showSection(const QString& heading)
{
    for (QTextBlock block = m_browser->document()->begin(); block.isValid(); block = block.next()) {
        if (block.blockFormat().headingLevel() > 0 && block.text().trimmed() == heading) {
            // Put the heading at the top: scroll to the end first, then back to it.
            m_browser->verticalScrollBar()->setValue(m_browser->verticalScrollBar()->maximum());
            QTextCursor cursor(block);
            m_browser->setTextCursor(cursor);
            m_browser->ensureCursorVisible();
            return true;
        }
    }
    return false;
}

} // namespace ui

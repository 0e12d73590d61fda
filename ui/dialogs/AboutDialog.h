#pragma once

#include <QDialog>

namespace ui {

// Help → About: the version, the licence, the Qt it runs on, and links to the README's sections
// (shown in a ReadmeWindow, offline).
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The README's sections the dialog links to, by heading.
    static QStringList sections();

signals:
    void sectionRequested(const QString& heading);
};

} // namespace ui

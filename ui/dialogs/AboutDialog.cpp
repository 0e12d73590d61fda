#include "AboutDialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

namespace {
// Headings of README.md (AboutDialogTest checks that each one is there), translated for the
// link texts.
const char* const readmeSections[] = {
    QT_TRANSLATE_NOOP("ui::AboutDialog", "Quick start"),
    QT_TRANSLATE_NOOP("ui::AboutDialog", "The console"),
    QT_TRANSLATE_NOOP("ui::AboutDialog", "Configuration"),
    QT_TRANSLATE_NOOP("ui::AboutDialog", "Command line"),
    QT_TRANSLATE_NOOP("ui::AboutDialog", "Endpoints"),
    QT_TRANSLATE_NOOP("ui::AboutDialog", "The request log"),
};
} // namespace

QStringList AboutDialog::sections()
{
    QStringList headings;
    for (const char* heading : readmeSections)
        headings.append(QString::fromUtf8(heading));
    return headings;
}

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("about"));
    setWindowTitle(tr("About Switchboard"));
    auto* icon = new QLabel;
    icon->setPixmap(
        QIcon(QStringLiteral(":/switchboard/icons/switchboard.svg")).pixmap(QSize(64, 64)));
    const QString version = QApplication::applicationVersion();
    auto* text = new QLabel(
        QStringLiteral("<h3>Switchboard %1</h3><p>%2</p><p>%3<br>%4</p>")
            .arg(version.toHtmlEscaped(),
                 tr("An AI gateway for your machine, and its console.").toHtmlEscaped(),
                 tr("Licence: MIT").toHtmlEscaped(),
                 tr("Built with Qt %1").arg(QString::fromLatin1(qVersion())).toHtmlEscaped()));
    text->setObjectName(QStringLiteral("aboutText"));
    text->setWordWrap(true);
    QStringList links;
    for (const char* heading : readmeSections)
        links.append(
            QStringLiteral("<a href=\"%1\">%2</a>")
                .arg(QString::fromUtf8(heading).toHtmlEscaped(), tr(heading).toHtmlEscaped()));
    auto* help = new QLabel(tr("Read me: %1").arg(links.join(QStringLiteral(" · "))));
    help->setObjectName(QStringLiteral("aboutLinks"));
    help->setWordWrap(true);
    help->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    connect(help, &QLabel::linkActivated, this, &AboutDialog::sectionRequested);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addWidget(text, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(help);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

} // namespace ui

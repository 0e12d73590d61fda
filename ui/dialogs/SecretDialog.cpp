#include "dialogs/SecretDialog.h"

#include "ThemedIcon.h"
#include "pages/Page.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

SecretDialog::SecretDialog(const QString& keyName, const QByteArray& secret, Reason reason,
                           QWidget* parent)
    : QDialog(parent), m_secret(new QLineEdit(QString::fromLatin1(secret))),
      m_copy(new QPushButton), m_copied(new QLabel)
{
    setObjectName(QStringLiteral("secretDialog"));
    setWindowTitle(reason == Reason::Created ? tr("Key %1 created").arg(keyName)
                                             : tr("Key %1 rotated").arg(keyName));
    m_secret->setObjectName(QStringLiteral("secret"));
    m_copy->setObjectName(QStringLiteral("copySecret"));
    m_copied->setObjectName(QStringLiteral("copied"));

    auto* intro = new QLabel(
        reason == Reason::Created
            ? tr("This is the secret of the key <b>%1</b>. Give it to the client that will use "
                 "it, as its API key.")
                  .arg(keyName.toHtmlEscaped())
            : tr("This is the new secret of the key <b>%1</b>. The old secret no longer works: "
                 "give this one to the clients that used it.")
                  .arg(keyName.toHtmlEscaped()));
    intro->setWordWrap(true);
    auto* once = new QLabel(tr("<b>It will not be shown again.</b> Switchboard keeps only a "
                               "fingerprint of it: copy it now."));
    once->setObjectName(QStringLiteral("shownOnce"));
    once->setWordWrap(true);

    m_secret->setReadOnly(true);
    m_secret->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_secret->setAccessibleName(tr("Secret of the key %1").arg(keyName));
    m_secret->setMinimumWidth(m_secret->fontMetrics().horizontalAdvance(m_secret->text()) + 24);
    // No input method or autocompletion keeps it.
    m_secret->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData |
                                  Qt::ImhNoPredictiveText);
    m_copy->setText(tr("Copy"));
    m_copy->setIcon(themedIcon(QStringLiteral("copy"), palette().color(QPalette::ButtonText)));
    m_copy->setToolTip(tr("Copy the secret to the clipboard"));
    m_copy->setAccessibleName(m_copy->toolTip());
    m_copied->setText(tr("Copied."));
    m_copied->hide();
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_secret->text());
        m_copied->show();
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->button(QDialogButtonBox::Close)->setText(tr("Done"));
    buttons->button(QDialogButtonBox::Close)->setIcon(QIcon()); // not the style's "close" cross
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);

    auto* secretRow = new QHBoxLayout;
    secretRow->setSpacing(spacing::normal);
    secretRow->addWidget(m_secret, 1);
    secretRow->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(spacing::normal);
    layout->addWidget(intro);
    layout->addLayout(secretRow);
    layout->addWidget(m_copied);
    layout->addWidget(once);
    layout->addSpacing(spacing::normal);
    layout->addWidget(buttons);
    // The secret is selected and focused: Ctrl+C copies it too.
    m_secret->selectAll();
    m_secret->setFocus();
    setMinimumWidth(520);
}

SecretDialog::~SecretDialog()
{
    // Overwrite the field's copy of the secret before its memory goes back to the heap.
    m_secret->setText(QString(m_secret->text().size(), QLatin1Char('x')));
}

QString SecretDialog::secret() const
{
    return m_secret->text();
}

} // namespace ui

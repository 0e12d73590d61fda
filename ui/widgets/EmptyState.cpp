#include "widgets/EmptyState.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStringList>
#include <QTextDocument>
#include <QVBoxLayout>

namespace ui {

EmptyState::EmptyState(QWidget* parent)
    : QWidget(parent), m_title(new QLabel), m_text(new QLabel), m_command(new QPlainTextEdit),
      m_copy(new QPushButton), m_action(new QPushButton)
{
    m_title->setObjectName(QStringLiteral("emptyTitle"));
    m_text->setObjectName(QStringLiteral("emptyText"));
    m_command->setObjectName(QStringLiteral("emptyCommand"));
    m_copy->setObjectName(QStringLiteral("copyCommand"));
    m_action->setObjectName(QStringLiteral("emptyAction"));
    m_action->hide();
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setWordWrap(true);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setReadOnly(true);
    m_command->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_command->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_command->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_command->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_command->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_command->toPlainText()); });

    // A centred column of readable width, however wide the page is.
    auto* column = new QWidget;
    column->setMaximumWidth(760);
    auto* inner = new QVBoxLayout(column);
    inner->setContentsMargins(0, 0, 0, 0);
    inner->setSpacing(12);
    inner->addWidget(m_title);
    inner->addWidget(m_text);
    auto* actionRow = new QHBoxLayout;
    actionRow->addWidget(m_action);
    actionRow->addStretch();
    inner->addLayout(actionRow);
    inner->addWidget(m_command);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_copy);
    inner->addLayout(buttons);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 4);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);
    setCommand(QString());
    retranslate();
}

void EmptyState::setTitle(const QString& title)
{
    m_title->setText(title);
}
void EmptyState::setText(const QString& text)
{
    m_text->setText(text);
}
QString EmptyState::title() const
{
    return m_title->text();
}
QString EmptyState::text() const
{
    return m_text->text();
}
QString EmptyState::command() const
{
    return m_command->toPlainText();
}

void EmptyState::setCommand(const QString& command)
{
    if (command != m_command->toPlainText())
        m_command->setPlainText(command);
    // Exactly as big as the command, so that it needs no scroll bar: a command is copied whole.
    const QFontMetrics metrics(m_command->font());
    int width = 0;
    const QStringList lines = command.split(QLatin1Char('\n'));
    for (const QString& line : lines)
        width = qMax(width, metrics.horizontalAdvance(line));
    const int margins =
        2 * m_command->frameWidth() + int(m_command->document()->documentMargin() * 2);
    m_command->setMinimumWidth(qMin(width + margins + 8, 760));
    m_command->setFixedHeight(int(lines.size()) * metrics.lineSpacing() + margins + 4);
    m_command->setVisible(!command.isEmpty());
    m_copy->setVisible(!command.isEmpty());
}

void EmptyState::setAction(QAction* action)
{
    disconnect(m_actionChanged);
    disconnect(m_actionClicked);
    m_action->setVisible(action);
    if (!action)
        return;
    const auto follow = [this, action] {
        m_action->setText(action->text());
        m_action->setEnabled(action->isEnabled());
    };
    follow();
    m_actionChanged = connect(action, &QAction::changed, m_action, follow);
    m_actionClicked = connect(m_action, &QPushButton::clicked, action, &QAction::trigger);
}

void EmptyState::retranslate()
{
    m_copy->setText(tr("Copy command"));
}

void EmptyState::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ui

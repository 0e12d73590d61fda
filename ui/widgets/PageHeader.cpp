#include "PageHeader.h"

#include "ElidedLabel.h"
#include "pages/Page.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace ui {

PageHeader::PageHeader(QWidget* parent)
    : QWidget(parent), m_title(new QLabel), m_purpose(new ElidedLabel), m_action(new QToolButton),
      m_titleRow(new QHBoxLayout)
{
    setObjectName(QStringLiteral("pageHeader"));
    m_title->setObjectName(QStringLiteral("pageTitle"));
    m_purpose->setObjectName(QStringLiteral("pagePurpose"));
    m_purpose->setElideMode(Qt::ElideRight);
    m_action->setObjectName(QStringLiteral("pageAction"));
    m_action->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_action->setMinimumHeight(28);
    m_action->hide();

    m_titleRow->setContentsMargins(0, 0, 0, 0);
    m_titleRow->setSpacing(spacing::normal);
    m_titleRow->addWidget(m_title);
    m_titleRow->addStretch(1);

    auto* purposeRow = new QHBoxLayout;
    purposeRow->setContentsMargins(0, 0, 0, 0);
    purposeRow->setSpacing(spacing::section);
    purposeRow->addWidget(m_purpose, 1);
    purposeRow->addWidget(m_action);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(spacing::tight);
    layout->addLayout(m_titleRow);
    layout->addLayout(purposeRow);
    applyFonts();
}

void PageHeader::setTitle(const QString& title)
{
    m_title->setText(title);
}

void PageHeader::setPurpose(const QString& purpose)
{
    m_purpose->setFullText(purpose);
}

void PageHeader::setAction(QAction* action)
{
    // A QToolButton keeps every action it was given and shows the last; only one at a time.
    for (QAction* old : m_action->actions())
        m_action->removeAction(old);
    if (action)
        m_action->setDefaultAction(action);
    m_action->setVisible(action != nullptr);
}

void PageHeader::setStatusWidget(QWidget* widget)
{
    m_titleRow->addWidget(widget);
}

QString PageHeader::title() const
{
    return m_title->text();
}

QString PageHeader::purpose() const
{
    return m_purpose->fullText();
}

void PageHeader::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyFonts();
}

void PageHeader::applyFonts()
{
    QFont title = font();
    title.setPointSizeF(title.pointSizeF() * 1.45);
    title.setWeight(QFont::DemiBold);
    m_title->setFont(title);
}

} // namespace ui

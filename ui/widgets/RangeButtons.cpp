#include "widgets/RangeButtons.h"

#include <QButtonGroup>
#include <QEvent>
#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QToolButton>

namespace ui {

RangeButtons::RangeButtons(const QString& objectNamePrefix, int count, int chosen, QWidget* parent)
    : QWidget(parent), m_group(new QButtonGroup(this))
{
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    for (int id = 0; id < count; ++id) {
        auto* button = new QToolButton;
        button->setCheckable(true);
        button->setObjectName(objectNamePrefix + QString::number(id));
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_group->addButton(button, id);
        row->addWidget(button);
    }
    if (QAbstractButton* b = m_group->button(chosen))
        b->setChecked(true);
    connect(m_group, &QButtonGroup::idClicked, this, &RangeButtons::chosen);
    connect(m_group, &QButtonGroup::idToggled, this, &RangeButtons::restyle);
    restyle();
}

QAbstractButton* RangeButtons::button(int id) const
{
    return m_group->button(id);
}

void RangeButtons::choose(int id)
{
    if (QAbstractButton* b = m_group->button(id))
        b->setChecked(true);
}

void RangeButtons::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        restyle();
    QWidget::changeEvent(event);
}

void RangeButtons::restyle()
{
    for (QAbstractButton* button : m_group->buttons()) {
        QPalette pal;
        if (button->isChecked()) {
            pal = palette();
            pal.setColor(QPalette::Button, pal.color(QPalette::Highlight));
            pal.setColor(QPalette::ButtonText, pal.color(QPalette::HighlightedText));
        }
        button->setPalette(pal);
    }
}

} // namespace ui

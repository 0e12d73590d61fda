#include "widgets/StatTile.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

StatTile::StatTile(QWidget* parent) : QFrame(parent), m_caption(new QLabel), m_value(new QLabel)
{
    setFrameShape(QFrame::StyledPanel);
    m_caption->setObjectName(QStringLiteral("caption"));
    m_value->setObjectName(QStringLiteral("value"));
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_value->setFont(big);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(2);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    applyPalette();
}

void StatTile::setCaption(const QString& caption)
{
    m_caption->setText(caption);
}

void StatTile::setValue(const QString& value)
{
    m_value->setText(value);
}

QString StatTile::value() const
{
    return m_value->text();
}

void StatTile::applyPalette()
{
    // The caption is secondary: the palette's placeholder colour is dimmer than text in both
    // light and dark palettes, and it follows the palette when it changes.
    QPalette pal = m_caption->palette();
    pal.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    m_caption->setPalette(pal);
}

void StatTile::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QFrame::changeEvent(event);
}

} // namespace ui

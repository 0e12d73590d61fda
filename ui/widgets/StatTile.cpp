#include "widgets/StatTile.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

#include <utility>

namespace ui {

StatTile::StatTile(QWidget* parent)
    : QFrame(parent), m_caption(new QLabel), m_value(new QLabel), m_period(new QLabel)
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
    layout->addWidget(m_period);
    m_period->setObjectName(QStringLiteral("period"));
    // Secondary like the caption, and it follows the palette by itself.
    m_period->setForegroundRole(QPalette::PlaceholderText);
    for (QLabel* label : {m_caption, m_period}) {
        // Their texts are cut to the tile's width (elideTexts), never the other way round.
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        label->setTextFormat(Qt::PlainText);
    }
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    applyPalette();
}

void StatTile::setCaption(const QString& caption)
{
    m_captionText = caption;
    elideTexts();
}

void StatTile::setPeriod(const QString& period)
{
    m_periodText = period;
    elideTexts();
}

QSize StatTile::sizeHint() const
{
    QSize hint = QFrame::sizeHint();
    const QMargins margins = contentsMargins() + layout()->contentsMargins();
    for (auto [label, text] : {std::pair{m_caption, m_captionText}, {m_period, m_periodText}})
        hint.setWidth(qMax(hint.width(), label->fontMetrics().horizontalAdvance(text) +
                                             margins.left() + margins.right()));
    return hint;
}

void StatTile::resizeEvent(QResizeEvent* event)
{
    QFrame::resizeEvent(event);
    elideTexts();
}

void StatTile::elideTexts()
{
    for (auto [label, text] : {std::pair{m_caption, m_captionText}, {m_period, m_periodText}}) {
        // Before the tile is laid out the label has Qt's default width: the tile's resize
        // (resizeEvent, after its layout placed the labels) cuts the text again.
        const QString shown = label->fontMetrics().elidedText(text, Qt::ElideRight, label->width());
        label->setText(shown);
        label->setToolTip(shown == text ? QString() : text);
    }
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
    if (event->type() == QEvent::FontChange)
        elideTexts();
    QFrame::changeEvent(event);
}

} // namespace ui

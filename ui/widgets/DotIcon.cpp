#include "widgets/DotIcon.h"

#include "widgets/ErrorLabel.h"

#include <QPainter>
#include <QPixmap>

namespace ui {

QIcon dotIcon(const QColor& color, qreal devicePixelRatio)
{
    constexpr int size = 12;
    QPixmap pixmap(QSize(size, size) * devicePixelRatio);
    pixmap.setDevicePixelRatio(devicePixelRatio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2));
    return QIcon(pixmap);
}

QColor healthColor(HealthState health, const QPalette& palette, QPalette::ColorRole background)
{
    const QColor behind = palette.color(background);
    const bool dark = behind.lightness() < 128;
    switch (health) {
    case HealthState::Good: return dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
    case HealthState::Bad: return ErrorLabel::colorOn(behind);
    case HealthState::Unknown: break;
    }
    return palette.color(QPalette::PlaceholderText);
}

} // namespace ui

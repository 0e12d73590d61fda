#include "widgets/DotIcon.h"

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

} // namespace ui

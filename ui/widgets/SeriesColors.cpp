#include "widgets/SeriesColors.h"

namespace ui {

const QList<QColor>& SeriesColors::palette()
{
    // Distinct hues of middle lightness. Red is left out: on the dashboard it means errors.
    static const QList<QColor> colors = {
        QColor(0x1c, 0x7e, 0xd6), // blue
        QColor(0xe8, 0x59, 0x0c), // orange
        QColor(0x2b, 0x8a, 0x3e), // green
        QColor(0xae, 0x3e, 0xc9), // purple
        QColor(0x0c, 0x85, 0x99), // teal
        QColor(0xb8, 0x86, 0x0b), // gold
        QColor(0xd6, 0x33, 0x6c), // pink
        QColor(0x8d, 0x6e, 0x63), // brown
    };
    return colors;
}

quint32 SeriesColors::fnv1a(QByteArrayView bytes)
{
    quint32 hash = 2166136261u;
    for (char c : bytes) {
        hash ^= quint8(c);
        hash *= 16777619u;
    }
    return hash;
}

QColor SeriesColors::forName(const QString& name)
{
    const QList<QColor>& colors = palette();
    return colors.at(qsizetype(fnv1a(name.toUtf8()) % quint32(colors.size())));
}

} // namespace ui

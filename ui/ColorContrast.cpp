#include "ColorContrast.h"

#include <QtMath>

namespace ui {

double relativeLuminance(const QColor& color)
{
    // sRGB channels to linear light.
    const auto linear = [](double c) {
        return c <= 0.03928 ? c / 12.92 : qPow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF()) +
           0.0722 * linear(color.blueF());
}

QColor composite(const QColor& top, const QColor& background)
{
    const double a = top.alphaF();
    return QColor::fromRgbF(float(top.redF() * a + background.redF() * (1 - a)),
                            float(top.greenF() * a + background.greenF() * (1 - a)),
                            float(top.blueF() * a + background.blueF() * (1 - a)));
}

double contrastRatio(const QColor& text, const QColor& background)
{
    const double a = relativeLuminance(composite(text, background));
    const double b = relativeLuminance(background);
    return (qMax(a, b) + 0.05) / (qMin(a, b) + 0.05);
}

} // namespace ui

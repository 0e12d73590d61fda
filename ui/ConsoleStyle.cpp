#include "ConsoleStyle.h"

#include "ColorContrast.h"

#include <QPainter>
#include <QStyleFactory>
#include <QStyleOption>

namespace ui {

namespace {

constexpr int ringWidth = 2;
// The ring's room around the control: the ring and a pixel between it and the border.
constexpr int ringMargin = ringWidth + 1;
constexpr double ringContrast = 3.0;

} // namespace

ConsoleStyle::ConsoleStyle() : QProxyStyle(QStyleFactory::create(QStringLiteral("Fusion"))) {}

int ConsoleStyle::pixelMetric(PixelMetric metric, const QStyleOption* option,
                              const QWidget* widget) const
{
    if (metric == PM_FocusFrameHMargin || metric == PM_FocusFrameVMargin)
        return ringMargin;
    return QProxyStyle::pixelMetric(metric, option, widget);
}

int ConsoleStyle::styleHint(StyleHint hint, const QStyleOption* option, const QWidget* widget,
                            QStyleHintReturn* returnData) const
{
    // Above the control and parented high enough up (the window, a scroll area's viewport)
    // that a layout with no margin does not clip the ring away.
    if (hint == SH_FocusFrame_AboveWidget)
        return 1;
    return QProxyStyle::styleHint(hint, option, widget, returnData);
}

void ConsoleStyle::drawControl(ControlElement element, const QStyleOption* option,
                               QPainter* painter, const QWidget* widget) const
{
    if (element != CE_FocusFrame) {
        QProxyStyle::drawControl(element, option, painter, widget);
        return;
    }
    // Only once the keyboard moved the focus: a click needs no ring to show where it went.
    if (!(option->state & State_KeyboardFocusChange))
        return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(focusRingColor(option->palette), ringWidth));
    painter->setBrush(Qt::NoBrush);
    const double inset = ringWidth / 2.0;
    painter->drawRoundedRect(QRectF(option->rect).adjusted(inset, inset, -inset, -inset), 3, 3);
    painter->restore();
}

QColor ConsoleStyle::focusRingColor(const QPalette& palette)
{
    const QColor window = palette.color(QPalette::Window);
    const QColor base = palette.color(QPalette::Base);
    const bool dark = window.lightness() < 128;
    QColor ring = palette.color(QPalette::Highlight);
    for (int step = 0; step < 10; ++step) {
        if (contrastRatio(ring, window) >= ringContrast &&
            contrastRatio(ring, base) >= ringContrast)
            break;
        ring = dark ? ring.lighter(112) : ring.darker(112);
    }
    return ring;
}

} // namespace ui

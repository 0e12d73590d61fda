#pragma once

#include <QProxyStyle>

namespace ui {

// Fusion, which draws the same on every desktop, with a focus ring that keyboard users can see
// in both palettes: Fusion's own focus mark is a faint tint of a control's 1-pixel border. The
// ring is drawn by a QFocusFrame around the focused control (FocusRing), outside its border,
// once the keyboard has moved the focus in that window.
class ConsoleStyle : public QProxyStyle
{
    Q_OBJECT
public:
    ConsoleStyle();

    int pixelMetric(PixelMetric metric, const QStyleOption* option = nullptr,
                    const QWidget* widget = nullptr) const override;
    int styleHint(StyleHint hint, const QStyleOption* option = nullptr,
                  const QWidget* widget = nullptr,
                  QStyleHintReturn* returnData = nullptr) const override;
    void drawControl(ControlElement element, const QStyleOption* option, QPainter* painter,
                     const QWidget* widget = nullptr) const override;

    // The palette's highlight, darkened or lightened until it stands out 3 : 1 from both the
    // window and the fields (WCAG 2.4.13, "Focus Appearance").
    static QColor focusRingColor(const QPalette& palette);
};

} // namespace ui

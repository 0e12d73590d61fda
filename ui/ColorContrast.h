#pragma once

#include <QColor>

namespace ui {

// WCAG 2 colour contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): text needs 4.5 : 1
// against its background to be readable (level AA).
constexpr double readableContrast = 4.5;

// The relative luminance of an opaque colour, 0 (black) … 1 (white).
double relativeLuminance(const QColor& color);
// A colour with alpha as it shows over an opaque background.
QColor composite(const QColor& top, const QColor& background);
// (L1 + 0.05) / (L2 + 0.05) of text (alpha composited) over its background, 1 … 21.
double contrastRatio(const QColor& text, const QColor& background);

} // namespace ui

#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace ui {

// A small filled circle in `color`, drawn for the screen's pixel ratio: a backend's health, an
// alias with unapplied edits.
QIcon dotIcon(const QColor& color, qreal devicePixelRatio);

// What a dot says: a backend or the gateway is well, failing, or not known (not probed, stopped).
enum class HealthState { Unknown, Good, Bad };
// The dot's colour: a green and a red that stand out (3 : 1 and more) on the palette's
// `background` in either theme; grey (the palette's placeholder colour) for Unknown.
QColor healthColor(HealthState health, const QPalette& palette, QPalette::ColorRole background);

} // namespace ui

#pragma once

#include <QColor>
#include <QIcon>

namespace ui {

// A small filled circle in `color`, drawn for the screen's pixel ratio: a backend's health, an
// alias with unapplied edits.
QIcon dotIcon(const QColor& color, qreal devicePixelRatio);

} // namespace ui

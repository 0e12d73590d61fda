#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace ui {

// An icon of resources/icons drawn in one colour of the palette. The console's icons draw with
// `currentColor`, which QIcon cannot follow: the colour is put into the SVG before it is
// rendered, so an icon reads on a light and on a dark window alike. Callers draw it again on a
// palette change.
QIcon themedIcon(const QString& name, const QColor& color);

} // namespace ui

#pragma once

#include <QByteArrayView>
#include <QColor>
#include <QList>
#include <QString>

namespace ui {

// The colour of a chart line that stands for a name (a model alias): the same name always gets
// the same colour, in every time range, theme and session, whatever other lines are on the
// chart and in whatever order they came. The colour comes from a hash of the name's UTF-8, not
// from qHash (seeded per process, and not stable across Qt versions), into a fixed palette of
// hues that read on both the light and the dark background (3:1 or more, WCAG 1.4.11).
//
// Two names can share a colour; the legend and the hover tooltip still tell them apart.
class SeriesColors
{
public:
    static QColor forName(const QString& name);
    static const QList<QColor>& palette();
    // 32-bit FNV-1a: small, fast, and the same on every platform and in every version.
    static quint32 fnv1a(QByteArrayView bytes);
};

} // namespace ui

#pragma once

#include <QList>
#include <QPointF>

#include <optional>

namespace ui {

// What a chart's hover tooltip shows for the time under the mouse: the sample time nearest to
// it, and each line's value at that time. Pure logic over the lines' points, so that it is
// tested without a chart or a mouse.
struct HoverLookup
{
    bool valid = false; // false when no line has a point
    double x = 0;       // the sample time shown (the nearest one of any line)
    // One per line, in the order given; none where the line has no sample at x (a quantile of
    // an interval without requests is left out of its line, not drawn as 0).
    QList<std::optional<double>> values;

    // The index of the point nearest to x in points sorted by x (ties go to the earlier one);
    // -1 when there are none. Binary search: a line holds up to a few hundred points and the
    // lookup runs on every mouse move.
    static qsizetype nearestIndex(const QList<QPointF>& points, double x);
    static HoverLookup at(const QList<QList<QPointF>>& lines, double x);
};

} // namespace ui

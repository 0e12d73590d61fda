#include "models/HoverLookup.h"

#include <algorithm>
#include <cmath>

namespace ui {

namespace {
// The lines of one chart are sampled at the same times (one point per interval), so "at x"
// means at the same time to well within a millisecond.
constexpr double sameTime = 0.5;
} // namespace

qsizetype HoverLookup::nearestIndex(const QList<QPointF>& points, double x)
{
    if (points.isEmpty())
        return -1;
    const auto after = std::lower_bound(points.cbegin(), points.cend(), x,
                                        [](const QPointF& p, double v) { return p.x() < v; });
    if (after == points.cbegin())
        return 0;
    if (after == points.cend())
        return points.size() - 1;
    const auto before = after - 1;
    const qsizetype index = before - points.cbegin();
    return x - before->x() <= after->x() - x ? index : index + 1;
}

HoverLookup HoverLookup::at(const QList<QList<QPointF>>& lines, double x)
{
    HoverLookup result;
    double distance = 0;
    for (const QList<QPointF>& line : lines) {
        const qsizetype i = nearestIndex(line, x);
        if (i < 0)
            continue;
        const double d = std::abs(line.at(i).x() - x);
        if (!result.valid || d < distance) {
            result.valid = true;
            result.x = line.at(i).x();
            distance = d;
        }
    }
    for (const QList<QPointF>& line : lines) {
        const qsizetype i = result.valid ? nearestIndex(line, result.x) : -1;
        if (i >= 0 && std::abs(line.at(i).x() - result.x) < sameTime)
            result.values << line.at(i).y();
        else
            result.values << std::nullopt;
    }
    return result;
}

} // namespace ui

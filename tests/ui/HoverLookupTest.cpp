#include "models/HoverLookup.h"

#include <QtTest>

using ui::HoverLookup;

class HoverLookupTest : public QObject
{
    Q_OBJECT
private slots:
    void nearestIndexFindsTheClosestPointOnEitherSide()
    {
        const QList<QPointF> points = {{10, 1}, {20, 2}, {30, 3}, {40, 4}};
        QCOMPARE(HoverLookup::nearestIndex({}, 5), qsizetype(-1));
        QCOMPARE(HoverLookup::nearestIndex(points, -100), qsizetype(0));
        QCOMPARE(HoverLookup::nearestIndex(points, 10), qsizetype(0));
        QCOMPARE(HoverLookup::nearestIndex(points, 14), qsizetype(0));
        QCOMPARE(HoverLookup::nearestIndex(points, 15), qsizetype(0)); // a tie: the earlier one
        QCOMPARE(HoverLookup::nearestIndex(points, 16), qsizetype(1));
        QCOMPARE(HoverLookup::nearestIndex(points, 29.9), qsizetype(2));
        QCOMPARE(HoverLookup::nearestIndex(points, 40), qsizetype(3));
        QCOMPARE(HoverLookup::nearestIndex(points, 1000), qsizetype(3));
        QCOMPARE(HoverLookup::nearestIndex({{7, 0}}, 1000), qsizetype(0));
    }

    void eachLineGivesItsValueAtTheNearestSampleTime()
    {
        // Requests by status: every interval has a point. A quantile line skips the intervals
        // without requests (20 and 30), and a line without points has no value anywhere.
        const QList<QPointF> ok = {{10, 1}, {20, 2}, {30, 3}, {40, 4}};
        const QList<QPointF> p95 = {{10, 100}, {40, 400}};
        const QList<QList<QPointF>> lines = {ok, p95, {}};

        const HoverLookup at22 = HoverLookup::at(lines, 22);
        QVERIFY(at22.valid);
        QCOMPARE(at22.x, 20.0);
        QCOMPARE(at22.values.size(), 3);
        QCOMPARE(at22.values[0], std::optional<double>(2));
        // The nearest p95 point is at 10, another time: no value at 20, not 100.
        QCOMPARE(at22.values[1], std::nullopt);
        QCOMPARE(at22.values[2], std::nullopt);

        const HoverLookup at38 = HoverLookup::at(lines, 38);
        QCOMPARE(at38.x, 40.0);
        QCOMPARE(at38.values[0], std::optional<double>(4));
        QCOMPARE(at38.values[1], std::optional<double>(400));

        // Past either end: the first or last sample.
        QCOMPARE(HoverLookup::at(lines, -5).x, 10.0);
        QCOMPARE(HoverLookup::at(lines, 99).values[1], std::optional<double>(400));
    }

    void theNearestTimeIsTakenOverAllLines()
    {
        // A line that starts later (a model's first tokens) still decides the time when it is
        // nearest, and the others show their values there if they have one.
        const QList<QPointF> early = {{0, 1}, {100, 2}};
        const QList<QPointF> late = {{60, 5}, {100, 6}};
        const HoverLookup found = HoverLookup::at({early, late}, 55);
        QCOMPARE(found.x, 60.0);
        QCOMPARE(found.values[0], std::nullopt);
        QCOMPARE(found.values[1], std::optional<double>(5));
    }

    void noPointsAtAllIsNotValid()
    {
        const HoverLookup none = HoverLookup::at({{}, {}}, 5);
        QVERIFY(!none.valid);
        QCOMPARE(none.values.size(), 2);
        QVERIFY(!HoverLookup::at({}, 5).valid);
    }
};

QTEST_GUILESS_MAIN(HoverLookupTest)
#include "HoverLookupTest.moc"

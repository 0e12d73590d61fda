#include "widgets/SeriesColors.h"
#include "Appearance.h"

#include <QApplication>
#include <QStyle>
#include <QtTest>

#include <algorithm>

using ui::SeriesColors;

namespace {

// WCAG 2.x relative luminance and contrast ratio.
double luminance(const QColor& c)
{
    auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class SeriesColorsTest : public QObject
{
    Q_OBJECT
private slots:
    void aNameAlwaysGetsTheSameColour()
    {
        // Values computed once: a change of hash or palette would recolour every user's models.
        QCOMPARE(SeriesColors::fnv1a(""), 2166136261u);
        QCOMPARE(SeriesColors::fnv1a("a"), 0xe40c292cu);
        QCOMPARE(SeriesColors::fnv1a("foobar"), 0xbf9cf968u);
        const QStringList models = {QStringLiteral("mock-fast"),      QStringLiteral("mock-smart"),
                                    QStringLiteral("gpt-4o-mini"),    QStringLiteral("llama3:8b"),
                                    QStringLiteral("claude-3-haiku"), QStringLiteral("模型")};
        QHash<QString, QColor> first;
        for (const QString& m : models)
            first.insert(m, SeriesColors::forName(m));
        // Whatever the order they come in, or which others are there (another time range).
        QStringList reversed = models;
        std::reverse(reversed.begin(), reversed.end());
        for (const QString& m : reversed)
            QCOMPARE(SeriesColors::forName(m), first.value(m));
        QCOMPARE(SeriesColors::forName(QStringLiteral("mock-smart")),
                 first.value(QStringLiteral("mock-smart")));
        // And it is a colour of the palette, derived from the UTF-8 of the name.
        for (const QString& m : models)
            QCOMPARE(first.value(m),
                     SeriesColors::palette().at(SeriesColors::fnv1a(m.toUtf8()) %
                                                quint32(SeriesColors::palette().size())));
    }

    void namesSpreadOverThePalette()
    {
        QSet<QRgb> used;
        for (int i = 0; i < 64; ++i)
            used.insert(SeriesColors::forName(QStringLiteral("model-%1").arg(i)).rgb());
        QCOMPARE(used.size(), SeriesColors::palette().size());
    }

    void everyColourReadsOnTheLightAndTheDarkChartBackground()
    {
        const QColor light = QApplication::style()->standardPalette().color(QPalette::Base);
        const QColor dark = ui::Appearance::darkPalette().color(QPalette::Base);
        QVERIFY(luminance(light) > 0.8);
        for (const QColor& c : SeriesColors::palette()) {
            // WCAG 1.4.11: graphical objects need 3:1 against what is next to them.
            QVERIFY2(contrast(c, light) >= 3, qPrintable(c.name()));
            QVERIFY2(contrast(c, dark) >= 3, qPrintable(c.name()));
        }
        // Distinguishable: no two the same.
        QSet<QRgb> distinct;
        for (const QColor& c : SeriesColors::palette())
            distinct.insert(c.rgb());
        QCOMPARE(distinct.size(), SeriesColors::palette().size());
    }
};

QTEST_MAIN(SeriesColorsTest)
#include "SeriesColorsTest.moc"

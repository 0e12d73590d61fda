#pragma once

#include <QColor>
#include <QFrame>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QSet>

#include <functional>
#include <limits>

class QChart;
class QChartView;
class QCategoryAxis;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace ui {

// One chart of the dashboard: a title and a line chart over time with a value axis from 0.
// It keeps the chart readable in light and dark palettes: the Qt Charts theme is picked by the
// palette's lightness, then labels, grid and legend take the palette's own colours (the themes'
// fixed backgrounds clash with the rest of the window). Re-applied on every palette change.
class ChartCard : public QFrame
{
    Q_OBJECT
public:
    explicit ChartCard(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    QString title() const;

    // What a fixed colour does on a dark background: Lighten keeps its hue, 35 % lighter (a
    // colour picked for a light background); Keep stays exactly it (one that reads on both,
    // such as SeriesColors', so that a model has one colour in every theme).
    enum class OnDark { Lighten, Keep };
    // A new line on the chart. With a valid color the line keeps it in every theme (e.g. red
    // for 5xx); otherwise the theme picks one.
    QLineSeries* addSeries(const QString& objectName, const QColor& color = QColor(),
                           OnDark onDark = OnDark::Lighten);
    void removeSeries(QLineSeries* series);
    QList<QLineSeries*> series() const;

    // Replaces a line's points; sparse lines show their points as dots so that a lone sample
    // is visible.
    void setPoints(QLineSeries* series, const QList<QPointF>& points);
    // Sets the time axis to [fromMs, toMs] (ms since the epoch), with ticks on round local
    // times (every minute, every 10 minutes, at midnight …) labelled as suits the step.
    void setTimeRange(qint64 fromMs, qint64 toMs);
    // Fits the value axis to 0..maxValue, rounded up to a readable step, and never above
    // ceiling (e.g. 100 for a percentage).
    void fitValues(double maxValue, double ceiling = std::numeric_limits<double>::infinity());

    // How a value reads in the hover tooltip ("12 ms", "3.5/s"), in the current language and
    // locale. Without one, the locale's number with up to two decimals.
    using ValueFormatter = std::function<QString(double)>;
    void setValueFormatter(ValueFormatter formatter);
    // The hover tooltip for the time x (ms since the epoch), rich text: the sample time nearest
    // to x, then one line per series with a key in the series' colour, its name and its value
    // at that time ("–" where it has none). Empty when no series has a point.
    QString hoverText(double x) const;

    QChart* chart() const { return m_chart; }
    QValueAxis* valueAxis() const { return m_valueAxis; }
    QCategoryAxis* timeAxis() const { return m_timeAxis; }

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setUpHover();
    void showHover(const QPoint& viewportPos);
    // Axis labels in the locale's digits and separators (QChart formats them in "C" unless told).
    void applyLocale();
    void applyPalette();
    void styleSeries(QLineSeries* series);

    QLabel* m_title;
    QChart* m_chart;
    QChartView* m_view;
    // Category labels placed on values: QDateTimeAxis spaces its ticks evenly from the start
    // of the range, which puts them on odd times (09:02:15, 09:03:15 …).
    QCategoryAxis* m_timeAxis;
    QValueAxis* m_valueAxis;
    QHash<QLineSeries*, QColor> m_fixedColors;
    QSet<QLineSeries*> m_keepOnDark; // OnDark::Keep
    ValueFormatter m_formatValue;
    qint64 m_timeSpanMs = 0; // of the time axis; picks the tooltip's time format
    bool m_dark = false;
};

} // namespace ui

#include "widgets/ChartCard.h"

#include "models/HoverLookup.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>
#include <iterator>

namespace ui {

namespace {

// Below this many points a line shows its points as dots: one sample alone draws no line.
constexpr int sparsePoints = 12;

QColor blend(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

// A step of 1, 2 or 5 times a power of ten, so that about four ticks cover maxValue.
double niceStep(double maxValue)
{
    const double raw = maxValue / 4;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= m * power)
            return m * power;
    return 10 * power;
}

} // namespace

ChartCard::ChartCard(QWidget* parent)
    : QFrame(parent), m_title(new QLabel), m_chart(new QChart), m_view(new QChartView(m_chart)),
      m_timeAxis(new QCategoryAxis), m_valueAxis(new QValueAxis)
{
    setFrameShape(QFrame::StyledPanel);
    m_title->setObjectName(QStringLiteral("chartTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_timeAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_valueAxis->setTickCount(5);
    m_valueAxis->setRange(0, 1);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setFrameShape(QFrame::NoFrame);
    // Room for two lines of axis labels, a legend and a plot that still shows a shape.
    m_view->setMinimumHeight(200);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 6);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_view, 1);
    applyPalette();
    applyLocale();
    setUpHover();
}

void ChartCard::setTitle(const QString& title)
{
    m_title->setText(title);
}

QString ChartCard::title() const
{
    return m_title->text();
}

QLineSeries* ChartCard::addSeries(const QString& objectName, const QColor& color, OnDark onDark)
{
    auto* series = new QLineSeries;
    series->setObjectName(objectName);
    m_chart->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(m_valueAxis);
    if (color.isValid())
        m_fixedColors.insert(series, color);
    if (onDark == OnDark::Keep)
        m_keepOnDark.insert(series);
    styleSeries(series);
    return series;
}

void ChartCard::removeSeries(QLineSeries* series)
{
    m_fixedColors.remove(series);
    m_keepOnDark.remove(series);
    m_chart->removeSeries(series);
    delete series;
}

QList<QLineSeries*> ChartCard::series() const
{
    QList<QLineSeries*> out;
    for (QAbstractSeries* s : m_chart->series())
        if (auto* line = qobject_cast<QLineSeries*>(s))
            out << line;
    return out;
}

void ChartCard::setPoints(QLineSeries* series, const QList<QPointF>& points)
{
    series->setPointsVisible(points.size() < sparsePoints);
    series->replace(points);
}

void ChartCard::setTimeRange(qint64 fromMs, qint64 toMs)
{
    // The smallest round step that leaves at most seven labels: they must fit side by side.
    static const qint64 steps[] = {10,    15,    30,    60,        120,      180,   300,
                                   600,   900,   1800,  3600,      7200,     10800, 14400,
                                   21600, 43200, 86400, 2 * 86400, 7 * 86400};
    constexpr int maxTicks = 7;
    qint64 step = steps[std::size(steps) - 1] * 1000;
    for (qint64 seconds : steps) {
        if ((toMs - fromMs) / (seconds * 1000) <= maxTicks) {
            step = seconds * 1000;
            break;
        }
    }
    const QString format = step < 60'000       ? QStringLiteral("HH:mm:ss")
                           : step < 86'400'000 ? QStringLiteral("HH:mm")
                                               : QStringLiteral("ddd d");
    for (const QString& label : m_timeAxis->categoriesLabels())
        m_timeAxis->remove(label);
    m_timeSpanMs = toMs - fromMs;
    m_timeAxis->setStartValue(double(fromMs));
    m_timeAxis->setRange(double(fromMs), double(toMs));
    // Round in local time (a tick at local midnight, not UTC midnight).
    const qint64 offset = QDateTime::fromMSecsSinceEpoch(fromMs).offsetFromUtc() * 1000LL;
    const QLocale locale;
    qint64 tick = ((fromMs + offset) / step + 1) * step - offset;
    // A label is centred on its tick: one too near either end would be cut off.
    const qint64 margin = (toMs - fromMs) / 20;
    for (; tick <= toMs - margin; tick += step) {
        if (tick < fromMs + margin)
            continue;
        const QString label = locale.toString(QDateTime::fromMSecsSinceEpoch(tick), format);
        // Labels are the axis' keys; a repeated one (a DST change) is left out.
        if (!m_timeAxis->categoriesLabels().contains(label))
            m_timeAxis->append(label, double(tick));
    }
}

void ChartCard::fitValues(double maxValue, double ceiling)
{
    if (!(maxValue > 0))
        maxValue = 1;
    double step = niceStep(maxValue * 1.05);
    double top = std::ceil(maxValue * 1.05 / step) * step;
    if (top > ceiling && maxValue <= ceiling) {
        top = ceiling;
        step = niceStep(ceiling);
    }
    m_valueAxis->setRange(0, top);
    m_valueAxis->setTickCount(int(std::lround(top / step)) + 1);
    // As many decimals as the step needs, and no more (0.25 → 2, 2.5 → 1, 50 → 0).
    int decimals = 0;
    while (decimals < 3 && std::abs(step * std::pow(10.0, decimals) -
                                    std::round(step * std::pow(10.0, decimals))) > 1e-9)
        ++decimals;
    m_valueAxis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

void ChartCard::styleSeries(QLineSeries* series)
{
    QPen pen = series->pen();
    QColor color = m_fixedColors.value(series);
    if (color.isValid()) {
        // The same hue, lighter on a dark background so that it keeps its contrast.
        pen.setColor(m_dark && !m_keepOnDark.contains(series) ? color.lighter(135) : color);
    }
    pen.setWidthF(2);
    series->setPen(pen);
    series->setMarkerSize(5);
}

void ChartCard::applyPalette()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    m_dark = pal.color(QPalette::Window).lightness() < 128;
    // The theme gives the lines colours that read on this lightness; it also resets the
    // colours below, so they are set after it.
    m_chart->setTheme(m_dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    m_chart->setBackgroundBrush(base);
    m_chart->setBackgroundPen(Qt::NoPen);
    m_chart->setBackgroundRoundness(0);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_view->setBackgroundBrush(base);

    QFont labels = font();
    labels.setPointSizeF(qMax(7.0, font().pointSizeF() * 0.9));
    const QColor grid = blend(base, text, m_dark ? 0.22 : 0.14);
    const QColor line = blend(base, text, 0.45);
    for (QValueAxis* axis : {static_cast<QValueAxis*>(m_timeAxis), m_valueAxis}) {
        axis->setLabelsFont(labels);
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(line);
        axis->setShadesVisible(false);
    }
    m_chart->legend()->setFont(labels);
    m_chart->legend()->setLabelColor(text);
    m_chart->legend()->setBackgroundVisible(false);
    for (QLineSeries* s : series())
        styleSeries(s);
}

void ChartCard::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        applyPalette();
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::LocaleChange)
        applyLocale();
    QFrame::changeEvent(event);
}

void ChartCard::applyLocale()
{
    // The console's language sets the default locale (Appearance::setLanguage).
    m_chart->setLocalizeNumbers(true);
    m_chart->setLocale(QLocale());
}

void ChartCard::setUpHover()
{
    m_view->viewport()->setMouseTracking(true);
    m_view->viewport()->installEventFilter(this);
}

bool ChartCard::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport()) {
        if (event->type() == QEvent::MouseMove)
            showHover(static_cast<QMouseEvent*>(event)->position().toPoint());
        else if (event->type() == QEvent::Leave)
            QToolTip::hideText();
    }
    return QFrame::eventFilter(watched, event);
}

void ChartCard::showHover(const QPoint& viewportPos)
{
    const QList<QLineSeries*> lines = series();
    const QPointF inChart = m_chart->mapFromScene(m_view->mapToScene(viewportPos));
    QString text;
    if (!lines.isEmpty() && m_chart->plotArea().contains(inChart))
        text = hoverText(m_chart->mapToValue(inChart, lines.first()).x());
    if (text.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    // Beside the pointer rather than under it; Qt moves the tip whenever its text changes, so
    // it follows the mouse from sample to sample along the time axis.
    QToolTip::showText(m_view->viewport()->mapToGlobal(viewportPos + QPoint(16, 8)), text,
                       m_view->viewport());
}

void ChartCard::setValueFormatter(ValueFormatter formatter)
{
    m_formatValue = std::move(formatter);
}

QString ChartCard::hoverText(double x) const
{
    const QList<QLineSeries*> lines = series();
    QList<QList<QPointF>> points;
    for (const QLineSeries* line : lines)
        points << line->points();
    const HoverLookup found = HoverLookup::at(points, x);
    if (!found.valid)
        return QString();
    const QLocale locale;
    const QString timeFormat = m_timeSpanMs <= 10 * 60'000     ? QStringLiteral("HH:mm:ss")
                               : m_timeSpanMs < 2 * 86'400'000 ? QStringLiteral("HH:mm")
                                                               : QStringLiteral("ddd d, HH:mm");
    QString text =
        QStringLiteral("<b>%1</b>")
            .arg(locale.toString(QDateTime::fromMSecsSinceEpoch(qint64(found.x)), timeFormat));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const std::optional<double> value = found.values.at(i);
        QString shown = tr("–", "no value");
        if (value)
            shown = m_formatValue ? m_formatValue(*value)
                                  : locale.toString(*value, 'f', std::abs(*value) < 10 ? 2 : 1);
        text += QStringLiteral("<br><span style=\"color:%1\">■</span> %2: %3")
                    .arg(lines.at(i)->pen().color().name(), lines.at(i)->name().toHtmlEscaped(),
                         shown.toHtmlEscaped());
    }
    return text;
}

} // namespace ui

// Switching the theme while the console runs (issue 10, "Theme switching at run time"): every
// text of every page stays readable, WCAG 2 AA (contrast ≥ 4.5 : 1), after Light → Dark → Light.

#include "Appearance.h"
#include "ColorContrast.h"
#include "GatewayHost.h"
#include "MainWindow.h"
#include "pages/DashboardPage.h"
#include "pages/Page.h"
#include "support/TestHost.h"
#include "support/TestRequests.h"
#include "widgets/ChartCard.h"

#include <QAbstractItemView>
#include <QCategoryAxis>
#include <QChart>
#include <QHash>
#include <QLabel>
#include <QLegend>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QValueAxis>
#include <QtTest>

namespace {

// The colour that covers most of an area of the window as drawn: the background its text is
// read against, whichever widget painted it.
QColor dominantColor(const QImage& image, const QRect& area)
{
    QHash<QRgb, int> counts;
    const QRect clipped = area & image.rect();
    for (int y = clipped.top(); y <= clipped.bottom(); ++y)
        for (int x = clipped.left(); x <= clipped.right(); ++x)
            ++counts[image.pixel(x, y)];
    QRgb best = 0;
    int most = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.value() > most)
            best = it.key(), most = it.value();
    return QColor(best);
}

QPalette::ColorGroup groupOf(const QWidget* widget)
{
    if (!widget->isEnabled())
        return QPalette::Disabled;
    return widget->isActiveWindow() ? QPalette::Active : QPalette::Inactive;
}

} // namespace

class ThemeSwitchTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // Appearance remembers the theme in QSettings: keep the user's own file out of it.
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    }

    void everyTextStaysReadableWhenTheThemeChangesAtRunTime()
    {
        ui::Appearance appearance;
        appearance.setTheme(ui::Appearance::Theme::Light);
        QTemporaryDir data;
        ui::GatewayHost host(testHostOptions(data.path()));
        QVERIFY2(host.start().ok(), qPrintable(host.lastError()));
        ui::MainWindow window(&host, &appearance);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Empty states first, then the charts and tables that a request fills.
        switchThemes(window, appearance, QStringLiteral("before any request"));
        QVERIFY(sendChatToMockFast(host));
        auto* dashboard = window.findChild<ui::DashboardPage*>();
        QVERIFY(window.showPage(dashboard->objectName()));
        QTRY_VERIFY_WITH_TIMEOUT(!dashboard->isShowingEmptyState(), 5000); // its next sample
        m_chartsChecked = 0;
        switchThemes(window, appearance, QStringLiteral("after a request"));
        QVERIFY(m_chartsChecked > 0);
    }

private:
    // Light → Dark → Light, and after each switch every page's text is checked.
    void switchThemes(ui::MainWindow& window, ui::Appearance& appearance, const QString& when)
    {
        const auto themes = {ui::Appearance::Theme::Light, ui::Appearance::Theme::Dark,
                             ui::Appearance::Theme::Light};
        for (const ui::Appearance::Theme theme : themes) {
            appearance.setTheme(theme);
            for (ui::Page* page : window.findChildren<ui::Page*>()) {
                QVERIFY(window.showPage(page->objectName()));
                checkContrast(window, when + QStringLiteral(", ") +
                                          ui::Appearance::themeToString(theme) +
                                          QStringLiteral(", page ") + page->objectName());
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

    // Fails with every text of the window as it is now that reads below 4.5 : 1.
    void checkContrast(QMainWindow& window, const QString& where)
    {
        QCoreApplication::processEvents();
        const QImage image = window.grab().toImage();
        // SWITCHBOARD_SCREENSHOTS=DIR keeps what was checked, for looking at.
        if (const QString shots = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS"); !shots.isEmpty())
            image.save(shots +
                       QStringLiteral("/theme-switch-%1.png")
                           .arg(QString(where).replace(QRegularExpression(QStringLiteral("\\W+")),
                                                       QStringLiteral("-"))));
        QStringList failures;
        const auto check = [&](const QWidget* widget, const QString& what, const QColor& text,
                               const QColor& background) {
            const double ratio = ui::contrastRatio(text, background);
            if (ratio < ui::readableContrast)
                failures << QStringLiteral("%1 \"%2\": %3 on %4 is %5:1")
                                .arg(widget->metaObject()->className(), what,
                                     ui::composite(text, background).name(), background.name())
                                .arg(ratio, 0, 'f', 2);
        };
        const auto drawnBackground = [&](const QWidget* widget) {
            return dominantColor(image,
                                 QRect(widget->mapTo(&window, QPoint(0, 0)), widget->size()));
        };

        int labels = 0;
        for (const QLabel* label : window.findChildren<QLabel*>()) {
            // Disabled text is exempt from the contrast rule (WCAG 1.4.3, "incidental").
            if (!label->isVisible() || label->text().isEmpty() || !label->isEnabled() ||
                label->width() < 2 || label->height() < 2)
                continue;
            ++labels;
            check(label, label->text().left(40),
                  label->palette().color(groupOf(label), label->foregroundRole()),
                  drawnBackground(label));
        }
        QVERIFY2(labels > 0, qPrintable(where));

        QStatusBar* status = window.statusBar();
        check(status, QStringLiteral("status bar"),
              status->palette().color(groupOf(status), status->foregroundRole()),
              drawnBackground(status));

        for (const QAbstractItemView* view : window.findChildren<QAbstractItemView*>()) {
            if (!view->isVisible() || view->viewport()->height() < 2)
                continue;
            check(view, view->objectName(), view->palette().color(groupOf(view), QPalette::Text),
                  drawnBackground(view->viewport()));
        }

        for (const ui::ChartCard* card : window.findChildren<ui::ChartCard*>()) {
            if (!card->isVisible())
                continue;
            ++m_chartsChecked;
            const QColor background = card->chart()->backgroundBrush().color();
            check(card, card->title() + QStringLiteral(" time axis"),
                  card->timeAxis()->labelsBrush().color(), background);
            check(card, card->title() + QStringLiteral(" value axis"),
                  card->valueAxis()->labelsBrush().color(), background);
            check(card, card->title() + QStringLiteral(" legend"),
                  card->chart()->legend()->labelColor(), background);
            // The chart's own background is the card's: no odd block in the middle of it.
            QVERIFY2(ui::contrastRatio(background, drawnBackground(card)) < 1.5,
                     qPrintable(where + QStringLiteral(": chart ") + card->title()));
        }
        QVERIFY2(failures.isEmpty(), qPrintable(where + QStringLiteral(":\n  ") +
                                                failures.join(QStringLiteral("\n  "))));
    }

    QTemporaryDir m_config;
    int m_chartsChecked = 0;
};

QTEST_MAIN(ThemeSwitchTest)
#include "ThemeSwitchTest.moc"

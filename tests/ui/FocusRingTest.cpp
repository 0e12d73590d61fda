// A focus ring that can be seen in both themes (issue 10, "Keyboard"): the control that has the
// keyboard focus is outlined all round, in a colour that stands out 3 : 1 from what it covers
// (WCAG 2.4.13, "Focus Appearance").

#include "Appearance.h"
#include "ColorContrast.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QtTest>

namespace {

// The share of a rectangle's outline (a band `depth` pixels deep, inside and out) where some
// pixel changed by at least 3 : 1 between the two images.
double outlinedShare(const QImage& before, const QImage& after, const QRect& rect)
{
    constexpr int depth = 3;
    const auto changed = [&](int x, int y) {
        for (int d = -depth; d <= depth; ++d) {
            for (const QPoint p : {QPoint(x, y + d), QPoint(x + d, y)}) {
                if (!before.rect().contains(p))
                    continue;
                if (ui::contrastRatio(QColor(after.pixel(p)), QColor(before.pixel(p))) >= 3.0)
                    return true;
            }
        }
        return false;
    };
    int positions = 0, outlined = 0;
    for (int x = rect.left(); x <= rect.right(); ++x) {
        for (const int y : {rect.top(), rect.bottom()}) {
            ++positions;
            outlined += changed(x, y) ? 1 : 0;
        }
    }
    for (int y = rect.top() + 1; y < rect.bottom(); ++y) {
        for (const int x : {rect.left(), rect.right()}) {
            ++positions;
            outlined += changed(x, y) ? 1 : 0;
        }
    }
    return double(outlined) / positions;
}

} // namespace

class FocusRingTest : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path()));
    }

    void theFocusedControlIsOutlinedInBothThemes_data()
    {
        QTest::addColumn<int>("theme");
        QTest::addColumn<int>("control");
        const QStringList controls = {QStringLiteral("button"),    QStringLiteral("line edit"),
                                      QStringLiteral("combo box"), QStringLiteral("list"),
                                      QStringLiteral("table"),     QStringLiteral("check box")};
        for (const ui::Appearance::Theme theme :
             {ui::Appearance::Theme::Light, ui::Appearance::Theme::Dark}) {
            for (int i = 0; i < controls.size(); ++i) {
                QTest::addRow("%s %s", qPrintable(ui::Appearance::themeToString(theme)),
                              qPrintable(controls.at(i)))
                    << int(theme) << i;
            }
        }
    }

    void theFocusedControlIsOutlinedInBothThemes()
    {
        QFETCH(int, theme);
        QFETCH(int, control);
        ui::Appearance appearance;
        appearance.setTheme(ui::Appearance::Theme(theme));

        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        layout->setSpacing(12);
        layout->setContentsMargins(12, 12, 12, 12);
        auto* start = new QPushButton(QStringLiteral("Start"));
        auto* combo = new QComboBox;
        combo->addItems({QStringLiteral("mock-fast"), QStringLiteral("mock-smart")});
        auto* list = new QListWidget;
        list->addItems({QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")});
        list->setCurrentRow(0);
        auto* table = new QTableWidget(3, 2);
        table->setCurrentCell(0, 0);
        table->setTabKeyNavigation(false); // as the console's tables: Tab leaves them
        const QList<QWidget*> controls = {new QPushButton(QStringLiteral("Add backend")),
                                          new QLineEdit(QStringLiteral("127.0.0.1:4000")),
                                          combo,
                                          list,
                                          table,
                                          new QCheckBox(QStringLiteral("Capture bodies"))};
        layout->addWidget(start);
        for (QWidget* c : controls)
            layout->addWidget(c);
        list->setFixedHeight(90);
        table->setFixedHeight(120);
        window.resize(320, 480);
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));

        start->setFocus(Qt::TabFocusReason);
        QWidget* target = controls.at(control);
        const QImage before = window.grab().toImage();
        // As a keyboard user gets there: Tab by Tab.
        while (QApplication::focusWidget() != target) {
            QWidget* from = QApplication::focusWidget();
            QTest::keyClick(from, Qt::Key_Tab);
            QVERIFY(QApplication::focusWidget() != from);
        }
        QCoreApplication::processEvents();
        const QImage after = window.grab().toImage();

        const QString shots = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
        if (!shots.isEmpty()) {
            const QString name = QString::fromLatin1(QTest::currentDataTag()).replace(' ', '-');
            after.save(shots + QStringLiteral("/focus-%1.png").arg(name));
        }
        const QRect rect(target->mapTo(&window, QPoint(0, 0)), target->size());
        const double share = outlinedShare(before, after, rect);
        QVERIFY2(share >= 0.9, qPrintable(QStringLiteral("%1 % of the outline").arg(share * 100)));
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(FocusRingTest)
#include "FocusRingTest.moc"

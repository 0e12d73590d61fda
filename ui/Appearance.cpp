#include "Appearance.h"

#include "ColorContrast.h"
#include "ConsoleStyle.h"
#include "FocusRing.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QTranslator>

namespace ui {

namespace {

// ~/.config/switchboard/console.conf: the console's own preferences (the gateway's settings
// live in its config file).
QSettings settings()
{
    return QSettings(QStringLiteral("switchboard"), QStringLiteral("console"));
}

// The palette with a placeholder colour that reads as secondary (between text and window) and
// still has AA contrast on the window and in fields. Captions and hints use it (StatTile,
// ReplayColumn): Fusion's own (text at half opacity) is 3.9 : 1 on its light window.
QPalette withReadablePlaceholder(QPalette palette)
{
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        const QColor text = palette.color(group, QPalette::WindowText);
        const QColor window = palette.color(group, QPalette::Window);
        const QColor base = palette.color(group, QPalette::Base);
        // From halfway towards the window back to the text, in steps: the first that reads.
        QColor placeholder = text;
        for (double towardsWindow = 0.5; towardsWindow > 0; towardsWindow -= 0.05) {
            QColor mixed = text;
            mixed.setAlphaF(float(1 - towardsWindow));
            mixed = composite(mixed, window);
            // A little above the threshold, so that rounding never tips it below.
            if (contrastRatio(mixed, window) >= readableContrast + 0.2 &&
                contrastRatio(mixed, base) >= readableContrast + 0.2) {
                placeholder = mixed;
                break;
            }
        }
        palette.setColor(group, QPalette::PlaceholderText, placeholder);
    }
    // A disabled field's hint as dim as its disabled text, not dimmer (it vanished on dark).
    palette.setColor(QPalette::Disabled, QPalette::PlaceholderText,
                     palette.color(QPalette::Disabled, QPalette::Text));
    return palette;
}

} // namespace

QPalette Appearance::darkPalette()
{
    QPalette p;
    const QColor window(0x26, 0x29, 0x2e), base(0x1d, 0x1f, 0x23), text(0xe6, 0xe6, 0xe6),
        button(0x31, 0x35, 0x3b), highlight(0x3d, 0x8e, 0xd9), disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, highlight.lighter(130));
    p.setColor(QPalette::Mid, QColor(0x45, 0x49, 0x50));
    p.setColor(QPalette::Dark, QColor(0x15, 0x16, 0x19));
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    return withReadablePlaceholder(p);
}

Appearance::Appearance(QObject* parent) : QObject(parent), m_focusRing(new FocusRing(this))
{
    m_theme = themeFromString(settings().value(QStringLiteral("appearance/theme")).toString());
    const QString language =
        settings().value(QStringLiteral("appearance/language"), QStringLiteral("en")).toString();
    setTheme(m_theme);
    setLanguage(language);
}

QStringList Appearance::languages()
{
    return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("zh_CN")};
}

QString Appearance::languageName(const QString& code)
{
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("zh_CN"))
        return QStringLiteral("简体中文");
    return QStringLiteral("English");
}

Appearance::Theme Appearance::themeFromString(const QString& name, bool* ok)
{
    if (ok)
        *ok = true;
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    if (ok)
        *ok = name.isEmpty() || name == QLatin1String("system");
    return Theme::System;
}

QString Appearance::themeToString(Theme theme)
{
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

void Appearance::setTheme(Theme theme)
{
    m_theme = theme;
    settings().setValue(QStringLiteral("appearance/theme"), themeToString(theme));
    // The order matters. A widget polished under an application style sheet keeps the palette
    // the application had at that moment: a palette set while a sheet is in force leaves the
    // widgets that exist in the old one (black text on the dark window). So the sheet goes
    // first, which gives every widget its own palette back, then the palette, then the sheet
    // again, which polishes every widget in the new palette.
    qApp->setStyleSheet(QString());
    // Fusion (with a focus ring) draws the same on every desktop, so both palettes look as
    // designed.
    if (!qobject_cast<ConsoleStyle*>(QApplication::style()))
        QApplication::setStyle(new ConsoleStyle);
    QApplication::setPalette(paletteFor(theme));
    qApp->setStyleSheet(styleSheetFor(theme));
    m_focusRing->refresh(); // a style change takes it off the focused control
    emit themeChanged(theme);
}

QPalette Appearance::paletteFor(Theme theme)
{
    switch (theme) {
    case Theme::Dark: return darkPalette();
    case Theme::Light: return withReadablePlaceholder(QApplication::style()->standardPalette());
    case Theme::System: break;
    }
    return withReadablePlaceholder(QPalette()); // the platform's
}

QString Appearance::styleSheetFor(Theme theme)
{
    // Fusion draws check box frames in a shade of the window colour, which all but vanishes on
    // a dark window: give indicators a visible frame there, and fill the checked ones.
    if (theme != Theme::Dark)
        return QString();
    return QStringLiteral("QCheckBox::indicator, QAbstractItemView::indicator {"
                          " width: 12px; height: 12px; border: 1px solid #8a9099;"
                          " border-radius: 2px; background: #1d1f23; }"
                          "QCheckBox::indicator:checked, QAbstractItemView::indicator:checked {"
                          " background: #3d8ed9; border-color: #3d8ed9; }");
}

bool Appearance::setLanguage(const QString& code)
{
    if (!languages().contains(code))
        return false;
    for (QTranslator* t : {m_translator, m_qtTranslator}) {
        if (t) {
            QApplication::removeTranslator(t);
            delete t;
        }
    }
    m_translator = m_qtTranslator = nullptr;
    if (code != QLatin1String("en")) {
        auto* translator = new QTranslator(this);
        if (!translator->load(QStringLiteral(":/i18n/switchboard_%1.qm").arg(code))) {
            delete translator;
            return false;
        }
        QApplication::installTranslator(translator);
        m_translator = translator;
        // Qt's own strings (OK, Cancel, network errors) from the system's Qt translations
        // (Debian: qt6-translations-l10n), where installed.
        auto* qt = new QTranslator(this);
        if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QApplication::installTranslator(qt);
            m_qtTranslator = qt;
        } else {
            delete qt;
        }
    }
    // Numbers and dates in the language's own format (1.234,5 in German).
    QLocale::setDefault(QLocale(code));
    m_language = code;
    settings().setValue(QStringLiteral("appearance/language"), code);
    emit languageChanged(code);
    return true;
}

} // namespace ui

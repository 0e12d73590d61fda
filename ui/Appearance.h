#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

class QTranslator;

namespace ui {

class FocusRing;

// Theme and language of the console, kept in QSettings and applied at run time.
class Appearance : public QObject
{
    Q_OBJECT
public:
    enum class Theme { System, Light, Dark };

    explicit Appearance(QObject* parent = nullptr);

    Theme theme() const { return m_theme; }
    QString language() const { return m_language; }   // "en", "de", "zh_CN"
    static QStringList languages();                   // the ones shipped
    static QString languageName(const QString& code); // in its own language

    // Applies and remembers. A language change sends QEvent::LanguageChange to every widget.
    void setTheme(Theme theme);
    bool setLanguage(const QString& code);

    // The console's dark palette (used with ConsoleStyle, which is Fusion with a focus ring).
    static QPalette darkPalette();

    static Theme themeFromString(const QString& name, bool* ok = nullptr);
    static QString themeToString(Theme theme);

signals:
    void themeChanged(ui::Appearance::Theme theme);
    void languageChanged(const QString& code);

private:
    static QPalette paletteFor(Theme theme);
    static QString styleSheetFor(Theme theme);

    Theme m_theme = Theme::System;
    QString m_language = QStringLiteral("en");
    QTranslator* m_translator = nullptr;
    QTranslator* m_qtTranslator = nullptr;
    FocusRing* m_focusRing;
};

} // namespace ui

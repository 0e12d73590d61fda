#pragma once

#include <QTranslator>

// Answers every tr() with the source text upper-cased: enough to see that each string goes
// through tr() and that a LanguageChange reaches a page.
class UpperCaseTranslator : public QTranslator
{
public:
    bool isEmpty() const override { return false; }
    QString translate(const char*, const char* source, const char*, int) const override
    {
        return QString::fromUtf8(source).toUpper();
    }
};

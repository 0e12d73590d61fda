#pragma once

#include <QLabel>

namespace ui {

// A label for an error message, in a red that is readable (WCAG AA, 4.5 : 1) on the light and
// the dark theme's background alike, and that follows a theme switch at run time. No single red
// is: one dark enough for a white window is too dark for a dark one. It wraps, so a long
// message never widens its window much, and it hides itself while it has no text.
class ErrorLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ErrorLabel(QWidget* parent = nullptr);

    // Sets the message and shows the label, or hides it for an empty one.
    void setMessage(const QString& message);
    // The error red for text or marks on `background`.
    static QColor colorOn(const QColor& background);

protected:
    void changeEvent(QEvent* event) override;

private:
    void followPalette();
};

} // namespace ui

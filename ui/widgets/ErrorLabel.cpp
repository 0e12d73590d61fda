#include "widgets/ErrorLabel.h"

#include <QEvent>

namespace ui {

ErrorLabel::ErrorLabel(QWidget* parent) : QLabel(parent)
{
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
    followPalette();
}

void ErrorLabel::setMessage(const QString& message)
{
    setText(message);
    setVisible(!message.isEmpty());
}

QColor ErrorLabel::colorOn(const QColor& background)
{
    // #b42318 on white is 6.5 : 1; #ff7b72 on the dark theme's window (#26292e) is 5.9 : 1.
    return background.lightness() < 128 ? QColor(0xff, 0x7b, 0x72) : QColor(0xb4, 0x23, 0x18);
}

void ErrorLabel::followPalette()
{
    const QColor wanted = colorOn(palette().color(QPalette::Window));
    if (palette().color(QPalette::WindowText) == wanted)
        return; // also ends the PaletteChange that the setPalette below sends
    QPalette p = palette();
    p.setColor(QPalette::WindowText, wanted);
    setPalette(p);
}

void ErrorLabel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        followPalette();
    QLabel::changeEvent(event);
}

} // namespace ui

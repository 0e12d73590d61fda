#pragma once

#include <QObject>
#include <QPointer>

class QFocusFrame;
class QWidget;

namespace ui {

// Keeps one QFocusFrame around whichever control has the keyboard focus, in every window of
// the console; ConsoleStyle draws it as the focus ring.
class FocusRing : public QObject
{
    Q_OBJECT
public:
    explicit FocusRing(QObject* parent = nullptr);
    ~FocusRing() override;

    // Puts the ring on the focused control again (a style change takes it off).
    void refresh();

private:
    void follow(QWidget* focused);

    // Lives in the focused control's window, which deletes it when it goes.
    QPointer<QFocusFrame> m_frame;
};

} // namespace ui

#pragma once

class QWidget;

namespace ui {

// Shows a window as when the user asks for it (the tray's "Open console", a second start):
// un-minimised or shown again if hidden, on top and with the keyboard focus, as far as the
// window manager allows. A maximised window stays maximised.
void bringForward(QWidget* window);

} // namespace ui

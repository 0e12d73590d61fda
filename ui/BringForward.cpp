#include "BringForward.h"

#include <QWidget>

namespace ui {

void bringForward(QWidget* window)
{
    // Not showNormal(): that would also undo a maximised window.
    window->setWindowState((window->windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    window->show();
    window->raise();
    window->activateWindow();
}

} // namespace ui

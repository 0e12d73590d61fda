#include "FocusRing.h"

#include <QApplication>
#include <QFocusFrame>

namespace ui {

FocusRing::FocusRing(QObject* parent) : QObject(parent)
{
    connect(qApp, &QApplication::focusChanged, this,
            [this](QWidget*, QWidget* now) { follow(now); });
}

FocusRing::~FocusRing()
{
    delete m_frame;
}

void FocusRing::refresh()
{
    if (m_frame)
        m_frame->setWidget(nullptr);
    follow(QApplication::focusWidget());
}

void FocusRing::follow(QWidget* focused)
{
    // No ring in popups (a combo box's list, a menu): they are their own focus.
    const bool ringed = focused && !focused->isWindow() &&
                        focused->window()->windowType() != Qt::Popup &&
                        !qobject_cast<QFocusFrame*>(focused);
    if (!ringed) {
        if (m_frame)
            m_frame->setWidget(nullptr);
        return;
    }
    if (!m_frame)
        m_frame = new QFocusFrame;
    m_frame->setWidget(focused);
}

} // namespace ui

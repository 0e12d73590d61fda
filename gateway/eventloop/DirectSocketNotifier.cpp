#include "eventloop/DirectSocketNotifier.h"

namespace gateway::eventloop {

DirectSocketNotifier::DirectSocketNotifier(qintptr socket, Type type, QObject* parent,
                                           Handler handler, void* context)
    : QSocketNotifier(type, parent), m_handler(handler), m_context(context)
{
    // The way any other dispatcher delivers.
    connect(this, &QSocketNotifier::activated, this, [this] { m_handler(m_context); });
    // Enabled (registered with the dispatcher) only now: QSocketNotifier's constructor with a
    // socket registers at once, when the object is not a DirectSocketNotifier yet, and the
    // dispatcher would not see the handler.
    setSocket(socket);
    setEnabled(true);
}

} // namespace gateway::eventloop

#pragma once

#include <QSocketNotifier>

namespace gateway::eventloop {

// A socket notifier with one handler, which EpollEventDispatcher calls directly when the socket
// is ready, instead of sending QEvent::SockAct through QCoreApplication::notify() and emitting
// activated() to a connected slot: that way costs about 0.15 us per activation, and a proxied
// request has two or three. Under any other dispatcher (SWITCHBOARD_EVENT_DISPATCHER=qt) it is
// a plain QSocketNotifier whose activated() calls the same handler.
//
// The handler is a function and a context, both copied out before the call, so the handler may
// delete the notifier (closing its connection) as a slot may.
class DirectSocketNotifier : public QSocketNotifier
{
    Q_OBJECT
public:
    using Handler = void (*)(void* context);

    DirectSocketNotifier(qintptr socket, Type type, QObject* parent, Handler handler,
                         void* context);

    // For a member function of the parent: DirectSocketNotifier::of<&Connection::onReadable>.
    template <auto method, typename Owner>
    static DirectSocketNotifier* of(qintptr socket, Type type, Owner* owner)
    {
        return new DirectSocketNotifier(
            socket, type, owner, [](void* context) { (static_cast<Owner*>(context)->*method)(); },
            owner);
    }

    Handler handler() const { return m_handler; }
    void* context() const { return m_context; }

private:
    Handler m_handler;
    void* m_context;
};

} // namespace gateway::eventloop

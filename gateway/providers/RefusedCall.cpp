#include "providers/RefusedCall.h"

namespace gateway::providers {

RefusedCall::RefusedCall(ResponseSink* sink, const QString& reason) : m_sink(sink)
{
    m_error = api::ResponseEvent::error(400, unsupportedByBackend, reason.toUtf8());
    m_timer.setSingleShot(true);
    QObject::connect(&m_timer, &QTimer::timeout, [this] {
        if (ResponseSink* target = std::exchange(m_sink, nullptr))
            target->onEvent(m_error);
    });
    m_timer.start(0);
}

void RefusedCall::cancel()
{
    m_timer.stop();
    m_sink = nullptr;
}

} // namespace gateway::providers

#include "providers/RefusedCall.h"

namespace gateway::providers {

RefusedCall::RefusedCall(ResponseSink* sink, int status, QByteArray code, QByteArray message)
    : m_sink(sink)
{
    m_error = api::ResponseEvent::error(status, std::move(code), message);
    // The message is the body too: a dialect that wraps an upstream's error body quotes it.
    m_error.body = std::move(message);
    m_error.contentType = "text/plain; charset=utf-8";
    m_timer.setSingleShot(true);
    QObject::connect(&m_timer, &QTimer::timeout, [this] {
        if (ResponseSink* sink = std::exchange(m_sink, nullptr))
            sink->onEvent(m_error);
    });
    m_timer.start(0);
}

void RefusedCall::cancel()
{
    m_timer.stop();
    m_sink = nullptr;
}

} // namespace gateway::providers

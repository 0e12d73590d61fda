#pragma once

#include "providers/Provider.h"

#include <QTimer>

namespace gateway::providers {

// A call that never reaches the upstream: the request cannot be written in the backend's wire
// format (an image URL the provider cannot fetch, tool arguments that are not an object ...).
// Its one Error event comes on the next turn of the event loop, not from inside
// Provider::start(): the sink may start another target or finish the request when it gets it,
// which it must not do while start() has not returned.
class RefusedCall : public ProviderCall
{
public:
    // status and code as the client should get them; message for people.
    RefusedCall(ResponseSink* sink, int status, QByteArray code, QByteArray message);

    void cancel() override;

private:
    ResponseSink* m_sink;
    api::ResponseEvent m_error;
    QTimer m_timer;
};

} // namespace gateway::providers

#pragma once

#include "providers/Provider.h"

#include <QTimer>

namespace gateway::providers {

// The code of a request that a backend's wire format cannot carry (n > 1 for Anthropic, an
// image URL for Bedrock ...). The request stage tries the plan's next target, and tells the
// client, with status 400, when none could serve it.
inline constexpr char unsupportedByBackend[] = "unsupported_by_backend";

// A call that never reaches the upstream because the request cannot be written in the
// backend's wire format. Its one Error event (status 400, code unsupportedByBackend, the
// reason for people) comes on the next turn of the event loop, not from inside
// Provider::start(): the sink may start another target or finish the request when it gets it,
// which it must not do while start() has not returned.
class RefusedCall : public ProviderCall
{
public:
    RefusedCall(ResponseSink* sink, const QString& reason);

    void cancel() override;

private:
    ResponseSink* m_sink;
    api::ResponseEvent m_error;
    QTimer m_timer;
};

} // namespace gateway::providers

#pragma once

#include "api/ChatRequest.h"
#include "api/ResponseEvent.h"
#include "config/Config.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace gateway::upstream {
class Client;
}
namespace gateway::http {
class BufferBudget;
}
namespace gateway::state {
class SharedState;
}

namespace gateway::providers {

// Receives a call's answer as response events (api/ResponseEvent.h). Exactly one End or Error
// ends a call. The sink may change an event it is given.
class ResponseSink
{
public:
    virtual ~ResponseSink() = default;
    virtual void onEvent(api::ResponseEvent& event) = 0;
    // The events between the two came from one upstream read (a translating call decodes a
    // read into many): the client may get them in one write.
    virtual void batchBegins() {}
    virtual void batchEnds() {}
};

// A call in progress. cancel() (or destruction) abandons it: the upstream work stops at once and
// no further event comes. cancel() may be called from inside onEvent.
class ProviderCall
{
public:
    virtual ~ProviderCall() = default;
    virtual void cancel() = 0;
    // Flow control: stop producing events until resumeReading() (the client reads slower than
    // the upstream answers). An event or two may still come (the rest of one upstream read),
    // none after that. Both may be called from inside onEvent. Time paused does not count
    // against the upstream's timeouts.
    virtual void pauseReading() {}
    virtual void resumeReading() {}
};

// Everything a call needs from the worker thread it runs on.
struct CallEnvironment
{
    upstream::Client* client = nullptr;
    QByteArray traceId;
    // The process's budget of buffered response bytes: bodies a call holds whole are charged
    // to it (null: not counted).
    http::BufferBudget* budget = nullptr;
};

// What to ask of the backend.
struct CallRequest
{
    const api::ChatRequest& request;
    QString upstreamModel;
    // The caller takes bytes in the provider's own wire format: relay them (Passthrough
    // events) instead of translating to neutral events.
    bool passthrough = false;
};

// One adapter per provider family (DESIGN.md, providers/<name>/): the canonical request out in
// the backend's wire format, its answers back as response events. A Provider is immutable and
// shared by all worker threads; calls are per thread.
class Provider
{
public:
    virtual ~Provider() = default;
    // The wire format of the backend's answers (Neutral: the provider emits events only).
    virtual api::WireFormat wireFormat() const = 0;
    virtual std::unique_ptr<ProviderCall> start(const CallRequest& call,
                                                const CallEnvironment& environment,
                                                ResponseSink* sink) const = 0;
};

// Makes a backend's adapter. shared holds what outlives a reload.
using ProviderFactory = std::function<std::shared_ptr<const Provider>(const config::Backend&,
                                                                      state::SharedState& shared)>;

// Provider factories by backend type; the engine fills one (gateway/Registries.cpp).
class ProviderRegistry
{
public:
    void add(config::BackendType type, ProviderFactory factory);
    // Null when no adapter is registered for the backend's type.
    std::shared_ptr<const Provider> make(const config::Backend& backend,
                                         state::SharedState& shared) const;

private:
    std::vector<std::pair<config::BackendType, ProviderFactory>> m_factories;
};

// Upstream response headers that clients act on and so pass on to them: retry-after,
// retry-after-ms, x-ratelimit-*, and the upstream's request id as x-upstream-request-id.
// Nothing else passes (hop-by-hop headers in particular never do).
template <typename HeaderRange> http::HeaderList passedOnHeaders(const HeaderRange& upstream)
{
    http::HeaderList out;
    for (const auto& [name, value] : upstream) {
        const QByteArrayView n(name);
        if (n == "retry-after" || n == "retry-after-ms" || n.startsWith("x-ratelimit-"))
            out.emplace_back(
                QByteArray(n.data(), n.size()),
                QByteArray(QByteArrayView(value).data(), QByteArrayView(value).size()));
        else if (n == "x-request-id" || n == "request-id")
            out.emplace_back("x-upstream-request-id", QByteArray(QByteArrayView(value).data(),
                                                                 QByteArrayView(value).size()));
    }
    return out;
}

} // namespace gateway::providers

#pragma once

#include "api/ChatRequest.h"
#include "config/Config.h"
#include "http/BufferBudget.h"
#include "upstream/Client.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace gateway::providers {

// Receives a provider's answer, translated to the OpenAI wire format. Exactly one of
// onComplete, onStreamEnd, onBodyEnd or onFailure ends a call.
class ProviderSink
{
public:
    virtual ~ProviderSink() = default;
    // A whole response (success or error), as an OpenAI JSON body.
    virtual void onComplete(int status, const QByteArray& body, const api::Usage& usage) = 0;
    // A stream starts (status 200).
    virtual void onStreamStart() = 0;
    // Some "data:" payloads of the stream, each an OpenAI chunk or "[DONE]".
    virtual void onStreamEvents(const std::vector<QByteArrayView>& payloads) = 0;
    virtual void onStreamEnd() = 0;
    // A non-streamed 200 answer relayed as it arrives instead of buffered whole (the OpenAI
    // pass-through): the head (contentLength -1 when the upstream sent none), the body in
    // pieces, then the end with the usage object found near its end (unknown if none). After
    // onBodyStart only onBodyData, onBodyEnd or onFailure follow.
    virtual void onBodyStart(int status, const QByteArray& contentType, qint64 contentLength) = 0;
    virtual void onBodyData(const char* data, size_t length) = 0;
    virtual void onBodyEnd(const api::Usage& usage) = 0;
    // Transport failure: nothing usable came back (before or during a stream).
    virtual void onFailure(upstream::ErrorKind kind, const QString& message) = 0;
};

// A call in progress. cancel() (or destruction) abandons it: the upstream work stops at once and
// no further sink callback comes. cancel() may be called from inside a sink callback.
//
// pauseReading() asks the call to stop producing sink callbacks because the client is slower
// than the backend (back-pressure); resumeReading() goes on. A callback or two may still come
// after pauseReading() (the rest of one upstream read), none after that. Both may be called
// from inside a sink callback. Time paused does not count against the upstream's timeouts.
class ProviderCall
{
public:
    virtual ~ProviderCall() = default;
    virtual void cancel() = 0;
    virtual void pauseReading() = 0;
    virtual void resumeReading() = 0;
};

// Everything a call needs from the worker thread it runs on.
struct CallEnvironment
{
    upstream::Client* client = nullptr;
    QByteArray traceId;
    // The process's budget of buffered response bytes: bodies a call buffers whole are charged
    // to it (null: not counted).
    http::BufferBudget* budget = nullptr;
};

// One adapter per provider family (DESIGN.md, providers/): canonical request in, OpenAI wire
// format out. A Provider is immutable and shared by all worker threads; calls are per thread.
class Provider
{
public:
    virtual ~Provider() = default;
    virtual std::unique_ptr<ProviderCall> start(const api::ChatRequest& request,
                                                const QString& upstreamModel,
                                                const CallEnvironment& environment,
                                                ProviderSink* sink) const = 0;
};

// Creates the adapter for a backend's type.
std::shared_ptr<const Provider> makeProvider(const config::Backend& backend);

} // namespace gateway::providers

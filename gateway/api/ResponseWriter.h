#pragma once

#include "http/Exchange.h"

#include <QByteArray>

#include <functional>

namespace gateway::api {

// Where an encoded response goes: the client's connection (through the chain, which adds
// capture), or a fake in tests. Either one respond(), or startBody() (a body relayed in pieces,
// contentLength < 0: streamed), any number of write()s and endStream() or abortStream().
//
// Flow control: a write is always taken. After writing, the writer of the response asks
// outputBlocked(); while it is true it stops producing (pauses its upstream) until the drained
// handler runs (http::Exchange documents the bound).
class ResponseWriter
{
public:
    virtual ~ResponseWriter() = default;
    virtual void respond(int status, const QByteArray& contentType, const QByteArray& body,
                         const http::HeaderList& headers) = 0;
    // `first` (may be empty) is the body's first piece, written with the head in one write.
    virtual void startBody(int status, const QByteArray& contentType, qint64 contentLength,
                           const http::HeaderList& headers, const QByteArray& first = {}) = 0;
    void startStream(int status, const QByteArray& contentType, const http::HeaderList& headers,
                     const QByteArray& first = {})
    {
        startBody(status, contentType, -1, headers, first);
    }
    virtual void write(const QByteArray& bytes) = 0;
    // Ends the body; `last` (may be empty) is written with the end in one write.
    virtual void endStream(const QByteArray& last = {}) = 0;
    // Ends a stream so that the client cannot take it for complete (no terminating chunk).
    virtual void abortStream() = 0;
    // True once respond() or startBody() was called.
    virtual bool started() const = 0;
    virtual bool outputBlocked() const { return false; }
    // Writes between the two may leave together (one system call for a burst of small ones).
    virtual void beginBatch() {}
    virtual void endBatch() {}
    virtual void setDrainedHandler(std::function<void()>) {}
};

} // namespace gateway::api

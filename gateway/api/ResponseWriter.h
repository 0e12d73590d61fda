#pragma once

#include "http/Exchange.h"

#include <QByteArray>

namespace gateway::api {

// Where an encoded response goes: the client's connection (through the chain, which adds
// capture and flow control), or a fake in tests. Either one respond(), or startStream(), any
// number of write()s and endStream() or abortStream().
class ResponseWriter
{
public:
    virtual ~ResponseWriter() = default;
    virtual void respond(int status, const QByteArray& contentType, const QByteArray& body,
                         const http::HeaderList& headers) = 0;
    virtual void startStream(int status, const QByteArray& contentType,
                             const http::HeaderList& headers) = 0;
    virtual void write(const QByteArray& bytes) = 0;
    virtual void endStream() = 0;
    // Ends a stream so that the client cannot take it for complete (no terminating chunk).
    virtual void abortStream() = 0;
    // True once respond() or startStream() was called.
    virtual bool started() const = 0;
};

} // namespace gateway::api

#pragma once

#include "api/ChatRequest.h"
#include "api/ResponseEvent.h"
#include "api/ResponseWriter.h"

#include <QByteArray>

#include <memory>

namespace gateway::api {

// A request the dialect refused: the status, the parameter at fault (may be empty), the message.
struct DialectError
{
    int status = 400;
    QByteArray param;
    QByteArray message;
};

// Turns a response's events into the dialect's wire format. One encoder per request: it keeps
// what a whole (non-streamed) answer needs until End.
class ResponseEncoder
{
public:
    virtual ~ResponseEncoder() = default;
    // Encodes one event through the writer. Events come in the order ResponseEvent documents.
    virtual void encode(const ResponseEvent& event, ResponseWriter& writer) = 0;
};

// What an encoder needs to know about the request beyond its body.
struct EncodeOptions
{
    QByteArray traceId;       // unique per request; dialects derive their response ids from it
    qint64 createdSecs = 0;   // wall clock, seconds since the epoch
    http::HeaderList headers; // added to every response (x-request-id)
};

// One inbound API (DESIGN.md: api/openai/, api/anthropic/, api/responses/): how its requests
// are parsed, how its errors look, and how responses are encoded. A dialect is stateless and
// shared by all worker threads.
class Dialect
{
public:
    virtual ~Dialect() = default;
    virtual const char* name() const = 0;
    // The operation's name in the request log: OpenAI's endpoint names, and the dialect's own
    // for its operations ("messages", "responses.create"), so that the log and the console tell
    // an Anthropic body from an OpenAI one (Copy as curl, Replay). A string literal: the log
    // keeps one QString per address (stages/RecordStage.cpp).
    virtual const char* operationName(Endpoint endpoint) const { return endpointName(endpoint); }
    // The wire format this dialect speaks: a provider with the same one may relay bytes.
    virtual WireFormat wireFormat() const = 0;

    // Validates a request body for the endpoint and reads what routing needs (model, stream).
    // Returns false and fills error on a body the API would refuse.
    virtual bool parse(Endpoint endpoint, QByteArray body, ChatRequest* out,
                       DialectError* error) const = 0;
    // Builds the canonical form of a parsed request (see ChatRequest::canonical()).
    virtual CanonicalRequest canonical(const ChatRequest& request) const = 0;

    // An error body in the dialect's shape. code and param may be null.
    virtual QByteArray errorBody(int status, QByteArrayView message, const char* code = nullptr,
                                 const char* param = nullptr) const = 0;
    virtual QByteArray errorContentType() const { return "application/json"; }

    virtual std::unique_ptr<ResponseEncoder> encoder(const ChatRequest& request,
                                                     const EncodeOptions& options) const = 0;

    // The answer of a token-counting route (RouteKind::CountTokens) in the dialect's shape:
    // {"input_tokens": N} unless the dialect says otherwise.
    virtual QByteArray inputTokensBody(qint64 inputTokens) const;
};

} // namespace gateway::api

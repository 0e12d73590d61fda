#pragma once

#include "api/ChatRequest.h"
#include "api/Dialect.h"

#include <QString>

namespace gateway::api {

// OpenAI's inbound API (chat/completions, completions, embeddings), and the helpers for its
// wire format that the OpenAI-format provider shares.
//
// Parsing reads and validates a body with simdjson's on-demand API: only model, stream,
// stream_options and the shape of messages/prompt/input are read, and the body must be exactly
// one JSON object with one model and one stream key. Rejections follow OpenAI's messages and
// status codes.
class OpenAiDialect : public Dialect
{
public:
    static const OpenAiDialect& instance();

    const char* name() const override { return "openai"; }
    WireFormat wireFormat() const override { return WireFormat::OpenAi; }
    bool parse(Endpoint endpoint, QByteArray body, ChatRequest* out,
               DialectError* error) const override;
    CanonicalRequest canonical(const ChatRequest& request) const override;
    QByteArray errorBody(int status, QByteArrayView message, const char* code = nullptr,
                         const char* param = nullptr) const override;
    std::unique_ptr<ResponseEncoder> encoder(const ChatRequest& request,
                                             const EncodeOptions& options) const override;

    // Parses body (moved in) for the endpoint. On failure, returns false and fills error.
    static bool parseBody(Endpoint endpoint, QByteArray body, ChatRequest* out,
                          DialectError* error);

    // The body to send upstream: the model replaced by upstreamModel and, for streams, usage
    // requested (stream_options.include_usage), so the gateway can always count tokens.
    static QByteArray upstreamBody(const ChatRequest& request, const QString& upstreamModel);

    // The top-level "usage" of a response body, if any.
    static Usage responseUsage(const QByteArray& body);

    // Inspects one SSE data payload of a stream on the pass-through path: its usage (if any)
    // and whether its choices are empty (the usage-only chunk OpenAI sends last). Decoding a
    // chunk into events is the provider's (providers/openai/OpenAiWire.h).
    struct ChunkInfo
    {
        Usage usage;
        bool choicesEmpty = false;
    };
    static ChunkInfo inspectChunk(QByteArrayView payload);
};

} // namespace gateway::api

#pragma once

#include "Result.h"
#include "api/ChatRequest.h"

#include <QString>

namespace gateway::api {

// A request the dialect refused: the status, the OpenAI error body's param, and the message.
struct DialectError
{
    int status = 400;
    QByteArray param;
    QByteArray message;
};

// Reads and validates an OpenAI request body (chat/completions, completions, embeddings) with
// simdjson's on-demand API: only model, stream, stream_options and the shape of
// messages/prompt/input are read. Rejections follow OpenAI's messages and status codes.
class OpenAiDialect
{
public:
    // Parses body (moved in) for the endpoint. On failure, returns false and fills error.
    static bool parse(Endpoint endpoint, QByteArray body, ChatRequest* out, DialectError* error);

    // The body to send upstream: the model replaced by upstreamModel and, for streams, usage
    // requested (stream_options.include_usage), so the gateway can always count tokens.
    static QByteArray upstreamBody(const ChatRequest& request, const QString& upstreamModel);

    // The text of the prompt (messages' contents, prompt, or input), for backends that need it
    // and for counting tokens when an upstream reports none.
    static QString promptText(const ChatRequest& request);

    // The top-level "usage" of a response body, if any.
    static Usage responseUsage(const QByteArray& body);
    // The text of a chat/completion response (choices[].message.content or .text).
    static QString responseText(const QByteArray& body);

    // Inspects one SSE data payload of a stream: its usage (if any), whether its choices are
    // empty (the usage-only chunk OpenAI sends last), and the text it adds.
    struct ChunkInfo
    {
        Usage usage;
        bool choicesEmpty = false;
        QString text;
    };
    static ChunkInfo inspectChunk(QByteArrayView payload);
};

// Counts tokens when no upstream reported them: about four bytes of English text per token
// (OpenAI's rule of thumb in "What are tokens and how to count them").
qint64 estimateTokens(const QString& text);

} // namespace gateway::api

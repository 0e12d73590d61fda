#pragma once

#include "api/Usage.h"
#include "http/Exchange.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace gateway::api {

// The wire format a provider's answers come in. When it equals the inbound dialect's, the
// answer can be relayed as bytes (the pass-through fast path); otherwise the provider emits
// protocol-neutral events and the dialect encodes them.
enum class WireFormat { Neutral, OpenAi };

// One step of a response, as a provider reports it and a dialect encodes it (DESIGN.md, "The
// request path's shape"). A response is: Start, then any of the delta/usage/finish events,
// then End; or Error at any point (before Start: the call failed; after: the stream broke). A
// pass-through response is Start, Passthrough events (and Usage, for accounting), then End.
struct ResponseEvent
{
    enum class Type {
        Start,          // a successful answer begins: model, headers to pass on, stream or not;
                        // a pass-through stream's Start may carry its first payloads
        TextDelta,      // text of choice `index`
        ToolCallDelta,  // tool call `toolIndex` of choice `index`: id and name first, then
                        // pieces of its JSON arguments in text
        ReasoningDelta, // reasoning text of choice `index`
        Embedding,      // vector `index`
        Usage,          // token counts (may come more than once; the last one counts)
        Finish,         // choice `index` ended for finishReason (stop, length, tool_calls ...)
        Error,          // status (0: transport), code, message; body: the upstream's own bytes
        End,            // the answer is complete; in a pass-through answer it may carry the
                        // last payloads (or the last body piece), so they leave with the end
        Passthrough,    // bytes already in the inbound dialect's wire format: payloads of SSE
                        // data: lines (a stream), or body: a whole answer, or a piece of one
                        // relayed as it arrives (contentLength >= 0 or bodyPiece)
    };

    Type type = Type::End;
    int index = 0;
    int toolIndex = 0;
    QString text;         // deltas; Start: the model that answered
    QString id;           // ToolCallDelta: the call's id (first delta only)
    QByteArray signature; // ReasoningDelta: the provider's signature over the reasoning block
    QString name;         // ToolCallDelta: the function's name (first delta only)
    std::vector<float> embedding;
    Usage usage;
    // Finish: OpenAI's vocabulary, whatever the provider said: stop, length, tool_calls,
    // content_filter. Dialects translate it (Anthropic: end_turn, max_tokens, tool_use ...).
    QByteArray finishReason;
    // Usage or Finish: provider facts to keep on the request's log row, as a JSON object
    // (Azure's content_filter_results, Gemini's safetyRatings); empty when none.
    QByteArray providerDetail;
    bool stream = false;    // Start: the answer is streamed
    int status = 0;         // Start, Error, Passthrough (whole body)
    QByteArray code;        // Error: machine-readable (upstream_auth_error, upstream_timeout ...)
    QByteArray message;     // Error: for people
    QByteArray body;        // Error: the upstream's body; Passthrough: a whole answer
    QByteArray contentType; // of body
    bool bodyInDialect = false; // Error: body is already an error object of the inbound dialect
    http::HeaderList headers;   // Start, Error, Passthrough: upstream headers that pass on
    std::vector<QByteArrayView> payloads; // Passthrough stream payloads (valid during delivery)
    int contentPayloads = 0;   // Passthrough: how many of payloads carry content (not usage)
    bool bodyPiece = false;    // Passthrough: body is a piece of a relayed answer, more may follow
    qint64 contentLength = -1; // Passthrough piece: the whole answer's length, -1 if unknown

    static ResponseEvent start(const QString& model, bool stream)
    {
        ResponseEvent e;
        e.type = Type::Start;
        e.text = model;
        e.stream = stream;
        e.status = 200;
        return e;
    }
    static ResponseEvent textDelta(QString text, int index = 0)
    {
        ResponseEvent e;
        e.type = Type::TextDelta;
        e.text = std::move(text);
        e.index = index;
        return e;
    }
    // The first delta of a call carries id and name (and maybe arguments); later ones carry
    // pieces of the arguments only.
    static ResponseEvent toolCallDelta(int toolIndex, QString id, QString name, QString arguments,
                                       int index = 0)
    {
        ResponseEvent e;
        e.type = Type::ToolCallDelta;
        e.toolIndex = toolIndex;
        e.id = std::move(id);
        e.name = std::move(name);
        e.text = std::move(arguments);
        e.index = index;
        return e;
    }
    static ResponseEvent reasoningDelta(QString text, int index = 0)
    {
        ResponseEvent e;
        e.type = Type::ReasoningDelta;
        e.text = std::move(text);
        e.index = index;
        return e;
    }
    static ResponseEvent usageEvent(Usage usage)
    {
        ResponseEvent e;
        e.type = Type::Usage;
        e.usage = usage;
        return e;
    }
    static ResponseEvent finish(QByteArray reason, int index = 0)
    {
        ResponseEvent e;
        e.type = Type::Finish;
        e.finishReason = std::move(reason);
        e.index = index;
        return e;
    }
    static ResponseEvent error(int status, QByteArray code, QByteArray message)
    {
        ResponseEvent e;
        e.type = Type::Error;
        e.status = status;
        e.code = std::move(code);
        e.message = std::move(message);
        return e;
    }
    static ResponseEvent end()
    {
        ResponseEvent e;
        e.type = Type::End;
        return e;
    }
};

} // namespace gateway::api

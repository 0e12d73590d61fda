#pragma once

#include "api/Canonical.h"
#include "api/Endpoint.h"
#include "api/Usage.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace gateway::api {

class Dialect;

// What a dialect reads from a request beyond the fields every request has (the Responses
// dialect: previous_response_id, store, its input items and the fields its answer repeats),
// for the stages and the encoder of that dialect. Immutable once parsed.
struct DialectData
{
    virtual ~DialectData() = default;
};

// A request as the pipeline sees it. The body is kept as the client sent it; only the fields
// the gateway needs on every request are read (DESIGN.md: no DOM on the hot path), and the
// byte ranges needed to rewrite it are remembered. Everything else is in canonical(), built on
// first use.
struct ChatRequest
{
    const Dialect* dialect = nullptr; // the inbound API that parsed it
    Endpoint endpoint = Endpoint::ChatCompletions;
    QByteArray body;
    QString model;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage as the client asked
    bool base64Embeddings =
        false; // embeddings: encoding_format "base64" (the openai SDKs' default)
    // The most output tokens the client allows (max_completion_tokens, else max_tokens;
    // Anthropic's max_tokens; Responses' max_output_tokens), read on every request because
    // admission reserves them against token limits and budgets; -1: not set.
    qint64 maxTokens = -1;

    // Byte ranges in body, for rewriting without re-serialising.
    qsizetype modelOffset = -1;
    qsizetype modelLength = 0;
    qsizetype rootOpenOffset = -1;      // the root object's '{'
    qsizetype streamOptionsOffset = -1; // the stream_options value (its '{', or null)
    qsizetype streamOptionsLength = 0;  // length of that first token
    bool streamOptionsIsObject = false;
    bool streamOptionsEmpty = true;
    qsizetype includeUsageOffset = -1; // the include_usage value token, if present
    qsizetype includeUsageLength = 0;

    // The dialect's own parse results (see DialectData); null for dialects that keep none.
    std::shared_ptr<const DialectData> dialectData;

    // The canonical form (messages, tools, sampling parameters ...), built by the dialect the
    // first time it is asked for. Not thread-safe: a request lives on one worker thread.
    const CanonicalRequest& canonical() const;
    // True once canonical() was built (a translating provider or a stage asked for it).
    bool hasCanonical() const { return m_canonical != nullptr; }

private:
    mutable std::shared_ptr<const CanonicalRequest> m_canonical;
};

} // namespace gateway::api

#pragma once

#include <QByteArray>
#include <QString>

namespace gateway::api {

enum class Endpoint { ChatCompletions, Completions, Embeddings };

const char* endpointPath(Endpoint endpoint); // "/chat/completions", relative to a base URL

// The canonical request, as the pipeline sees it. The body is kept as the client sent it; only
// the fields the gateway needs are read (DESIGN.md: no DOM on the hot path), and the byte
// ranges needed to rewrite it are remembered.
struct ChatRequest
{
    Endpoint endpoint = Endpoint::ChatCompletions;
    QByteArray body;
    QString model;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage as the client asked
    bool base64Embeddings =
        false; // embeddings: encoding_format "base64" (the openai SDKs' default)

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
};

struct Usage
{
    qint64 promptTokens = -1; // -1: not reported
    qint64 completionTokens = -1;
    bool known() const { return promptTokens >= 0; }
};

} // namespace gateway::api

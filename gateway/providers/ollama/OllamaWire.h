#pragma once

#include "api/Canonical.h"
#include "providers/TranslatedCall.h"
#include "providers/ollama/NdjsonDecoder.h"

#include <QByteArray>

#include <vector>

// Ollama's native chat API from the provider's side: the /api/chat request built from the
// canonical request, and its answers (one JSON object, or a stream of them, one a line) read
// back as response events. Ollama API reference (docs/api.md): "Generate a chat completion"
// (messages with images, tool_calls and tool messages, tools, format, options, think,
// stream), "Model names", and "Errors".
namespace gateway::providers::ollama {

// A body, or why the canonical request cannot be written as an Ollama request.
struct RequestBody
{
    QByteArray body;
    QString error; // for people; the body is empty when set
};

RequestBody requestBody(const api::CanonicalRequest& request, const QString& model);

// Ollama's answers as response events. Every object (each line of a stream, or a whole
// answer) carries message.content, message.thinking and message.tool_calls pieces; the last
// one has done: true, done_reason and the token counts. {"error": "..."} is an error, also in
// the middle of a stream.
class OllamaDecoder : public WireDecoder
{
public:
    // Ollama's tool calls may carry no id; each gets "call_<idPrefix>_<n>" (the request's
    // trace id keeps ids apart across the turns of a conversation).
    explicit OllamaDecoder(QString idPrefix = QString());

    bool feed(QByteArrayView bytes, std::vector<api::ResponseEvent>& out, QString* error) override;
    bool finish(std::vector<api::ResponseEvent>& out, QString* error) override;
    bool decodeWhole(QByteArrayView body, std::vector<api::ResponseEvent>& out,
                     QString* error) override;
    QByteArray errorMessage(int status, QByteArrayView body) const override;

private:
    bool decodeObject(QByteArrayView json, std::vector<api::ResponseEvent>& out, QString* error);
    bool decodeLines(std::vector<api::ResponseEvent>& out, QString* error);

    QString m_idPrefix;
    NdjsonDecoder m_lines;
    std::vector<QByteArray> m_pending;
    int m_toolCalls = 0;
    bool m_done = false;
    bool m_failed = false; // an Error event was emitted: nothing may follow it
};

} // namespace gateway::providers::ollama

#pragma once

#include "api/Endpoint.h"
#include "http/SseDecoder.h"
#include "providers/TranslatedCall.h"

#include <vector>

namespace gateway::providers::openai {

// OpenAI's answers as a WireDecoder (OpenAiWire.h's decodeChunk and decodeAnswer behind the
// interface TranslatedCall reads): for a backend whose OpenAI answers are translated through
// TranslatedCall rather than relayed, which today is the built-in mock in its "openai" format.
// A stream is SSE data: chunks ending with "data: [DONE]" (OpenAI API reference, "The chat
// completion chunk object"); a stream without [DONE] was cut off. An error object in the middle
// of a stream is an Error event, and nothing after it counts.
class OpenAiDecoder : public WireDecoder
{
public:
    explicit OpenAiDecoder(api::Endpoint endpoint);

    bool feed(QByteArrayView bytes, std::vector<api::ResponseEvent>& out, QString* error) override;
    bool finish(std::vector<api::ResponseEvent>& out, QString* error) override;
    bool decodeWhole(QByteArrayView body, std::vector<api::ResponseEvent>& out,
                     QString* error) override;
    // {"error": {"message": ...}} (OpenAI's shape), or {"error": "..."} (some compatible
    // servers).
    QByteArray errorMessage(int status, QByteArrayView body) const override;

private:
    bool decodeEvents(std::vector<api::ResponseEvent>& out, QString* error);

    api::Endpoint m_endpoint;
    http::SseDecoder m_sse;
    std::vector<http::SseDecoder::Event> m_events;
    bool m_done = false;   // data: [DONE] came
    bool m_failed = false; // an error chunk came: nothing after it counts
};

} // namespace gateway::providers::openai

#pragma once

#include "api/Dialect.h"

#include <vector>

namespace gateway::api {

// Encodes response events in OpenAI's wire format: a chat.completion / text_completion /
// embedding list JSON body, or SSE chunks ending with "data: [DONE]" (OpenAI API reference,
// "The chat completion chunk object"). Pass-through events are relayed as they are.
class OpenAiEncoder : public ResponseEncoder
{
public:
    OpenAiEncoder(const ChatRequest& request, const EncodeOptions& options);
    void encode(const ResponseEvent& event, ResponseWriter& writer) override;

private:
    void start(const ResponseEvent& event, ResponseWriter& writer);
    void passthrough(const ResponseEvent& event, ResponseWriter& writer);
    void delta(const ResponseEvent& event, ResponseWriter& writer);
    void finish(const ResponseEvent& event, ResponseWriter& writer);
    void error(const ResponseEvent& event, ResponseWriter& writer);
    void end(const ResponseEvent& event, ResponseWriter& writer);
    void appendPayloads(const std::vector<QByteArrayView>& payloads);
    void prepareIdentity();
    QByteArray chunkHead();
    QByteArray usageJson() const;
    QByteArray wholeAnswer();
    QByteArray embeddingList();
    // The response's headers: the request's own and those the upstream passes on.
    const http::HeaderList& headers(const http::HeaderList& upstream);
    void writeEvent(ResponseWriter& writer, const QByteArray& json);

    struct Choice
    {
        QString text;
        QString reasoning;
        struct Call
        {
            QString id, name, arguments;
        };
        std::vector<Call> calls;
        QByteArray finishReason;
        bool roleSent = false;
    };
    Choice& choice(int index);

    Endpoint m_endpoint;
    bool m_stream;
    bool m_includeUsage;
    bool m_base64;
    EncodeOptions m_options;
    QString m_modelName;
    QByteArray m_id;    // made on first use (prepareIdentity)
    QByteArray m_model; // m_modelName in UTF-8, made on first use
    http::HeaderList m_upstreamHeaders;
    http::HeaderList m_headers; // scratch for headers()
    bool m_passthrough = false;
    bool m_streamStarted = false;
    bool m_bodyRelay = false;
    Usage m_usage;
    std::vector<Choice> m_choices;
    std::vector<std::vector<float>> m_vectors;
    QByteArray m_out;
    QByteArray m_chunkHead; // chunkHead(), made on first use
    QByteArray m_event;     // writeEvent()'s buffer
};

} // namespace gateway::api

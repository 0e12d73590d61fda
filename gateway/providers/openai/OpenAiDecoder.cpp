#include "providers/openai/OpenAiDecoder.h"

#include "providers/openai/OpenAiWire.h"

namespace gateway::providers::openai {

using api::ResponseEvent;

OpenAiDecoder::OpenAiDecoder(api::Endpoint endpoint) : m_endpoint(endpoint) {}

bool OpenAiDecoder::decodeEvents(std::vector<ResponseEvent>& out, QString* error)
{
    for (const http::SseDecoder::Event& e : m_events) {
        if (m_done || m_failed)
            break;
        if (e.data == "[DONE]") {
            m_done = true;
            break;
        }
        if (e.data.isEmpty())
            continue; // an event without data carries nothing
        const size_t before = out.size();
        if (!decodeChunk(m_endpoint, QByteArrayView(e.data), out)) {
            *error = QStringLiteral("an OpenAI stream chunk is not a JSON object: %1")
                         .arg(QString::fromUtf8(e.data.left(120)));
            m_events.clear();
            return false;
        }
        for (size_t i = before; i < out.size(); ++i)
            if (out[i].type == ResponseEvent::Type::Error)
                m_failed = true;
    }
    m_events.clear();
    return true;
}

bool OpenAiDecoder::feed(QByteArrayView bytes, std::vector<ResponseEvent>& out, QString* error)
{
    if (m_done || m_failed)
        return true;
    if (!m_sse.feed(bytes.data(), size_t(bytes.size()), m_events)) {
        *error = QStringLiteral("an OpenAI stream event is larger than 4 MiB");
        return false;
    }
    return decodeEvents(out, error);
}

bool OpenAiDecoder::finish(std::vector<ResponseEvent>& out, QString* error)
{
    if (m_done || m_failed)
        return true;
    m_sse.finish(m_events);
    if (!decodeEvents(out, error))
        return false;
    if (!m_done && !m_failed) {
        *error = QStringLiteral("the OpenAI stream ended before data: [DONE]");
        return false;
    }
    return true;
}

bool OpenAiDecoder::decodeWhole(QByteArrayView body, std::vector<ResponseEvent>& out,
                                QString* error)
{
    if (body.isEmpty()) {
        *error = QStringLiteral("the backend's answer is empty");
        return false;
    }
    if (isErrorObject(body)) {
        // An error object in a 200 answer (some compatible servers send them so).
        const QByteArray message = errorMessage(200, body);
        out.push_back(ResponseEvent::error(
            502, "upstream_error",
            message.isEmpty() ? QByteArray("the backend answered with an error object") : message));
        return true;
    }
    std::vector<ResponseEvent> events;
    if (!decodeAnswer(m_endpoint, body, events)) {
        *error = QStringLiteral("the backend's answer is not a JSON object");
        return false;
    }
    // Start and End come from the call (TranslatedCall); the rest is the answer.
    for (ResponseEvent& e : events)
        if (e.type != ResponseEvent::Type::Start && e.type != ResponseEvent::Type::End)
            out.push_back(std::move(e));
    return true;
}

QByteArray OpenAiDecoder::errorMessage(int, QByteArrayView body) const
{
    return openai::errorMessage(body);
}

} // namespace gateway::providers::openai

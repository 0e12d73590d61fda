#include "api/openai/OpenAiEncoder.h"

#include "api/openai/OpenAiError.h"

#include <QDateTime>
#include <QtEndian>

#include <bit>

namespace gateway::api {

OpenAiEncoder::OpenAiEncoder(const ChatRequest& request, const EncodeOptions& options)
    : m_endpoint(request.endpoint), m_stream(request.stream), m_includeUsage(request.includeUsage),
      m_base64(request.base64Embeddings), m_options(options), m_modelName(request.model)
{}

void OpenAiEncoder::prepareIdentity()
{
    // Only answers the encoder writes itself need them; a pass-through answer never does.
    if (!m_id.isEmpty())
        return;
    m_id = (m_endpoint == Endpoint::ChatCompletions ? "chatcmpl-" : "cmpl-") + m_options.traceId;
    m_model = m_modelName.toUtf8();
    if (m_options.createdSecs == 0)
        m_options.createdSecs = QDateTime::currentSecsSinceEpoch();
}

void OpenAiEncoder::encode(const ResponseEvent& event, ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    switch (event.type) {
    case T::Start: start(event, writer); return;
    case T::Passthrough: passthrough(event, writer); return;
    case T::TextDelta:
    case T::ToolCallDelta:
    case T::ReasoningDelta: delta(event, writer); return;
    case T::Embedding:
        if (event.index >= 0 && event.index < 1'000'000) {
            if (size_t(event.index) >= m_vectors.size())
                m_vectors.resize(size_t(event.index) + 1);
            m_vectors[size_t(event.index)] = event.embedding;
        }
        return;
    case T::Usage: m_usage = event.usage; return;
    case T::Finish: finish(event, writer); return;
    case T::Error: error(event, writer); return;
    case T::End: end(event, writer); return;
    }
}

const http::HeaderList& OpenAiEncoder::headers(const http::HeaderList& upstream)
{
    if (upstream.empty())
        return m_options.headers;
    m_headers = m_options.headers;
    m_headers.insert(m_headers.end(), upstream.begin(), upstream.end());
    return m_headers;
}

void OpenAiEncoder::start(const ResponseEvent& event, ResponseWriter& writer)
{
    if (!event.text.isEmpty())
        m_modelName = event.text;
    m_upstreamHeaders = event.headers;
    m_stream = event.stream;
    if (!event.stream)
        return; // a whole answer is written at End
    m_streamStarted = true;
    http::HeaderList h = headers(event.headers);
    h.emplace_back(QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-cache"));
    m_out.clear();
    if (!event.payloads.empty()) {
        m_passthrough = true;
        appendPayloads(event.payloads);
    }
    writer.startStream(200, "text/event-stream", h, m_out);
}

void OpenAiEncoder::passthrough(const ResponseEvent& event, ResponseWriter& writer)
{
    m_passthrough = true;
    if (event.bodyPiece) {
        // An answer relayed as it arrives (flow-controlled), not held whole.
        if (!writer.started()) {
            m_bodyRelay = true;
            writer.startBody(event.status ? event.status : 200,
                             event.contentType.isEmpty() ? QByteArray("application/json")
                                                         : event.contentType,
                             event.contentLength, headers(event.headers));
        }
        if (!event.body.isEmpty())
            writer.write(event.body);
        return;
    }
    if (event.payloads.empty()) {
        // A whole answer (stream payloads always come with at least one).
        if (writer.started())
            return;
        writer.respond(event.status ? event.status : 200,
                       event.contentType.isEmpty() ? QByteArray("application/json")
                                                   : event.contentType,
                       event.body, headers(event.headers));
        return;
    }
    m_out.clear();
    appendPayloads(event.payloads);
    if (!m_out.isEmpty())
        writer.write(m_out);
}

void OpenAiEncoder::appendPayloads(const std::vector<QByteArrayView>& payloads)
{
    for (QByteArrayView payload : payloads) {
        m_out += "data: ";
        m_out.append(payload.data(), payload.size());
        m_out += "\n\n";
    }
}

OpenAiEncoder::Choice& OpenAiEncoder::choice(int index)
{
    // A model answers a few choices at most (n); a bound keeps a hostile index from allocating.
    const size_t i = size_t(qBound(0, index, 127));
    if (i >= m_choices.size())
        m_choices.resize(i + 1);
    return m_choices[i];
}

QByteArray OpenAiEncoder::chunkHead()
{
    // The same for every chunk of the answer: made once (a translated stream writes one chunk
    // per delta).
    if (m_chunkHead.isEmpty()) {
        prepareIdentity();
        m_chunkHead = "{\"id\":\"" + m_id + "\",\"object\":\"";
        m_chunkHead +=
            m_endpoint == Endpoint::Completions ? "text_completion" : "chat.completion.chunk";
        m_chunkHead +=
            "\",\"created\":" + QByteArray::number(m_options.createdSecs) + ",\"model\":";
        m_chunkHead += jsonString(m_model);
        m_chunkHead += ',';
    }
    return m_chunkHead;
}

void OpenAiEncoder::writeEvent(ResponseWriter& writer, const QByteArray& json)
{
    // One buffer, kept between events: the writer copies what it is given.
    m_event.resize(0);
    m_event.reserve(json.size() + 8);
    m_event += "data: ";
    m_event += json;
    m_event += "\n\n";
    writer.write(m_event);
}

void OpenAiEncoder::delta(const ResponseEvent& event, ResponseWriter& writer)
{
    using T = ResponseEvent::Type;
    Choice& c = choice(event.index);
    if (!m_stream) {
        if (event.type == T::TextDelta) {
            c.text += event.text;
        } else if (event.type == T::ReasoningDelta) {
            c.reasoning += event.text;
        } else {
            const size_t t = size_t(qBound(0, event.toolIndex, 127));
            if (t >= c.calls.size())
                c.calls.resize(t + 1);
            if (!event.id.isEmpty())
                c.calls[t].id = event.id;
            if (!event.name.isEmpty())
                c.calls[t].name = event.name;
            c.calls[t].arguments += event.text;
        }
        return;
    }
    const QByteArray index = QByteArray::number(event.index);
    QByteArray json = chunkHead();
    if (m_endpoint == Endpoint::Completions) {
        json += "\"choices\":[{\"text\":" + jsonString(event.text.toUtf8()) +
                ",\"index\":" + index + ",\"logprobs\":null,\"finish_reason\":null}]}";
        writeEvent(writer, json);
        return;
    }
    json += "\"choices\":[{\"index\":" + index + ",\"delta\":{";
    if (!c.roleSent) {
        c.roleSent = true;
        json += "\"role\":\"assistant\",";
    }
    if (event.type == T::TextDelta) {
        json += "\"content\":" + jsonString(event.text.toUtf8());
    } else if (event.type == T::ReasoningDelta) {
        // The field vLLM, DeepSeek and LiteLLM use for reasoning in chat completions.
        json += "\"reasoning_content\":" + jsonString(event.text.toUtf8());
    } else {
        json += "\"tool_calls\":[{\"index\":" + QByteArray::number(event.toolIndex);
        if (!event.id.isEmpty())
            json += ",\"id\":" + jsonString(event.id.toUtf8()) + ",\"type\":\"function\"";
        json += ",\"function\":{";
        if (!event.name.isEmpty())
            json += "\"name\":" + jsonString(event.name.toUtf8()) + ',';
        json += "\"arguments\":" + jsonString(event.text.toUtf8()) + "}}]";
    }
    json += "},\"finish_reason\":null}]}";
    writeEvent(writer, json);
}

void OpenAiEncoder::finish(const ResponseEvent& event, ResponseWriter& writer)
{
    choice(event.index).finishReason = event.finishReason;
    if (!m_stream)
        return;
    QByteArray json = chunkHead();
    const QByteArray index = QByteArray::number(event.index);
    const QByteArray reason = jsonString(event.finishReason);
    if (m_endpoint == Endpoint::Completions)
        json += "\"choices\":[{\"text\":\"\",\"index\":" + index +
                ",\"logprobs\":null,\"finish_reason\":" + reason + "}]}";
    else
        json += "\"choices\":[{\"index\":" + index + ",\"delta\":{},\"finish_reason\":" + reason +
                "}]}";
    writeEvent(writer, json);
}

void OpenAiEncoder::error(const ResponseEvent& event, ResponseWriter& writer)
{
    const int status = event.status > 0 ? event.status : 502;
    const QByteArray body =
        event.bodyInDialect && !event.body.isEmpty()
            ? event.body
            : openAiError(event.message, openAiErrorType(status), nullptr,
                          event.code.isEmpty() ? nullptr : event.code.constData());
    if (!writer.started()) {
        writer.respond(status, "application/json", body, headers(event.headers));
        return;
    }
    if (m_bodyRelay) {
        // A JSON body has no room for an error: cut it, so that it cannot be taken as whole.
        writer.abortStream();
        return;
    }
    // Mid-stream: tell the client in-band (an SSE error event, as OpenAI does), then cut the
    // stream so that it cannot be taken for a complete answer.
    writeEvent(writer, body);
    writer.abortStream();
}

QByteArray OpenAiEncoder::usageJson() const
{
    const qint64 prompt = qMax<qint64>(0, m_usage.promptTokens);
    if (m_endpoint == Endpoint::Embeddings)
        return "{\"prompt_tokens\":" + QByteArray::number(prompt) +
               ",\"total_tokens\":" + QByteArray::number(prompt) + "}";
    const qint64 completion = qMax<qint64>(0, m_usage.completionTokens);
    QByteArray json = "{\"prompt_tokens\":" + QByteArray::number(prompt) +
                      ",\"completion_tokens\":" + QByteArray::number(completion) +
                      ",\"total_tokens\":" + QByteArray::number(prompt + completion);
    // OpenAI's detail objects; cache writes have no OpenAI field and so go out under the name
    // LiteLLM and OpenRouter use for them.
    if (m_usage.cacheReadTokens > 0 || m_usage.cacheWriteTokens > 0) {
        json += ",\"prompt_tokens_details\":{\"cached_tokens\":" +
                QByteArray::number(m_usage.cacheReadTokens);
        if (m_usage.cacheWriteTokens > 0)
            json += ",\"cache_write_tokens\":" + QByteArray::number(m_usage.cacheWriteTokens);
        json += '}';
    }
    if (m_usage.reasoningTokens > 0)
        json += ",\"completion_tokens_details\":{\"reasoning_tokens\":" +
                QByteArray::number(m_usage.reasoningTokens) + '}';
    return json + '}';
}

QByteArray OpenAiEncoder::embeddingList()
{
    prepareIdentity();
    QByteArray out = "{\"object\":\"list\",\"data\":[";
    for (size_t i = 0; i < m_vectors.size(); ++i) {
        if (i)
            out += ',';
        out += "{\"object\":\"embedding\",\"index\":" + QByteArray::number(qulonglong(i)) +
               ",\"embedding\":";
        if (m_base64) {
            // encoding_format "base64": little-endian float32s (the openai SDKs' default).
            QByteArray floats;
            for (float v : m_vectors[i]) {
                const quint32 bits = qToLittleEndian(std::bit_cast<quint32>(v));
                floats.append(reinterpret_cast<const char*>(&bits), sizeof bits);
            }
            out += '"' + floats.toBase64() + '"';
        } else {
            out += '[';
            for (size_t d = 0; d < m_vectors[i].size(); ++d) {
                if (d)
                    out += ',';
                out += QByteArray::number(m_vectors[i][d], 'f', 6);
            }
            out += ']';
        }
        out += '}';
    }
    out += "],\"model\":" + jsonString(m_model) + ",\"usage\":" + usageJson() + "}";
    return out;
}

QByteArray OpenAiEncoder::wholeAnswer()
{
    prepareIdentity();
    const bool chat = m_endpoint == Endpoint::ChatCompletions;
    QByteArray out = "{\"id\":\"" + m_id + "\",\"object\":\"";
    out += chat ? "chat.completion" : "text_completion";
    out += "\",\"created\":" + QByteArray::number(m_options.createdSecs) +
           ",\"model\":" + jsonString(m_model) + ",\"choices\":[";
    const size_t count = qMax<size_t>(1, m_choices.size());
    for (size_t i = 0; i < count; ++i) {
        const Choice c = i < m_choices.size() ? m_choices[i] : Choice();
        if (i)
            out += ',';
        const QByteArray finish =
            c.finishReason.isEmpty() ? QByteArray("null") : jsonString(c.finishReason);
        const QByteArray index = QByteArray::number(qulonglong(i));
        if (!chat) {
            out += "{\"text\":" + jsonString(c.text.toUtf8()) + ",\"index\":" + index +
                   ",\"logprobs\":null,\"finish_reason\":" + finish + "}";
            continue;
        }
        out += "{\"index\":" + index + ",\"message\":{\"role\":\"assistant\",\"content\":";
        out +=
            c.text.isEmpty() && !c.calls.empty() ? QByteArray("null") : jsonString(c.text.toUtf8());
        if (!c.reasoning.isEmpty())
            out += ",\"reasoning_content\":" + jsonString(c.reasoning.toUtf8());
        if (!c.calls.empty()) {
            out += ",\"tool_calls\":[";
            for (size_t t = 0; t < c.calls.size(); ++t) {
                if (t)
                    out += ',';
                out += "{\"id\":" + jsonString(c.calls[t].id.toUtf8()) +
                       ",\"type\":\"function\",\"function\":{\"name\":" +
                       jsonString(c.calls[t].name.toUtf8()) +
                       ",\"arguments\":" + jsonString(c.calls[t].arguments.toUtf8()) + "}}";
            }
            out += ']';
        }
        out += ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":" + finish + "}";
    }
    out += "],\"usage\":" + usageJson() + "}";
    return out;
}

void OpenAiEncoder::end(const ResponseEvent& event, ResponseWriter& writer)
{
    if (m_bodyRelay) {
        writer.endStream(event.body);
        return;
    }
    if (!m_streamStarted) {
        if (writer.started())
            return; // a pass-through body was written whole
        writer.respond(200, "application/json",
                       m_endpoint == Endpoint::Embeddings ? embeddingList() : wholeAnswer(),
                       headers(m_upstreamHeaders));
        return;
    }
    // The rest of the stream leaves in one write: the last pass-through payloads, the usage
    // chunk the client asked for, [DONE] and the end of the body.
    m_out.clear();
    appendPayloads(event.payloads);
    if (!m_passthrough && m_includeUsage && m_usage.known())
        m_out += "data: " + chunkHead() + "\"choices\":[],\"usage\":" + usageJson() + "}\n\n";
    m_out += "data: [DONE]\n\n";
    writer.endStream(m_out);
}

} // namespace gateway::api

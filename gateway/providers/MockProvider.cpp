#include "providers/MockProvider.h"

#include "api/OpenAiDialect.h"
#include "api/OpenAiError.h"

#include <QDateTime>
#include <QTimer>
#include <QtEndian>

#include <bit>
#include <cmath>

namespace gateway::providers {

namespace {

const char* const vocabulary[] = {
    "the",    "gateway", "routes", "each",    "request", "to",    "a",       "backend",
    "and",    "records", "tokens", "latency", "cost",    "for",   "every",   "model",
    "switch", "board",   "mock",   "answer",  "stream",  "chunk", "offline", "local",
    "quota",  "budget",  "cache",  "policy",  "route",   "fast",  "smart",   "reply"};

quint64 fnv1a(const QByteArray& bytes, quint64 seed = 1469598103934665603ULL)
{
    quint64 h = seed;
    for (char c : bytes) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return h;
}

// xorshift64*: small, fast and reproducible across platforms.
quint64 nextRandom(quint64& state)
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ULL;
}

class MockCall : public ProviderCall
{
public:
    MockCall(const config::MockModel& profile, const api::ChatRequest& request,
             const QString& model, const QByteArray& traceId, bool fail, ProviderSink* sink)
        : m_profile(profile), m_endpoint(request.endpoint), m_stream(request.stream),
          m_model(model.toUtf8()), m_base64(request.base64Embeddings), m_sink(sink), m_fail(fail)
    {
        const QString prompt = api::OpenAiDialect::promptText(request);
        m_promptTokens = api::estimateTokens(prompt);
        m_id =
            (request.endpoint == api::Endpoint::ChatCompletions ? "chatcmpl-" : "cmpl-") + traceId;
        m_created = QDateTime::currentSecsSinceEpoch();
        if (m_endpoint == api::Endpoint::Embeddings)
            m_inputs = embeddingInputs(request);
        else
            m_words = MockProvider::answerWords(model, prompt, profile.outputTokens);
        m_timer.setSingleShot(true);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { step(); });
        m_timer.start(profile.ttftMs);
    }

    void cancel() override
    {
        m_cancelled = true;
        m_timer.stop();
    }

    // Generation stops at the next chunk and goes on where it stopped.
    void pauseReading() override { m_paused = true; }

    void resumeReading() override
    {
        m_paused = false;
        if (m_stepDue && !m_cancelled) {
            m_stepDue = false;
            m_timer.start(0); // from the event loop, never inside the caller
        }
    }

private:
    static QStringList embeddingInputs(const api::ChatRequest& request)
    {
        // One vector per input string; a token array counts as one input.
        const QString text = api::OpenAiDialect::promptText(request);
        QStringList inputs = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        if (inputs.isEmpty())
            inputs << QString();
        return inputs;
    }

    int msPerChunk() const
    {
        if (m_profile.tokensPerSecond <= 0)
            return 0;
        return int(std::lround(1000.0 * m_profile.chunkTokens / m_profile.tokensPerSecond));
    }

    void step()
    {
        if (m_paused) {
            m_stepDue = true;
            return;
        }
        if (m_fail) {
            const QByteArray body = api::openAiError(
                QByteArray("mock backend: injected failure for model ") + m_model,
                api::openAiErrorType(m_profile.failStatus), nullptr, "mock_injected_failure");
            m_sink->onComplete(m_profile.failStatus, body, {});
            return;
        }
        if (m_endpoint == api::Endpoint::Embeddings) {
            completeEmbeddings();
            return;
        }
        if (!m_stream) {
            // A whole answer takes the time its tokens would have streamed for.
            const int remaining = int(std::lround(
                m_profile.tokensPerSecond > 0 ? 1000.0 * m_words.size() / m_profile.tokensPerSecond
                                              : 0));
            if (!m_generated && remaining > 0) {
                m_generated = true;
                m_timer.start(remaining);
                return;
            }
            completeWhole();
            return;
        }
        if (!m_started) {
            m_started = true;
            m_sink->onStreamStart();
            if (m_cancelled)
                return;
        }
        streamNextChunk();
    }

    void streamNextChunk()
    {
        const int total = int(m_words.size());
        if (m_profile.resetMidStream && m_sent >= total / 2 && total > 0) {
            m_sink->onFailure(upstream::ErrorKind::Reset,
                              QStringLiteral("mock backend reset the stream (failure injection)"));
            return;
        }
        if (m_sent < total) {
            const int n = qMin(m_profile.chunkTokens, total - m_sent);
            QString text;
            for (int i = 0; i < n; ++i)
                text +=
                    (m_sent + i == 0 ? QString() : QStringLiteral(" ")) + m_words.at(m_sent + i);
            m_sent += n;
            const QByteArray chunk = chunkJson(text.toUtf8(), m_sent == n);
            m_sink->onStreamEvents({QByteArrayView(chunk)});
            if (m_cancelled)
                return; // cancelled from inside the callback
            if (m_sent < total || m_profile.resetMidStream) {
                m_timer.start(msPerChunk());
                return;
            }
        }
        const QByteArray finish = finishJson();
        const QByteArray usage = usageChunkJson();
        m_sink->onStreamEvents(
            {QByteArrayView(finish), QByteArrayView(usage), QByteArrayView("[DONE]")});
        if (!m_cancelled)
            m_sink->onStreamEnd();
    }

    QByteArray head(const char* object) const
    {
        return "{\"id\":\"" + m_id + "\",\"object\":\"" + object +
               "\",\"created\":" + QByteArray::number(m_created) + ",\"model\":\"" + m_model +
               "\",";
    }

    QByteArray usageJson() const
    {
        const qint64 completion = m_words.size();
        return "\"usage\":{\"prompt_tokens\":" + QByteArray::number(m_promptTokens) +
               ",\"completion_tokens\":" + QByteArray::number(completion) +
               ",\"total_tokens\":" + QByteArray::number(m_promptTokens + completion) + "}";
    }

    QByteArray chunkJson(const QByteArray& text, bool first) const
    {
        QByteArray out;
        if (m_endpoint == api::Endpoint::Completions) {
            out = head("text_completion") + "\"choices\":[{\"text\":\"";
            api::appendJsonEscaped(out, text);
            out += "\",\"index\":0,\"logprobs\":null,\"finish_reason\":null}]}";
            return out;
        }
        out = head("chat.completion.chunk") + "\"choices\":[{\"index\":0,\"delta\":{";
        if (first)
            out += "\"role\":\"assistant\",";
        out += "\"content\":\"";
        api::appendJsonEscaped(out, text);
        out += "\"},\"finish_reason\":null}]}";
        return out;
    }

    QByteArray finishJson() const
    {
        if (m_endpoint == api::Endpoint::Completions)
            return head("text_completion") + "\"choices\":[{\"text\":\"\",\"index\":0,\"logprobs\":"
                                             "null,\"finish_reason\":\"stop\"}]}";
        return head("chat.completion.chunk") +
               "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    }

    QByteArray usageChunkJson() const
    {
        return head(m_endpoint == api::Endpoint::Completions ? "text_completion"
                                                             : "chat.completion.chunk") +
               "\"choices\":[]," + usageJson() + "}";
    }

    void completeWhole()
    {
        QByteArray out;
        const QByteArray text = m_words.join(QLatin1Char(' ')).toUtf8();
        if (m_endpoint == api::Endpoint::Completions) {
            out = head("text_completion") + "\"choices\":[{\"text\":\"";
            api::appendJsonEscaped(out, text);
            out += "\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}],";
        } else {
            out = head("chat.completion") +
                  "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"";
            api::appendJsonEscaped(out, text);
            out += "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],";
        }
        out += usageJson() + "}";
        api::Usage usage;
        usage.promptTokens = m_promptTokens;
        usage.completionTokens = m_words.size();
        m_sink->onComplete(200, out, usage);
    }

    void completeEmbeddings()
    {
        QByteArray out = "{\"object\":\"list\",\"data\":[";
        for (int i = 0; i < m_inputs.size(); ++i) {
            if (i)
                out += ',';
            out +=
                "{\"object\":\"embedding\",\"index\":" + QByteArray::number(i) + ",\"embedding\":";
            quint64 state = fnv1a(m_inputs.at(i).toUtf8(), fnv1a(m_model)) | 1;
            QByteArray floats; // little-endian float32, for encoding_format "base64"
            QByteArray list = "[";
            for (int d = 0; d < m_profile.embeddingDimensions; ++d) {
                const float v = float(double(nextRandom(state) % 2000001) / 1000000.0 - 1.0);
                if (m_base64) {
                    const quint32 bits = qToLittleEndian(std::bit_cast<quint32>(v));
                    floats.append(reinterpret_cast<const char*>(&bits), sizeof bits);
                } else {
                    if (d)
                        list += ',';
                    list += QByteArray::number(v, 'f', 6);
                }
            }
            out += m_base64 ? '"' + floats.toBase64() + '"' : list + ']';
            out += '}';
        }
        out += "],\"model\":\"" + m_model +
               "\",\"usage\":{\"prompt_tokens\":" + QByteArray::number(m_promptTokens) +
               ",\"total_tokens\":" + QByteArray::number(m_promptTokens) + "}}";
        api::Usage usage;
        usage.promptTokens = m_promptTokens;
        usage.completionTokens = 0;
        m_sink->onComplete(200, out, usage);
    }

    config::MockModel m_profile;
    api::Endpoint m_endpoint;
    bool m_stream;
    QByteArray m_model;
    bool m_base64;
    ProviderSink* m_sink;
    bool m_fail;
    QByteArray m_id;
    qint64 m_created = 0;
    qint64 m_promptTokens = 0;
    QStringList m_words;
    QStringList m_inputs;
    QTimer m_timer;
    int m_sent = 0;
    bool m_started = false;
    bool m_generated = false;
    bool m_cancelled = false;
    bool m_paused = false;
    bool m_stepDue = false; // a step came while paused: run it at resume
};

} // namespace

MockProvider::MockProvider(const config::Backend& backend)
    : m_backend(backend), m_defaultCounter(std::make_shared<std::atomic<quint64>>(0))
{
    for (const config::MockModel& m : backend.mockModels)
        m_counters.insert(m.name, std::make_shared<std::atomic<quint64>>(0));
}

QStringList MockProvider::answerWords(const QString& model, const QString& prompt, int tokens)
{
    quint64 state = fnv1a(prompt.toUtf8(), fnv1a(model.toUtf8())) | 1;
    QStringList words;
    words.reserve(tokens);
    constexpr size_t vocabularySize = sizeof vocabulary / sizeof vocabulary[0];
    for (int i = 0; i < tokens; ++i)
        words << QString::fromLatin1(vocabulary[nextRandom(state) % vocabularySize]);
    return words;
}

std::unique_ptr<ProviderCall> MockProvider::start(const api::ChatRequest& request,
                                                  const QString& upstreamModel,
                                                  const CallEnvironment& environment,
                                                  ProviderSink* sink) const
{
    static const config::MockModel defaults;
    const config::MockModel* profile = m_backend.mockModel(upstreamModel);
    if (!profile)
        profile = &defaults;
    // Failures are spread evenly: request n fails when floor((n+1)*rate) > floor(n*rate).
    bool fail = false;
    if (profile->failStatus > 0 && profile->failRate > 0) {
        const auto counter = m_counters.value(upstreamModel, m_defaultCounter);
        const quint64 n = counter->fetch_add(1);
        fail = std::floor(double(n + 1) * profile->failRate) >
               std::floor(double(n) * profile->failRate);
    }
    return std::make_unique<MockCall>(*profile, request, upstreamModel, environment.traceId, fail,
                                      sink);
}

} // namespace gateway::providers

#include "providers/mock/MockProvider.h"

#include "providers/RefusedCall.h"
#include "providers/mock/MockAnswer.h"
#include "providers/mock/MockWire.h"
#include "state/SharedState.h"

#include <QTimer>

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

using api::ResponseEvent;

class MockCall : public ProviderCall
{
public:
    // wire: the answer's way through a provider's wire format; null for neutral events.
    MockCall(const config::MockModel& profile, const api::ChatRequest& request,
             const QString& model, bool fail, ResponseSink* sink, std::unique_ptr<MockWire> wire)
        : m_profile(profile), m_endpoint(request.endpoint), m_stream(request.stream),
          m_model(model), m_sink(sink), m_wire(std::move(wire)), m_fail(fail)
    {
        const api::CanonicalRequest& canonical = request.canonical();
        m_promptTokens = api::estimateTokens(canonical.promptText());
        if (m_endpoint == api::Endpoint::Embeddings) {
            // One vector per input string; a token array counts as one input.
            m_inputs = canonical.inputs;
            if (m_inputs.isEmpty())
                m_inputs << QString();
        } else {
            plan(canonical);
        }
        m_timer.setSingleShot(true);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { step(); });
        m_timer.start(profile.ttftMs);
    }

    void cancel() override
    {
        m_cancelled = true;
        m_timer.stop();
        if (m_wire)
            m_wire->cancel();
    }

    // Flow control: generation waits while the client is behind.
    void pauseReading() override
    {
        if (m_paused || m_cancelled)
            return;
        m_paused = true;
        m_remainingMs = m_timer.isActive() ? m_timer.remainingTime() : -1;
        m_timer.stop();
    }

    void resumeReading() override
    {
        if (!m_paused || m_cancelled)
            return;
        m_paused = false;
        if (m_remainingMs >= 0)
            m_timer.start(m_remainingMs);
    }

private:
    // The answer per choice (MockAnswer.h); its deltas are made as they stream (deltaAt), so a
    // long answer holds its text, not an event per chunk.
    void plan(const api::CanonicalRequest& canonical)
    {
        m_choices = planMockAnswer(canonical, m_profile, m_model);
        const qsizetype argumentPiece = qMax(4, m_profile.chunkTokens * 4);
        for (MockChoice& c : m_choices) {
            QList<QStringList> arguments;
            int deltas = int(c.pieces.size());
            for (const api::ToolCall& call : c.toolCalls) {
                QStringList pieces;
                for (qsizetype at = 0; at < call.arguments.size(); at += argumentPiece)
                    pieces << call.arguments.mid(at, argumentPiece);
                deltas += 1 + int(pieces.size()); // the call's head, then its arguments
                arguments << pieces;
            }
            m_argumentPieces << arguments;
            m_ticks = qMax(m_ticks, deltas);
            m_completionTokens += c.completionTokens;
        }
    }

    int deltaCount(int index) const
    {
        int count = int(m_choices[size_t(index)].pieces.size());
        for (const QStringList& pieces : m_argumentPieces.at(index))
            count += 1 + int(pieces.size());
        return count;
    }

    // Delta k of choice `index`: its text pieces, then each tool call's head and arguments.
    ResponseEvent deltaAt(int index, int k) const
    {
        const MockChoice& c = m_choices[size_t(index)];
        if (k < c.pieces.size())
            return ResponseEvent::textDelta(c.pieces.at(k), index);
        k -= int(c.pieces.size());
        for (int t = 0; t < c.toolCalls.size(); ++t) {
            const QStringList& pieces = m_argumentPieces.at(index).at(t);
            if (k == 0)
                return ResponseEvent::toolCallDelta(t, c.toolCalls.at(t).id, c.toolCalls.at(t).name,
                                                    {}, index);
            if (k <= pieces.size())
                return ResponseEvent::toolCallDelta(t, {}, {}, pieces.at(k - 1), index);
            k -= 1 + int(pieces.size());
        }
        return ResponseEvent::textDelta({}, index);
    }

    int msPerChunk() const
    {
        if (m_profile.tokensPerSecond <= 0)
            return 0;
        return int(std::lround(1000.0 * m_profile.chunkTokens / m_profile.tokensPerSecond));
    }

    // False once the call was cancelled from inside the sink. With a wire format the event is
    // written in it, and the sink gets it as decoded from the bytes (at the end of the read).
    bool emitEvent(ResponseEvent event)
    {
        if (m_wire)
            m_wire->encode(event);
        else
            m_sink->onEvent(event);
        return !m_cancelled;
    }

    // The end of one tick's output, as of one read of an upstream's answer: what the wire
    // decoded goes to the sink. False once cancelled.
    bool endOfRead()
    {
        if (m_wire)
            m_wire->flush();
        return !m_cancelled;
    }

    void step()
    {
        if (m_fail) {
            emitEvent(ResponseEvent::error(m_profile.failStatus, "mock_injected_failure",
                                           "mock backend: injected failure for model " +
                                               m_model.toUtf8()));
            return;
        }
        if (m_endpoint == api::Endpoint::Embeddings) {
            completeEmbeddings();
            return;
        }
        if (!m_stream) {
            // A whole answer takes the time its tokens would have streamed for.
            const int remaining = int(
                std::lround(m_profile.tokensPerSecond > 0
                                ? 1000.0 * double(m_completionTokens) / m_profile.tokensPerSecond
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
            if (!emitEvent(ResponseEvent::start(m_model, true)))
                return;
            // Providers report the prompt's tokens as a stream begins (Anthropic's
            // message_start, Gemini's first chunks); a wire format that has room for them
            // carries them. The neutral events keep their one Usage at the end.
            if (m_wire) {
                api::Usage early;
                early.promptTokens = m_promptTokens;
                early.completionTokens = 0;
                if (!emitEvent(ResponseEvent::usageEvent(early)))
                    return;
            }
        }
        streamNextTick();
    }

    // One chunk of every choice that still has one.
    void streamNextTick()
    {
        if (m_profile.resetMidStream && m_sent >= m_ticks / 2 && m_ticks > 0) {
            static const char reset[] = "mock backend reset the stream (failure injection)";
            if (m_wire)
                m_wire->reset(QString::fromLatin1(reset)); // the connection drops
            else
                emitEvent(ResponseEvent::error(0, "upstream_reset", reset));
            return;
        }
        if (m_sent < m_ticks) {
            for (int index = 0; index < int(m_choices.size()); ++index)
                if (m_sent < deltaCount(index) && !emitEvent(deltaAt(index, m_sent)))
                    return;
            if (!endOfRead())
                return;
            ++m_sent;
            if (m_sent < m_ticks || m_profile.resetMidStream) {
                if (!m_paused)
                    m_timer.start(msPerChunk());
                else
                    m_remainingMs = msPerChunk();
                return;
            }
        }
        finishAll();
    }

    void finishAll()
    {
        for (int index = 0; index < int(m_choices.size()); ++index)
            if (!emitEvent(ResponseEvent::finish(m_choices[size_t(index)].finishReason, index)))
                return;
        if (emitEvent(ResponseEvent::usageEvent(usage())))
            emitEvent(ResponseEvent::end());
    }

    api::Usage usage() const
    {
        api::Usage u;
        u.promptTokens = m_promptTokens;
        u.completionTokens = m_completionTokens;
        return u;
    }

    // Every choice whole: its text in one delta, each tool call in one.
    void completeWhole()
    {
        if (!emitEvent(ResponseEvent::start(m_model, false)))
            return;
        for (int index = 0; index < int(m_choices.size()); ++index) {
            const MockChoice& c = m_choices[size_t(index)];
            if (!c.pieces.isEmpty() &&
                !emitEvent(ResponseEvent::textDelta(c.pieces.join(QString()), index)))
                return;
            for (int t = 0; t < c.toolCalls.size(); ++t) {
                const api::ToolCall& call = c.toolCalls.at(t);
                if (!emitEvent(
                        ResponseEvent::toolCallDelta(t, call.id, call.name, call.arguments, index)))
                    return;
            }
        }
        finishAll();
    }

    void completeEmbeddings()
    {
        if (!emitEvent(ResponseEvent::start(m_model, false)))
            return;
        const quint64 modelSeed = fnv1a(m_model.toUtf8());
        for (int i = 0; i < m_inputs.size(); ++i) {
            ResponseEvent e;
            e.type = ResponseEvent::Type::Embedding;
            e.index = i;
            quint64 state = fnv1a(m_inputs.at(i).toUtf8(), modelSeed) | 1;
            e.embedding.reserve(size_t(m_profile.embeddingDimensions));
            for (int d = 0; d < m_profile.embeddingDimensions; ++d)
                e.embedding.push_back(float(double(nextRandom(state) % 2000001) / 1000000.0 - 1.0));
            if (!emitEvent(std::move(e)))
                return;
        }
        api::Usage u;
        u.promptTokens = m_promptTokens;
        u.completionTokens = 0;
        if (emitEvent(ResponseEvent::usageEvent(u)))
            emitEvent(ResponseEvent::end());
    }

    config::MockModel m_profile;
    api::Endpoint m_endpoint;
    bool m_stream;
    QString m_model;
    ResponseSink* m_sink;
    std::unique_ptr<MockWire> m_wire;
    bool m_fail;
    qint64 m_promptTokens = 0;
    qint64 m_completionTokens = 0;
    std::vector<MockChoice> m_choices;
    QList<QList<QStringList>> m_argumentPieces; // per choice, per tool call: as they stream
    int m_ticks = 0;                            // deltas of the longest choice
    QStringList m_inputs;
    QTimer m_timer;
    int m_sent = 0;
    int m_remainingMs = -1;
    bool m_started = false;
    bool m_generated = false;
    bool m_cancelled = false;
    bool m_paused = false;
};

} // namespace

MockProvider::MockProvider(const config::Backend& backend, state::SharedState& shared)
    : m_backend(backend)
{
    // The failure sequence of each model outlives a reload: a reload does not restart "every
    // third request fails" from the beginning.
    auto counter = [&](const QString& model) {
        return shared.slot<std::atomic<quint64>>(sharedKey(backend.name, model), [] {
            return std::make_shared<std::atomic<quint64>>(0);
        });
    };
    for (const config::MockModel& m : backend.mockModels)
        m_counters.insert(m.name, counter(m.name));
    m_defaultCounter = counter(QString());
}

QString MockProvider::sharedKey(const QString& backend, const QString& model)
{
    return QStringLiteral("mock:") + backend + QLatin1Char('/') + model;
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

std::unique_ptr<ProviderCall> MockProvider::start(const CallRequest& call,
                                                  const CallEnvironment& environment,
                                                  ResponseSink* sink) const
{
    const bool wire = m_backend.mockFormat != config::MockFormat::Events;
    // What the provider's adapter would refuse before sending is refused, and is no request to
    // the backend (it counts for no failure injection).
    if (wire) {
        const QString problem = MockWire::refusal(m_backend.mockFormat, call);
        if (!problem.isEmpty())
            return std::make_unique<RefusedCall>(sink, problem);
    }
    static const config::MockModel defaults;
    const config::MockModel* profile = m_backend.mockModel(call.upstreamModel);
    if (!profile)
        profile = &defaults;
    // Failures are spread evenly: request n fails when floor((n+1)*rate) > floor(n*rate).
    bool fail = false;
    if (profile->failStatus > 0 && profile->failRate > 0) {
        const auto counter = m_counters.value(call.upstreamModel, m_defaultCounter);
        const quint64 n = counter->fetch_add(1);
        fail = std::floor(double(n + 1) * profile->failRate) >
               std::floor(double(n) * profile->failRate);
    }
    return std::make_unique<MockCall>(
        *profile, call.request, call.upstreamModel, fail, sink,
        wire ? std::make_unique<MockWire>(m_backend.mockFormat, call, environment, sink) : nullptr);
}

} // namespace gateway::providers

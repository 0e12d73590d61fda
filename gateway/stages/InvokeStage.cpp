#include "stages/InvokeStage.h"

#include "Clock.h"
#include "api/OpenAiDialect.h"
#include "api/OpenAiError.h"
#include "http/BufferBudget.h"
#include "metrics/Metrics.h"
#include "pipeline/Chain.h"
#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"
#include "stages/RouteStage.h"

#include <cstring>

namespace gateway::stages {

namespace {

bool retryable(int status)
{
    return status == 429 || status >= 500;
}

const char* errorClassFor(upstream::ErrorKind kind)
{
    switch (kind) {
    case upstream::ErrorKind::Connect: return "upstream_connect";
    case upstream::ErrorKind::Tls: return "upstream_tls";
    case upstream::ErrorKind::Timeout: return "upstream_timeout";
    case upstream::ErrorKind::Protocol: return "upstream_protocol";
    case upstream::ErrorKind::TooLarge: return "upstream_too_large";
    case upstream::ErrorKind::Reset: return "upstream_reset";
    }
    return "upstream_error";
}

// One request's calls to its targets. It is the provider's sink and lives in ctx.work.
class Invocation : public providers::ProviderSink
{
public:
    explicit Invocation(pipeline::RequestContext& ctx) : m_ctx(ctx) {}

    void attempt()
    {
        const auto provider = m_ctx.runtime->providers.value(m_ctx.backend->name);
        providers::CallEnvironment env;
        env.client = m_ctx.services->client;
        env.traceId = m_ctx.traceId;
        env.budget = m_ctx.exchange->bufferBudget();
        m_call = provider->start(m_ctx.request, m_ctx.upstreamModel, env, this);
    }

    // Stops the upstream call (the client went away).
    void cancel()
    {
        if (m_call)
            m_call->cancel();
        retire();
    }

    // The connection ended before the response did. Only the client's own close is nginx's 499;
    // a close the gateway made keeps the status the client got and says why.
    void aborted(http::AbortReason reason)
    {
        cancel();
        settleUsage();
        if (reason == http::AbortReason::ClientClosed) {
            m_ctx.status = 499;
            m_ctx.errorClass = "client_closed";
        } else {
            m_ctx.status = m_startedStatus;
            m_ctx.errorClass = reason == http::AbortReason::SendTimeout   ? "client_stalled"
                               : reason == http::AbortReason::OutputLimit ? "output_limit"
                                                                          : "shutdown";
        }
        pipeline::Chain::finish(m_ctx);
    }

    // Back-pressure: the client's pending output is over server.limits.maxPendingWriteBytes,
    // so the upstream is not read until it drains (DESIGN.md, "the request path's shape").
    void pauseIfBlocked()
    {
        if (m_paused || !m_call || !m_ctx.exchange->outputBlocked())
            return;
        m_paused = true;
        if (http::BufferBudget* budget = m_ctx.exchange->bufferBudget())
            budget->upstreamPauses.fetch_add(1, std::memory_order_relaxed);
        m_call->pauseReading();
    }

    // The exchange's drained handler.
    void resume()
    {
        if (!m_paused || !m_call)
            return;
        m_paused = false;
        m_call->resumeReading();
    }

    void onComplete(int status, const QByteArray& body, const api::Usage& usage) override
    {
        if (retryable(status)) {
            m_ctx.services->metrics->recordUpstreamError(m_ctx.backend->name,
                                                         status == 429 ? "429" : "5xx");
            if (tryNextTarget())
                return;
        }
        m_ctx.status = status;
        m_ctx.usage = usage;
        if (status >= 400)
            m_ctx.errorClass = status >= 500   ? "upstream_5xx"
                               : status == 429 ? "upstream_429"
                                               : "upstream_4xx";
        m_ctx.responseCapture = body;
        m_ctx.exchange->respond(status, "application/json", body, headers());
        pipeline::Chain::finish(m_ctx);
    }

    void onStreamStart() override
    {
        m_startedStatus = 200;
        m_ctx.exchange->startStream(200, "text/event-stream",
                                    headers({{"cache-control", "no-cache"}}));
    }

    void onStreamEvents(const std::vector<QByteArrayView>& payloads) override
    {
        m_out.clear();
        for (QByteArrayView payload : payloads) {
            if (payload == "[DONE]")
                continue; // the gateway ends the stream itself
            if (mayCarryUsage(payload)) {
                const api::OpenAiDialect::ChunkInfo info =
                    api::OpenAiDialect::inspectChunk(payload);
                if (info.usage.known())
                    m_ctx.usage = info.usage;
                // The client did not ask for usage: drop the usage-only chunk we asked for.
                if (info.choicesEmpty && !m_ctx.request.includeUsage)
                    continue;
            } else {
                ++m_contentChunks;
            }
            if (!m_ctx.firstTokenNs)
                m_ctx.firstTokenNs = monotonicNs();
            m_out += "data: ";
            m_out.append(payload.data(), payload.size());
            m_out += "\n\n";
        }
        if (m_out.isEmpty())
            return;
        capture(m_out);
        m_ctx.exchange->writeStream(m_out);
        pauseIfBlocked();
    }

    void onBodyStart(int status, const QByteArray& contentType, qint64 contentLength) override
    {
        m_startedStatus = status;
        m_relayingBody = true;
        m_ctx.exchange->startBody(status, contentType, contentLength, headers());
    }

    void onBodyData(const char* data, size_t length) override
    {
        capture(QByteArray::fromRawData(data, qsizetype(length)));
        m_ctx.exchange->writeBody(data, length);
        pauseIfBlocked();
    }

    void onBodyEnd(const api::Usage& usage) override
    {
        m_ctx.status = m_startedStatus;
        m_ctx.usage = usage;
        m_ctx.exchange->endBody();
        pipeline::Chain::finish(m_ctx);
    }

    void onStreamEnd() override
    {
        static const QByteArray done = "data: [DONE]\n\n";
        // Captured too: the log then tells a complete stream from one that was cut off.
        capture(done);
        m_ctx.exchange->writeStream(done);
        m_ctx.exchange->endStream();
        m_ctx.status = 200;
        settleUsage();
        pipeline::Chain::finish(m_ctx);
    }

    void onFailure(upstream::ErrorKind kind, const QString& message) override
    {
        m_ctx.services->metrics->recordUpstreamError(m_ctx.backend->name,
                                                     upstream::errorKindName(kind));
        const bool started = m_ctx.exchange->responseStarted();
        if (!started && tryNextTarget())
            return;
        const int status = kind == upstream::ErrorKind::Timeout ? 504 : 502;
        m_ctx.status = status;
        m_ctx.errorClass = errorClassFor(kind);
        const QByteArray body =
            api::openAiError(QByteArray("upstream backend '") + m_ctx.backend->name.toUtf8() +
                                 "' failed: " + message.toUtf8(),
                             "server_error", nullptr, "upstream_error");
        settleUsage();
        if (started && m_relayingBody) {
            // A JSON body has no in-band error: cut it, so it cannot be taken as complete.
            m_ctx.exchange->abortStream();
        } else if (started) {
            // Mid-stream: tell the client in-band (an SSE error event, as OpenAI does), then
            // cut the stream so it cannot be mistaken for a complete answer.
            const QByteArray event = "data: " + body + "\n\n";
            capture(event);
            m_ctx.exchange->writeStream(event);
            m_ctx.exchange->abortStream();
        } else {
            m_ctx.responseCapture = body;
            m_ctx.exchange->respond(status, "application/json", body, headers());
        }
        pipeline::Chain::finish(m_ctx);
    }

private:
    // Where the provider's usage never came, the content chunks delivered are counted (about
    // one token per chunk), so a stream ended early keeps the tokens it delivered.
    void settleUsage()
    {
        if (!m_ctx.usage.known() && m_contentChunks > 0)
            m_ctx.usage.completionTokens = m_contentChunks;
    }

    static bool mayCarryUsage(QByteArrayView payload)
    {
        // Cheap test before parsing: OpenAI sends "usage":null in every chunk once asked.
        // memmem, not QByteArrayView::indexOf: Qt 6.4 searches with a byte-at-a-time rolling
        // hash, 7 % of a worker's time when relaying streams (perf, bench/RESULTS.md).
        static constexpr char key[] = "\"usage\":";
        const void* found = memmem(payload.data(), size_t(payload.size()), key, sizeof key - 1);
        if (!found)
            return false;
        qsizetype at = static_cast<const char*>(found) - payload.data() + qsizetype(sizeof key - 1);
        while (at < payload.size() && payload[at] == ' ')
            ++at;
        return at < payload.size() && payload[at] == '{';
    }

    http::HeaderList headers(http::HeaderList extra = {}) const
    {
        extra.emplace_back("x-request-id", m_ctx.traceId);
        return extra;
    }

    void capture(const QByteArray& bytes)
    {
        const config::LoggingConfig& logging = m_ctx.runtime->config.logging;
        if (!logging.captureBodies || m_ctx.responseCapture.size() >= logging.maxBodyBytes)
            return;
        m_ctx.responseCapture += bytes.left(logging.maxBodyBytes - m_ctx.responseCapture.size());
    }

    bool tryNextTarget()
    {
        if (!m_ctx.alias || m_ctx.targetIndex + 1 >= m_ctx.alias->targets.size())
            return false;
        retire();
        RouteStage::selectTarget(m_ctx, m_ctx.targetIndex + 1);
        attempt();
        return true;
    }

    // The finished call may be on the stack: it is released on the next turn of the loop.
    void retire()
    {
        if (m_call)
            m_ctx.services->retired.push_back(std::shared_ptr<void>(std::move(m_call)));
    }

    pipeline::RequestContext& m_ctx;
    std::unique_ptr<providers::ProviderCall> m_call;
    QByteArray m_out;
    qint64 m_contentChunks = 0;
    int m_startedStatus = 0; // status of the response the client started to get, 0 if none
    bool m_relayingBody = false;
    bool m_paused = false;
};

} // namespace

pipeline::Verdict InvokeStage::run(pipeline::RequestContext& ctx) const
{
    auto invocation = std::make_shared<Invocation>(ctx);
    ctx.work = invocation;
    ctx.exchange->setAbortHandler(
        [invocation](http::AbortReason reason) { invocation->aborted(reason); });
    ctx.exchange->setOutputDrainedHandler([weak = std::weak_ptr<Invocation>(invocation)] {
        if (const auto invocation = weak.lock())
            invocation->resume();
    });
    invocation->attempt();
    return pipeline::Verdict::Pause;
}

} // namespace gateway::stages

#include "stages/InvokeStage.h"

#include "Clock.h"
#include "http/BufferBudget.h"
#include "metrics/Metrics.h"
#include "pipeline/Chain.h"
#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"
#include "providers/RefusedCall.h"
#include "routing/TargetPlan.h"

namespace gateway::stages {

namespace {

using api::ResponseEvent;

// Worth another target: the backend is overloaded or broken, not the request.
bool retryable(const ResponseEvent& error)
{
    // A refusal too: the next target may speak a format that carries the request.
    return error.status == 0 || error.code == providers::unsupportedByBackend ||
           error.status == 429 || error.status >= 500 || error.status == 401 || error.status == 403;
}

// A request the backend's wire format cannot carry (providers/RefusedCall.h): no upstream call
// was made.
bool refusedByAdapter(const ResponseEvent& error)
{
    return error.code == providers::unsupportedByBackend;
}

QByteArray errorClassFor(const ResponseEvent& error)
{
    if (refusedByAdapter(error))
        return error.code;
    if (error.status == 0)
        return error.code.isEmpty() ? QByteArray("upstream_error") : error.code;
    if (error.status == 401 || error.status == 403)
        return "upstream_auth_error";
    if (error.status == 429)
        return "upstream_429";
    return error.status >= 500 ? "upstream_5xx" : "upstream_4xx";
}

// What the metrics call an upstream error: the transport's kind, or the status class.
const char* metricKind(const ResponseEvent& error)
{
    if (error.status == 0) {
        // "upstream_connect" -> "connect", as upstream::errorKindName names them.
        static const QByteArray prefix = "upstream_";
        return error.code.startsWith(prefix) ? error.code.constData() + prefix.size() : "error";
    }
    return error.status == 429 ? "429" : error.status >= 500 ? "5xx" : "4xx";
}

// One request's calls to its targets. It is the provider's sink and lives in ctx.work.
class Invocation : public providers::ResponseSink,
                   public pipeline::Work,
                   public std::enable_shared_from_this<Invocation>
{
public:
    Invocation(pipeline::RequestContext& ctx, const InvokeStage::Counters& counters)
        : m_ctx(ctx), m_counters(counters)
    {}

    // Starts the plan's next target; false when none is left.
    bool attemptNext()
    {
        const std::optional<routing::Target> target = m_ctx.plan->next();
        if (!target)
            return false;
        m_ctx.backend = target->backend;
        m_ctx.upstreamModel = target->model;
        const auto provider = m_ctx.runtime->providers.value(target->backend->name);
        const bool passthrough =
            !m_ctx.wantsEvents && provider->wireFormat() == m_ctx.dialect->wireFormat();
        providers::CallEnvironment env;
        env.client = m_ctx.services->client;
        env.traceId = m_ctx.traceId;
        env.budget = m_ctx.budget;
        m_attemptStartNs = monotonicNs();
        m_paused = false;
        m_committed = false;
        m_call = provider->start({m_ctx.request, target->model, passthrough}, env, this);
        return true;
    }

    // Back-pressure (DESIGN.md, "The request path's shape"): while the client's pending output
    // is over server.limits.maxPendingWriteBytes the upstream is not read; the writer's drained
    // handler resumes it. Set when the output first blocks, not on every request.
    void watchOutput()
    {
        m_ctx.writer->setDrainedHandler([weak = weak_from_this()] {
            if (const auto self = weak.lock())
                self->resume();
        });
    }

    // Stops the upstream call (the client went away, or the gateway stops).
    void cancel() override
    {
        if (m_call)
            m_call->cancel();
        if (!m_attemptRecorded)
            recordAttempt(0, m_ctx.errorClass.isEmpty() ? QByteArray("client_closed")
                                                        : m_ctx.errorClass);
        retire();
    }

    void batchBegins() override
    {
        if (!m_ctx.finished && m_ctx.writer)
            m_ctx.writer->beginBatch();
    }

    void batchEnds() override
    {
        if (!m_ctx.finished && m_ctx.writer)
            m_ctx.writer->endBatch();
    }

    void onEvent(ResponseEvent& event) override
    {
        using T = ResponseEvent::Type;
        if (event.type == T::Error) {
            onError(event);
            return;
        }
        if (event.type == T::End)
            recordAttempt(200, QByteArray());
        pipeline::Chain::deliver(m_ctx, event);
        // Once the client has bytes, or the encoder holds content, another target's answer can
        // no longer replace this one; a Start alone (a relayed answer's head) does not commit.
        m_committed = m_committed || m_ctx.writer->started() ||
                      (event.type != T::Usage && event.type != T::Start);
        if (event.type == T::End) {
            m_ctx.status = 200;
            pipeline::Chain::finish(m_ctx);
            return;
        }
        if (!m_paused && m_call && m_ctx.writer->outputBlocked()) {
            m_paused = true;
            watchOutput();
            if (m_ctx.budget)
                m_ctx.budget->upstreamPauses.fetch_add(1, std::memory_order_relaxed);
            m_call->pauseReading();
        }
    }

private:
    void resume()
    {
        if (!m_paused || !m_call || m_ctx.finished)
            return;
        m_paused = false;
        m_call->resumeReading();
    }

    void onError(ResponseEvent& error)
    {
        const QByteArray errorClass = errorClassFor(error);
        recordAttempt(error.status, errorClass);
        if (!refusedByAdapter(error))
            m_ctx.services->metrics->recordUpstreamError(m_ctx.backend->name, metricKind(error));
        // Once events reached the encoder, another target's answer cannot replace them.
        if (!m_committed && retryable(error)) {
            retire();
            if (attemptNext()) {
                m_counters.failovers.fetch_add(1, std::memory_order_relaxed);
                return;
            }
            m_counters.exhausted.fetch_add(1, std::memory_order_relaxed);
        }
        m_ctx.errorClass = errorClass;
        const QByteArray backend = m_ctx.backend->name.toUtf8();
        if (refusedByAdapter(error)) {
            error.message = "backend '" + backend + "' cannot serve this request: " + error.message;
        } else if (error.status == 401 || error.status == 403) {
            // The backend refused the gateway's own credentials: the client's key is not at
            // fault, so the client must not see an authentication error.
            m_counters.upstreamAuthErrors.fetch_add(1, std::memory_order_relaxed);
            error.message = "upstream backend '" + backend +
                            "' rejected the gateway's credentials (HTTP " +
                            QByteArray::number(error.status) + "); check the backend's API key";
            error.status = 502;
            error.code = "upstream_auth_error";
            error.body.clear();
            error.bodyInDialect = false;
        } else if (error.status == 0) {
            error.status = error.code == "upstream_timeout"     ? 504
                           : error.code == "upstream_saturated" ? 503
                                                                : 502;
            error.message = "upstream backend '" + backend + "' failed: " + error.message;
            // The kind is on the log row (errorClass); clients get one stable code.
            error.code = "upstream_error";
        } else if (!error.bodyInDialect) {
            // An answer the client's API cannot carry as it is (not JSON, or another API's
            // error shape): wrapped in the dialect's error object, with a bounded excerpt.
            // The provider's own message where its adapter read one from its error shape.
            const QByteArray excerpt =
                (error.message.isEmpty() ? error.body : error.message).left(512).simplified();
            error.message = "upstream backend '" + backend + "' answered HTTP " +
                            QByteArray::number(error.status) +
                            (excerpt.isEmpty() ? QByteArray() : ": " + excerpt);
            if (error.code.isEmpty())
                error.code = "upstream_error";
        }
        m_ctx.status = error.status;
        pipeline::Chain::deliver(m_ctx, error);
        pipeline::Chain::finish(m_ctx);
    }

    void recordAttempt(int status, const QByteArray& errorClass)
    {
        pipeline::Attempt a;
        a.backend = m_ctx.backend->name;
        a.model = m_ctx.upstreamModel;
        a.status = status;
        a.errorClass = QString::fromLatin1(errorClass);
        a.durationMs = double(monotonicNs() - m_attemptStartNs) / 1e6;
        m_ctx.attempts.push_back(std::move(a));
        m_attemptRecorded = true;
    }

    // The finished call may be on the stack: it is released on the next turn of the loop.
    void retire()
    {
        m_attemptRecorded = false;
        if (m_call)
            m_ctx.services->retired.push_back(std::shared_ptr<void>(std::move(m_call)));
    }

    pipeline::RequestContext& m_ctx;
    const InvokeStage::Counters& m_counters;
    std::unique_ptr<providers::ProviderCall> m_call;
    qint64 m_attemptStartNs = 0;
    bool m_committed = false;
    bool m_attemptRecorded = false;
    bool m_paused = false;
};

} // namespace

InvokeStage::InvokeStage(state::StageCounters& counters)
    : m_counters{counters.counter("failovers"), counters.counter("upstream_auth_errors"),
                 counters.counter("targets_exhausted")}
{}

pipeline::Verdict InvokeStage::onRequest(pipeline::RequestContext& ctx) const
{
    auto invocation = std::make_shared<Invocation>(ctx, m_counters);
    ctx.work = invocation;
    if (!invocation->attemptNext()) {
        ctx.replyError(503, "no_target", "no backend is configured for this model", "no_target");
        return pipeline::Verdict::Reply;
    }
    return pipeline::Verdict::Pause;
}

} // namespace gateway::stages

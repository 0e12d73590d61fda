#include "stages/RouteStage.h"

#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"
#include "routing/TargetPlan.h"

namespace gateway::stages {

RouteStage::RouteStage(state::StageCounters& counters)
    : m_modelNotFound(counters.counter("model_not_found")), m_direct(counters.counter("direct"))
{}

pipeline::Verdict RouteStage::onRequest(pipeline::RequestContext& ctx) const
{
    const config::Config& config = ctx.runtime->config;
    ctx.alias = config.model(ctx.request.model);
    if (ctx.alias) {
        ctx.plan = std::make_shared<routing::OrderedPlan>(config, ctx.alias->targets);
        return pipeline::Verdict::Continue;
    }
    if (routeToBackend(ctx)) {
        m_direct.fetch_add(1, std::memory_order_relaxed);
        return pipeline::Verdict::Continue;
    }
    // OpenAI's answer for an unknown model: 404, code model_not_found.
    m_modelNotFound.fetch_add(1, std::memory_order_relaxed);
    ctx.replyError(404, "model_not_found",
                   "The model `" + ctx.request.model.toUtf8() +
                       "` does not exist or you do not have access to it.",
                   "model_not_found");
    return pipeline::Verdict::Reply;
}

bool RouteStage::routeToBackend(pipeline::RequestContext& ctx)
{
    // "backend/model" names one backend's model directly (replays, comparisons). Aliases win:
    // upstream model names often hold a slash themselves.
    const qsizetype slash = ctx.request.model.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == ctx.request.model.size() - 1)
        return false;
    const QString backend = ctx.request.model.left(slash);
    if (!ctx.runtime->config.backend(backend))
        return false;
    ctx.plan = std::make_shared<routing::OrderedPlan>(
        ctx.runtime->config, QList<config::Target>{{backend, ctx.request.model.mid(slash + 1)}});
    return true;
}

} // namespace gateway::stages

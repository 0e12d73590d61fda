#include "stages/RouteStage.h"

#include "api/OpenAiError.h"
#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"

namespace gateway::stages {

pipeline::Verdict RouteStage::run(pipeline::RequestContext& ctx) const
{
    ctx.alias = ctx.runtime->config.model(ctx.request.model);
    if (!ctx.alias && routeToBackend(ctx))
        return pipeline::Verdict::Continue;
    if (!ctx.alias) {
        // OpenAI's answer for an unknown model: 404, code model_not_found.
        ctx.replyError(404, "model_not_found",
                       api::openAiError("The model `" + ctx.request.model.toUtf8() +
                                            "` does not exist or you do not have access to it.",
                                        "invalid_request_error", nullptr, "model_not_found"));
        return pipeline::Verdict::Reply;
    }
    selectTarget(ctx, 0);
    return pipeline::Verdict::Continue;
}

bool RouteStage::routeToBackend(pipeline::RequestContext& ctx)
{
    // "backend/model" names one backend's model directly (replays, comparisons). Aliases win:
    // upstream model names often hold a slash themselves.
    const qsizetype slash = ctx.request.model.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == ctx.request.model.size() - 1)
        return false;
    const config::Backend* backend = ctx.runtime->config.backend(ctx.request.model.left(slash));
    if (!backend)
        return false;
    ctx.backend = backend;
    ctx.upstreamModel = ctx.request.model.mid(slash + 1);
    ctx.targetIndex = 0;
    return true;
}

void RouteStage::selectTarget(pipeline::RequestContext& ctx, int index)
{
    const config::Target& target = ctx.alias->targets.at(index);
    ctx.targetIndex = index;
    ctx.backend = ctx.runtime->config.backend(target.backend);
    ctx.upstreamModel = target.model;
}

} // namespace gateway::stages

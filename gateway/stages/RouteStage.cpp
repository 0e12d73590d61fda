#include "stages/RouteStage.h"

#include "api/OpenAiError.h"
#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"

namespace gateway::stages {

pipeline::Verdict RouteStage::run(pipeline::RequestContext& ctx) const
{
    ctx.alias = ctx.runtime->config.model(ctx.request.model);
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

void RouteStage::selectTarget(pipeline::RequestContext& ctx, int index)
{
    const config::Target& target = ctx.alias->targets.at(index);
    ctx.targetIndex = index;
    ctx.backend = ctx.runtime->config.backend(target.backend);
    ctx.upstreamModel = target.model;
}

} // namespace gateway::stages

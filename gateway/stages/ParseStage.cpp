#include "stages/ParseStage.h"

#include "api/OpenAiDialect.h"
#include "api/OpenAiError.h"
#include "pipeline/RequestContext.h"

namespace gateway::stages {

pipeline::Verdict ParseStage::run(pipeline::RequestContext& ctx) const
{
    api::DialectError error;
    const api::Endpoint endpoint = ctx.request.endpoint;
    if (api::OpenAiDialect::parse(endpoint, std::move(ctx.exchange->request().body), &ctx.request,
                                  &error))
        return pipeline::Verdict::Continue;
    ctx.replyError(error.status, "invalid_request",
                   api::openAiError(error.message, "invalid_request_error",
                                    error.param.isEmpty() ? nullptr : error.param.constData()));
    return pipeline::Verdict::Reply;
}

} // namespace gateway::stages

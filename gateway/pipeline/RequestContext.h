#pragma once

#include "api/ChatRequest.h"
#include "config/Config.h"
#include "http/Exchange.h"

#include <QByteArray>

#include <memory>

namespace gateway::metrics {
class Registry;
class Shard;
} // namespace gateway::metrics
namespace gateway::store {
class LogWriter;
}
namespace gateway::upstream {
class Client;
}

namespace gateway::pipeline {

struct Runtime;

// Per-worker services a request may use. They live on the worker's thread.
struct WorkerServices
{
    upstream::Client* client = nullptr;
    metrics::Shard* metrics = nullptr;
    metrics::Registry* registry = nullptr;
    store::LogWriter* log = nullptr;
    // Contexts whose work ended; released on the next turn of the worker's loop, never inside
    // a callback that may still be on the stack.
    std::vector<std::shared_ptr<void>> retired;
};

// The state of one request on its way through the stages.
struct RequestContext : std::enable_shared_from_this<RequestContext>
{
    std::shared_ptr<const Runtime> runtime;
    std::shared_ptr<http::Exchange> exchange;
    WorkerServices* services = nullptr;

    api::ChatRequest request;
    QByteArray traceId; // 32 hex digits (W3C trace context)
    qint64 startedNs = 0;
    qint64 firstTokenNs = 0; // first streamed token, 0 if none
    size_t nextStage = 0;
    bool finished = false;

    // Route: the alias and the target being tried.
    const config::ModelAlias* alias = nullptr;
    int targetIndex = 0;
    const config::Backend* backend = nullptr;
    QString upstreamModel;

    // Outcome.
    int status = 0;
    QByteArray errorClass; // empty on success: invalid_request, model_not_found, upstream_5xx ...
    api::Usage usage;
    QByteArray responseCapture;

    // Set by a stage that returns Verdict::Reply.
    int replyStatus = 0;
    QByteArray replyBody;

    // Work in progress that an abort must cancel (the invoke stage's call).
    std::shared_ptr<void> work;
    // Holds the context alive while a stage is paused.
    std::shared_ptr<RequestContext> self;

    void replyError(int status, const QByteArray& errorClass, const QByteArray& body);
};

} // namespace gateway::pipeline

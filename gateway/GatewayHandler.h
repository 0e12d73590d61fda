#pragma once

#include "api/RouteTable.h"
#include "config/Config.h"
#include "http/Exchange.h"
#include "pipeline/RequestContext.h"

#include <functional>
#include <memory>

class QTimer;

namespace gateway {

namespace state {
class SharedState;
}

// What a worker's handler needs from the engine, and no more: the current runtime, the route
// table, the metrics, the log and the state that outlives reloads.
struct GatewayServices
{
    std::function<std::shared_ptr<const pipeline::Runtime>()> runtime;
    const api::RouteTable* routes = nullptr;
    metrics::Registry* metrics = nullptr;
    store::LogWriter* log = nullptr;
    state::SharedState* shared = nullptr;
    std::function<int()> openConnections;
    config::UpstreamConfig upstream; // each worker's upstream client
    qint64 startedSecs = 0;          // wall clock, for /v1/models' "created"
};

// The request handler of one worker thread: finds the route of each request, answers the
// gateway's own endpoints (/healthz, /metrics, /v1/models) and runs the pipeline for the API
// operations.
class GatewayHandler : public http::RequestHandler
{
public:
    GatewayHandler(GatewayServices services, int workerIndex, int workerCount);
    ~GatewayHandler() override;

    void handle(const std::shared_ptr<http::Exchange>& exchange) override;

private:
    void runPipeline(const std::shared_ptr<http::Exchange>& exchange, const api::Route& route,
                     const QByteArray& traceId);
    void answerAdmin(http::Exchange& exchange, const api::RouteTable::Match& match,
                     const QByteArray& traceId);
    void releaseRetired();

    GatewayServices m_services;
    std::unique_ptr<upstream::Client> m_client;
    pipeline::WorkerServices m_worker;
    QTimer* m_releaseTimer;
};

// The trace id of a request: from a valid W3C traceparent header, or new (32 hex digits).
QByteArray traceIdFor(const QByteArray& traceparent);

} // namespace gateway

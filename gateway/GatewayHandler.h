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
    store::ResponseStore* responses = nullptr;
    state::SharedState* shared = nullptr;
    governance::Ledger* ledger = nullptr; // limits, quotas, budgets (Engine-owned)
    std::function<int()> openConnections;
    config::UpstreamConfig upstream; // each worker's upstream client
    qint64 startedSecs = 0;          // wall clock, for /v1/models' "created"
    QByteArray consoleToken;         // Engine::consoleToken()
};

// The request handler of one worker thread: finds the route of each request, answers the
// gateway's own endpoints (/healthz, /metrics, /v1/models, token counts) and runs the pipeline
// for the API operations.
class GatewayHandler : public http::RequestHandler
{
public:
    GatewayHandler(GatewayServices services, int workerIndex, int workerCount);
    ~GatewayHandler() override;

    // On the request's head: the route, then the stages' header hooks, which may refuse
    // before the body is read (and before 100 Continue). The context made here is handed to
    // handle() as the admission state.
    http::Admission admit(const http::Request& head) override;
    void handle(const std::shared_ptr<http::Exchange>& exchange) override;
    // A request the transport refused (413, 408 ...): counted, logged, and given a request id.
    http::HeaderList rejected(const http::Request& head, int status,
                              QByteArrayView reason) override;
    // Such a refusal in the shape of the request's API (its route's dialect, or the one its
    // headers name).
    QByteArray rejectionBody(const http::Request& head, int status, const char* message) override;

private:
    // The answer for a path no route serves (404) or a method it does not take (405); false
    // when the route exists.
    static bool routeError(const api::RouteTable& routes, const api::RouteTable::Match& match,
                           const http::Request& request, int* status, QByteArray* body,
                           http::HeaderList* headers);
    std::shared_ptr<pipeline::RequestContext>
    makeContext(const http::Request& request, const api::Route& route, const QByteArray& traceId,
                std::shared_ptr<const pipeline::Runtime> runtime);
    // A refusal on the head, counted and logged like the transport's (rejected()).
    http::Admission refuse(const http::Request& head, const api::Dialect& dialect, int status,
                           const QByteArray& reason, const QByteArray& message);
    // admitted: the header hooks ran already (admit()).
    void runPipeline(const std::shared_ptr<http::Exchange>& exchange,
                     std::shared_ptr<pipeline::RequestContext> ctx, bool admitted);
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

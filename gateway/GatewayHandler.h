#pragma once

#include "http/Exchange.h"
#include "pipeline/RequestContext.h"

#include <QObject>

#include <functional>
#include <memory>

class QTimer;

namespace gateway {

class Engine;

// The request handler of one worker thread: the admin endpoints (/healthz, /metrics,
// /v1/models) are answered here; the API endpoints run the pipeline.
class GatewayHandler : public http::RequestHandler
{
public:
    GatewayHandler(Engine* engine, int workerIndex, int workerCount,
                   std::function<int()> openConnections, qint64 startedSecs);
    ~GatewayHandler() override;

    void handle(const std::shared_ptr<http::Exchange>& exchange) override;

private:
    void runPipeline(const std::shared_ptr<http::Exchange>& exchange, int endpoint,
                     const QByteArray& traceId);
    void releaseRetired();

    Engine* m_engine;
    std::unique_ptr<upstream::Client> m_client;
    pipeline::WorkerServices m_services;
    std::function<int()> m_openConnections;
    qint64 m_startedSecs;
    QTimer* m_releaseTimer;
};

// The trace id of a request: from a valid W3C traceparent header, or new (32 hex digits).
QByteArray traceIdFor(const QByteArray& traceparent);

} // namespace gateway

#include "GatewayHandler.h"

#include "Clock.h"
#include "Engine.h"
#include "api/OpenAiError.h"
#include "metrics/Metrics.h"
#include "pipeline/Chain.h"
#include "pipeline/Runtime.h"
#include "store/LogWriter.h"
#include "upstream/Client.h"

#include <QTimer>

#include <random>

namespace gateway {

namespace {

bool isLowerHex(QByteArrayView s)
{
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}

QByteArray randomHex(int bytes)
{
    thread_local std::mt19937_64 rng{std::random_device{}()};
    static const char digits[] = "0123456789abcdef";
    QByteArray out(bytes * 2, Qt::Uninitialized);
    for (int i = 0; i < bytes; i += 8) {
        quint64 v = rng();
        for (int j = 0; j < 8 && i + j < bytes; ++j, v >>= 8) {
            out[(i + j) * 2] = digits[(v >> 4) & 0xF];
            out[(i + j) * 2 + 1] = digits[v & 0xF];
        }
    }
    return out;
}

} // namespace

QByteArray traceIdFor(const QByteArray& traceparent)
{
    // W3C Trace Context, 3.2: version "-" trace-id (32 lower hex, not all zero) "-" parent-id
    // (16 lower hex) "-" flags (2 lower hex).
    if (traceparent.size() >= 55 && traceparent[2] == '-' && traceparent[35] == '-' &&
        traceparent[52] == '-') {
        const QByteArrayView version(traceparent.constData(), 2);
        const QByteArrayView traceId(traceparent.constData() + 3, 32);
        if (version != "ff" && isLowerHex(version) && isLowerHex(traceId) &&
            traceId != QByteArrayView("00000000000000000000000000000000"))
            return traceId.toByteArray();
    }
    return randomHex(16);
}

GatewayHandler::GatewayHandler(Engine* engine, int workerIndex, int workerCount,
                               std::function<int()> openConnections, qint64 startedSecs)
    : m_engine(engine),
      m_client(std::make_unique<upstream::Client>(engine->runtime()->config.upstream, workerCount)),
      m_openConnections(std::move(openConnections)), m_startedSecs(startedSecs),
      m_releaseTimer(new QTimer)
{
    m_services.client = m_client.get();
    m_services.metrics = &engine->metrics()->shard(workerIndex);
    m_services.registry = engine->metrics();
    m_services.log = engine->logWriter();
    // Finished contexts are released at the next request, or by this timer when traffic stops
    // (see WorkerServices::retired).
    QObject::connect(m_releaseTimer, &QTimer::timeout, [this] { releaseRetired(); });
    m_releaseTimer->start(100);
}

GatewayHandler::~GatewayHandler()
{
    delete m_releaseTimer;
    m_services.retired.clear();
}

void GatewayHandler::releaseRetired()
{
    m_services.retired.clear();
}

void GatewayHandler::handle(const std::shared_ptr<http::Exchange>& exchange)
{
    releaseRetired();
    const http::Request& request = exchange->request();
    // Every answer carries the request id, the admin endpoints' too.
    const QByteArray traceId = traceIdFor(request.header("traceparent"));
    const http::HeaderList idHeader{{"x-request-id", traceId}};
    const QByteArray& path = request.path;
    const bool post = request.method == "POST";
    const bool get = request.method == "GET" || request.method == "HEAD";

    int endpoint = -1;
    if (path == "/v1/chat/completions" || path == "/chat/completions")
        endpoint = int(api::Endpoint::ChatCompletions);
    else if (path == "/v1/completions" || path == "/completions")
        endpoint = int(api::Endpoint::Completions);
    else if (path == "/v1/embeddings" || path == "/embeddings")
        endpoint = int(api::Endpoint::Embeddings);
    if (endpoint >= 0) {
        if (!post) {
            exchange->respond(405, "application/json",
                              api::openAiError("Method " + request.method + " is not allowed for " +
                                                   path + "; use POST.",
                                               "invalid_request_error"),
                              {{"allow", "POST"}, {"x-request-id", traceId}});
            return;
        }
        runPipeline(exchange, endpoint, traceId);
        return;
    }

    if (get && path == "/healthz") {
        exchange->respond(200, "application/json", "{\"status\":\"ok\"}", idHeader);
    } else if (get && path == "/metrics") {
        exchange->respond(
            200, "text/plain; version=0.0.4; charset=utf-8",
            m_engine->metrics()->exposition(m_engine->logWriter()->dropped(), m_openConnections()),
            idHeader);
    } else if (get && (path == "/v1/models" || path == "/models")) {
        QByteArray body = "{\"object\":\"list\",\"data\":[";
        const auto runtime = m_engine->runtime();
        bool first = true;
        for (const config::ModelAlias& m : runtime->config.models) {
            if (!first)
                body += ',';
            first = false;
            body += "{\"id\":\"";
            api::appendJsonEscaped(body, m.alias.toUtf8());
            body += "\",\"object\":\"model\",\"created\":" + QByteArray::number(m_startedSecs) +
                    ",\"owned_by\":\"switchboard\"}";
        }
        body += "]}";
        exchange->respond(200, "application/json", body, idHeader);
    } else {
        // OpenAI's answer for an unknown route.
        exchange->respond(404, "application/json",
                          api::openAiError("Invalid URL (" + request.method + " " + path + ")",
                                           "invalid_request_error"),
                          idHeader);
    }
}

void GatewayHandler::runPipeline(const std::shared_ptr<http::Exchange>& exchange, int endpoint,
                                 const QByteArray& traceId)
{
    auto ctx = std::make_shared<pipeline::RequestContext>();
    ctx->runtime = m_engine->runtime();
    ctx->exchange = exchange;
    ctx->services = &m_services;
    ctx->startedNs = exchange->startedNs();
    ctx->request.endpoint = api::Endpoint(endpoint);
    ctx->traceId = traceId;
    m_engine->metrics()->inFlight().fetch_add(1, std::memory_order_relaxed);
    pipeline::Chain::run(ctx);
}

} // namespace gateway

#include "GatewayHandler.h"

#include "Clock.h"
#include "api/JsonText.h"
#include "governance/Ledger.h"
#include "governance/Principal.h"
#include "metrics/Metrics.h"
#include "pipeline/Chain.h"
#include "pipeline/ClientWriter.h"
#include "pipeline/Runtime.h"
#include "stages/AuthStage.h"
#include "state/SharedState.h"
#include "store/LogWriter.h"
#include "upstream/Client.h"

#include <QDateTime>
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
    char* hex = out.data(); // once: QByteArray's operator[] checks for sharing on each call
    for (int i = 0; i < bytes; i += 8) {
        quint64 v = rng();
        for (int j = 0; j < 8 && i + j < bytes; ++j, v >>= 8) {
            hex[(i + j) * 2] = digits[(v >> 4) & 0xF];
            hex[(i + j) * 2 + 1] = digits[v & 0xF];
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

GatewayHandler::GatewayHandler(GatewayServices services, int workerIndex, int workerCount)
    : m_services(std::move(services)),
      m_client(std::make_unique<upstream::Client>(m_services.upstream, workerCount)),
      m_adminApi(std::make_unique<admin::AdminApi>(m_services.admin, m_services.runtime)),
      m_releaseTimer(new QTimer)
{
    m_worker.client = m_client.get();
    m_worker.metrics = &m_services.metrics->shard(workerIndex);
    m_worker.registry = m_services.metrics;
    m_worker.log = m_services.log;
    m_worker.responses = m_services.responses;
    m_worker.shared = m_services.shared;
    m_worker.ledger = m_services.ledger;
    m_worker.consoleToken = m_services.consoleToken;
    m_worker.keys = m_services.keys;
    // Finished contexts are released at the next request, or by this timer when traffic stops
    // (see WorkerServices::retired).
    QObject::connect(m_releaseTimer, &QTimer::timeout, [this] { releaseRetired(); });
    m_releaseTimer->start(100);
}

GatewayHandler::~GatewayHandler()
{
    delete m_releaseTimer;
    m_worker.retired.clear();
}

void GatewayHandler::releaseRetired()
{
    m_worker.retired.clear();
}

bool GatewayHandler::routeError(const api::RouteTable& routes, const api::RouteTable::Match& match,
                                const http::Request& request, int* status, QByteArray* body,
                                http::HeaderList* headers)
{
    if (match.route)
        return false;
    const api::Dialect* dialect = routes.errorDialect(request, match);
    if (!match.allow.isEmpty()) {
        *status = 405;
        *body = dialect->errorBody(405, "Method " + request.method + " is not allowed for " +
                                            request.path + "; use " + match.allow + ".");
        headers->emplace_back("allow", match.allow);
        return true;
    }
    // OpenAI's answer for an unknown route.
    *status = 404;
    *body = dialect->errorBody(404, "Invalid URL (" + request.method + " " + request.path + ")");
    return true;
}

http::Admission GatewayHandler::refuse(const http::Request& head, const api::Dialect& dialect,
                                       int status, const QByteArray& reason,
                                       const QByteArray& message)
{
    http::Admission admission;
    admission.status = status;
    admission.headers = rejected(head, status, reason);
    admission.contentType = dialect.errorContentType();
    admission.body = dialect.errorBody(status, message, reason.constData());
    return admission;
}

http::Admission GatewayHandler::admit(const http::Request& head)
{
    releaseRetired();
    std::shared_ptr<const pipeline::Runtime> runtime = m_services.runtime();
    const api::RouteTable::Match match = m_services.routes->match(head.method, head.path);
    if (match.route && match.route->kind == api::RouteKind::Admin)
        return admitAdminApi(head); // its own rules, the browser's among them
    // Before anything runs: a web page gets nothing done (BrowserGuard).
    http::BrowserGuard::Verdict browser = runtime->browser.check(head);
    const api::Dialect& errorDialect = *m_services.routes->errorDialect(head, match);
    if (browser.status)
        return refuse(head, errorDialect, browser.status, browser.reason, browser.message);
    http::Admission admission;
    if (browser.preflight) {
        admission.responseHeaders = std::move(browser.headers); // answered by handle()
        return admission;
    }
    const QByteArray traceId = traceIdFor(head.header("traceparent"));
    if (!match.route) {
        admission.headers.emplace_back("x-request-id", traceId);
        routeError(*m_services.routes, match, head, &admission.status, &admission.body,
                   &admission.headers);
        admission.contentType = errorDialect.errorContentType();
        admission.headers.insert(admission.headers.end(), browser.headers.begin(),
                                 browser.headers.end());
        return admission;
    }
    admission.responseHeaders = std::move(browser.headers);
    if (match.route->kind != api::RouteKind::Api &&
        match.route->kind != api::RouteKind::CountTokens)
        return admission; // the gateway's own endpoints take no body
    if (head.method == "POST" && !http::BrowserGuard::isJson(head.header("content-type"))) {
        http::Admission refused = refuse(head, errorDialect, 415, "unsupported_media_type",
                                         "Content-Type must be application/json (got '" +
                                             head.header("content-type").left(128) +
                                             "'); with curl, add -H 'Content-Type: "
                                             "application/json'.");
        refused.headers.insert(refused.headers.end(), admission.responseHeaders.begin(),
                               admission.responseHeaders.end());
        return refused;
    }
    if (match.route->kind == api::RouteKind::CountTokens) {
        // Answered by handle(), without the pipeline; a request without a valid key is refused
        // here, before its body.
        if (std::optional<http::Admission> refused =
                authRefusal(head, *match.route->dialect, *runtime)) {
            refused->headers.insert(refused->headers.end(), admission.responseHeaders.begin(),
                                    admission.responseHeaders.end());
            return std::move(*refused);
        }
        return admission;
    }
    std::shared_ptr<pipeline::RequestContext> ctx =
        makeContext(head, *match.route, traceId, std::move(runtime));
    if (!pipeline::Chain::admit(*ctx)) {
        admission.status = ctx->replyStatus;
        admission.headers.emplace_back("x-request-id", traceId);
        admission.headers.insert(admission.headers.end(), admission.responseHeaders.begin(),
                                 admission.responseHeaders.end());
        admission.headers.insert(admission.headers.end(), ctx->responseHeaders.begin(),
                                 ctx->responseHeaders.end());
        admission.contentType = ctx->dialect->errorContentType();
        admission.body = ctx->replyBody;
        pipeline::Chain::finish(*ctx); // recorded while the head is still valid
        return admission;
    }
    admission.state = std::move(ctx);
    return admission;
}

http::Admission GatewayHandler::admitAdminApi(const http::Request& head)
{
    const admin::AdminReply gate = m_adminApi->admit(head);
    http::Admission admission;
    if (!gate.status)
        return admission; // answered by handle(), with no CORS headers
    admission.status = gate.status;
    admission.headers = rejected(head, gate.status, gate.code);
    admission.headers.insert(admission.headers.end(), gate.headers.begin(), gate.headers.end());
    admission.contentType = "application/json";
    admission.body = gate.body;
    return admission;
}

std::optional<http::Admission>
GatewayHandler::authRefusal(const http::Request& head, const api::Dialect& dialect,
                            const pipeline::Runtime& runtime,
                            std::shared_ptr<const governance::Principal>* principal)
{
    const stages::AuthStage* auth = stages::AuthStage::of(runtime);
    if (!auth)
        return std::nullopt;
    stages::AuthStage::Decision decision =
        auth->authenticate(head, m_worker.keys, m_worker.consoleToken);
    if (decision.status == 0) {
        if (principal)
            *principal = std::move(decision.principal);
        return std::nullopt;
    }
    http::Admission refused =
        refuse(head, dialect, decision.status, stages::AuthStage::refusedCode, decision.message);
    refused.headers.emplace_back("www-authenticate", stages::AuthStage::challenge);
    return refused;
}

http::HeaderList GatewayHandler::rejected(const http::Request& head, int status,
                                          QByteArrayView reason)
{
    const QByteArray traceId = traceIdFor(head.header("traceparent"));
    const QByteArray reasonText = reason.toByteArray();
    m_worker.metrics->recordRejection(status, reasonText);
    // A row like any other request's, so that the log shows every refusal with its id.
    store::LogRecord r;
    r.timeMs = QDateTime::currentMSecsSinceEpoch();
    r.traceId = traceId;
    r.status = status;
    r.errorClass = QString::fromLatin1(reasonText);
    const api::RouteTable::Match match = m_services.routes->match(head.method, head.path);
    if (match.route && match.route->kind == api::RouteKind::Api)
        r.endpoint = QLatin1String(match.route->dialect->operationName(match.route->endpoint));
    m_services.log->push(std::move(r));
    return {{"x-request-id", traceId}};
}

void GatewayHandler::handle(const std::shared_ptr<http::Exchange>& exchange)
{
    releaseRetired();
    // Taken, not shared: the context holds the exchange (its writer), so the exchange must not
    // hold the context.
    if (auto admitted = exchange->takeAdmissionState()) {
        runPipeline(exchange, std::static_pointer_cast<pipeline::RequestContext>(admitted), true);
        return;
    }
    const http::Request& request = exchange->request();
    if (request.method == "OPTIONS" && !request.header("access-control-request-method").isEmpty()) {
        // A CORS preflight that admit() let through: its origin is listed, and its headers
        // (Admission::responseHeaders) are already on the exchange.
        exchange->respond(204, QByteArray(), QByteArray());
        return;
    }
    // Every answer carries the request id, the gateway's own endpoints' too.
    const QByteArray traceId = traceIdFor(request.header("traceparent"));
    const api::RouteTable::Match match = m_services.routes->match(request.method, request.path);
    int status = 0;
    QByteArray body;
    http::HeaderList headers{{"x-request-id", traceId}};
    if (routeError(*m_services.routes, match, request, &status, &body, &headers)) {
        exchange->respond(status,
                          m_services.routes->errorDialect(request, match)->errorContentType(), body,
                          headers);
        return;
    }
    if (match.route->kind == api::RouteKind::Api)
        runPipeline(exchange, makeContext(request, *match.route, traceId, m_services.runtime()),
                    false);
    else
        answerAdmin(*exchange, match, traceId);
}

void GatewayHandler::answerAdmin(http::Exchange& exchange, const api::RouteTable::Match& match,
                                 const QByteArray& traceId)
{
    const http::HeaderList idHeader{{"x-request-id", traceId}};
    // The /v1/models routes need a key as the API does (count_tokens was checked at admission).
    const auto refusedHere = [&](const pipeline::Runtime& runtime,
                                 std::shared_ptr<const governance::Principal>* principal) {
        std::optional<http::Admission> refused =
            authRefusal(exchange.request(), *match.route->dialect, runtime, principal);
        if (refused)
            exchange.respond(refused->status, refused->contentType, refused->body,
                             refused->headers);
        return refused.has_value();
    };
    const auto modelJson = [this](const QString& id) {
        return "{\"id\":" + api::jsonString(id.toUtf8()) +
               ",\"object\":\"model\",\"created\":" + QByteArray::number(m_services.startedSecs) +
               ",\"owned_by\":\"switchboard\"}";
    };
    switch (match.route->kind) {
    case api::RouteKind::Health: {
        // A log that cannot be written is degraded, not down: requests are still answered, so
        // the answer stays 200. A 503 would make load balancers take every instance that shares
        // the full disk out of rotation, and Kubernetes restart pods in a loop that frees no
        // disk; the body, the log's metrics and the console say what is wrong.
        const store::LogWriter::Health health = m_services.log->health();
        const QByteArray body = health.ok ? QByteArray("{\"status\":\"ok\"}")
                                          : "{\"status\":\"degraded\",\"reason\":" +
                                                api::jsonString(health.reason.toUtf8()) + '}';
        exchange.respond(200, "application/json", body, idHeader);
        return;
    }
    case api::RouteKind::Metrics: {
        QByteArray text =
            m_services.metrics->exposition(m_services.log->dropped(), m_services.openConnections());
        text += m_services.shared->exposition();
        if (m_services.ledger)
            text += m_services.ledger->exposition();
        exchange.respond(200, "text/plain; version=0.0.4; charset=utf-8", text, idHeader);
        return;
    }
    case api::RouteKind::ModelList: {
        const auto runtime = m_services.runtime();
        std::shared_ptr<const governance::Principal> principal;
        if (refusedHere(*runtime, &principal))
            return;
        QByteArray body = "{\"object\":\"list\",\"data\":[";
        bool first = true;
        for (const config::ModelAlias& m : runtime->config.models) {
            if (m.isPattern())
                continue; // not a model's name
            if (principal && !principal->mayUse(m.alias))
                continue; // the caller's key may not use it
            if (!first)
                body += ',';
            first = false;
            body += modelJson(m.alias);
        }
        body += "]}";
        exchange.respond(200, "application/json", body, idHeader);
        return;
    }
    case api::RouteKind::ModelRetrieve: {
        // The openai SDKs percent-encode the id (models.retrieve("a/b") asks for a%2Fb).
        const QString id = QString::fromUtf8(QByteArray::fromPercentEncoding(match.param));
        const auto runtime = m_services.runtime();
        std::shared_ptr<const governance::Principal> principal;
        if (refusedHere(*runtime, &principal))
            return;
        // A model the caller's key may not use is answered as one that does not exist, as
        // OpenAI answers for a model of another organisation.
        if (runtime->config.model(id) && (!principal || principal->mayUse(id))) {
            exchange.respond(200, "application/json", modelJson(id), idHeader);
            return;
        }
        const api::Dialect* dialect = match.route->dialect;
        exchange.respond(404, dialect->errorContentType(),
                         dialect->errorBody(404, "The model '" + id.toUtf8() + "' does not exist",
                                            "model_not_found", "model"),
                         idHeader);
        return;
    }
    case api::RouteKind::CountTokens: {
        // The request's body, parsed and checked as the API would, and counted by the gateway's
        // estimate: no backend is asked, whatever the model (api::estimateInputTokens).
        const api::Dialect* dialect = match.route->dialect;
        api::ChatRequest request;
        api::DialectError error;
        if (!dialect->parse(match.route->endpoint, std::move(exchange.request().body), &request,
                            &error)) {
            exchange.respond(
                error.status, dialect->errorContentType(),
                dialect->errorBody(error.status, error.message, nullptr,
                                   error.param.isEmpty() ? nullptr : error.param.constData()),
                idHeader);
            return;
        }
        exchange.respond(200, "application/json",
                         dialect->inputTokensBody(api::estimateInputTokens(request.canonical())),
                         idHeader);
        return;
    }
    case api::RouteKind::Admin: {
        const admin::AdminReply reply = m_adminApi->handle(exchange.request(), match.param);
        http::HeaderList headers = idHeader;
        headers.insert(headers.end(), reply.headers.begin(), reply.headers.end());
        // Answers may hold a key's secret (create, rotate): no cache keeps them.
        headers.emplace_back("cache-control", "no-store");
        exchange.respond(reply.status, "application/json", reply.body, headers);
        return;
    }
    case api::RouteKind::Api: return;
    }
}

QByteArray GatewayHandler::rejectionBody(const http::Request& head, int status, const char* message)
{
    const api::RouteTable::Match match = m_services.routes->match(head.method, head.path);
    return m_services.routes->errorDialect(head, match)->errorBody(status, message);
}

std::shared_ptr<pipeline::RequestContext>
GatewayHandler::makeContext(const http::Request& request, const api::Route& route,
                            const QByteArray& traceId,
                            std::shared_ptr<const pipeline::Runtime> runtime)
{
    auto ctx = std::make_shared<pipeline::RequestContext>();
    ctx->runtime = std::move(runtime);
    ctx->services = &m_worker;
    ctx->http = &request;
    ctx->dialect = route.dialect;
    ctx->startedNs = monotonicNs();
    ctx->request.endpoint = route.endpoint;
    ctx->request.dialect = route.dialect;
    ctx->traceId = traceId;
    m_services.metrics->inFlight().fetch_add(1, std::memory_order_relaxed);
    return ctx;
}

void GatewayHandler::runPipeline(const std::shared_ptr<http::Exchange>& exchange,
                                 std::shared_ptr<pipeline::RequestContext> ctx, bool admitted)
{
    // The head the context was admitted on has become the exchange's request; its body is the
    // parse stage's to read.
    ctx->http = &exchange->request();
    ctx->request.body = std::move(exchange->request().body);
    ctx->writer = std::make_unique<pipeline::ClientWriter>(exchange, *ctx);
    ctx->budget = exchange->bufferBudget();
    // The connection ended before the response: the upstream call stops. Only the client's own
    // close is nginx's 499; a close the gateway made keeps the status the client got and says
    // why. The context is held weakly: the exchange must not keep it alive.
    exchange->setAbortHandler(
        [weak = std::weak_ptr<pipeline::RequestContext>(ctx)](http::AbortReason reason) {
            const auto c = weak.lock();
            if (!c)
                return;
            switch (reason) {
            case http::AbortReason::ClientClosed:
                pipeline::Chain::abandon(*c, 499, "client_closed");
                return;
            case http::AbortReason::SendTimeout:
                pipeline::Chain::abandon(*c, c->responseStatus, "client_stalled");
                return;
            case http::AbortReason::OutputLimit:
                pipeline::Chain::abandon(*c, c->responseStatus, "output_limit");
                return;
            case http::AbortReason::Shutdown:
                // The drain deadline passed: the connection is still open, so the client
                // learns why its answer ends here (503, or an error event that cuts the stream).
                pipeline::Chain::interrupt(*c, 503, "gateway_shutdown",
                                           "the gateway is shutting down; retry the request");
                return;
            }
        });
    if (!admitted && !pipeline::Chain::admit(*ctx)) {
        pipeline::Chain::sendReply(*ctx);
        return;
    }
    pipeline::Chain::run(ctx);
}

} // namespace gateway

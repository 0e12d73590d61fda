#include "Engine.h"

#include "GatewayHandler.h"
#include "Registries.h"
#include "api/openai/OpenAiError.h"
#include "config/ConfigLoader.h"
#include "governance/AlertWebhook.h"
#include "governance/Ledger.h"
#include "governance/LedgerScope.h"
#include "http/Server.h"
#include "metrics/Metrics.h"
#include "pipeline/Runtime.h"
#include "state/SharedState.h"
#include "store/LogWriter.h"
#include "store/ResponseStore.h"
#include "upstream/Client.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QThread>

#include <csignal>
#include <malloc.h>
#include <sched.h>

namespace gateway {

namespace {
// The cores this process may run on (taskset, cgroups cpusets), not the machine's count: a
// gateway pinned to one core gains nothing from a second worker but contention.
int usableCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return qMax(1, CPU_COUNT(&set));
    return qMax(1, QThread::idealThreadCount());
}

// The transport's flow-control state in /metrics. The registry outlives no server: both are
// replaced together at each start.
void registerFlowMetrics(metrics::Registry& registry, const http::BufferBudget& budget)
{
    const http::BufferBudget* b = &budget;
    registry.addExternal("switchboard_buffered_response_bytes",
                         "Response bytes held in memory now: pending client output and upstream "
                         "bodies buffered whole (bounded by "
                         "server.limits.maxBufferedResponseBytes).",
                         "gauge", [b] { return b->used(); });
    registry.addExternal("switchboard_pending_output_peak_bytes",
                         "The most output any one client connection has had pending (bounded by "
                         "server.limits.maxPendingWriteBytes plus one upstream read).",
                         "gauge", [b] { return b->pendingOutputPeak(); });
    registry.addExternal("switchboard_output_blocked_total",
                         "Times a response's pending output reached maxPendingWriteBytes.",
                         "counter", [b] { return qint64(b->outputBlocked.load()); });
    registry.addExternal("switchboard_upstream_read_pauses_total",
                         "Times a relay stopped reading its upstream for a slow client.", "counter",
                         [b] { return qint64(b->upstreamPauses.load()); });
    registry.addExternal("switchboard_client_send_timeouts_total",
                         "Clients closed after server.limits.sendTimeoutMs without accepting a "
                         "byte (client_stalled).",
                         "counter", [b] { return qint64(b->sendTimeouts.load()); });
    registry.addExternal("switchboard_output_limit_closes_total",
                         "Connections closed by the hard cap on pending output (a bug if not 0).",
                         "counter", [b] { return qint64(b->outputLimitCloses.load()); });
    registry.addExternal("switchboard_over_capacity_total",
                         "Requests refused with 503 over_capacity (buffered response bytes over "
                         "server.limits.maxBufferedResponseBytes).",
                         "counter", [b] { return qint64(b->overCapacity.load()); });
}
} // namespace

Engine::Engine(QObject* parent)
    : QObject(parent), m_shared(std::make_unique<state::SharedState>()),
      m_registries(&Registries::builtin())
{
    quint32 random[4];
    QRandomGenerator::system()->fillRange(random);
    m_consoleToken = QByteArray(reinterpret_cast<const char*>(random), sizeof random).toHex();
}

Result<std::shared_ptr<const pipeline::Runtime>> Engine::buildRuntime(const config::Config& config)
{
    const Registries& registries = *m_registries;
    auto runtime =
        pipeline::Runtime::build(config, registries.stages, registries.providers, *m_shared);
    if (runtime) {
        // State keyed "<owner>:<backend>/..." belongs to a backend; a backend the new config no
        // longer has takes its state with it.
        m_shared->retainSlots([&config](const QString& key) {
            const qsizetype colon = key.indexOf(QLatin1Char(':'));
            const qsizetype slash = key.indexOf(QLatin1Char('/'), colon + 1);
            return colon < 0 || slash < 0 || config.backend(key.mid(colon + 1, slash - colon - 1));
        });
    }
    return runtime;
}

Engine::~Engine()
{
    stop();
}

Result<bool> Engine::start(const config::Config& config, const QString& dataDir)
{
    if (m_server)
        return Result<bool>::failure(QStringLiteral("the gateway is already running"));
    if (config.server.tls.enabled() && !config.server.tls.context)
        return Result<bool>::failure(
            QStringLiteral("server.tls: the certificate was not loaded (use ConfigLoader)"));
    // OpenSSL writes to its sockets with write(), not send(MSG_NOSIGNAL): a peer that hangs up
    // mid-handshake would otherwise kill the whole process with SIGPIPE. Like nginx, the
    // gateway takes EPIPE as an error return instead.
    std::signal(SIGPIPE, SIG_IGN);
    // glibc returns freed memory at the top of a worker thread's heap to the kernel once more
    // than 128 KiB is free there, and takes it back on the next request: an mprotect() and a
    // page fault for every page, per request (perf: 19 % of a worker in clear_page with 64
    // streams). A server that will need the memory again keeps it. Set once per process.
    static const bool mallocTuned = [] {
        mallopt(M_TRIM_THRESHOLD, 64 << 20);
        mallopt(M_MMAP_THRESHOLD, 4 << 20);
        return true;
    }();
    Q_UNUSED(mallocTuned);
    Result<std::shared_ptr<const pipeline::Runtime>> runtime = buildRuntime(config);
    if (!runtime)
        return Result<bool>::failure(runtime.error());
    {
        std::lock_guard lock(m_runtimeMutex);
        m_runtime = runtime.value();
    }
    m_dataDir = dataDir;
    m_startedSecs = QDateTime::currentSecsSinceEpoch();

    store::LogWriter::Options logOptions;
    logOptions.logging = config.logging;
    logOptions.flushIntervalMs = config.logging.flushIntervalMs;
    m_log = std::make_unique<store::LogWriter>(logOptions);
    Result<bool> logStarted = m_log->start(dataDir);
    if (!logStarted) {
        m_log.reset();
        return logStarted;
    }

    // The stored responses outlive reloads with the engine (DESIGN.md, "The request path's
    // shape"); they are kept under the log's retention settings, in a file of their own.
    store::ResponseStore::Options responseOptions;
    responseOptions.retention = config.logging;
    m_responses = std::make_unique<store::ResponseStore>(responseOptions);
    if (Result<bool> opened = m_responses->start(dataDir); !opened) {
        m_responses.reset();
        m_log->stop();
        m_log.reset();
        return opened;
    }

    // The limits' counters outlive reloads with the engine, and restarts in the data dir.
    governance::Ledger::Options ledgerOptions;
    ledgerOptions.onAlert = [this](const governance::LimitAlert& alert) { raiseLimitAlert(alert); };
    m_ledger = std::make_unique<governance::Ledger>(ledgerOptions);
    if (Result<bool> opened = m_ledger->open(dataDir); !opened) {
        m_ledger.reset();
        m_responses->stop();
        m_responses.reset();
        m_log->stop();
        m_log.reset();
        return opened;
    }
    if (!m_webhook)
        m_webhook = std::make_unique<governance::AlertWebhook>();

    http::ServerOptions options;
    options.tls = config.server.tls.context;
    options.host = config.server.host;
    options.port = config.server.port;
    options.workers = config.server.workers > 0 ? config.server.workers : usableCores();
    options.maxConnections = config.server.limits.maxConnections;
    options.connection.parser.maxHeaderBytes = config.server.limits.maxHeaderBytes;
    options.connection.parser.maxHeaderCount = config.server.limits.maxHeaderCount;
    options.connection.parser.maxBodyBytes = config.server.limits.maxBodyBytes;
    options.connection.headerTimeoutMs = config.server.limits.headerTimeoutMs;
    options.connection.bodyTimeoutMs = config.server.limits.bodyTimeoutMs;
    options.connection.idleTimeoutMs = config.server.limits.idleTimeoutMs;
    options.connection.maxPendingWriteBytes = config.server.limits.maxPendingWriteBytes;
    options.connection.sendTimeoutMs = config.server.limits.sendTimeoutMs;
    options.maxBufferedResponseBytes = config.server.limits.maxBufferedResponseBytes;
    options.connection.lingeringBytes = config.server.limits.lingeringBytes;
    options.connection.lingeringTimeoutMs = config.server.limits.lingeringTimeoutMs;
    options.connection.maxPipelinedBytes =
        int(qMin<qint64>(config.server.limits.maxBodyBytes, 64 << 20)) +
        config.server.limits.maxHeaderBytes;
    options.errorBody = [](int status, const char* message) {
        return api::openAiError(message, api::openAiErrorType(status));
    };

    m_metrics = std::make_unique<metrics::Registry>(options.workers);
    m_server = std::make_unique<http::Server>();
    http::Server* server = m_server.get();
    registerFlowMetrics(*m_metrics, server->bufferBudget());
    store::LogWriter* log = m_log.get();
    m_metrics->addExternal("switchboard_log_write_failures_total",
                           "Writes to the request log that failed (disk full, I/O error, read-only "
                           "file); their rows count in switchboard_log_dropped_total.",
                           "counter", [log] { return log->writeFailures(); });
    const int workers = options.workers;
    GatewayServices services;
    services.runtime = [this] { return this->runtime(); };
    services.routes = &m_registries->routes;
    services.metrics = m_metrics.get();
    services.log = m_log.get();
    services.responses = m_responses.get();
    services.shared = m_shared.get();
    services.ledger = m_ledger.get();
    services.openConnections = [server] { return server->openConnections(); };
    services.upstream = config.upstream;
    services.startedSecs = m_startedSecs;
    services.consoleToken = m_consoleToken;
    Result<bool> listening = m_server->start(options, [services, workers](http::Worker& w) {
        return std::make_unique<GatewayHandler>(services, w.index(), workers);
    });
    if (!listening) {
        m_server.reset();
        m_ledger->stop();
        m_responses->stop();
        m_responses.reset();
        m_log->stop();
        m_log.reset();
        return listening;
    }
    return true;
}

void Engine::stop()
{
    if (!m_server)
        return;
    const int drainMs = runtime()->config.server.drainTimeoutMs;
    m_server->stop(drainMs);
    m_server.reset();
    // Every request has settled (the workers are gone): the counters as they stand.
    m_ledger->stop();
    m_responses->stop();
    m_log->stop();
}

governance::LedgerView* Engine::ledger() const
{
    return m_ledger.get();
}

void Engine::raiseLimitAlert(const governance::LimitAlert& alert)
{
    const char* unit = alert.what == QLatin1String("budget") ? "USD" : "tokens";
    qWarning("limits: %s '%s' passed its %s's soft limit: %g of %g %s used",
             governance::scopeKindName(alert.kind), qPrintable(alert.name), qPrintable(alert.what),
             alert.used, alert.limit, unit);
    QMetaObject::invokeMethod(
        this, [this, alert] { emit limitAlert(alert); }, Qt::QueuedConnection);
    const QString url = runtime()->config.governance.alertWebhookUrl;
    if (!url.isEmpty() && m_webhook)
        m_webhook->post(url, alert);
}

bool Engine::isRunning() const
{
    return m_server != nullptr;
}

Result<bool> Engine::reload(const config::Config& config)
{
    Result<std::shared_ptr<const pipeline::Runtime>> runtime = buildRuntime(config);
    if (!runtime)
        return Result<bool>::failure(runtime.error());
    // The loader read the certificate files again: new connections get what they hold now.
    if (m_server && m_server->isTls() && config.server.tls.context)
        m_server->setTlsContext(config.server.tls.context);
    std::lock_guard lock(m_runtimeMutex);
    m_runtime = runtime.value();
    if (m_log)
        m_log->setLogging(config.logging);
    if (m_responses)
        m_responses->setRetention(config.logging);
    return true;
}

quint16 Engine::port() const
{
    return m_server ? m_server->port() : 0;
}

QString Engine::baseUrl() const
{
    if (!m_server)
        return QString();
    return QLatin1String(m_server->isTls() ? "https://" : "http://") +
           config::ConfigLoader::formatListen(m_server->host(), port()) + QStringLiteral("/v1");
}

std::shared_ptr<const pipeline::Runtime> Engine::runtime() const
{
    std::lock_guard lock(m_runtimeMutex);
    return m_runtime;
}

} // namespace gateway

#pragma once

#include "Result.h"
#include "config/Config.h"
#include "governance/LedgerView.h"

#include <QObject>
#include <QString>

#include <memory>
#include <mutex>

namespace gateway {

struct Registries;

namespace http {
class Server;
}
namespace metrics {
class Registry;
}
namespace store {
class LogWriter;
class ResponseStore;
} // namespace store
namespace pipeline {
struct Runtime;
}
namespace state {
class SharedState;
}
namespace governance {
class AlertWebhook;
class Ledger;
} // namespace governance

// The gateway's facade (DESIGN.md): the GUI and the headless server are two hosts of it.
// start() binds the listener and starts the worker threads; nothing runs on the caller's thread.
class Engine : public QObject
{
    Q_OBJECT
public:
    explicit Engine(QObject* parent = nullptr);
    ~Engine() override;

    // The registries the request path is built from: Registries::builtin() unless set (tests
    // add stages of their own). Set before start(); they must outlive the engine.
    void setRegistries(const Registries* registries) { m_registries = registries; }

    // dataDir holds the SQLite request log.
    Result<bool> start(const config::Config& config, const QString& dataDir);
    // Stops accepting, drains requests in flight (at most server.drainTimeoutMs), flushes the log.
    void stop();
    bool isRunning() const;

    // Swaps in a new config; requests in flight finish on the old one. A listener serving TLS
    // takes the config's certificate (as the loader just read it: a renewed certificate
    // applies to new connections). Other listener and upstream settings (address, turning TLS on or
    // off, workers, limits, pool sizes, timeouts) apply at the next start.
    Result<bool> reload(const config::Config& config);

    quint16 port() const;
    // "http://HOST:PORT/v1" (https with server.tls) of the running gateway, or empty.
    QString baseUrl() const;
    QString dataDir() const { return m_dataDir; }
    std::shared_ptr<const pipeline::Runtime> runtime() const;
    metrics::Registry* metrics() const { return m_metrics.get(); }
    store::LogWriter* logWriter() const { return m_log.get(); }
    // The Responses API's stored responses (dataDir/responses.sqlite).
    store::ResponseStore* responseStore() const { return m_responses.get(); }
    // What outlives reloads (stage counters, failure sequences ...).
    state::SharedState* sharedState() const { return m_shared.get(); }
    // What the console's replays send in the X-Switchboard-Replay header so that the log
    // records them as source "replay" (stages/RecordStage.h): random, made once per engine, and
    // never written anywhere, so only code in this process can know it.
    QByteArray consoleToken() const { return m_consoleToken; }
    // The counters of limits, quotas and budgets (dataDir/governance.sqlite), for the admin API
    // and the console; null before the first start. They outlive reloads and stop().
    governance::LedgerView* ledger() const;

signals:
    // A quota or a budget passed its soft limit (limits.alertAtPercent), once per scope and
    // period; emitted on the engine's thread (queued from the worker that saw it).
    void limitAlert(const gateway::governance::LimitAlert& alert);

private:
    // A soft limit passed, on a worker thread: logged, counted by the ledger, signalled, and
    // POSTed to governance.alertWebhookUrl; nothing here may block.
    void raiseLimitAlert(const governance::LimitAlert& alert);

    Result<std::shared_ptr<const pipeline::Runtime>> buildRuntime(const config::Config& config);

    std::unique_ptr<http::Server> m_server;
    std::unique_ptr<metrics::Registry> m_metrics;
    std::unique_ptr<store::LogWriter> m_log;
    std::unique_ptr<store::ResponseStore> m_responses;
    std::unique_ptr<state::SharedState> m_shared;
    std::unique_ptr<governance::AlertWebhook> m_webhook;
    std::unique_ptr<governance::Ledger> m_ledger;
    const Registries* m_registries;
    mutable std::mutex m_runtimeMutex;
    std::shared_ptr<const pipeline::Runtime> m_runtime;
    QString m_dataDir;
    qint64 m_startedSecs = 0;
    QByteArray m_consoleToken;
};

} // namespace gateway

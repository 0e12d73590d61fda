#pragma once

#include "Result.h"
#include "config/Config.h"
#include "config/JsonKeyOrder.h"
#include "governance/LedgerView.h"

#include <QJsonObject>
#include <QList>
#include <QNetworkRequest>
#include <QObject>
#include <QSslCertificate>
#include <QString>
#include <QTimer>

#include <memory>

namespace gateway {
class Engine;
}

namespace ui {

// The console's side of the engine (Dolphin's Host in spirit): it owns the in-process Engine,
// which runs on its own threads, and the config document the pages edit. Pages talk to the
// gateway only through this object and its signals.
class GatewayHost : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString configPath;     // --config; empty: <dataDir>/config.json if it exists, else the
                                // embedded default
        QString dataDir;        // --data-dir or the default data dir
        QString listenOverride; // --listen, or empty
    };

    explicit GatewayHost(const Options& options, QObject* parent = nullptr);
    ~GatewayHost() override;

    // Loads the config and starts the engine. On failure the console still opens and shows why.
    gateway::Result<bool> start();
    void stop();
    bool isRunning() const;
    QString lastError() const { return m_lastError; }

    gateway::Engine* engine() const { return m_engine.get(); }
    const gateway::config::Config& config() const { return m_config; }
    QJsonObject configDocument() const { return m_document; }
    // Where edits are saved: --config, or <dataDir>/config.json.
    QString configPath() const { return m_configPath; }
    QString dataDir() const { return m_dataDir; }
    QString baseUrl() const;
    // A request to the running gateway's API, `path` below /v1 (e.g. "/chat/completions").
    // When the gateway serves HTTPS the request trusts exactly the certificate it serves, so
    // the console's own calls work with a self-signed certificate too.
    QNetworkRequest gatewayRequest(const QString& path) const;
    // The certificate file a client must be given to trust this gateway (its self-signed
    // certificate), or empty: plain HTTP, or a certificate clients trust already.
    QString certificateToTrust() const;

    // Validates an edited document exactly as a config file is validated, hot-reloads the
    // engine (no connection is dropped) and writes it back to configPath(), its keys in the
    // order of the file that was read (new keys after them). On an error nothing changes and
    // the error names the key's path (ConfigErrorText words it for people).
    gateway::Result<bool> applyConfig(const QJsonObject& document);

    // Why the request log cannot be written (e.g. "request log cannot be written: database or
    // disk is full"), or empty while it can. Read from the engine once a second.
    QString logProblem() const { return m_logProblem; }

    // Whether the gateway runs open: no key exists and auth.required is unset, so anyone who can
    // reach it may use it (Engine::runsOpen()). Read from the engine every 250 ms, and now by
    // checkOpenMode() (after the console created a key).
    bool runsOpen() const { return m_runsOpen; }
    void checkOpenMode();
    // The running engine's ledger of limits (the Keys page's bars), or null while it is stopped.
    const gateway::governance::LedgerView* ledger() const;

signals:
    void runningChanged(bool running);
    void configChanged();
    void logProblemChanged(const QString& problem);
    void openModeChanged(bool open);
    // A soft limit passed (Engine::limitAlert), on the GUI thread.
    void limitAlert(const gateway::governance::LimitAlert& alert);

private:
    gateway::Result<gateway::config::Config> parse(const QJsonObject& document) const;
    // The certificate the console's own calls trust (empty: plain HTTP).
    void trustServedCertificate(const QString& certFile);
    void pollLogHealth();

    Options m_options;
    std::unique_ptr<gateway::Engine> m_engine;
    gateway::config::Config m_config;
    QJsonObject m_document;
    gateway::config::JsonKeyOrder m_keyOrder; // of the text m_document was read from
    QString m_configPath;
    QString m_dataDir;
    QString m_lastError;
    QTimer* m_logHealthTimer;
    QString m_logProblem;
    QTimer* m_openModeTimer;
    bool m_runsOpen = false;
    QString m_servedCertificateFile;      // server.tls.certFile of the running engine
    QList<QSslCertificate> m_servedChain; // its contents
};

} // namespace ui

#include "GatewayHost.h"

#include "stages/AuthStage.h"

#include "Engine.h"
#include "config/ConfigLoader.h"
#include "store/LogWriter.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSslConfiguration>
#include <QUrl>

namespace ui {

GatewayHost::GatewayHost(const Options& options, QObject* parent)
    : QObject(parent), m_options(options), m_dataDir(options.dataDir),
      m_logHealthTimer(new QTimer(this)), m_openModeTimer(new QTimer(this))
{
    // The writer's state is a few atomics behind a lock: reading it once a second costs nothing
    // and needs no signal from the writer's thread.
    m_logHealthTimer->setInterval(1000);
    connect(m_logHealthTimer, &QTimer::timeout, this, &GatewayHost::pollLogHealth);
    // The engine notices a key made by another process within a second; polled four times as
    // often, the console's notice of open mode follows within about a second too.
    m_openModeTimer->setInterval(250);
    connect(m_openModeTimer, &QTimer::timeout, this, &GatewayHost::checkOpenMode);
    const QString saved = QDir(m_dataDir).filePath(QStringLiteral("config.json"));
    m_configPath = options.configPath.isEmpty() ? saved : options.configPath;
}

GatewayHost::~GatewayHost()
{
    stop();
}

gateway::Result<gateway::config::Config> GatewayHost::parse(const QJsonObject& document) const
{
    // Relative file names in the document are relative to the file it is saved to.
    gateway::Result<gateway::config::Config> config = gateway::config::ConfigLoader().parse(
        QJsonDocument(document).toJson(QJsonDocument::Compact),
        QFileInfo(m_configPath).absolutePath());
    if (!config)
        return config;
    gateway::config::Config c = config.value();
    if (!m_options.listenOverride.isEmpty() &&
        !gateway::config::ConfigLoader::parseListen(m_options.listenOverride, &c.server.host,
                                                    &c.server.port))
        return gateway::Result<gateway::config::Config>::failure(
            tr("--listen: \"%1\" is not HOST:PORT with an IP address")
                .arg(m_options.listenOverride));
    return c;
}

gateway::Result<bool> GatewayHost::start()
{
    using R = gateway::Result<bool>;
    if (isRunning())
        return true;
    QByteArray bytes;
    QFile file(m_configPath);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return R::failure(m_lastError =
                                  tr("cannot read %1: %2").arg(m_configPath, file.errorString()));
        bytes = file.readAll();
    } else if (!m_options.configPath.isEmpty()) {
        return R::failure(m_lastError = tr("config file %1 does not exist").arg(m_configPath));
    } else {
        bytes = gateway::config::ConfigLoader::defaultDocument();
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (!doc.isObject())
        return R::failure(m_lastError =
                              tr("%1: invalid JSON: %2").arg(m_configPath, error.errorString()));
    gateway::Result<gateway::config::Config> config = parse(doc.object());
    if (!config)
        return R::failure(m_lastError = m_configPath + QStringLiteral(":\n") + config.error());
    m_document = doc.object();
    m_keyOrder = gateway::config::JsonKeyOrder::of(bytes);
    m_config = config.value();
    if (m_options.dataDir.isEmpty() && !m_config.dataDir.isEmpty())
        m_dataDir = m_config.dataDir;
    m_engine = std::make_unique<gateway::Engine>();
    R started = m_engine->start(m_config, m_dataDir);
    if (!started) {
        m_engine.reset();
        m_lastError = started.error();
        emit runningChanged(false);
        return started;
    }
    trustServedCertificate(m_config.server.tls.enabled() ? m_config.server.tls.certFile
                                                         : QString());
    // The engine signals alerts on its own (this) thread, at most one per scope and period.
    connect(m_engine.get(), &gateway::Engine::limitAlert, this, &GatewayHost::limitAlert);
    m_lastError.clear();
    m_logHealthTimer->start();
    m_openModeTimer->start();
    checkOpenMode();
    emit runningChanged(true);
    emit configChanged();
    return true;
}

void GatewayHost::pollLogHealth()
{
    QString problem;
    if (m_engine && m_engine->logWriter()) {
        const gateway::store::LogWriter::Health health = m_engine->logWriter()->health();
        problem = health.ok ? QString() : health.reason;
    }
    if (problem == m_logProblem)
        return;
    m_logProblem = problem;
    emit logProblemChanged(m_logProblem);
}

void GatewayHost::checkOpenMode()
{
    const bool open = isRunning() && m_engine->runsOpen();
    if (open == m_runsOpen)
        return;
    m_runsOpen = open;
    emit openModeChanged(open);
}

const gateway::governance::LedgerView* GatewayHost::ledger() const
{
    return isRunning() ? m_engine->ledger() : nullptr;
}

void GatewayHost::stop()
{
    if (!m_engine)
        return;
    m_engine->stop();
    m_engine.reset();
    m_logHealthTimer->stop();
    m_openModeTimer->stop();
    pollLogHealth(); // a stopped gateway has no log problem
    checkOpenMode(); // and serves no one
    emit runningChanged(false);
}

bool GatewayHost::isRunning() const
{
    return m_engine && m_engine->isRunning();
}

QString GatewayHost::baseUrl() const
{
    return isRunning() ? m_engine->baseUrl() : QString();
}

QNetworkRequest GatewayHost::gatewayRequest(const QString& path) const
{
    QNetworkRequest request(QUrl(baseUrl() + path));
    // The console's own requests pass authentication with the engine's in-process token,
    // whatever keys exist (stages/AuthStage.h); their rows name the key "console".
    if (m_engine)
        request.setRawHeader(gateway::stages::AuthStage::consoleHeader, m_engine->consoleToken());
    if (m_servedChain.isEmpty() || !isRunning())
        return request;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.addCaCertificates(m_servedChain);
    request.setSslConfiguration(ssl);
    // The listen address is an IP; a certificate issued for a host name (gateway.example.com)
    // is still the right one here, so check it against its own first name.
    const QSslCertificate& leaf = m_servedChain.first();
    const QString host = m_config.server.host;
    const auto names = leaf.subjectAlternativeNames();
    if (!names.values(QSsl::IpAddressEntry).contains(host) &&
        !names.values(QSsl::DnsEntry).contains(host)) {
        const QString name = names.values(QSsl::DnsEntry)
                                 .value(0, leaf.subjectInfo(QSslCertificate::CommonName).value(0));
        request.setPeerVerifyName(name);
    }
    return request;
}

void GatewayHost::trustServedCertificate(const QString& certFile)
{
    m_servedCertificateFile = certFile;
    m_servedChain =
        certFile.isEmpty() ? QList<QSslCertificate>() : QSslCertificate::fromPath(certFile);
}

QString GatewayHost::certificateToTrust() const
{
    if (m_servedChain.isEmpty() || !isRunning() || !m_servedChain.first().isSelfSigned())
        return QString();
    return m_servedCertificateFile;
}

gateway::Result<bool> GatewayHost::applyConfig(const QJsonObject& document)
{
    using R = gateway::Result<bool>;
    gateway::Result<gateway::config::Config> config = parse(document);
    if (!config)
        return R::failure(config.error());
    if (m_engine) {
        R reloaded = m_engine->reload(config.value());
        if (!reloaded)
            return reloaded;
        // A reload re-reads the certificate files of an HTTPS listener: trust what it now serves.
        if (isRunning() && m_engine->baseUrl().startsWith(QLatin1String("https:")) &&
            config->server.tls.enabled())
            trustServedCertificate(config->server.tls.certFile);
    }
    QDir().mkpath(QFileInfo(m_configPath).absolutePath());
    QSaveFile file(m_configPath); // written whole or not at all
    const QByteArray text = m_keyOrder.write(document);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) < 0 || !file.commit())
        return R::failure(tr("the config was applied but could not be saved to %1: %2")
                              .arg(m_configPath, file.errorString()));
    m_document = document;
    m_keyOrder = gateway::config::JsonKeyOrder::of(text); // new keys stay where they were put
    m_config = config.value();
    emit configChanged();
    return true;
}

} // namespace ui

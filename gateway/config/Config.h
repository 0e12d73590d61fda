#pragma once

#include "config/Governance.h"
#include "tls/TlsContext.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace gateway::config {

// Every limit below has a name, a default and a config key (the key is given in the comment).
// The JSON Schema in resources/config.schema.json and the README's config reference list the
// same keys; ConfigLoader rejects any key not named here.

struct ServerLimits
{
    int maxHeaderBytes = 16 * 1024;        // server.limits.maxHeaderBytes    -> 431
    int maxHeaderCount = 100;              // server.limits.maxHeaderCount    -> 431
    qint64 maxBodyBytes = 8 * 1024 * 1024; // server.limits.maxBodyBytes      -> 413
    int headerTimeoutMs = 10'000;          // server.limits.headerTimeoutMs   -> 408
    int bodyTimeoutMs = 30'000;            // server.limits.bodyTimeoutMs     -> 408
    int idleTimeoutMs = 60'000;            // server.limits.idleTimeoutMs     (keep-alive)
    int maxConnections = 10'000;           // server.limits.maxConnections    (refused beyond)
    // server.limits.maxPendingWriteBytes: output a response may hold that the client's kernel has
    // not accepted yet. Beyond it the response is "blocked" and the relay stops reading its
    // upstream until the client has taken half of it (back-pressure, like nginx's
    // proxy_buffers): a slow client then holds this much per request, not the whole answer.
    qint64 maxPendingWriteBytes = 256 * 1024;
    // server.limits.sendTimeoutMs: a client that accepts no byte for this long while output is
    // pending is closed (nginx's send_timeout); its request is logged as client_stalled.
    int sendTimeoutMs = 60'000;
    // server.limits.maxBufferedResponseBytes: all response bytes held in memory by the process
    // (pending client output plus upstream bodies buffered whole). Beyond it NEW requests get
    // 503 over_capacity instead of memory growth; requests in flight go on. The default, 512 MiB,
    // is 2,000 streams blocked at the 256 KiB bound: far above a workstation's load, well below
    // its memory (the outside review measured 743 MB for 20 stalled clients before this bound).
    qint64 maxBufferedResponseBytes = qint64(512) << 20;
    // After a refusal (413, 415, an admission refusal ...) the rest of the client's upload is
    // read and discarded, at most this much and this long, so that the client reads the
    // answer instead of a TCP reset (nginx's lingering close). 0: close at once.
    qint64 lingeringBytes = 16 * 1024 * 1024; // server.limits.lingeringBytes
    int lingeringTimeoutMs = 5'000;           // server.limits.lingeringTimeoutMs
};

// server.tls: when both files are set the listener serves HTTPS only (no plain port beside it).
struct ServerTls
{
    QString certFile; // server.tls.certFile: PEM chain, leaf first
    QString keyFile;  // server.tls.keyFile: PEM private key, unencrypted (a service cannot type)
    // The two files as loaded by ConfigLoader, which reads them once to validate them; the
    // engine serves (and a reload swaps in) this context rather than reading them again.
    tls::ServerContext context;
    // server.tls.clientCaFile and server.tls.clientAuth (mTLS): the CAs whose client
    // certificates the listener accepts, and whether it asks for one (optional) or refuses a
    // connection without one (required). A certificate stands for a key through
    // auth.clientCertificates.
    enum class ClientAuth { None, Optional, Required };
    QString clientCaFile;
    ClientAuth clientAuth = ClientAuth::None;
    bool enabled() const { return !certFile.isEmpty(); }
};

// server.cors: the browser origins whose pages may call the gateway. Empty (the default): no
// web page can get a request run, preflighted or not (a text/plain POST needs no preflight, so
// the gateway refuses every request whose Origin is not listed).
struct ServerCors
{
    QStringList allowedOrigins; // server.cors.allowedOrigins: "scheme://host[:port]", exact
    int maxAgeSecs = 600;       // server.cors.maxAgeSecs: how long a browser caches a preflight
};

struct ServerConfig
{
    QString host = QStringLiteral("127.0.0.1"); // server.listen "HOST:PORT"
    quint16 port = 4000;
    int workers = 0;             // server.workers; 0 = number of cores
    int drainTimeoutMs = 10'000; // server.drainTimeoutMs: bound on draining at shutdown
    ServerLimits limits;
    ServerTls tls;
    ServerCors cors;
    // server.allowedHosts: Host names accepted besides loopback names and addresses while the
    // listener is bound to a loopback address (DNS rebinding, CVE-2024-28224).
    QStringList allowedHosts;
};

struct UpstreamConfig
{
    int maxConnectionsPerOrigin = 0;            // upstream.maxConnectionsPerOrigin (0 = no cap)
    int maxQueuedPerOrigin = 1'024;             // upstream.maxQueuedPerOrigin: waiting beyond a cap
    int queueTimeoutMs = 5'000;                 // upstream.queueTimeoutMs: bound on that wait
    int connectTimeoutMs = 5'000;               // upstream.connectTimeoutMs
    int firstByteTimeoutMs = 120'000;           // upstream.firstByteTimeoutMs
    int idleTimeoutMs = 60'000;                 // upstream.idleTimeoutMs (between chunks)
    int totalTimeoutMs = 600'000;               // upstream.totalTimeoutMs
    int poolIdleTimeoutMs = 30'000;             // upstream.poolIdleTimeoutMs (idle keep-alive)
    qint64 maxResponseBytes = 32 * 1024 * 1024; // upstream.maxResponseBytes
};

// Behaviour of one model of the built-in mock backend (backends[].models[]).
struct MockModel
{
    QString name;
    int ttftMs = 20;              // latency to the first token
    double tokensPerSecond = 200; // generation speed after the first token
    int outputTokens = 24;        // length of every answer
    int chunkTokens = 1;          // tokens per stream chunk
    int embeddingDimensions = 16;
    int failStatus = 0;          // HTTP status injected for a share of requests ...
    double failRate = 0;         // ... this share (0..1), chosen deterministically
    bool resetMidStream = false; // streams break off half way (as a dropped upstream would)
};

// The wire format a mock backend answers in (backends[].format). Events: protocol-neutral
// events straight to the client's dialect (no wire format). The others: the answer is written
// in that provider's wire format and read back by that provider's adapter, so the translation
// path runs as it does for a real backend of that type (providers/mock/MockWire.h).
enum class MockFormat { Events, OpenAi, Anthropic, Gemini, Bedrock, Ollama };

// The config's name of a mock format ("openai", "anthropic" ...; "" for Events) and back; false
// for an unknown name.
QString mockFormatName(MockFormat format);
bool mockFormatFromName(const QString& name, MockFormat* format);

// The wire format a backend speaks (README, "Backends"). Each has its adapter in
// gateway/providers/<family>/.
enum class BackendType { Mock, OpenAiCompatible, Anthropic, Gemini, AzureOpenAi, Bedrock, Ollama };

// The config's name of a type ("openai-compatible" ...) and back; false for an unknown name.
QString backendTypeName(BackendType type);
bool backendTypeFromName(const QString& name, BackendType* type);
// The public endpoint a hosted provider's baseUrl defaults to; empty where there is none
// (mock, azure-openai: every resource has its own host). Bedrock's depends on the region.
QString defaultBaseUrl(BackendType type, const QString& region = QString());

// AWS credentials for Bedrock's SigV4 signing: resolved secrets, never logged.
struct AwsCredentials
{
    QString accessKeyIdRef, secretAccessKeyRef, sessionTokenRef; // as written (env:, keychain:)
    QByteArray accessKeyId, secretAccessKey, sessionToken;       // resolved
};

struct Backend
{
    QString name;
    BackendType type = BackendType::Mock;
    QString baseUrl;     // as written, or the type's default, e.g. http://127.0.0.1:8000/v1
    bool tls = false;    // derived from baseUrl
    QString host;        // derived from baseUrl
    quint16 port = 0;    // derived from baseUrl
    QByteArray basePath; // derived from baseUrl, no trailing slash, e.g. "/v1"
    QString apiKeyRef;   // "env:NAME" or "keychain:NAME" as written; never the secret itself
    QByteArray apiKey;   // the resolved secret (empty when none); never logged
    QString caFile;      // tls.caFile: extra trust anchors for this backend
    QList<MockModel> mockModels;
    MockFormat mockFormat = MockFormat::Events; // mock: the wire format of its answers

    // Every HTTP type: headers sent with every call (after the adapter's own, which they may
    // not replace), and query parameters added to every call's URL, already encoded.
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
    QByteArray extraQuery; // "a=1&b=2", empty when none
    // openai-compatible: top-level request fields removed before sending, for servers that
    // refuse fields they do not know.
    QStringList dropParams;
    // azure-openai: with apiVersion the deployment path /openai/deployments/{d}/...?api-version=,
    // without it the v1 path /openai/v1/... . apiKey goes in an api-key header, or as an Entra
    // bearer token when entraAuth. deployments maps a model to its deployment's name (a model
    // not in it is taken as the deployment's name).
    QString apiVersion;
    bool entraAuth = false;
    QList<QPair<QString, QString>> deployments;
    // anthropic: the anthropic-version header.
    QString anthropicVersion = QStringLiteral("2023-06-01");
    // bedrock: the AWS region (signing and the default endpoint) and credentials.
    QString region;
    AwsCredentials aws;

    // The deployment that serves model (azure-openai).
    QString deploymentFor(const QString& model) const;
    const MockModel* mockModel(const QString& model) const;
};

struct Target
{
    QString backend;
    QString model;
};

// A model name clients use. An alias with '*' is a pattern ("claude-*"): it serves every name
// it matches that no exact alias has, patterns tried in the config's order. Clients that pick
// their own model names (Claude Code asks for dated Claude models) then need no list of them.
struct ModelAlias
{
    QString alias;
    QList<Target> targets; // tried in order; the next one is used when one fails before output
    // models[].pricing: overrides the shipped price table (resources/pricing.json) for this alias.
    std::optional<Pricing> pricing;
    Limits limits; // models[].limits: shared by every key that uses the alias

    bool isPattern() const;
};

// True when name matches pattern, where '*' stands for any run of characters.
bool globMatches(QStringView pattern, QStringView name);

struct LoggingConfig
{
    // logging.captureBodies. Off unless asked: prompts and answers often hold personal data
    // and secrets (LiteLLM, Kong and APIM also log bodies only on request), and they are most
    // of what the log would write (bench/RESULTS.md).
    bool captureBodies = false;
    int maxBodyBytes = 16 * 1024;     // logging.maxBodyBytes: bodies are cut to this size
    int retentionDays = 30;           // logging.retentionDays (0 = keep)
    qint64 retentionRows = 1'000'000; // logging.retentionRows (0 = keep)
    // logging.flushIntervalMs: rows are committed at least this often, so a crash (kill -9)
    // loses at most this long's rows.
    int flushIntervalMs = 200;
    // logging.maxDbBytes (0 = no bound): beyond it the oldest rows go and the file shrinks
    // (incremental vacuum). 1 GiB holds about 5 million rows without bodies.
    qint64 maxDbBytes = qint64(1) << 30;
};

struct Config
{
    int schemaVersion = 1;
    QString dataDir; // dataDir; empty = the user's data dir
    ServerConfig server;
    UpstreamConfig upstream;
    QList<Backend> backends;
    QList<ModelAlias> models;
    LoggingConfig logging;
    AuthConfig auth;
    QList<KeyDecl> keys;
    QList<TenantDecl> tenants;
    GovernanceConfig governance;

    const Backend* backend(const QString& name) const;
    const ModelAlias* model(const QString& alias) const;
    const TenantDecl* tenant(const QString& name) const;
};

} // namespace gateway::config

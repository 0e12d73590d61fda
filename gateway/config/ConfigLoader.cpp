#include "config/ConfigLoader.h"

#include "config/LimitsJson.h"

#include "tls/TlsContext.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace gateway::config {

namespace {

// Reads one JSON object, records errors against its path and rejects keys it was not asked for.
class ObjectReader
{
public:
    ObjectReader(const QJsonObject& object, QString path, QStringList* errors)
        : m_object(object), m_path(std::move(path)), m_errors(errors)
    {}

    QString childPath(const QString& key) const
    {
        return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
    }

    void error(const QString& key, const QString& message) const
    {
        m_errors->append(childPath(key) + QStringLiteral(": ") + message);
    }

    // Errors that name their own paths (a reader of another file's).
    void addErrors(const QStringList& lines) const { m_errors->append(lines); }

    bool has(const QString& key)
    {
        m_known.insert(key);
        return m_object.contains(key);
    }

    QJsonValue value(const QString& key)
    {
        m_known.insert(key);
        return m_object.value(key);
    }

    QString string(const QString& key, const QString& fallback, bool required = false)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            if (required)
                error(key, QStringLiteral("is required"));
            return fallback;
        }
        if (!v.isString() || (required && v.toString().isEmpty())) {
            error(key, QStringLiteral("must be a non-empty string"));
            return fallback;
        }
        return v.toString();
    }

    qint64 integer(const QString& key, qint64 fallback, qint64 min, qint64 max)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return fallback;
        const double d = v.toDouble(-1e300);
        if (!v.isDouble() || d != static_cast<double>(static_cast<qint64>(d)) || d < min ||
            d > max) {
            error(key, QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return static_cast<qint64>(d);
    }

    double number(const QString& key, double fallback, double min, double max)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max) {
            error(key, QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
            return fallback;
        }
        return v.toDouble();
    }

    bool boolean(const QString& key, bool fallback)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isBool()) {
            error(key, QStringLiteral("must be true or false"));
            return fallback;
        }
        return v.toBool();
    }

    // An array of non-empty strings; each is checked by valid(item), which returns an error
    // message or an empty string.
    template <typename F> QStringList strings(const QString& key, F valid)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return {};
        if (!v.isArray()) {
            error(key, QStringLiteral("must be an array of strings"));
            return {};
        }
        QStringList out;
        const QJsonArray items = v.toArray();
        for (int i = 0; i < items.size(); ++i) {
            const QString itemPath = childPath(key) + QStringLiteral("[%1]").arg(i);
            const QString item = items.at(i).toString();
            const QString problem = items.at(i).isString() && !item.isEmpty()
                                        ? valid(item)
                                        : QStringLiteral("must be a non-empty string");
            if (problem.isEmpty())
                out.append(item);
            else
                m_errors->append(itemPath + QStringLiteral(": ") + problem);
        }
        return out;
    }

    // Calls read(child) for a nested object, if present.
    template <typename F> void object(const QString& key, F read)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined())
            return;
        if (!v.isObject()) {
            error(key, QStringLiteral("must be an object"));
            return;
        }
        ObjectReader child(v.toObject(), childPath(key), m_errors);
        read(child);
        child.rejectUnknown();
    }

    // Calls read(child, index) for each object of an array.
    template <typename F> void array(const QString& key, bool required, F read)
    {
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            if (required)
                error(key, QStringLiteral("is required"));
            return;
        }
        if (!v.isArray()) {
            error(key, QStringLiteral("must be an array"));
            return;
        }
        const QJsonArray items = v.toArray();
        for (int i = 0; i < items.size(); ++i) {
            const QString itemPath = childPath(key) + QStringLiteral("[%1]").arg(i);
            if (!items.at(i).isObject()) {
                m_errors->append(itemPath + QStringLiteral(": must be an object"));
                continue;
            }
            ObjectReader child(items.at(i).toObject(), itemPath, m_errors);
            read(child, i);
            child.rejectUnknown();
        }
    }

    void rejectUnknown() const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it)
            if (!m_known.contains(it.key()))
                m_errors->append(childPath(it.key()) + QStringLiteral(": unknown key"));
    }

    const QString& path() const { return m_path; }
    // The object itself, for keys that are data rather than names (metadata tags).
    const QJsonObject& raw() const { return m_object; }

private:
    QJsonObject m_object;
    QString m_path;
    QStringList* m_errors;
    QSet<QString> m_known;
};

// A relative file name in a config is relative to the config file's folder (so that a config
// and its certificates can move together), not to wherever the gateway was started.
QString resolvePath(const QString& path, const QString& baseDir)
{
    if (path.isEmpty() || baseDir.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QDir(baseDir).absoluteFilePath(path));
}

QString hostProblem(const QString& host)
{
    static const QRegularExpression name(QStringLiteral("^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"));
    if (!name.match(host).hasMatch())
        return QStringLiteral("\"%1\" is not a host name in lower case (no port)").arg(host);
    return {};
}

void readServer(ObjectReader& r, ServerConfig& s, const QString& baseDir)
{
    if (r.has(QStringLiteral("listen"))) {
        const QString listen = r.string(QStringLiteral("listen"), QString());
        if (!ConfigLoader::parseListen(listen, &s.host, &s.port))
            r.error(QStringLiteral("listen"),
                    QStringLiteral("\"%1\" is not HOST:PORT with an IP address").arg(listen));
    }
    r.object(QStringLiteral("tls"), [&](ObjectReader& t) {
        s.tls.certFile =
            resolvePath(t.string(QStringLiteral("certFile"), QString(), true), baseDir);
        s.tls.keyFile = resolvePath(t.string(QStringLiteral("keyFile"), QString(), true), baseDir);
        if (s.tls.certFile.isEmpty() || s.tls.keyFile.isEmpty()) {
            s.tls = ServerTls();
            return;
        }
        s.tls.clientCaFile =
            resolvePath(t.string(QStringLiteral("clientCaFile"), QString()), baseDir);
        const QString clientAuth = t.string(
            QStringLiteral("clientAuth"),
            s.tls.clientCaFile.isEmpty() ? QStringLiteral("none") : QStringLiteral("optional"));
        if (clientAuth == QLatin1String("optional"))
            s.tls.clientAuth = ServerTls::ClientAuth::Optional;
        else if (clientAuth == QLatin1String("required"))
            s.tls.clientAuth = ServerTls::ClientAuth::Required;
        else if (clientAuth != QLatin1String("none"))
            t.error(QStringLiteral("clientAuth"),
                    QStringLiteral("must be \"none\", \"optional\" or \"required\""));
        if (s.tls.clientAuth != ServerTls::ClientAuth::None && s.tls.clientCaFile.isEmpty())
            t.error(QStringLiteral("clientCaFile"),
                    QStringLiteral("is required when clientAuth is \"%1\"").arg(clientAuth));
        // Loaded now, so a bad file is reported with its key path rather than at start.
        tls::ClientCertificates clients;
        if (s.tls.clientAuth != ServerTls::ClientAuth::None) {
            clients.caFile = s.tls.clientCaFile;
            clients.required = s.tls.clientAuth == ServerTls::ClientAuth::Required;
        }
        Result<tls::ServerContext> context =
            tls::serverTlsContext(s.tls.certFile, s.tls.keyFile, clients);
        if (context)
            s.tls.context = context.value();
        else
            r.error(QStringLiteral("tls"), context.error());
    });
    r.object(QStringLiteral("cors"), [&](ObjectReader& c) {
        s.cors.allowedOrigins =
            c.strings(QStringLiteral("allowedOrigins"), ConfigLoader::originProblem);
        s.cors.maxAgeSecs =
            int(c.integer(QStringLiteral("maxAgeSecs"), s.cors.maxAgeSecs, 0, 86'400));
    });
    s.allowedHosts = r.strings(QStringLiteral("allowedHosts"), hostProblem);
    s.workers = int(r.integer(QStringLiteral("workers"), s.workers, 0, 64));
    s.drainTimeoutMs =
        int(r.integer(QStringLiteral("drainTimeoutMs"), s.drainTimeoutMs, 0, 600'000));
    r.object(QStringLiteral("limits"), [&](ObjectReader& l) {
        ServerLimits& m = s.limits;
        m.maxHeaderBytes =
            int(l.integer(QStringLiteral("maxHeaderBytes"), m.maxHeaderBytes, 1024, 1 << 20));
        m.maxHeaderCount =
            int(l.integer(QStringLiteral("maxHeaderCount"), m.maxHeaderCount, 8, 10'000));
        m.maxBodyBytes =
            l.integer(QStringLiteral("maxBodyBytes"), m.maxBodyBytes, 1024, qint64(1) << 30);
        m.headerTimeoutMs =
            int(l.integer(QStringLiteral("headerTimeoutMs"), m.headerTimeoutMs, 100, 3'600'000));
        m.bodyTimeoutMs =
            int(l.integer(QStringLiteral("bodyTimeoutMs"), m.bodyTimeoutMs, 100, 3'600'000));
        m.idleTimeoutMs =
            int(l.integer(QStringLiteral("idleTimeoutMs"), m.idleTimeoutMs, 100, 3'600'000));
        m.maxConnections =
            int(l.integer(QStringLiteral("maxConnections"), m.maxConnections, 1, 1'000'000));
        m.maxPendingWriteBytes = l.integer(QStringLiteral("maxPendingWriteBytes"),
                                           m.maxPendingWriteBytes, 1024, qint64(1) << 30);
        m.sendTimeoutMs =
            int(l.integer(QStringLiteral("sendTimeoutMs"), m.sendTimeoutMs, 100, 3'600'000));
        m.maxBufferedResponseBytes = l.integer(QStringLiteral("maxBufferedResponseBytes"),
                                               m.maxBufferedResponseBytes, 1024, qint64(1) << 40);
        m.lingeringBytes =
            l.integer(QStringLiteral("lingeringBytes"), m.lingeringBytes, 0, qint64(1) << 30);
        m.lingeringTimeoutMs =
            int(l.integer(QStringLiteral("lingeringTimeoutMs"), m.lingeringTimeoutMs, 0, 600'000));
    });
}

void readUpstream(ObjectReader& r, UpstreamConfig& u)
{
    u.maxConnectionsPerOrigin = int(r.integer(QStringLiteral("maxConnectionsPerOrigin"),
                                              u.maxConnectionsPerOrigin, 0, 100'000));
    u.maxQueuedPerOrigin =
        int(r.integer(QStringLiteral("maxQueuedPerOrigin"), u.maxQueuedPerOrigin, 0, 1'000'000));
    u.queueTimeoutMs =
        int(r.integer(QStringLiteral("queueTimeoutMs"), u.queueTimeoutMs, 10, 3'600'000));
    u.connectTimeoutMs =
        int(r.integer(QStringLiteral("connectTimeoutMs"), u.connectTimeoutMs, 10, 600'000));
    u.firstByteTimeoutMs =
        int(r.integer(QStringLiteral("firstByteTimeoutMs"), u.firstByteTimeoutMs, 10, 3'600'000));
    u.idleTimeoutMs =
        int(r.integer(QStringLiteral("idleTimeoutMs"), u.idleTimeoutMs, 10, 3'600'000));
    u.totalTimeoutMs =
        int(r.integer(QStringLiteral("totalTimeoutMs"), u.totalTimeoutMs, 10, 86'400'000));
    u.poolIdleTimeoutMs =
        int(r.integer(QStringLiteral("poolIdleTimeoutMs"), u.poolIdleTimeoutMs, 100, 3'600'000));
    u.maxResponseBytes =
        r.integer(QStringLiteral("maxResponseBytes"), u.maxResponseBytes, 1024, qint64(1) << 31);
}

void readMockModel(ObjectReader& r, MockModel& m)
{
    m.name = r.string(QStringLiteral("name"), QString(), true);
    m.ttftMs = int(r.integer(QStringLiteral("ttftMs"), m.ttftMs, 0, 600'000));
    m.tokensPerSecond = r.number(QStringLiteral("tokensPerSecond"), m.tokensPerSecond, 0, 1e6);
    m.outputTokens = int(r.integer(QStringLiteral("outputTokens"), m.outputTokens, 0, 100'000));
    m.chunkTokens = int(r.integer(QStringLiteral("chunkTokens"), m.chunkTokens, 1, 100'000));
    m.embeddingDimensions =
        int(r.integer(QStringLiteral("embeddingDimensions"), m.embeddingDimensions, 1, 16'384));
    r.object(QStringLiteral("failure"), [&](ObjectReader& f) {
        m.failStatus = int(f.integer(QStringLiteral("status"), 500, 400, 599));
        m.failRate = f.number(QStringLiteral("rate"), 0, 0, 1);
        m.resetMidStream = f.boolean(QStringLiteral("resetMidStream"), false);
    });
}

// A secret reference ("env:NAME", "keychain:NAME") resolved into *secret.
void readSecret(ObjectReader& r, const QString& key, const SecretResolver& resolver, QString* ref,
                QByteArray* secret)
{
    if (!r.has(key))
        return;
    *ref = r.string(key, QString());
    if (ref->isEmpty())
        return;
    Result<QByteArray> resolved = resolver(*ref);
    if (resolved)
        *secret = resolved.value();
    else
        r.error(key, resolved.error());
}

// Headers an adapter writes itself, or that frame the message: a config may not set them.
bool reservedHeader(const QByteArray& lowerName)
{
    static const QByteArrayList reserved{"host",       "content-length", "transfer-encoding",
                                         "connection", "keep-alive",     "te",
                                         "upgrade",    "expect",         "content-type"};
    return reserved.contains(lowerName);
}

void readExtraHeaders(ObjectReader& r, Backend& b)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    const QJsonValue v = r.value(QStringLiteral("headers"));
    if (v.isUndefined())
        return;
    if (!v.isObject()) {
        r.error(QStringLiteral("headers"), QStringLiteral("must be an object of strings"));
        return;
    }
    const QJsonObject headers = v.toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        const QString where = QStringLiteral("headers.") + it.key();
        const QString value = it.value().toString();
        if (!token.match(it.key()).hasMatch())
            r.error(where, QStringLiteral("is not a header name"));
        else if (reservedHeader(it.key().toLower().toLatin1()))
            r.error(where, QStringLiteral("is set by the gateway and cannot be configured"));
        else if (!it.value().isString() || value.contains(QLatin1Char('\r')) ||
                 value.contains(QLatin1Char('\n')) || value.contains(QChar(0)))
            r.error(where, QStringLiteral("must be a string on one line"));
        else
            b.extraHeaders.append({it.key().toLatin1(), value.toUtf8()});
    }
}

void readExtraQuery(ObjectReader& r, Backend& b)
{
    const QJsonValue v = r.value(QStringLiteral("query"));
    if (v.isUndefined())
        return;
    if (!v.isObject()) {
        r.error(QStringLiteral("query"), QStringLiteral("must be an object of strings"));
        return;
    }
    const QJsonObject query = v.toObject();
    for (auto it = query.begin(); it != query.end(); ++it) {
        if (!it.value().isString() || it.key().isEmpty()) {
            r.error(QStringLiteral("query.") + it.key(), QStringLiteral("must be a string"));
            continue;
        }
        if (!b.extraQuery.isEmpty())
            b.extraQuery += '&';
        b.extraQuery += QUrl::toPercentEncoding(it.key()) + '=' +
                        QUrl::toPercentEncoding(it.value().toString());
    }
}

void readDeployments(ObjectReader& r, Backend& b)
{
    const QJsonValue v = r.value(QStringLiteral("deployments"));
    if (v.isUndefined())
        return;
    if (!v.isObject()) {
        r.error(QStringLiteral("deployments"),
                QStringLiteral("must be an object: model name to deployment name"));
        return;
    }
    const QJsonObject map = v.toObject();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it.value().isString() || it.value().toString().isEmpty())
            r.error(QStringLiteral("deployments.") + it.key(),
                    QStringLiteral("must be a non-empty string"));
        else
            b.deployments.append({it.key(), it.value().toString()});
    }
}

void readBaseUrl(ObjectReader& r, Backend& b)
{
    const QString fallback = defaultBaseUrl(b.type, b.region);
    b.baseUrl = r.string(QStringLiteral("baseUrl"), fallback, fallback.isEmpty());
    if (b.baseUrl.isEmpty())
        return;
    const QUrl url(b.baseUrl, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
        r.error(
            QStringLiteral("baseUrl"),
            QStringLiteral("\"%1\" is not an http:// or https:// URL with a host").arg(b.baseUrl));
        return;
    }
    b.tls = scheme == QLatin1String("https");
    b.host = url.host();
    b.port = quint16(url.port(b.tls ? 443 : 80));
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    while (path.endsWith('/'))
        path.chop(1);
    b.basePath = path;
}

QString knownTypes()
{
    QStringList names;
    for (BackendType t :
         {BackendType::Mock, BackendType::OpenAiCompatible, BackendType::Anthropic,
          BackendType::Gemini, BackendType::AzureOpenAi, BackendType::Bedrock, BackendType::Ollama})
        names << backendTypeName(t);
    return names.join(QLatin1String(", "));
}

QString knownMockFormats()
{
    QStringList names;
    for (MockFormat f : {MockFormat::OpenAi, MockFormat::Anthropic, MockFormat::Gemini,
                         MockFormat::Bedrock, MockFormat::Ollama})
        names << mockFormatName(f);
    return names.join(QLatin1String(", "));
}

void readBackend(ObjectReader& r, Backend& b, const SecretResolver& resolver,
                 const QString& baseDir)
{
    b.name = r.string(QStringLiteral("name"), QString(), true);
    if (!b.name.isEmpty() && !ConfigLoader::isValidBackendName(b.name))
        r.error(QStringLiteral("name"),
                QStringLiteral("\"%1\" may hold only letters, digits, '.', '_' and '-' (a target "
                               "is written \"backend/model\")")
                    .arg(b.name));
    const QString type = r.string(QStringLiteral("type"), QString(), true);
    if (!type.isEmpty() && !backendTypeFromName(type, &b.type))
        r.error(QStringLiteral("type"),
                QStringLiteral("unknown backend type \"%1\" (known: %2)").arg(type, knownTypes()));

    if (b.type == BackendType::Mock) {
        // Left out: protocol-neutral answers (MockFormat::Events).
        if (r.has(QStringLiteral("format"))) {
            const QString format = r.string(QStringLiteral("format"), QString(), true);
            if (!format.isEmpty() && !mockFormatFromName(format, &b.mockFormat))
                r.error(QStringLiteral("format"),
                        QStringLiteral("unknown mock answer format \"%1\" (known: %2)")
                            .arg(format, knownMockFormats()));
        }
        r.array(QStringLiteral("models"), false, [&](ObjectReader& m, int) {
            MockModel model;
            readMockModel(m, model);
            b.mockModels.append(model);
        });
        return;
    }

    // Type-specific keys; a key of another type is an unknown key.
    switch (b.type) {
    case BackendType::OpenAiCompatible:
        b.dropParams = r.strings(QStringLiteral("dropParams"), [](const QString& field) {
            return field == QLatin1String("model") || field == QLatin1String("messages")
                       ? QStringLiteral("\"%1\" cannot be dropped").arg(field)
                       : QString();
        });
        break;
    case BackendType::AzureOpenAi:
        b.apiVersion = r.string(QStringLiteral("apiVersion"), QString());
        {
            const QString auth = r.string(QStringLiteral("auth"), QStringLiteral("api-key"));
            b.entraAuth = auth == QLatin1String("entra");
            if (!b.entraAuth && auth != QLatin1String("api-key"))
                r.error(QStringLiteral("auth"), QStringLiteral("must be \"api-key\" or \"entra\""));
        }
        readDeployments(r, b);
        break;
    case BackendType::Anthropic:
        b.anthropicVersion = r.string(QStringLiteral("anthropicVersion"), b.anthropicVersion);
        break;
    case BackendType::Bedrock:
        b.region = r.string(QStringLiteral("region"), QStringLiteral("us-east-1"));
        static const QRegularExpression regionName(QStringLiteral("^[a-z0-9-]+$"));
        if (!regionName.match(b.region).hasMatch())
            r.error(QStringLiteral("region"),
                    QStringLiteral("\"%1\" is not an AWS region such as us-east-1").arg(b.region));
        r.object(QStringLiteral("aws"), [&](ObjectReader& a) {
            readSecret(a, QStringLiteral("accessKeyId"), resolver, &b.aws.accessKeyIdRef,
                       &b.aws.accessKeyId);
            readSecret(a, QStringLiteral("secretAccessKey"), resolver, &b.aws.secretAccessKeyRef,
                       &b.aws.secretAccessKey);
            readSecret(a, QStringLiteral("sessionToken"), resolver, &b.aws.sessionTokenRef,
                       &b.aws.sessionToken);
        });
        break;
    case BackendType::Gemini:
    case BackendType::Ollama:
    case BackendType::Mock: break;
    }

    readBaseUrl(r, b);
    readSecret(r, QStringLiteral("apiKey"), resolver, &b.apiKeyRef, &b.apiKey);
    readExtraHeaders(r, b);
    readExtraQuery(r, b);
    r.object(QStringLiteral("tls"), [&](ObjectReader& t) {
        b.caFile = resolvePath(t.string(QStringLiteral("caFile"), QString()), baseDir);
        if (!b.caFile.isEmpty() && !QFile::exists(b.caFile))
            t.error(QStringLiteral("caFile"),
                    QStringLiteral("file \"%1\" does not exist").arg(b.caFile));
    });
}

// 64 hex digits into 32 bytes; empty on anything else.
QByteArray sha256FromHex(const QString& hex)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9a-fA-F]{64}$"));
    return digits.match(hex).hasMatch() ? QByteArray::fromHex(hex.toLatin1()) : QByteArray();
}

// The same reader as the key store's and the admin API's (config/LimitsJson.h), so a limit
// means the same and has the same bounds wherever it is written.
void readLimits(ObjectReader& parent, Limits& l)
{
    const QJsonValue value = parent.value(QStringLiteral("limits"));
    if (value.isUndefined())
        return;
    Result<Limits> parsed = limitsFromJson(value, parent.childPath(QStringLiteral("limits")));
    if (parsed)
        l = parsed.value();
    else
        parent.addErrors(parsed.error().split(QLatin1Char('\n')));
}

void readPricing(ObjectReader& r, Pricing& p)
{
    p.inputPer1M = r.number(QStringLiteral("inputPer1M"), 0, 0, 1e6);
    p.outputPer1M = r.number(QStringLiteral("outputPer1M"), 0, 0, 1e6);
    p.cachedInputPer1M = r.number(QStringLiteral("cachedInputPer1M"), -1, 0, 1e6);
    p.cacheWritePer1M = r.number(QStringLiteral("cacheWritePer1M"), -1, 0, 1e6);
    p.reasoningPer1M = r.number(QStringLiteral("reasoningPer1M"), -1, 0, 1e6);
}

QString nameProblem(const QString& name)
{
    return ConfigLoader::isValidKeyName(name)
               ? QString()
               : QStringLiteral("\"%1\" must be 1 to 64 letters, digits, '.', '_' or '-'")
                     .arg(name);
}

void readKey(ObjectReader& r, KeyDecl& k)
{
    k.name = r.string(QStringLiteral("name"), QString(), true);
    if (!k.name.isEmpty() && !nameProblem(k.name).isEmpty())
        r.error(QStringLiteral("name"), nameProblem(k.name));
    k.tenant = r.string(QStringLiteral("tenant"), QString());
    if (!k.tenant.isEmpty() && !nameProblem(k.tenant).isEmpty())
        r.error(QStringLiteral("tenant"), nameProblem(k.tenant));
    const QString hash = r.string(QStringLiteral("sha256"), QString(), true);
    k.sha256 = sha256FromHex(hash);
    if (!hash.isEmpty() && k.sha256.isEmpty())
        r.error(QStringLiteral("sha256"),
                QStringLiteral("must be the key's SHA-256 in 64 hex digits "
                               "(`switchboard keys create --json` prints it as \"sha256\")"));
    k.models = r.strings(QStringLiteral("models"), [](const QString&) { return QString(); });
    readLimits(r, k.limits);
    if (r.has(QStringLiteral("expires"))) {
        const QString text = r.string(QStringLiteral("expires"), QString(), true);
        QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (at.isValid() && at.timeSpec() == Qt::LocalTime)
            at.setTimeSpec(Qt::UTC); // no offset written: UTC, not wherever the gateway runs
        if (!at.isValid())
            r.error(QStringLiteral("expires"),
                    QStringLiteral("\"%1\" is not an ISO 8601 time such as 2027-01-31T00:00:00Z")
                        .arg(text));
        else
            k.expiresMs = at.toMSecsSinceEpoch();
    }
    r.object(QStringLiteral("metadata"), [&](ObjectReader& m) {
        const QJsonObject object = m.raw();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (m.value(it.key()).isString())
                k.metadata.append({it.key(), it.value().toString()});
            else
                m.error(it.key(), QStringLiteral("must be a string"));
        }
    });
}

void readJwt(ObjectReader& r, JwtConfig& j, const QString& baseDir)
{
    j.jwksFile = resolvePath(r.string(QStringLiteral("jwksFile"), QString()), baseDir);
    j.jwksUrl = r.string(QStringLiteral("jwksUrl"), QString());
    if (j.jwksFile.isEmpty() == j.jwksUrl.isEmpty())
        r.error(QStringLiteral("jwksFile"), QStringLiteral("set exactly one of jwksFile and "
                                                           "jwksUrl"));
    if (!j.jwksFile.isEmpty() && !QFile::exists(j.jwksFile))
        r.error(QStringLiteral("jwksFile"),
                QStringLiteral("file \"%1\" does not exist").arg(j.jwksFile));
    if (!j.jwksUrl.isEmpty()) {
        const QUrl url(j.jwksUrl, QUrl::StrictMode);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")) ||
            url.host().isEmpty())
            r.error(QStringLiteral("jwksUrl"),
                    QStringLiteral("\"%1\" is not an http(s) URL").arg(j.jwksUrl));
    }
    j.issuer = r.string(QStringLiteral("issuer"), QString(), true);
    j.audience = r.string(QStringLiteral("audience"), QString(), true);
    j.clockSkewSeconds =
        int(r.integer(QStringLiteral("clockSkewSeconds"), j.clockSkewSeconds, 0, 3600));
    j.tenantClaim = r.string(QStringLiteral("tenantClaim"), QString());
    j.keyClaim = r.string(QStringLiteral("keyClaim"), QString());
    j.defaultKey = r.string(QStringLiteral("defaultKey"), QString());
    j.jwksRefreshSeconds =
        int(r.integer(QStringLiteral("jwksRefreshSeconds"), j.jwksRefreshSeconds, 30, 86'400));
}

void readAuth(ObjectReader& r, AuthConfig& a, const SecretResolver& resolver,
              const QString& baseDir)
{
    a.required = r.boolean(QStringLiteral("required"), a.required);
    readSecret(r, QStringLiteral("adminToken"), resolver, &a.adminTokenRef, &a.adminToken);
    a.adminRemote = r.boolean(QStringLiteral("adminRemote"), a.adminRemote);
    r.object(QStringLiteral("jwt"), [&](ObjectReader& j) { readJwt(j, a.jwt, baseDir); });
    r.array(QStringLiteral("clientCertificates"), false, [&](ObjectReader& c, int) {
        ClientCertificateMapping m;
        if (c.has(QStringLiteral("sha256"))) {
            const QString hex = c.string(QStringLiteral("sha256"), QString(), true);
            // Fingerprints are often written with colons (openssl x509 -fingerprint).
            m.sha256 = sha256FromHex(QString(hex).remove(QLatin1Char(':')));
            if (m.sha256.isEmpty())
                c.error(QStringLiteral("sha256"),
                        QStringLiteral("must be the certificate's SHA-256 in 64 hex digits"));
        }
        m.subject = c.string(QStringLiteral("subject"), QString());
        if (m.sha256.isEmpty() && m.subject.isEmpty() && !c.has(QStringLiteral("sha256")))
            c.error(QStringLiteral("sha256"), QStringLiteral("set sha256 or subject"));
        m.key = c.string(QStringLiteral("key"), QString(), true);
        a.clientCertificates.append(m);
    });
}

} // namespace

ConfigLoader::ConfigLoader(SecretResolver resolver) : m_resolver(std::move(resolver)) {}

QString ConfigLoader::originProblem(const QString& origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty() || !url.path().isEmpty() || url.hasQuery() || url.hasFragment() ||
        !url.userInfo().isEmpty())
        return QStringLiteral("\"%1\" is not an origin such as \"https://app.example.com\" or "
                              "\"http://localhost:5173\" (scheme, host and port, no path)")
            .arg(origin);
    if (origin != origin.toLower())
        return QStringLiteral("\"%1\" must be in lower case, as browsers send it").arg(origin);
    return {};
}

bool ConfigLoader::isValidKeyName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    return valid.match(name).hasMatch();
}

bool ConfigLoader::isValidBackendName(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9._-]+$"));
    return valid.match(name).hasMatch();
}

bool ConfigLoader::parseListen(const QString& text, QString* host, quint16* port)
{
    const int colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString h = text.left(colon);
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    if (h == QLatin1String("localhost"))
        h = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535 || QHostAddress(h).isNull())
        return false;
    *host = h;
    *port = quint16(p);
    return true;
}

Result<Config> ConfigLoader::parse(const QByteArray& json) const
{
    return parse(json, QString());
}

Result<Config> ConfigLoader::parse(const QByteArray& json, const QString& baseDir) const
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Result<Config>::failure(QStringLiteral("invalid JSON at offset %1: %2")
                                           .arg(parseError.offset)
                                           .arg(parseError.errorString()));
    if (!doc.isObject())
        return Result<Config>::failure(QStringLiteral("the config must be a JSON object"));

    QStringList errors;
    Config config;
    ObjectReader root(doc.object(), QString(), &errors);
    if (!root.has(QStringLiteral("schemaVersion")))
        root.error(QStringLiteral("schemaVersion"), QStringLiteral("is required"));
    config.schemaVersion = int(root.integer(QStringLiteral("schemaVersion"), 1, 1, 1));
    config.dataDir = resolvePath(root.string(QStringLiteral("dataDir"), QString()), baseDir);
    root.object(QStringLiteral("server"),
                [&](ObjectReader& r) { readServer(r, config.server, baseDir); });
    root.object(QStringLiteral("upstream"),
                [&](ObjectReader& r) { readUpstream(r, config.upstream); });
    root.object(QStringLiteral("logging"), [&](ObjectReader& r) {
        LoggingConfig& l = config.logging;
        l.captureBodies = r.boolean(QStringLiteral("captureBodies"), l.captureBodies);
        l.maxBodyBytes =
            int(r.integer(QStringLiteral("maxBodyBytes"), l.maxBodyBytes, 0, 16 << 20));
        l.retentionDays =
            int(r.integer(QStringLiteral("retentionDays"), l.retentionDays, 0, 36'500));
        l.retentionRows =
            r.integer(QStringLiteral("retentionRows"), l.retentionRows, 0, qint64(1) << 40);
        l.flushIntervalMs =
            int(r.integer(QStringLiteral("flushIntervalMs"), l.flushIntervalMs, 10, 60'000));
        l.maxDbBytes = r.integer(QStringLiteral("maxDbBytes"), l.maxDbBytes, 0, qint64(1) << 50);
    });

    root.array(QStringLiteral("backends"), true, [&](ObjectReader& r, int) {
        Backend b;
        readBackend(r, b, m_resolver, baseDir);
        if (!b.name.isEmpty() && config.backend(b.name))
            r.error(QStringLiteral("name"), QStringLiteral("duplicate backend \"%1\"").arg(b.name));
        config.backends.append(b);
    });

    root.array(QStringLiteral("models"), true, [&](ObjectReader& r, int) {
        ModelAlias m;
        m.alias = r.string(QStringLiteral("alias"), QString(), true);
        // Exact names: a pattern that matches an alias (claude-* and claude-opus-4) is allowed.
        const bool duplicate =
            std::any_of(config.models.cbegin(), config.models.cend(),
                        [&m](const ModelAlias& other) { return other.alias == m.alias; });
        if (!m.alias.isEmpty() && duplicate)
            r.error(QStringLiteral("alias"), QStringLiteral("duplicate alias \"%1\"").arg(m.alias));
        r.array(QStringLiteral("targets"), true, [&](ObjectReader& t, int) {
            Target target;
            target.backend = t.string(QStringLiteral("backend"), QString(), true);
            target.model = t.string(QStringLiteral("model"), QString(), true);
            if (!target.backend.isEmpty() && !config.backend(target.backend))
                t.error(QStringLiteral("backend"),
                        QStringLiteral("no backend is named \"%1\"").arg(target.backend));
            m.targets.append(target);
        });
        if (m.targets.isEmpty() && r.has(QStringLiteral("targets")) &&
            r.value(QStringLiteral("targets")).isArray())
            r.error(QStringLiteral("targets"), QStringLiteral("must hold at least one target"));
        r.object(QStringLiteral("pricing"), [&](ObjectReader& p) {
            Pricing pricing;
            readPricing(p, pricing);
            m.pricing = pricing;
        });
        readLimits(r, m.limits);
        config.models.append(m);
    });

    root.object(QStringLiteral("auth"),
                [&](ObjectReader& r) { readAuth(r, config.auth, m_resolver, baseDir); });
    root.array(QStringLiteral("tenants"), false, [&](ObjectReader& r, int) {
        TenantDecl t;
        t.name = r.string(QStringLiteral("name"), QString(), true);
        if (!t.name.isEmpty() && !nameProblem(t.name).isEmpty())
            r.error(QStringLiteral("name"), nameProblem(t.name));
        if (!t.name.isEmpty() && config.tenant(t.name))
            r.error(QStringLiteral("name"), QStringLiteral("duplicate tenant \"%1\"").arg(t.name));
        readLimits(r, t.limits);
        config.tenants.append(t);
    });
    root.array(QStringLiteral("keys"), false, [&](ObjectReader& r, int) {
        KeyDecl k;
        readKey(r, k);
        for (const KeyDecl& other : config.keys) {
            if (!k.name.isEmpty() && other.name == k.name)
                r.error(QStringLiteral("name"), QStringLiteral("duplicate key \"%1\"").arg(k.name));
            else if (!k.sha256.isEmpty() && other.sha256 == k.sha256)
                r.error(QStringLiteral("sha256"),
                        QStringLiteral("the same secret as key \"%1\"").arg(other.name));
        }
        config.keys.append(k);
    });
    root.object(QStringLiteral("governance"), [&](ObjectReader& r) {
        GovernanceConfig& g = config.governance;
        g.reserveMaxTokens =
            r.integer(QStringLiteral("reserveMaxTokens"), g.reserveMaxTokens, 1, 10'000'000);
        g.alertWebhookUrl = r.string(QStringLiteral("alertWebhookUrl"), QString());
        const QUrl url(g.alertWebhookUrl, QUrl::StrictMode);
        if (!g.alertWebhookUrl.isEmpty() &&
            (!url.isValid() || url.host().isEmpty() ||
             (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))))
            r.error(QStringLiteral("alertWebhookUrl"),
                    QStringLiteral("\"%1\" is not an http(s) URL").arg(g.alertWebhookUrl));
    });

    root.rejectUnknown();
    if (!errors.isEmpty())
        return Result<Config>::failure(errors.join(QLatin1Char('\n')));
    return config;
}

Result<Config> ConfigLoader::loadFile(const QString& path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Result<Config>::failure(
            QStringLiteral("cannot read config file %1: %2").arg(path, file.errorString()));
    // A config is small; anything larger than this is not a config.
    constexpr qint64 maxConfigBytes = 16 * 1024 * 1024;
    if (file.size() > maxConfigBytes)
        return Result<Config>::failure(
            QStringLiteral("config file %1 is larger than 16 MiB").arg(path));
    Result<Config> config = parse(file.readAll(), QFileInfo(path).absolutePath());
    if (!config)
        return Result<Config>::failure(path + QStringLiteral(":\n") + config.error());
    return config;
}

QByteArray ConfigLoader::defaultDocument()
{
    QFile file(QStringLiteral(":/switchboard/default-config.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Result<Config> ConfigLoader::loadDefault() const
{
    const QByteArray document = defaultDocument();
    if (document.isEmpty())
        return Result<Config>::failure(QStringLiteral("the embedded default config is missing"));
    return parse(document);
}

QString ConfigLoader::formatListen(const QString& host, quint16 port)
{
    const QString h =
        host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    return h + QLatin1Char(':') + QString::number(port);
}

} // namespace gateway::config

#include "governance/JwksCache.h"

#include "config/Governance.h"
#include "state/SharedState.h"

#include <QFile>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThread>
#include <QUrl>

#include <sys/stat.h>

namespace gateway::governance {

namespace {

class FileSource : public JwksSource
{
public:
    explicit FileSource(QString path) : m_path(std::move(path)) {}

    void fetch(Done done) override
    {
        struct stat info
        {
        };
        if (::stat(m_path.toLocal8Bit().constData(), &info) != 0) {
            done(Fetched::failure(QStringLiteral("cannot read \"%1\": %2")
                                      .arg(m_path, QString::fromLocal8Bit(strerror(errno)))));
            return;
        }
        const Stamp stamp{info.st_size, info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_ino};
        if (m_last && *m_last == stamp) {
            done(std::optional<QByteArray>());
            return;
        }
        if (info.st_size > maxJwksBytes) {
            done(Fetched::failure(
                QStringLiteral("\"%1\" is larger than %2 bytes").arg(m_path).arg(maxJwksBytes)));
            return;
        }
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly)) {
            done(Fetched::failure(
                QStringLiteral("cannot read \"%1\": %2").arg(m_path, file.errorString())));
            return;
        }
        // The file may grow between stat() and read(): the bound holds on what is read.
        const QByteArray body = file.read(maxJwksBytes + 1);
        if (body.size() > maxJwksBytes) {
            done(Fetched::failure(
                QStringLiteral("\"%1\" is larger than %2 bytes").arg(m_path).arg(maxJwksBytes)));
            return;
        }
        m_last = stamp;
        done(std::optional<QByteArray>(body));
    }

    QString describe() const override { return QStringLiteral("file \"%1\"").arg(m_path); }

private:
    struct Stamp
    {
        qint64 size;
        qint64 seconds;
        qint64 nanoseconds;
        quint64 inode; // a file replaced by rename (as editors and config tools do)
        bool operator==(const Stamp&) const = default;
    };
    QString m_path;
    std::optional<Stamp>
        m_last; // only touched by fetch(), which the cache never runs twice at once
};

// Lives on the source's thread: the QNetworkAccessManager and its replies belong there.
class HttpFetcher : public QObject
{
public:
    HttpFetcher(QUrl url, int timeoutMs) : m_url(std::move(url)), m_timeoutMs(timeoutMs) {}
    // The manager (and a reply in flight) goes while m_url is still there for its callback.
    ~HttpFetcher() override { delete m_network; }

    void start(JwksSource::Done done)
    {
        if (!m_network)
            m_network = new QNetworkAccessManager(this);
        QNetworkRequest request(m_url);
        request.setRawHeader("Accept", "application/jwk-set+json, application/json");
        request.setTransferTimeout(m_timeoutMs);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::NoLessSafeRedirectPolicy);
        request.setMaximumRedirectsAllowed(5);
        QNetworkReply* reply = m_network->get(request);
        auto tooLarge = std::make_shared<bool>(false);
        // Bound before buffering: a declared length over the bound, or more bytes than it.
        auto check = [reply, tooLarge] {
            const qint64 declared =
                reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
            if (!*tooLarge && (declared > maxJwksBytes || reply->bytesAvailable() > maxJwksBytes)) {
                *tooLarge = true;
                reply->abort();
            }
        };
        connect(reply, &QNetworkReply::metaDataChanged, reply, check);
        connect(reply, &QNetworkReply::readyRead, reply, check);
        connect(
            reply, &QNetworkReply::finished, reply,
            [this, reply, tooLarge, done = std::move(done)] {
                reply->deleteLater();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (*tooLarge)
                    done(JwksSource::Fetched::failure(
                        QStringLiteral("the JWKS from %1 is larger than %2 bytes")
                            .arg(m_url.toString())
                            .arg(maxJwksBytes)));
                else if (reply->error() == QNetworkReply::OperationCanceledError)
                    done(JwksSource::Fetched::failure(
                        QStringLiteral("fetching %1 took longer than %2 ms")
                            .arg(m_url.toString())
                            .arg(m_timeoutMs)));
                else if (reply->error() != QNetworkReply::NoError && status == 0)
                    done(JwksSource::Fetched::failure(
                        QStringLiteral("fetching %1: %2")
                            .arg(m_url.toString(), reply->errorString())));
                else if (status != 200)
                    done(JwksSource::Fetched::failure(
                        QStringLiteral("%1 answered HTTP %2").arg(m_url.toString()).arg(status)));
                else
                    done(std::optional<QByteArray>(reply->readAll()));
            });
    }

private:
    QUrl m_url;
    int m_timeoutMs;
    QNetworkAccessManager* m_network = nullptr;
};

class HttpSource : public JwksSource
{
public:
    HttpSource(const QString& url, int timeoutMs) : m_url(url)
    {
        m_thread = new QThread;
        m_thread->setObjectName(QStringLiteral("jwks-fetch"));
        m_fetcher = new HttpFetcher(QUrl(url), timeoutMs);
        m_fetcher->moveToThread(m_thread);
        m_thread->start();
    }

    ~HttpSource() override
    {
        // The fetcher (and any reply in flight, with its done callback) goes on its own thread,
        // before the thread stops: no callback can run after this.
        HttpFetcher* fetcher = m_fetcher;
        if (QThread::currentThread() == m_thread)
            delete fetcher;
        else
            QMetaObject::invokeMethod(
                fetcher, [fetcher] { delete fetcher; }, Qt::BlockingQueuedConnection);
        m_thread->quit();
        if (QThread::currentThread() != m_thread) {
            m_thread->wait();
            delete m_thread;
        } else {
            m_thread->deleteLater();
        }
    }

    void fetch(Done done) override
    {
        HttpFetcher* fetcher = m_fetcher;
        QMetaObject::invokeMethod(
            fetcher,
            [fetcher, done = std::move(done)]() mutable { fetcher->start(std::move(done)); },
            Qt::QueuedConnection);
    }

    QString describe() const override { return m_url; }

private:
    QString m_url;
    QThread* m_thread = nullptr;
    HttpFetcher* m_fetcher = nullptr;
};

// Elapsed wall-clock time; a clock set back counts as "long ago" rather than stalling
// refreshes until it catches up.
bool atLeast(qint64 nowMs, qint64 sinceMs, qint64 intervalMs)
{
    const qint64 elapsed = nowMs - sinceMs;
    return elapsed < 0 || elapsed >= intervalMs;
}

} // namespace

std::unique_ptr<JwksSource> fileJwksSource(const QString& path)
{
    return std::make_unique<FileSource>(path);
}

std::unique_ptr<JwksSource> httpJwksSource(const QString& url, int timeoutMs)
{
    return std::make_unique<HttpSource>(url, timeoutMs);
}

JwksCache::JwksCache(std::unique_ptr<JwksSource> source, Options options)
    : m_options(options), m_describe(source->describe()), m_source(std::move(source))
{}

JwksCache::~JwksCache()
{
    m_source.reset();
}

void JwksCache::setRefreshMs(qint64 refreshMs)
{
    QMutexLocker lock(&m_mutex);
    m_options.refreshMs = refreshMs;
}

QString JwksCache::lastError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastError;
}

bool JwksCache::startIfLocked(qint64 nowMs)
{
    if (m_inFlight)
        return false;
    m_inFlight = true;
    m_everStarted = true;
    m_lastStartMs = nowMs;
    ++m_fetchesStarted;
    return true;
}

std::shared_ptr<const Jwks> JwksCache::keys(qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    std::shared_ptr<const Jwks> keys = m_keys;
    const bool due =
        !m_everStarted ||
        atLeast(nowMs, m_lastStartMs, m_lastFailed ? m_options.retryMs : m_options.refreshMs);
    if (!due || !startIfLocked(nowMs))
        return keys;
    lock.unlock();
    fetch();
    // A synchronous source (a file) has its answer already: the first request sees it.
    lock.relock();
    return m_keys;
}

bool JwksCache::refreshForUnknownKid(qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    if (m_inFlight)
        return true;
    if (m_everMissRefreshed && !atLeast(nowMs, m_lastMissRefreshMs, m_options.missRefreshMs))
        return false;
    m_everMissRefreshed = true;
    m_lastMissRefreshMs = nowMs;
    startIfLocked(nowMs);
    lock.unlock();
    fetch();
    return true;
}

void JwksCache::fetch()
{
    m_source->fetch([this](JwksSource::Fetched fetched) { finish(std::move(fetched)); });
}

void JwksCache::finish(JwksSource::Fetched fetched)
{
    // Parsed outside the lock (and, for a URL, on the fetch thread, not a worker's).
    std::shared_ptr<const Jwks> parsed;
    QString error;
    if (!fetched) {
        error = fetched.error();
    } else if (fetched.value()) {
        Result<Jwks> jwks = Jwks::parse(*fetched.value());
        if (jwks)
            parsed = std::make_shared<const Jwks>(std::move(jwks.value()));
        else
            error = jwks.error();
    }
    QMutexLocker lock(&m_mutex);
    m_inFlight = false;
    m_lastFailed = !error.isEmpty();
    if (parsed)
        m_keys = std::move(parsed);
    if (!error.isEmpty() && error != m_lastError)
        // Once per distinct reason, not once per retry. The old keys, if any, stay in use.
        qWarning("switchboard: auth.jwt: the JWKS from %s was not loaded: %s",
                 qPrintable(m_describe), qPrintable(error));
    m_lastError = error;
}

namespace {
// Every config's JWKS caches, by source. Weak: a cache lives as long as a runtime that uses
// it, and the one being built during a reload finds the running one's.
struct JwksCaches
{
    QMutex mutex;
    QHash<QString, std::weak_ptr<JwksCache>> bySource;
};
} // namespace

std::shared_ptr<JwksCache> sharedJwksCache(state::SharedState& shared, const config::JwtConfig& jwt)
{
    // Keyed without "<owner>:<backend>/" so that Engine's retainSlots keeps it.
    auto caches = shared.slot<JwksCaches>(QStringLiteral("jwks"),
                                          [] { return std::make_shared<JwksCaches>(); });
    const bool file = !jwt.jwksFile.isEmpty();
    const QString key =
        file ? QStringLiteral("file ") + jwt.jwksFile : QStringLiteral("url ") + jwt.jwksUrl;
    JwksCache::Options options;
    // A file is looked at (stat) once a second: an edit takes effect within a second.
    options.refreshMs = file ? 1000 : qint64(jwt.jwksRefreshSeconds) * 1000;
    options.retryMs = file ? 1000 : options.retryMs;
    QMutexLocker lock(&caches->mutex);
    caches->bySource.removeIf([](const auto& entry) { return entry.value().expired(); });
    if (std::shared_ptr<JwksCache> existing = caches->bySource.value(key).lock()) {
        existing->setRefreshMs(options.refreshMs);
        return existing;
    }
    auto cache = std::make_shared<JwksCache>(
        file ? fileJwksSource(jwt.jwksFile) : httpJwksSource(jwt.jwksUrl), options);
    caches->bySource.insert(key, cache);
    return cache;
}

} // namespace gateway::governance

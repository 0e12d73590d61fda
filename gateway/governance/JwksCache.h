#pragma once

#include "Result.h"
#include "governance/Jwks.h"

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace gateway::config {
struct JwtConfig;
}
namespace gateway::state {
class SharedState;
}

namespace gateway::governance {

// Where a JWKS document comes from: a file or an HTTP(S) URL. fetch() returns at once or
// after the read; done is called exactly once, from any thread, with the document, with
// nullopt when it has not changed since the last fetch, or with an error for people.
class JwksSource
{
public:
    using Fetched = Result<std::optional<QByteArray>>;
    using Done = std::function<void(Fetched)>;
    virtual ~JwksSource() = default;
    virtual void fetch(Done done) = 0;
    virtual QString describe() const = 0; // for log lines: "file /etc/jwks.json", the URL
};

// Reads a file (auth.jwt.jwksFile) on the caller's thread, at most maxJwksBytes; a file whose
// size, modification time and inode are those of the last read is "unchanged" without being
// read again.
std::unique_ptr<JwksSource> fileJwksSource(const QString& path);

// Fetches a URL (auth.jwt.jwksUrl) on a thread of its own with a QNetworkAccessManager, never
// on the gateway's workers: the body is bounded at maxJwksBytes and the transfer at timeoutMs.
std::unique_ptr<JwksSource> httpJwksSource(const QString& url, int timeoutMs = 10'000);

// The issuer's signing keys, shared by every request and kept across reloads (engine-owned,
// see sharedJwksCache). Readers on the worker threads take an immutable snapshot under a short
// lock. Refreshes run through the source, never more than one at a time:
// - when the last fetch is older than refreshMs (jwksRefreshSeconds for a URL; a file is
//   checked for changes every second), or than retryMs after a failure;
// - when a token names a kid that no key has (the issuer rotated its keys), at most once per
//   missRefreshMs (30 s), so a stream of made-up kids cannot turn the gateway into a
//   fetching loop against the issuer.
// Time is the caller's (wall clock, ms); nothing here reads a clock.
class JwksCache
{
public:
    struct Options
    {
        qint64 refreshMs = 3'600'000;
        qint64 retryMs = 30'000;
        qint64 missRefreshMs = 30'000;
    };
    JwksCache(std::unique_ptr<JwksSource> source, Options options);
    ~JwksCache();
    JwksCache(const JwksCache&) = delete;
    JwksCache& operator=(const JwksCache&) = delete;

    // The keys as last fetched (null until a fetch succeeded). Starts a refresh when one is due.
    std::shared_ptr<const Jwks> keys(qint64 nowMs);
    // A valid-looking token named a kid that no key has: starts a refresh unless one was
    // started for that reason less than missRefreshMs ago. True when a refresh is under way
    // (started now or before), so the client may retry.
    bool refreshForUnknownKid(qint64 nowMs);
    // Why the last fetch failed; empty after a success.
    QString lastError() const;
    int fetchesStarted() const { return m_fetchesStarted.load(); }
    void setRefreshMs(qint64 refreshMs);
    const QString& source() const { return m_describe; }

private:
    bool startIfLocked(qint64 nowMs); // with m_mutex held: marks a fetch in flight
    void fetch();
    void finish(JwksSource::Fetched fetched);

    mutable QMutex m_mutex;
    Options m_options;
    std::shared_ptr<const Jwks> m_keys;
    bool m_inFlight = false;
    bool m_lastFailed = false;
    bool m_everStarted = false;
    qint64 m_lastStartMs = 0;
    bool m_everMissRefreshed = false;
    qint64 m_lastMissRefreshMs = 0;
    QString m_lastError;
    QString m_describe;
    std::atomic<int> m_fetchesStarted{0};
    std::unique_ptr<JwksSource> m_source; // last: stopped (its thread joined) first
};

// The engine-owned cache of a config's auth.jwt source, from SharedState: a reload that keeps
// the same jwksFile or jwksUrl keeps its keys and its refresh timing; a source that no
// running config names any more is dropped with the last runtime that used it.
std::shared_ptr<JwksCache> sharedJwksCache(state::SharedState& shared,
                                           const config::JwtConfig& jwt);

} // namespace gateway::governance

#pragma once

#include "Clock.h"
#include "http/Exchange.h"
#include "http/Request.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>

namespace gateway::http {
class BrowserGuard;
}
namespace gateway::pipeline {
struct Runtime;
}
namespace gateway::governance {
class KeyStore;
class LedgerView;
} // namespace gateway::governance

namespace gateway::admin {

// The largest request body the admin API reads: a key's settings are a few hundred bytes.
inline constexpr qint64 maxAdminBodyBytes = 64 * 1024;

// What the admin API needs from the engine. Engine-owned; shared by every worker.
struct AdminServices
{
    QString dataDir;                                // where the key store is (governance.sqlite)
    std::function<QByteArray()> token;              // the admin token now (Engine::adminToken())
    const governance::LedgerView* ledger = nullptr; // null: the ledger is not running
    WallClock clock = systemWallClockMs;
};

// An answer of the admin API: JSON, or an error {"error":{"message","code"}}.
struct AdminReply
{
    int status = 0; // 0: admitted (gate() only)
    QByteArray body;
    http::HeaderList headers;
    QByteArray code; // an error's code, for the metrics and the log row

    static AdminReply error(int status, const QByteArray& code, const QString& message);
};

// Who may call the admin API (README, "Admin API"): the decision made on a request's head.
struct AdminPolicy
{
    bool remote = false;                         // auth.adminRemote
    QByteArray token;                            // the admin token
    const http::BrowserGuard* browser = nullptr; // the API's browser rules
};

// The /admin/ endpoints: keys, tenants, spend and the live state of limits, over the same
// KeyStore the CLI and the console use and the ledger the limits stage keeps. One instance
// per worker thread: the key store it opens (a SQLite connection, on the first call that needs
// it) is that thread's.
class AdminApi
{
public:
    AdminApi(AdminServices services,
             std::function<std::shared_ptr<const pipeline::Runtime>()> runtime);
    ~AdminApi();

    // On the head, before the body is read: 403 for a peer that is not on loopback (unless
    // auth.adminRemote), the browser rules (a foreign page gets 403; admin endpoints answer no
    // CORS, so a preflight gets 403 too), 401 without the admin token (compared in constant
    // time), then the body's bounds (411 chunked, 413 over maxAdminBodyBytes, 415 not JSON).
    static AdminReply gate(const http::Request& head, const AdminPolicy& policy);
    // gate() with the current config's policy and token.
    AdminReply admit(const http::Request& head) const;

    // A complete request that admit() let through; path is what follows "/admin/".
    AdminReply handle(const http::Request& request, const QByteArray& path);

private:
    AdminReply listKeys();
    AdminReply createKey(const QByteArray& body);
    AdminReply getKey(const QString& name);
    AdminReply patchKey(const QString& name, const QByteArray& body);
    AdminReply revokeKey(const QString& name);
    AdminReply rotateKey(const QString& name);
    AdminReply tenants();
    // target: the request's, for its query (?kind=key|tenant|model, ?name=...).
    AdminReply spend(const QByteArray& target);
    AdminReply limits(const QByteArray& target);
    AdminReply scopes(const QByteArray& target, int parts);
    // The data dir's key store, opened on first use; null (and *failure set) if it cannot be.
    governance::KeyStore* store(AdminReply* failure);
    // The answer for a key operation the store refused: 404 if there is no such key, 409 if
    // the config declares it, else 500 with the store's reason.
    AdminReply storeFailure(const QString& name, const QString& error);

    AdminServices m_services;
    std::function<std::shared_ptr<const pipeline::Runtime>()> m_runtime;
    std::unique_ptr<governance::KeyStore> m_store;
};

} // namespace gateway::admin

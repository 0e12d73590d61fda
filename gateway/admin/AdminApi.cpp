#include "admin/AdminApi.h"

#include "admin/AdminJson.h"
#include "admin/AdminToken.h"
#include "config/ConfigLoader.h"
#include "config/LimitsJson.h"
#include "governance/KeyJson.h"
#include "governance/KeyStore.h"
#include "governance/LedgerScope.h"
#include "governance/LedgerView.h"
#include "governance/StoredKeyDirectory.h"
#include "http/BrowserGuard.h"
#include "pipeline/Runtime.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QUrlQuery>

#include <algorithm>

namespace gateway::admin {

namespace {

using governance::KeyRecord;
using governance::ScopeUsage;

AdminReply json(int status, const QJsonObject& body)
{
    AdminReply reply;
    reply.status = status;
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return reply;
}

AdminReply methodNotAllowed(const QByteArray& method, const QByteArray& allow)
{
    AdminReply reply = AdminReply::error(
        405, "method_not_allowed",
        QStringLiteral("%1 is not allowed here; use %2")
            .arg(QString::fromLatin1(method.left(16)), QString::fromLatin1(allow)));
    reply.headers.emplace_back("allow", allow);
    return reply;
}

bool isLoopbackPeer(const QByteArray& address)
{
    const QHostAddress peer(QString::fromLatin1(address));
    return !peer.isNull() && peer.isLoopback();
}

const config::KeyDecl* declaredKey(const config::Config& config, const QString& name)
{
    for (const config::KeyDecl& k : config.keys)
        if (k.name == name)
            return &k;
    return nullptr;
}

// The ledger's scopes, sorted by kind and name, keeping those the query asks for
// (?kind=key|tenant|model, ?name=...).
Result<std::vector<ScopeUsage>> selectScopes(std::vector<ScopeUsage> scopes,
                                             const QByteArray& target)
{
    const qsizetype question = target.indexOf('?');
    QString kind;
    QString name;
    if (question >= 0) {
        const QUrlQuery query(QString::fromUtf8(target.mid(question + 1)));
        for (const auto& [key, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (key == QLatin1String("kind") &&
                (value == QLatin1String("key") || value == QLatin1String("tenant") ||
                 value == QLatin1String("model")))
                kind = value;
            else if (key == QLatin1String("name"))
                name = value;
            else
                return Result<std::vector<ScopeUsage>>::failure(
                    QStringLiteral("unknown query parameter \"%1\" (use kind=key|tenant|model "
                                   "and name=...)")
                        .arg(QStringView(key).left(64)));
        }
    }
    std::erase_if(scopes, [&](const ScopeUsage& s) {
        return (!kind.isEmpty() && QLatin1String(governance::scopeKindName(s.kind)) != kind) ||
               (!name.isEmpty() && s.name != name);
    });
    std::sort(scopes.begin(), scopes.end(), [](const ScopeUsage& a, const ScopeUsage& b) {
        return std::pair(int(a.kind), a.name) < std::pair(int(b.kind), b.name);
    });
    return scopes;
}

} // namespace

AdminReply AdminReply::error(int status, const QByteArray& code, const QString& message)
{
    AdminReply reply;
    reply.status = status;
    reply.code = code;
    reply.body =
        QJsonDocument(
            QJsonObject{{QStringLiteral("error"),
                         QJsonObject{{QStringLiteral("message"), message},
                                     {QStringLiteral("code"), QString::fromLatin1(code)}}}})
            .toJson(QJsonDocument::Compact);
    return reply;
}

AdminApi::AdminApi(AdminServices services,
                   std::function<std::shared_ptr<const pipeline::Runtime>()> runtime)
    : m_services(std::move(services)), m_runtime(std::move(runtime))
{}

AdminApi::~AdminApi() = default;

AdminReply AdminApi::gate(const http::Request& head, const AdminPolicy& policy)
{
    // Whoever holds the token controls every key and budget: by default only this machine
    // may even try it.
    if (!policy.remote && !isLoopbackPeer(head.peer.address))
        return AdminReply::error(403, "admin_remote_refused",
                                 QStringLiteral("the admin API answers only clients on this "
                                                "machine (loopback); set auth.adminRemote to "
                                                "serve it to others"));
    if (policy.browser) {
        const http::BrowserGuard::Verdict browser = policy.browser->check(head);
        if (browser.status)
            return AdminReply::error(browser.status, browser.reason,
                                     QString::fromUtf8(browser.message));
    }
    // No page may drive the admin API, not even a listed origin: its answers carry no CORS
    // headers, and a page's request is refused before it does anything.
    if (!head.header("origin").isEmpty())
        return AdminReply::error(403, "admin_browser_refused",
                                 QStringLiteral("the admin API does not answer web pages (the "
                                                "request has an Origin header)"));
    const QByteArray presented = AdminToken::bearer(head.header("authorization"));
    if (presented.isEmpty() || !AdminToken::matches(presented, policy.token)) {
        AdminReply reply = AdminReply::error(
            401, "admin_unauthorized",
            presented.isEmpty()
                ? QStringLiteral("the admin API needs \"Authorization: Bearer <admin token>\" "
                                 "(auth.adminToken, or the data dir's admin-token file)")
                : QStringLiteral("the admin token is not valid"));
        // RFC 6750 3: the scheme, and why a presented token was refused.
        reply.headers.emplace_back("www-authenticate",
                                   presented.isEmpty()
                                       ? QByteArray("Bearer realm=\"switchboard-admin\"")
                                       : QByteArray("Bearer realm=\"switchboard-admin\", "
                                                    "error=\"invalid_token\""));
        return reply;
    }
    // The body is bounded before a byte of it is read: a length over the bound is refused
    // now, and a chunked body (whose length is unknown until its end) is not taken.
    if (!head.header("transfer-encoding").isEmpty())
        return AdminReply::error(411, "length_required",
                                 QStringLiteral("send the admin API's bodies with a "
                                                "Content-Length, not chunked"));
    const QByteArray length = head.header("content-length");
    bool counted = true; // the parser checked the digits; a number past qint64 is too large
    const qint64 bodyBytes = length.isEmpty() ? 0 : length.toLongLong(&counted);
    if (!counted || bodyBytes > maxAdminBodyBytes)
        return AdminReply::error(413, "body_too_large",
                                 QStringLiteral("the admin API takes bodies of at most %1 bytes")
                                     .arg(maxAdminBodyBytes));
    if (bodyBytes > 0 && !http::BrowserGuard::isJson(head.header("content-type")))
        return AdminReply::error(415, "unsupported_media_type",
                                 QStringLiteral("Content-Type must be application/json"));
    return AdminReply();
}

AdminReply AdminApi::admit(const http::Request& head) const
{
    const std::shared_ptr<const pipeline::Runtime> runtime = m_runtime();
    AdminPolicy policy;
    policy.remote = runtime->config.auth.adminRemote;
    policy.token = m_services.token();
    policy.browser = &runtime->browser;
    return gate(head, policy);
}

AdminReply AdminApi::handle(const http::Request& request, const QByteArray& path)
{
    if (request.body.size() > maxAdminBodyBytes) // admit() bounds it; this never reads more
        return AdminReply::error(413, "body_too_large",
                                 QStringLiteral("the admin API takes bodies of at most %1 bytes")
                                     .arg(maxAdminBodyBytes));
    const QByteArray method = request.method == "HEAD" ? QByteArray("GET") : request.method;
    const QList<QByteArray> parts = path.split('/');
    if (parts.size() == 1) {
        const QByteArray& what = parts.at(0);
        if (what == "keys") {
            if (method == "GET")
                return listKeys();
            if (method == "POST")
                return createKey(request.body);
            return methodNotAllowed(method, "GET, POST");
        }
        if (what == "tenants" || what == "spend" || what == "limits") {
            if (method != "GET")
                return methodNotAllowed(method, "GET");
            if (what == "tenants")
                return tenants();
            return what == "spend" ? spend(request.target) : limits(request.target);
        }
    } else if (parts.at(0) == "keys" && (parts.size() == 2 || parts.size() == 3)) {
        const QString name = QString::fromUtf8(parts.at(1));
        if (!config::ConfigLoader::isValidKeyName(name))
            return AdminReply::error(404, "key_not_found",
                                     QStringLiteral("no key is named \"%1\"").arg(name.left(64)));
        if (parts.size() == 2) {
            if (method == "GET")
                return getKey(name);
            if (method == "PATCH")
                return patchKey(name, request.body);
            return methodNotAllowed(method, "GET, PATCH");
        }
        if (parts.at(2) == "revoke" || parts.at(2) == "rotate") {
            if (method != "POST")
                return methodNotAllowed(method, "POST");
            return parts.at(2) == "revoke" ? revokeKey(name) : rotateKey(name);
        }
    }
    return AdminReply::error(
        404, "not_found",
        QStringLiteral("the admin API has no /admin/%1 (see /admin/keys, /admin/tenants, "
                       "/admin/spend, /admin/limits)")
            .arg(QString::fromUtf8(path.left(128))));
}

governance::KeyStore* AdminApi::store(AdminReply* failure)
{
    if (!m_store) {
        Result<std::unique_ptr<governance::KeyStore>> opened =
            governance::KeyStore::open(m_services.dataDir);
        if (!opened) {
            *failure = AdminReply::error(
                500, "key_store_error",
                QStringLiteral("the key store cannot be opened: %1").arg(opened.error()));
            return nullptr;
        }
        m_store = std::move(opened).value();
    }
    return m_store.get();
}

AdminReply AdminApi::storeFailure(const QString& name, const QString& error)
{
    // The store's errors are sentences: tell "no such key" (404) from a store that failed
    // (500) by looking.
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<std::vector<KeyRecord>> all = keys->list();
    if (!all)
        return AdminReply::error(500, "key_store_error", error);
    const auto key =
        std::find_if(all->begin(), all->end(), [&](const KeyRecord& k) { return k.name == name; });
    if (key != all->end() && key->revokedMs != 0)
        return AdminReply::error(409, "key_revoked", error);
    if (key != all->end()) // what else the store checks, the API checked before
        return AdminReply::error(500, "key_store_error", error);
    if (declaredKey(m_runtime()->config, name))
        return AdminReply::error(409, "key_declared_in_config",
                                 QStringLiteral("the key \"%1\" is declared in the config "
                                                "(keys[]); change it there")
                                     .arg(name));
    return AdminReply::error(404, "key_not_found",
                             QStringLiteral("no key is named \"%1\"").arg(name));
}

AdminReply AdminApi::listKeys()
{
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<std::vector<KeyRecord>> stored = keys->list();
    if (!stored)
        return AdminReply::error(500, "key_store_error", stored.error());
    const qint64 now = m_services.clock();
    std::vector<KeyRecord> all = stored.value();
    for (const config::KeyDecl& decl : m_runtime()->config.keys)
        all.push_back(governance::StoredKeyDirectory::recordOf(decl));
    std::sort(all.begin(), all.end(),
              [](const KeyRecord& a, const KeyRecord& b) { return a.name < b.name; });
    QJsonArray data;
    for (const KeyRecord& k : all)
        data.append(governance::keyToJson(k, now));
    return json(200, QJsonObject{{QStringLiteral("keys"), data}});
}

AdminReply AdminApi::createKey(const QByteArray& body)
{
    const qint64 now = m_services.clock();
    const Result<governance::KeySpec> spec = keySpecFromJson(body, true, now);
    if (!spec)
        return AdminReply::error(400, "invalid_request", spec.error());
    if (declaredKey(m_runtime()->config, spec->name))
        return AdminReply::error(
            409, "key_exists",
            QStringLiteral("a key named \"%1\" is declared in the config").arg(spec->name));
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<governance::IssuedKey> issued = keys->create(spec.value(), now);
    if (!issued) {
        if (keys->find(spec->name))
            return AdminReply::error(409, "key_exists", issued.error());
        return AdminReply::error(500, "key_store_error", issued.error());
    }
    QJsonObject o = governance::keyToJson(issued->record, now);
    // The secret exists nowhere else: this answer is the only time anyone sees it.
    o.insert(QStringLiteral("key"), QString::fromLatin1(issued->secret));
    return json(201, o);
}

AdminReply AdminApi::getKey(const QString& name)
{
    const qint64 now = m_services.clock();
    if (const config::KeyDecl* decl = declaredKey(m_runtime()->config, name))
        return json(200,
                    governance::keyToJson(governance::StoredKeyDirectory::recordOf(*decl), now));
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<KeyRecord> key = keys->find(name);
    if (!key)
        return storeFailure(name, key.error());
    return json(200, governance::keyToJson(key.value(), now));
}

AdminReply AdminApi::patchKey(const QString& name, const QByteArray& body)
{
    const qint64 now = m_services.clock();
    Result<governance::KeySpec> spec = keySpecFromJson(body, false, now);
    if (!spec)
        return AdminReply::error(400, "invalid_request", spec.error());
    spec.value().name = name;
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<KeyRecord> key = keys->update(spec.value());
    if (!key)
        return storeFailure(name, key.error());
    return json(200, governance::keyToJson(key.value(), now));
}

AdminReply AdminApi::revokeKey(const QString& name)
{
    const qint64 now = m_services.clock();
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<KeyRecord> key = keys->revoke(name, now);
    if (!key)
        return storeFailure(name, key.error());
    return json(200, governance::keyToJson(key.value(), now));
}

AdminReply AdminApi::rotateKey(const QString& name)
{
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<governance::IssuedKey> issued = keys->rotate(name);
    if (!issued)
        return storeFailure(name, issued.error());
    QJsonObject o = governance::keyToJson(issued->record, m_services.clock());
    o.insert(QStringLiteral("key"), QString::fromLatin1(issued->secret));
    return json(200, o);
}

AdminReply AdminApi::tenants()
{
    if (!m_services.ledger)
        return AdminReply::error(503, "ledger_unavailable",
                                 QStringLiteral("the ledger of limits is not running"));
    AdminReply failure;
    governance::KeyStore* keys = store(&failure);
    if (!keys)
        return failure;
    const Result<std::vector<KeyRecord>> stored = keys->list();
    if (!stored)
        return AdminReply::error(500, "key_store_error", stored.error());
    const std::shared_ptr<const pipeline::Runtime> runtime = m_runtime();
    struct Tenant
    {
        bool declared = false;
        int keys = 0;
        ScopeUsage usage;
    };
    QMap<QString, Tenant> byName; // sorted by name
    const auto tenant = [&](const QString& name) -> Tenant& {
        Tenant& t = byName[name];
        t.usage.kind = ScopeUsage::Kind::Tenant;
        t.usage.name = name;
        return t;
    };
    for (const config::TenantDecl& decl : runtime->config.tenants) {
        Tenant& t = tenant(decl.name);
        t.declared = true;
        t.usage.limits = decl.limits;
    }
    for (const KeyRecord& k : stored.value())
        ++tenant(k.tenant).keys;
    for (const config::KeyDecl& decl : runtime->config.keys)
        ++tenant(governance::StoredKeyDirectory::recordOf(decl).tenant).keys;
    // The live use of each tenant the ledger has seen (its limits are those it enforces).
    for (const ScopeUsage& s : m_services.ledger->snapshot())
        if (s.kind == ScopeUsage::Kind::Tenant)
            tenant(s.name).usage = s;
    QJsonArray data;
    for (auto it = byName.cbegin(); it != byName.cend(); ++it) {
        QJsonObject o = scopeJson(it->usage, Spend | Rates);
        o.remove(QStringLiteral("kind"));
        o.insert(QStringLiteral("declared"), it->declared);
        o.insert(QStringLiteral("keys"), it->keys);
        o.insert(QStringLiteral("limits"), config::limitsToJson(it->usage.limits));
        data.append(o);
    }
    return json(200, QJsonObject{{QStringLiteral("tenants"), data}});
}

AdminReply AdminApi::scopes(const QByteArray& target, int parts)
{
    if (!m_services.ledger)
        return AdminReply::error(503, "ledger_unavailable",
                                 QStringLiteral("the ledger of limits is not running"));
    const Result<std::vector<ScopeUsage>> selected =
        selectScopes(m_services.ledger->snapshot(), target);
    if (!selected)
        return AdminReply::error(400, "invalid_request", selected.error());
    QJsonArray data;
    for (const ScopeUsage& s : selected.value())
        data.append(scopeJson(s, parts));
    return json(200, QJsonObject{{QStringLiteral("scopes"), data}});
}

AdminReply AdminApi::spend(const QByteArray& target)
{
    return scopes(target, Spend);
}

AdminReply AdminApi::limits(const QByteArray& target)
{
    return scopes(target, Rates);
}

} // namespace gateway::admin

#include "stages/AuthStage.h"

#include "config/Config.h"
#include "governance/KeySet.h"
#include "http/BrowserGuard.h"
#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"

#include <cstring>

#include <openssl/crypto.h>

namespace gateway::stages {

namespace {
const QByteArray missingMessage = QByteArrayLiteral(
    "Missing API key: send it as Authorization: Bearer <key> (or x-api-key / api-key).");

// Compared in constant time: the time taken says nothing about how much of a guess was right.
bool isConsole(const http::Request& head, QByteArrayView consoleToken)
{
    if (consoleToken.isEmpty())
        return false;
    const QByteArrayView sent = head.header(AuthStage::consoleHeader);
    return sent.size() == consoleToken.size() &&
           CRYPTO_memcmp(sent.data(), consoleToken.data(), size_t(sent.size())) == 0;
}

std::shared_ptr<const governance::Principal> consolePrincipal()
{
    static const auto console = [] {
        auto p = std::make_shared<governance::Principal>();
        p->method = governance::Principal::Method::Console;
        p->keyName = QStringLiteral("console");
        p->tenant = governance::defaultTenant();
        return std::shared_ptr<const governance::Principal>(std::move(p));
    }();
    return console;
}
} // namespace

AuthStage::AuthStage(const config::Config& config, state::StageCounters& counters,
                     std::vector<std::unique_ptr<governance::Authenticator>> authenticators,
                     WallClock clock)
    : m_authenticators(std::move(authenticators)), m_clock(std::move(clock)),
      m_required(configRequiresAuth(config) || !http::isLoopbackHost(config.server.host.toUtf8())),
      m_accepted(counters.counter("accepted")), m_refused(counters.counter("refused")),
      m_missing(counters.counter("missing")),
      m_modelNotAllowed(counters.counter("model_not_allowed"))
{}

bool AuthStage::configRequiresAuth(const config::Config& config)
{
    return config.auth.required || !config.keys.isEmpty() || config.auth.jwt.enabled() ||
           !config.auth.clientCertificates.isEmpty();
}

const AuthStage* AuthStage::of(const pipeline::Runtime& runtime)
{
    for (const auto& stage : runtime.stages)
        if (std::strcmp(stage->name(), "auth") == 0)
            return static_cast<const AuthStage*>(stage.get());
    return nullptr;
}

bool AuthStage::applies(const governance::KeyDirectory* keys) const
{
    return m_required || (keys && keys->hasKeys());
}

AuthStage::Decision AuthStage::authenticate(const http::Request& head,
                                            const governance::KeyDirectory* keys,
                                            QByteArrayView consoleToken) const
{
    Decision decision;
    if (!applies(keys))
        return decision; // open
    static const governance::KeySet noKeys;
    const std::shared_ptr<const governance::KeySet> set = keys ? keys->current() : nullptr;
    const qint64 nowMs = m_clock();
    for (const auto& authenticator : m_authenticators) {
        governance::AuthResult result =
            authenticator->authenticate(head, set ? *set : noKeys, nowMs);
        switch (result.outcome) {
        case governance::AuthResult::Outcome::Absent: continue;
        case governance::AuthResult::Outcome::Accepted:
            m_accepted.fetch_add(1, std::memory_order_relaxed);
            decision.principal = std::move(result.principal);
            return decision;
        case governance::AuthResult::Outcome::Refused:
            m_refused.fetch_add(1, std::memory_order_relaxed);
            decision.status = 401;
            decision.message = std::move(result.message);
            return decision;
        }
    }
    // No credential: the console's own request, or a missing key. (A key the console sends
    // with its token counts as that key: its limits apply.)
    if (isConsole(head, consoleToken)) {
        m_accepted.fetch_add(1, std::memory_order_relaxed);
        decision.principal = consolePrincipal();
        return decision;
    }
    m_missing.fetch_add(1, std::memory_order_relaxed);
    decision.status = 401;
    decision.message = missingMessage;
    return decision;
}

pipeline::Verdict AuthStage::onRequestHeaders(pipeline::RequestContext& ctx) const
{
    const governance::KeyDirectory* keys = ctx.services ? ctx.services->keys : nullptr;
    if (!applies(keys))
        return pipeline::Verdict::Continue;
    Decision decision =
        authenticate(*ctx.http, keys, ctx.services ? ctx.services->consoleToken : QByteArray());
    if (decision.status == 0) {
        ctx.principal = std::move(decision.principal);
        return pipeline::Verdict::Continue;
    }
    ctx.responseHeaders.emplace_back(QByteArrayLiteral("www-authenticate"),
                                     QByteArray::fromRawData(challenge, qstrlen(challenge)));
    ctx.replyError(decision.status, refusedCode, decision.message, refusedCode);
    return pipeline::Verdict::Reply;
}

pipeline::Verdict AuthStage::onRequest(pipeline::RequestContext& ctx) const
{
    // Requests without a model (a stored response's retrieval) have nothing to check here.
    const governance::Principal* principal = ctx.principal.get();
    if (!principal || ctx.request.model.isEmpty() || principal->mayUse(ctx.request.model))
        return pipeline::Verdict::Continue;
    m_modelNotAllowed.fetch_add(1, std::memory_order_relaxed);
    const QString who = principal->keyName.isEmpty() ? principal->subject : principal->keyName;
    ctx.replyError(403, "model_not_allowed",
                   "The key \"" + who.toUtf8() + "\" may not use the model \"" +
                       ctx.request.model.toUtf8() + "\".",
                   "model_not_allowed", "model");
    return pipeline::Verdict::Reply;
}

} // namespace gateway::stages

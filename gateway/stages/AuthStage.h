#pragma once

#include "Clock.h"
#include "governance/Authenticator.h"
#include "pipeline/Stage.h"
#include "state/SharedState.h"

#include <memory>
#include <vector>

namespace gateway::config {
struct Config;
}
namespace gateway::governance {
class KeyDirectory;
}
namespace gateway::http {
struct Request;
}
namespace gateway::pipeline {
struct Runtime;
}

namespace gateway::stages {

// Who sends a request (README, "Gateway keys"). Auth applies once any key exists (stored or
// declared), or the config asks for it (auth.required, auth.jwt, auth.clientCertificates), or
// the listener is not on loopback (the engine refuses to start open there; a gateway whose
// keys all disappear later stays closed). Then the authenticators run in order on the head:
// the first that accepts sets ctx.principal, one that refuses gives 401 at once, and when none
// finds a credential the answer is 401 "Missing API key". Once the body is parsed, the model
// must be one the principal may use (403 model_not_allowed). With auth not applying the
// gateway runs open: one check per request, nothing else.
class AuthStage : public pipeline::Stage
{
public:
    AuthStage(const config::Config& config, state::StageCounters& counters,
              std::vector<std::unique_ptr<governance::Authenticator>> authenticators,
              WallClock clock = systemWallClockMs);
    const char* name() const override { return "auth"; }
    pipeline::Verdict onRequestHeaders(pipeline::RequestContext& ctx) const override;
    pipeline::Verdict onRequest(pipeline::RequestContext& ctx) const override;

    // What authentication decided about a request's head.
    struct Decision
    {
        int status = 0; // 0: go on; 401: refused (message says why)
        std::shared_ptr<const governance::Principal> principal; // null: the gateway runs open
        QByteArray message;
    };
    // The decision on a head: what onRequestHeaders() applies, and what the gateway's routes
    // outside the pipeline (/v1/models, count_tokens) apply themselves. keys may be null (no
    // governance).
    // consoleToken: the engine's (WorkerServices::consoleToken); a request that carries it in
    // consoleHeader and no other credential is the console's own, in this process, and is let
    // through as "console".
    Decision authenticate(const http::Request& head, const governance::KeyDirectory* keys,
                          QByteArrayView consoleToken = {}) const;
    // Whether requests need a credential now.
    bool applies(const governance::KeyDirectory* keys) const;

    // The config's part of applies(): keys declared, auth.required, JWT or certificates set.
    static bool configRequiresAuth(const config::Config& config);
    // The runtime's auth stage, or null (a test's registries without one).
    static const AuthStage* of(const pipeline::Runtime& runtime);

    // The answer's code and its challenge header (RFC 9110 11.6.1: a 401 carries one).
    static constexpr const char* refusedCode = "invalid_api_key";
    static constexpr const char* challenge = "Bearer realm=\"switchboard\"";
    // The header in which the console sends its token. Only code in the gateway's own process
    // can know the token (random, made per engine, never written anywhere), so the console's
    // try-out and replays work whatever keys exist, and its rows say "console".
    static constexpr char consoleHeader[] = "x-switchboard-console";

private:
    std::vector<std::unique_ptr<governance::Authenticator>> m_authenticators;
    WallClock m_clock;
    bool m_required;
    std::atomic<quint64>& m_accepted;
    std::atomic<quint64>& m_refused;
    std::atomic<quint64>& m_missing;
    std::atomic<quint64>& m_modelNotAllowed;
};

} // namespace gateway::stages

#pragma once

#include "api/ChatRequest.h"
#include "api/Dialect.h"
#include "config/Config.h"
#include "http/Exchange.h"
#include "store/LogRecord.h"

#include <QByteArray>

#include <memory>
#include <vector>

namespace gateway::metrics {
class Registry;
class Shard;
} // namespace gateway::metrics
namespace gateway::store {
class LogWriter;
class ResponseStore;
} // namespace gateway::store
namespace gateway::upstream {
class Client;
}
namespace gateway::http {
class BufferBudget;
}
namespace gateway::routing {
class TargetPlan;
}

namespace gateway::state {
class SharedState;
}
namespace gateway::governance {
struct Principal;
class Reservation;
class KeyDirectory;
class Ledger;
} // namespace gateway::governance

namespace gateway::pipeline {

struct Runtime;

// Per-worker services a request may use. They live on the worker's thread.
struct WorkerServices
{
    upstream::Client* client = nullptr;
    metrics::Shard* metrics = nullptr;
    metrics::Registry* registry = nullptr;
    store::LogWriter* log = nullptr;
    // The Responses API's stored responses (stages/ResponsesStage.h); null: none are kept.
    store::ResponseStore* responses = nullptr;
    state::SharedState* shared = nullptr;
    // The gateway keys (stored and declared) and the counters of limits, quotas and budgets:
    // engine-owned, they outlive reloads. Null in tests that run no governance.
    governance::KeyDirectory* keys = nullptr;
    governance::Ledger* ledger = nullptr;
    // Proves a request is the console's own replay (stages/RecordStage.h); empty: none.
    QByteArray consoleToken;
    // Contexts whose work ended; released on the next turn of the worker's loop, never inside
    // a callback that may still be on the stack.
    std::vector<std::shared_ptr<void>> retired;
};

// Asynchronous work of a request that the client's going away must stop (the invoke stage's
// upstream call).
class Work
{
public:
    virtual ~Work() = default;
    virtual void cancel() = 0;
};

// One upstream attempt of a request (a failover makes several), as the log keeps it.
using Attempt = store::Attempt;

// The state of one request on its way through the stages.
struct RequestContext : std::enable_shared_from_this<RequestContext>
{
    RequestContext();
    RequestContext(const RequestContext&) = delete;
    RequestContext& operator=(const RequestContext&) = delete;
    // A context dropped before it finished (its request was admitted on its head, then the
    // transport refused the body) is no longer in flight.
    ~RequestContext();
    // Contexts alive in the process: 0 once traffic stops (a reference cycle would leak one per
    // request, with its exchange and buffers).
    static int alive();

    std::shared_ptr<const Runtime> runtime;
    WorkerServices* services = nullptr;
    // The HTTP request (headers, peer); its body has been moved into request.body.
    const http::Request* http = nullptr;
    // The chain writes the response here (the client's connection, or a fake in tests).
    std::unique_ptr<api::ResponseWriter> writer;
    // The inbound API: parses the request, shapes errors, encodes the response.
    const api::Dialect* dialect = nullptr;
    std::unique_ptr<api::ResponseEncoder> encoder;

    api::ChatRequest request;
    QByteArray traceId; // 32 hex digits (W3C trace context)
    qint64 startedNs = 0;
    qint64 firstTokenNs = 0; // first streamed token, 0 if none
    size_t nextStage = 0;
    bool finished = false;
    // A stage needs protocol-neutral response events (to read or change them): providers
    // must not relay bytes even when their wire format is the client's.
    bool wantsEvents = false;

    // Governance: who sent the request (null while the gateway runs open), what admission
    // reserved for it (settled on the real usage when it ends), and what it cost.
    std::shared_ptr<const governance::Principal> principal;
    std::shared_ptr<governance::Reservation> reservation;
    // Set once by stages::account() (stages/Accounting.h) when the response is over, for the
    // ledger's settlement and the log row alike: the usage (estimated where the upstream
    // reported none) and what it cost.
    bool accounted = false;
    bool usageEstimated = false;
    config::Nanos costNanos = 0;
    // Headers the stages add to the response, whatever it is: an answer, a stream or a refusal
    // (x-ratelimit-*, retry-after).
    http::HeaderList responseHeaders;

    // Route: the alias, the plan of targets to try, and the target being tried.
    const config::ModelAlias* alias = nullptr;
    std::shared_ptr<routing::TargetPlan> plan;
    const config::Backend* backend = nullptr;
    QString upstreamModel;
    std::vector<Attempt> attempts;

    // The process's budget of buffered response bytes (null in tests without a transport).
    http::BufferBudget* budget = nullptr;

    // Outcome.
    int status = 0;
    int responseStatus = 0; // the status the client was sent (0: nothing yet)
    QByteArray errorClass;  // empty on success: invalid_request, model_not_found, upstream_5xx ...
    api::Usage usage;
    QByteArray providerDetail; // the last provider facts an event carried, for the log row
    qint64 contentChunks = 0;  // content events delivered (counts tokens where usage never came)
    QByteArray responseCapture;

    // Work in progress that an abort must cancel (the invoke stage's call).
    std::shared_ptr<Work> work;
    // Holds the context alive while a stage is paused.
    std::shared_ptr<RequestContext> self;

    // Answers the request with an error in its dialect's shape (and records errorClass). For a
    // stage that then returns Verdict::Reply.
    void replyError(int status, const QByteArray& errorClass, QByteArrayView message,
                    const char* code = nullptr, const char* param = nullptr);
    int replyStatus = 0;
    QByteArray replyBody;
};

} // namespace gateway::pipeline

#include "stages/RecordStage.h"

#include "stages/AuthStage.h"

#include "Clock.h"
#include "api/Dialect.h"
#include "governance/Principal.h"
#include "metrics/Metrics.h"
#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"
#include "stages/Accounting.h"
#include "store/Attempts.h"
#include "store/LogWriter.h"

#include <QDateTime>

namespace gateway::stages {

namespace {
QByteArray capped(const QByteArray& bytes, int max)
{
    return bytes.size() <= max ? bytes : bytes.left(max);
}

// The request's headers as "name: value" lines, with credentials masked: a log is read by
// more people than the keys are meant for.
QByteArray maskedHeaders(const http::Request& request)
{
    static const QByteArrayView secret[] = {"authorization",
                                            "proxy-authorization",
                                            "x-api-key",
                                            "api-key",
                                            "cookie",
                                            "x-goog-api-key",
                                            RecordStage::replayHeader,
                                            AuthStage::consoleHeader};
    QByteArray out;
    for (const auto& [name, value] : request.headers) {
        out += name;
        out += ": ";
        bool masked = false;
        for (QByteArrayView s : secret)
            masked = masked || name == s;
        out += masked ? QByteArray("***") : value;
        out += '\n';
    }
    return out;
}

// The API keys of the backends this request called. An upstream may echo its key back (in an
// "incorrect API key provided: sk-..." error, a debug echo of the request): the log must not
// keep a secret the config never shows.
QList<QByteArray> backendKeys(const pipeline::RequestContext& ctx)
{
    QList<QByteArray> keys;
    const auto add = [&keys](const config::Backend* backend) {
        if (backend && !backend->apiKey.isEmpty() && !keys.contains(backend->apiKey))
            keys.append(backend->apiKey);
    };
    add(ctx.backend);
    for (const store::Attempt& attempt : ctx.attempts)
        add(ctx.runtime->config.backend(attempt.backend));
    return keys;
}

// An operation's name as a QString, made once per name rather than once per request: the
// names are string literals, so their addresses tell them apart.
QString operationText(const char* name)
{
    thread_local std::vector<std::pair<const char*, QString>> made;
    for (const auto& [known, text] : made)
        if (known == name)
            return text;
    made.emplace_back(name, QString::fromLatin1(name));
    return made.back().second;
}
} // namespace

QString RecordStage::sourceOf(const http::Request& request, QByteArrayView consoleToken)
{
    const QByteArrayView value = request.header(replayHeader);
    if (consoleToken.isEmpty() || value.size() != consoleToken.size())
        return store::sourceApi();
    // Compared in constant time: the time taken says nothing about how much of a guess was right.
    unsigned char difference = 0;
    for (qsizetype i = 0; i < value.size(); ++i)
        difference |= static_cast<unsigned char>(value[i] ^ consoleToken[i]);
    return difference == 0 ? store::sourceReplay() : store::sourceApi();
}

QByteArray RecordStage::scrubbed(QByteArray bytes, const QList<QByteArray>& secrets)
{
    for (const QByteArray& secret : secrets)
        if (!bytes.isEmpty() && bytes.contains(secret))
            bytes.replace(secret, "[redacted]");
    return bytes;
}

void RecordStage::onComplete(pipeline::RequestContext& ctx) const
{
    const qint64 now = monotonicNs();
    const config::LoggingConfig& logging = ctx.runtime->config.logging;
    const QString backend = ctx.backend ? ctx.backend->name : QString();

    // The usage (estimated where the upstream reported none) and its cost; the limits stage
    // may have done it already, to settle its reservation.
    account(ctx);
    const qint64 prompt = qMax<qint64>(0, ctx.usage.promptTokens);
    const qint64 completion = qMax<qint64>(0, ctx.usage.completionTokens);
    const double seconds = double(now - ctx.startedNs) / 1e9;

    const double ttftSeconds =
        ctx.firstTokenNs ? double(ctx.firstTokenNs - ctx.startedNs) / 1e9 : -1;
    ctx.services->metrics->recordRequest(ctx.request.model, backend, ctx.status, seconds,
                                         ttftSeconds, prompt, completion);
    const store::AttemptOutcome outcome = store::outcomeOf(ctx.attempts);
    if (outcome.servedByFallback)
        ctx.services->metrics->recordFallback(ctx.request.model);
    const QString source =
        ctx.http ? sourceOf(*ctx.http, ctx.services->consoleToken) : store::sourceApi();
    if (source == store::sourceReplay())
        ctx.services->metrics->recordReplay(ctx.request.model, ctx.status, seconds, ttftSeconds,
                                            prompt, completion, outcome.failedAttempts,
                                            outcome.servedByFallback);

    store::LogRecord r;
    r.timeMs = QDateTime::currentMSecsSinceEpoch();
    r.traceId = ctx.traceId;
    r.endpoint =
        operationText(ctx.request.dialect ? ctx.request.dialect->operationName(ctx.request.endpoint)
                                          : api::endpointName(ctx.request.endpoint));
    r.model = ctx.request.model;
    r.backend = backend;
    r.upstreamModel = ctx.upstreamModel;
    r.route = ctx.alias ? ctx.alias->alias : ctx.backend ? QStringLiteral("direct") : QString();
    r.status = ctx.status;
    r.errorClass = QString::fromLatin1(ctx.errorClass);
    r.latencyMs = seconds * 1000.0;
    r.ttftMs = ctx.firstTokenNs ? double(ctx.firstTokenNs - ctx.startedNs) / 1e6 : -1;
    r.promptTokens = prompt;
    r.completionTokens = completion;
    r.cacheReadTokens = ctx.usage.cacheReadTokens;
    r.cacheWriteTokens = ctx.usage.cacheWriteTokens;
    r.reasoningTokens = ctx.usage.reasoningTokens;
    r.usageEstimated = ctx.usageEstimated;
    r.cost = config::nanosToUsd(ctx.costNanos);
    if (ctx.principal) {
        r.keyId = ctx.principal->keyId;
        r.keyName = ctx.principal->keyName;
        r.tenant = ctx.principal->tenant;
    }
    r.providerDetail = ctx.providerDetail;
    r.stream = ctx.request.stream;
    r.source = source;
    if (logging.captureBodies) {
        // Scrubbed before they are cut, so that no key is left half in the log.
        const QList<QByteArray> keys = backendKeys(ctx);
        if (ctx.http)
            r.requestHeaders =
                capped(scrubbed(maskedHeaders(*ctx.http), keys), logging.maxBodyBytes);
        r.requestBody = capped(scrubbed(ctx.request.body, keys), logging.maxBodyBytes);
        r.responseBody = capped(
            scrubbed(ctx.responseCapture.isEmpty() ? ctx.replyBody : ctx.responseCapture, keys),
            logging.maxBodyBytes);
    }
    r.attempts = std::move(ctx.attempts);
    ctx.services->log->push(std::move(r));
}

} // namespace gateway::stages

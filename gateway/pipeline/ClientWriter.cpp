#include "pipeline/ClientWriter.h"

#include "pipeline/RequestContext.h"
#include "pipeline/Runtime.h"

#include <algorithm>

namespace gateway::pipeline {

ClientWriter::ClientWriter(std::shared_ptr<http::Exchange> exchange, RequestContext& ctx)
    : m_exchange(std::move(exchange)), m_ctx(ctx)
{}

void ClientWriter::capture(const QByteArray& bytes)
{
    const config::LoggingConfig& logging = m_ctx.runtime->config.logging;
    if (!logging.captureBodies || m_ctx.responseCapture.size() >= logging.maxBodyBytes)
        return;
    m_ctx.responseCapture += bytes.left(logging.maxBodyBytes - m_ctx.responseCapture.size());
}

const http::HeaderList& ClientWriter::withStageHeaders(const http::HeaderList& headers,
                                                       http::HeaderList& all) const
{
    if (m_ctx.responseHeaders.empty())
        return headers;
    // A stage's header replaces an upstream's of the same name: the x-ratelimit-* and
    // retry-after of the gateway's own limits are the ones the client must keep to.
    all.reserve(headers.size() + m_ctx.responseHeaders.size());
    for (const auto& header : headers) {
        const bool replaced =
            std::any_of(m_ctx.responseHeaders.begin(), m_ctx.responseHeaders.end(),
                        [&header](const auto& stage) { return stage.first == header.first; });
        if (!replaced)
            all.push_back(header);
    }
    all.insert(all.end(), m_ctx.responseHeaders.begin(), m_ctx.responseHeaders.end());
    return all;
}

void ClientWriter::respond(int status, const QByteArray& contentType, const QByteArray& body,
                           const http::HeaderList& headers)
{
    capture(body);
    m_ctx.responseStatus = status;
    http::HeaderList merged;
    m_exchange->respond(status, contentType, body, withStageHeaders(headers, merged));
}

void ClientWriter::startBody(int status, const QByteArray& contentType, qint64 contentLength,
                             const http::HeaderList& headers, const QByteArray& first)
{
    m_ctx.responseStatus = status;
    capture(first);
    http::HeaderList merged;
    m_exchange->startBody(status, contentType, contentLength, withStageHeaders(headers, merged),
                          first);
}

void ClientWriter::write(const QByteArray& bytes)
{
    // Captured too: the log then tells a complete stream (with its [DONE]) from a cut one.
    capture(bytes);
    m_exchange->writeStream(bytes);
}

void ClientWriter::endStream(const QByteArray& last)
{
    capture(last);
    m_exchange->endBody(last);
}

void ClientWriter::abortStream()
{
    m_exchange->abortStream();
}

bool ClientWriter::started() const
{
    return m_exchange->responseStarted();
}

bool ClientWriter::outputBlocked() const
{
    return m_exchange->outputBlocked();
}

void ClientWriter::beginBatch()
{
    m_exchange->beginBatch();
}

void ClientWriter::endBatch()
{
    m_exchange->endBatch();
}

void ClientWriter::setDrainedHandler(std::function<void()> onDrained)
{
    m_exchange->setOutputDrainedHandler(std::move(onDrained));
}

} // namespace gateway::pipeline

#pragma once

#include "api/ResponseWriter.h"
#include "http/Exchange.h"

#include <memory>

namespace gateway::pipeline {

struct RequestContext;

// The chain's writer to a real client: the exchange of the request's connection. It keeps what
// it writes (up to logging.maxBodyBytes, when bodies are captured) for the request log.
class ClientWriter : public api::ResponseWriter
{
public:
    ClientWriter(std::shared_ptr<http::Exchange> exchange, RequestContext& ctx);

    void respond(int status, const QByteArray& contentType, const QByteArray& body,
                 const http::HeaderList& headers) override;
    void startBody(int status, const QByteArray& contentType, qint64 contentLength,
                   const http::HeaderList& headers, const QByteArray& first = {}) override;
    void write(const QByteArray& bytes) override;
    void endStream(const QByteArray& last = {}) override;
    void abortStream() override;
    bool started() const override;
    bool outputBlocked() const override;
    void beginBatch() override;
    void endBatch() override;
    void setDrainedHandler(std::function<void()> onDrained) override;

private:
    void capture(const QByteArray& bytes);
    // headers plus those the stages set on the context (rate-limit headers ...): headers
    // itself when the stages set none (no copy), else `all`, filled with both.
    const http::HeaderList& withStageHeaders(const http::HeaderList& headers,
                                             http::HeaderList& all) const;

    std::shared_ptr<http::Exchange> m_exchange;
    RequestContext& m_ctx;
};

} // namespace gateway::pipeline

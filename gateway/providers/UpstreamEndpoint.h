#pragma once

#include "config/Config.h"
#include "http/Exchange.h"
#include "upstream/Origin.h"

#include <QByteArray>
#include <QByteArrayView>

namespace gateway::providers {

// Where a backend's calls go and how their request heads look: the origin, the Host header,
// the base URL's path, and the headers and query parameters the config adds to every call.
// Built once per backend; every adapter writes its requests through it.
class UpstreamEndpoint
{
public:
    explicit UpstreamEndpoint(const config::Backend& backend);

    const upstream::Origin& origin() const { return m_origin; }
    const QByteArray& basePath() const { return m_basePath; }
    const QByteArray& hostHeader() const { return m_hostHeader; }

    // A whole HTTP/1.1 request: "POST <base path><path>" (path may carry a query; the config's
    // query parameters are added to it), Host, the adapter's headers, the config's extra
    // headers, X-Request-Id (when traceId is not empty), Content-Type: application/json,
    // Content-Length and the body.
    QByteArray request(QByteArrayView method, QByteArrayView path, const http::HeaderList& headers,
                       QByteArrayView body, QByteArrayView traceId) const;
    // The same, for a body-less request (GET): no Content-Type, no Content-Length.
    QByteArray getRequest(QByteArrayView path, const http::HeaderList& headers) const;

private:
    void appendHead(QByteArray& out, QByteArrayView method, QByteArrayView path,
                    const http::HeaderList& headers) const;

    upstream::Origin m_origin;
    QByteArray m_basePath;
    QByteArray m_hostHeader;
    QByteArray m_extraQuery;
    http::HeaderList m_extraHeaders;
};

} // namespace gateway::providers

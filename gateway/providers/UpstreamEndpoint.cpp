#include "providers/UpstreamEndpoint.h"

#include "config/ConfigLoader.h"
#include "http/ResponseHead.h"

namespace gateway::providers {

UpstreamEndpoint::UpstreamEndpoint(const config::Backend& backend)
{
    m_origin.tls = backend.tls;
    m_origin.host = backend.host;
    m_origin.port = backend.port;
    m_origin.caFile = backend.caFile;
    m_origin.finish();
    m_basePath = backend.basePath;
    // RFC 9110 7.2: the port is left out when it is the scheme's default.
    const bool defaultPort = backend.port == (backend.tls ? 443 : 80);
    const QString hostPort = config::ConfigLoader::formatListen(backend.host, backend.port);
    m_hostHeader =
        (defaultPort ? hostPort.left(hostPort.lastIndexOf(QLatin1Char(':'))) : hostPort).toLatin1();
    m_extraQuery = backend.extraQuery;
    for (const auto& [name, value] : backend.extraHeaders)
        m_extraHeaders.emplace_back(name, value);
}

void UpstreamEndpoint::appendHead(QByteArray& out, QByteArrayView method, QByteArrayView path,
                                  const http::HeaderList& headers) const
{
    http::appendParts(out, {method, " ", m_basePath, path});
    if (!m_extraQuery.isEmpty())
        http::appendParts(out, {path.contains('?') ? "&" : "?", m_extraQuery});
    http::appendParts(out, {" HTTP/1.1\r\nHost: ", m_hostHeader, "\r\n"});
    http::appendHeaderLines(out, headers);
    http::appendHeaderLines(out, m_extraHeaders);
}

QByteArray UpstreamEndpoint::request(QByteArrayView method, QByteArrayView path,
                                     const http::HeaderList& headers, QByteArrayView body,
                                     QByteArrayView traceId) const
{
    QByteArray out;
    out.reserve(body.size() + 512);
    appendHead(out, method, path, headers);
    if (!traceId.isEmpty())
        http::appendParts(out, {"X-Request-Id: ", traceId, "\r\n"});
    http::appendParts(out, {"Content-Type: application/json\r\nContent-Length: ",
                            http::Decimal(body.size()), "\r\n\r\n", body});
    return out;
}

QByteArray UpstreamEndpoint::getRequest(QByteArrayView path, const http::HeaderList& headers) const
{
    QByteArray out;
    appendHead(out, "GET", path, headers);
    out += "\r\n";
    return out;
}

} // namespace gateway::providers

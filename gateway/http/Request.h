#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <utility>
#include <vector>

namespace gateway::http {

// The client at the other end of a connection.
struct Peer
{
    QByteArray address; // numeric, e.g. "127.0.0.1" or "::1" (an IPv4-mapped address as IPv4)
    quint16 port = 0;
    // The TLS client certificate (DER) when the client presented one and it verified against
    // server.tls.clientCaFile; empty otherwise (plain HTTP, no client CA, no certificate).
    QByteArray clientCertificateDer;
};

// One parsed HTTP/1.1 request. Header names are lower-cased by the parser, so lookups are
// exact comparisons.
struct Request
{
    QByteArray method;
    QByteArray target; // request-target as sent, e.g. "/v1/chat/completions?x=1"
    QByteArray path;   // target without the query
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    Peer peer; // filled by the connection, for every request on it
    bool keepAlive = true;
    bool http10 = false;

    // First value of a header (name in lower case), or an empty array. A view, so that a
    // literal's length is known where it is written: this runs several times per request.
    QByteArray header(QByteArrayView lowerName) const;
};

// Appends a header name, lower-cased (RFC 9110 5.1: field names are case-insensitive; both
// parsers store them in lower case so that lookups are plain comparisons).
void appendLowerCase(QByteArray& out, const char* data, size_t length);

} // namespace gateway::http

#pragma once

#include <QByteArray>

#include <utility>
#include <vector>

namespace gateway::http {

// One parsed HTTP/1.1 request. Header names are lower-cased by the parser, so lookups are
// exact comparisons.
struct Request
{
    QByteArray method;
    QByteArray target; // request-target as sent, e.g. "/v1/chat/completions?x=1"
    QByteArray path;   // target without the query
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool keepAlive = true;
    bool http10 = false;

    // First value of a header (name in lower case), or an empty array.
    QByteArray header(const char* lowerName) const;
};

// Appends a header name, lower-cased (RFC 9110 5.1: field names are case-insensitive; both
// parsers store them in lower case so that lookups are plain comparisons).
void appendLowerCase(QByteArray& out, const char* data, size_t length);

} // namespace gateway::http

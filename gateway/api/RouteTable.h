#pragma once

#include "api/Endpoint.h"
#include "http/Request.h"

#include <QByteArray>

#include <vector>

namespace gateway::api {

class Dialect;

// What a route leads to: an API operation run through the pipeline, or one of the gateway's
// own endpoints. CountTokens: the dialect parses the body and the gateway answers with its own
// estimate of the input tokens (Dialect::inputTokensBody), without a backend. Admin: the
// admin API (admin::AdminApi), which checks its caller on the head and answers itself.
enum class RouteKind { Api, Health, Metrics, ModelList, ModelRetrieve, CountTokens, Admin };

struct Route
{
    RouteKind kind = RouteKind::Api;
    const Dialect* dialect = nullptr; // parses the request and shapes its errors
    Endpoint endpoint = Endpoint::ChatCompletions;
};

// Maps (method, path) to a route: the one place that says which URL is which operation of
// which API. A path pattern is exact, or ends in "{id}", which matches the non-empty rest of
// the path. GET routes answer HEAD too.
class RouteTable
{
public:
    void add(const QByteArray& method, const QByteArray& pattern, const Route& route);

    struct Match
    {
        const Route* route = nullptr;     // null: no route for this method and path
        QByteArray param;                 // what "{id}" matched
        QByteArray allow;                 // the path exists with other methods: their list (405)
        const Dialect* dialect = nullptr; // the route's dialect (405: the path's routes')
    };
    Match match(const QByteArray& method, const QByteArray& path) const;

    // The dialect that shapes errors for paths no route matches (404).
    void setFallbackDialect(const Dialect* dialect) { m_fallback = dialect; }
    const Dialect* fallbackDialect() const { return m_fallback; }
    // Requests that carry the header (lower case) are that dialect's clients: errors for them
    // that no route shapes (404, the transport's refusals) take its shape. Anthropic's clients
    // send anthropic-version on every request.
    void addClientHeader(const QByteArray& header, const Dialect* dialect);
    // The dialect whose shape the errors for this request take: its route's, or the dialect
    // its headers name, or the fallback.
    const Dialect* errorDialect(const http::Request& head, const Match& match) const;

private:
    struct Entry
    {
        QByteArray method;
        QByteArray prefix; // the pattern without "{id}"
        bool hasParam = false;
        Route route;
    };
    std::vector<Entry> m_entries;
    std::vector<std::pair<QByteArray, const Dialect*>> m_clientHeaders;
    const Dialect* m_fallback = nullptr;
};

} // namespace gateway::api

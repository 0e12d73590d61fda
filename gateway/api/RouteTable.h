#pragma once

#include "api/Endpoint.h"

#include <QByteArray>

#include <vector>

namespace gateway::api {

class Dialect;

// What a route leads to: an API operation run through the pipeline, or one of the gateway's
// own endpoints.
enum class RouteKind { Api, Health, Metrics, ModelList, ModelRetrieve };

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
        const Route* route = nullptr; // null: no route for this method and path
        QByteArray param;             // what "{id}" matched
        QByteArray allow;             // the path exists with other methods: their list (405)
    };
    Match match(const QByteArray& method, const QByteArray& path) const;

    // The dialect that shapes errors for paths no route matches (404).
    void setFallbackDialect(const Dialect* dialect) { m_fallback = dialect; }
    const Dialect* fallbackDialect() const { return m_fallback; }

private:
    struct Entry
    {
        QByteArray method;
        QByteArray prefix; // the pattern without "{id}"
        bool hasParam = false;
        Route route;
    };
    std::vector<Entry> m_entries;
    const Dialect* m_fallback = nullptr;
};

} // namespace gateway::api

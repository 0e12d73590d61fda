#include "api/RouteTable.h"

namespace gateway::api {

void RouteTable::add(const QByteArray& method, const QByteArray& pattern, const Route& route)
{
    Entry e;
    e.method = method;
    e.hasParam = pattern.endsWith("{id}");
    e.prefix = e.hasParam ? pattern.chopped(4) : pattern;
    e.route = route;
    m_entries.push_back(std::move(e));
}

RouteTable::Match RouteTable::match(const QByteArray& method, const QByteArray& path) const
{
    Match m;
    const QByteArrayView wanted = method == "HEAD" ? QByteArrayView("GET") : QByteArrayView(method);
    for (const Entry& e : m_entries) {
        QByteArray param;
        if (e.hasParam) {
            if (!path.startsWith(e.prefix) || path.size() == e.prefix.size())
                continue;
            // The rest of the path, slashes included: model ids such as "backend/model" hold
            // one (and clients may send it percent-encoded: the handler decodes).
            param = path.mid(e.prefix.size());
        } else if (path != e.prefix) {
            continue;
        }
        if (e.method == wanted) {
            m.route = &e.route;
            m.param = param;
            m.allow.clear();
            m.dialect = e.route.dialect;
            return m;
        }
        if (!m.dialect)
            m.dialect = e.route.dialect;
        if (!m.allow.contains(e.method)) {
            if (!m.allow.isEmpty())
                m.allow += ", ";
            m.allow += e.method;
            if (e.method == "GET")
                m.allow += ", HEAD";
        }
    }
    return m;
}

void RouteTable::addClientHeader(const QByteArray& header, const Dialect* dialect)
{
    m_clientHeaders.emplace_back(header, dialect);
}

const Dialect* RouteTable::errorDialect(const http::Request& head, const Match& match) const
{
    if (match.dialect)
        return match.dialect;
    for (const auto& [header, dialect] : m_clientHeaders)
        if (!head.header(header).isEmpty())
            return dialect;
    return m_fallback;
}

} // namespace gateway::api

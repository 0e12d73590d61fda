#include "providers/openai/OpenAiAddressing.h"

#include <cstring>

namespace gateway::providers {

BearerAddressing::BearerAddressing(const QByteArray& apiKey)
{
    if (!apiKey.isEmpty())
        m_authorization = "Bearer " + apiKey;
}

QByteArray BearerAddressing::path(api::Endpoint endpoint, const QString&) const
{
    // A literal: no copy, no allocation (the pass-through's path).
    return QByteArray::fromRawData(api::endpointPath(endpoint),
                                   qsizetype(strlen(api::endpointPath(endpoint))));
}

void BearerAddressing::appendAuthHeaders(http::HeaderList& headers) const
{
    if (!m_authorization.isEmpty())
        headers.emplace_back("Authorization", m_authorization);
}

} // namespace gateway::providers

#include "providers/azure/AzureAddressing.h"

#include "providers/azure/AzureContentFilter.h"

#include <QUrl>

namespace gateway::providers::azure {

AzureAddressing::AzureAddressing(const config::Backend& backend) : m_backend(backend)
{
    if (!backend.apiVersion.isEmpty())
        m_apiVersionQuery = "?api-version=" + QUrl::toPercentEncoding(backend.apiVersion);
    if (backend.entraAuth) {
        m_authName = "Authorization";
        m_authValue = "Bearer " + backend.apiKey;
    } else {
        m_authName = "api-key";
        m_authValue = backend.apiKey;
    }
}

QByteArray AzureAddressing::path(api::Endpoint endpoint, const QString& model) const
{
    const char* endpointPath = api::endpointPath(endpoint);
    if (m_apiVersionQuery.isEmpty())
        return QByteArray("/openai/v1") + endpointPath;
    return "/openai/deployments/" + QUrl::toPercentEncoding(m_backend.deploymentFor(model)) +
           endpointPath + m_apiVersionQuery;
}

QString AzureAddressing::bodyModel(const QString& model) const
{
    // The v1 API names the deployment in the body; the deployment path names it in the URL
    // (and Azure ignores the body's model there).
    return m_apiVersionQuery.isEmpty() ? m_backend.deploymentFor(model) : model;
}

void AzureAddressing::appendAuthHeaders(http::HeaderList& headers) const
{
    if (!m_backend.apiKey.isEmpty())
        headers.emplace_back(m_authName, m_authValue);
}

std::unique_ptr<AnswerObserver> AzureAddressing::observer() const
{
    return std::make_unique<AzureContentFilter>();
}

} // namespace gateway::providers::azure

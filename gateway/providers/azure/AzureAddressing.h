#pragma once

#include "config/Config.h"
#include "providers/openai/OpenAiAddressing.h"

namespace gateway::providers::azure {

// Azure OpenAI's addressing (`type: "azure-openai"`): Azure speaks OpenAI's wire format, so the
// OpenAI-compatible client serves it with this policy ("Azure OpenAI in Azure AI Foundry
// Models REST API reference" and "Azure OpenAI v1 API"):
//  - with backend.apiVersion: {basePath}/openai/deployments/{deployment}{endpoint path}
//    ?api-version={apiVersion}, the deployment being backend.deploymentFor(model);
//  - without: the v1 API, {basePath}/openai/v1{endpoint path}, with the deployment as the
//    body's model;
//  - auth: `api-key: <key>`, or `Authorization: Bearer <token>` when backend.entraAuth (the key
//    is then a Microsoft Entra ID token);
//  - content-filter results are read off every answer (AzureContentFilter) for the log row.
// baseUrl is the resource's endpoint, https://{resource}.openai.azure.com, without /openai.
class AzureAddressing final : public OpenAiAddressing
{
public:
    explicit AzureAddressing(const config::Backend& backend);

    QByteArray path(api::Endpoint endpoint, const QString& model) const override;
    QString bodyModel(const QString& model) const override;
    void appendAuthHeaders(http::HeaderList& headers) const override;
    std::unique_ptr<AnswerObserver> observer() const override;

private:
    config::Backend m_backend;    // its deployments (deploymentFor)
    QByteArray m_apiVersionQuery; // "?api-version=..." (percent-encoded); empty: the v1 path
    QByteArray m_authName;        // "api-key" or "Authorization"
    QByteArray m_authValue;       // never logged
};

} // namespace gateway::providers::azure

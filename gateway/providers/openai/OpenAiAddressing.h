#pragma once

#include "api/Endpoint.h"
#include "http/Exchange.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

namespace gateway::providers {

// Reads provider facts off an OpenAI-format answer on its way to the client, to keep them on
// the request's log row (Azure's content-filter results). One per call; fed every stream
// payload or the whole answer.
class AnswerObserver
{
public:
    virtual ~AnswerObserver() = default;
    virtual void observeChunk(QByteArrayView payload) = 0; // a stream chunk (data: payload)
    virtual void observeAnswer(QByteArrayView body) = 0;   // a whole answer
    // Everything kept so far, as a JSON object text, when it changed since the last call;
    // empty otherwise. The call puts it on a Usage or Finish event (providerDetail).
    virtual QByteArray takeDetail() = 0;
};

// How a server that speaks OpenAI's wire format is addressed: the request target for an
// endpoint, the model the body names, the authentication headers, and what is read off its
// answers. OpenAI-compatible servers and Azure OpenAI differ in these only, so they share one
// client (OpenAiCompatibleProvider) with a policy each.
class OpenAiAddressing
{
public:
    virtual ~OpenAiAddressing() = default;
    // The request target after the base URL's path, query included.
    virtual QByteArray path(api::Endpoint endpoint, const QString& model) const = 0;
    // The model named in the request body.
    virtual QString bodyModel(const QString& model) const { return model; }
    virtual void appendAuthHeaders(http::HeaderList& headers) const = 0;
    // An observer for one call's answer; null (the default) when nothing is read off answers.
    virtual std::unique_ptr<AnswerObserver> observer() const { return nullptr; }
};

// OpenAI and the servers that copy its API: {basePath}{endpoint path}, Authorization: Bearer
// <key> (no header without a key).
class BearerAddressing final : public OpenAiAddressing
{
public:
    explicit BearerAddressing(const QByteArray& apiKey);
    QByteArray path(api::Endpoint endpoint, const QString& model) const override;
    void appendAuthHeaders(http::HeaderList& headers) const override;

private:
    QByteArray m_authorization; // "Bearer <key>" or empty; never logged
};

} // namespace gateway::providers

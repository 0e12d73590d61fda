#include "providers/ModelCatalog.h"

#include "providers/UpstreamEndpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace gateway::providers {

using config::BackendType;

namespace {

// The path (after the base URL's) and the headers of the listing request of each type.
struct ListCall
{
    QByteArray path;
    http::HeaderList headers;
};

ListCall listCall(const config::Backend& b)
{
    ListCall call;
    call.headers.emplace_back("Accept", "application/json");
    const auto bearer = [&] {
        if (!b.apiKey.isEmpty())
            call.headers.emplace_back("Authorization", "Bearer " + b.apiKey);
    };
    switch (b.type) {
    case BackendType::OpenAiCompatible:
        // OpenAI API reference, "Models: List".
        call.path = "/models";
        bearer();
        break;
    case BackendType::AzureOpenAi:
        // Azure OpenAI REST reference: "Models - List" (data plane, api-version), and the v1
        // API's GET /openai/v1/models. Auth: the api-key header, or a Microsoft Entra token.
        call.path = b.apiVersion.isEmpty()
                        ? QByteArray("/openai/v1/models")
                        : "/openai/models?api-version=" + QUrl::toPercentEncoding(b.apiVersion);
        if (b.entraAuth)
            bearer();
        else if (!b.apiKey.isEmpty())
            call.headers.emplace_back("api-key", b.apiKey);
        break;
    case BackendType::Anthropic:
        // Anthropic API reference, "List Models": at most 1000 a page (the default is 20).
        call.path = "/v1/models?limit=1000";
        if (!b.apiKey.isEmpty())
            call.headers.emplace_back("x-api-key", b.apiKey);
        call.headers.emplace_back("anthropic-version", b.anthropicVersion.toLatin1());
        break;
    case BackendType::Gemini:
        // Gemini API reference, "models.list": at most 1000 a page (the default is 50).
        call.path = "/models?pageSize=1000";
        if (!b.apiKey.isEmpty())
            call.headers.emplace_back("x-goog-api-key", b.apiKey);
        break;
    case BackendType::Ollama:
        // Ollama API reference, "List models" (the models pulled to the server). Ollama itself
        // takes no key; a proxy in front of it may want a bearer token.
        call.path = "/api/tags";
        bearer();
        break;
    case BackendType::Bedrock:
    case BackendType::Mock: break;
    }
    return call;
}

// The upstream's own words about an error: {"error":{"message":..}} (OpenAI, Azure, Anthropic,
// Gemini), {"error":".."} (Ollama) or {"message":".."}; one line, cut to maxDetailChars.
QString errorMessage(const QJsonObject& body)
{
    const QJsonValue error = body.value(QLatin1String("error"));
    QString message = error.isObject() ? error.toObject().value(QLatin1String("message")).toString()
                                       : error.toString();
    if (message.isEmpty())
        message = body.value(QLatin1String("message")).toString();
    message = message.simplified();
    if (message.size() > ModelCatalog::maxDetailChars)
        message = message.left(ModelCatalog::maxDetailChars - 1) + QChar(0x2026);
    return message;
}

// Adds a name unless it is not one; false once the listing is full.
bool add(ModelCatalog::Listing& listing, const QString& name)
{
    if (name.isEmpty() || name.size() > ModelCatalog::maxNameChars)
        return true;
    if (listing.models.size() >= ModelCatalog::maxModels) {
        listing.partial = true;
        return false;
    }
    listing.models << name;
    return true;
}

// The answer is JSON, but no list of models: *key* is the array that is missing.
ModelCatalog::Listing shape(const QString& key)
{
    ModelCatalog::Listing listing;
    listing.problem = ModelCatalog::Problem::Shape;
    listing.detail = key;
    return listing;
}

} // namespace

bool ModelCatalog::canList(BackendType type)
{
    return type != BackendType::Bedrock && type != BackendType::Mock;
}

std::optional<ModelCatalog::Request> ModelCatalog::request(const config::Backend& backend)
{
    if (!canList(backend.type))
        return std::nullopt;
    const UpstreamEndpoint endpoint(backend);
    const ListCall call = listCall(backend);
    return Request{endpoint.origin(), endpoint.getRequest(call.path, call.headers)};
}

ModelCatalog::Listing ModelCatalog::parse(BackendType type, int status, QByteArrayView body)
{
    Listing listing;
    if (body.size() > maxBodyBytes) {
        listing.problem = Problem::TooLarge;
        return listing;
    }
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &error);
    if (status < 200 || status > 299) {
        listing.problem = Problem::Status;
        if (doc.isObject())
            listing.detail = errorMessage(doc.object());
        return listing;
    }
    if (error.error != QJsonParseError::NoError) {
        listing.problem = Problem::NotJson;
        listing.detail = error.errorString();
        return listing;
    }
    if (!doc.isObject())
        return shape(type == BackendType::Gemini || type == BackendType::Ollama
                         ? QStringLiteral("models")
                         : QStringLiteral("data"));
    const QJsonObject root = doc.object();

    switch (type) {
    case BackendType::OpenAiCompatible:
    case BackendType::AzureOpenAi:
    case BackendType::Anthropic: {
        // {"data": [{"id": ..}, ..]}; Anthropic adds has_more when there is another page.
        const QJsonValue data = root.value(QLatin1String("data"));
        if (!data.isArray())
            return shape(QStringLiteral("data"));
        for (const QJsonValue& m : data.toArray())
            if (!add(listing, m.toObject().value(QLatin1String("id")).toString()))
                break;
        listing.partial |= root.value(QLatin1String("has_more")).toBool();
        return listing;
    }
    case BackendType::Gemini: {
        // {"models": [{"name": "models/..", "supportedGenerationMethods": [..]}, ..],
        //  "nextPageToken": ..}. The list is omitted when there is no model.
        const QJsonValue models = root.value(QLatin1String("models"));
        if (!models.isArray() && !models.isUndefined())
            return shape(QStringLiteral("models"));
        const QString prefix = QStringLiteral("models/");
        for (const QJsonValue& v : models.toArray()) {
            const QJsonObject m = v.toObject();
            // Embedding and other models that cannot answer a generateContent call are no
            // target for a chat request.
            if (!m.value(QLatin1String("supportedGenerationMethods"))
                     .toArray()
                     .contains(QLatin1String("generateContent")))
                continue;
            QString name = m.value(QLatin1String("name")).toString();
            if (name.startsWith(prefix))
                name.remove(0, prefix.size());
            if (!add(listing, name))
                break;
        }
        listing.partial |= !root.value(QLatin1String("nextPageToken")).toString().isEmpty();
        return listing;
    }
    case BackendType::Ollama: {
        // {"models": [{"name": "gemma3", "model": "gemma3", ..}, ..]}
        const QJsonValue models = root.value(QLatin1String("models"));
        if (!models.isArray())
            return shape(QStringLiteral("models"));
        for (const QJsonValue& m : models.toArray())
            if (!add(listing, m.toObject().value(QLatin1String("name")).toString()))
                break;
        return listing;
    }
    case BackendType::Bedrock:
    case BackendType::Mock: break;
    }
    return shape(QString());
}

} // namespace gateway::providers

#pragma once

#include "config/Config.h"
#include "upstream/Origin.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <optional>

namespace gateway::providers {

// Which models a backend serves, asked in the backend's own API: the request that lists them
// and the reading of the answer. The console's "Test connection" and its health checks send the
// request; the catalog knows no sockets.
//
//   openai-compatible   GET {base}/models                     Authorization: Bearer
//   azure-openai (v1)   GET {base}/openai/v1/models           api-key, or Bearer with Entra
//   azure-openai (apiVersion)
//                       GET {base}/openai/models?api-version= (the data plane's Models - List:
//                       the models the resource can deploy; its deployments list was retired
//                       after 2023-03-15-preview for the management plane's, on another host)
//   anthropic           GET {base}/v1/models?limit=1000       x-api-key, anthropic-version
//   gemini              GET {base}/models?pageSize=1000       x-goog-api-key; only the models
//                       whose supportedGenerationMethods include generateContent, named without
//                       their "models/" prefix
//   ollama              GET {base}/api/tags                   each model's name
//   bedrock             none: its runtime endpoint has no request that lists models (that is
//                       the control plane's ListFoundationModels, on another host)
//   mock                none: its models are in the config
class ModelCatalog
{
public:
    // An answer is read whole: a model list is at most a few hundred kilobytes, and an
    // untrusted server may send more.
    static constexpr qint64 maxBodyBytes = 4 * 1024 * 1024;
    // Models kept from one answer; the rest are counted as left out.
    static constexpr int maxModels = 10'000;
    // A name longer than this is no model name and is passed over.
    static constexpr int maxNameChars = 512;
    // An upstream's error message is cut to this many characters.
    static constexpr int maxDetailChars = 300;

    struct Request
    {
        upstream::Origin origin;
        QByteArray head; // a whole GET request, written by UpstreamEndpoint
    };
    // The request that lists the backend's models, with the backend's key, its extra headers
    // and query parameters; nothing where the provider has no such request (canList).
    static std::optional<Request> request(const config::Backend& backend);
    static bool canList(config::BackendType type);

    enum class Problem {
        None,     // models holds the list (it may be empty)
        Status,   // the answer's status is not 2xx; detail is the upstream's message, if any
        TooLarge, // the body is over maxBodyBytes
        NotJson,  // the body is not JSON; detail is the parser's message
        Shape,    // JSON, but not the provider's model list; detail is the missing array's key
    };
    struct Listing
    {
        Problem problem = Problem::None;
        QString detail;
        QStringList models;
        // The provider has more pages, or there were more than maxModels: models is a part.
        bool partial = false;
    };
    // Reads the answer to request(): status and the whole body.
    static Listing parse(config::BackendType type, int status, QByteArrayView body);
};

} // namespace gateway::providers

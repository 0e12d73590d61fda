#include "models/BackendProbe.h"

#include "http/RequestParser.h"
#include "providers/ModelCatalog.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>

namespace ui {

using gateway::providers::ModelCatalog;

namespace {

// The catalog's request as QNetworkAccessManager sends it: the same target and headers
// (UpstreamEndpoint wrote them, the config's extra headers and query included), read back with
// the gateway's own request parser. Host comes from the URL.
std::optional<QNetworkRequest> networkRequest(const ModelCatalog::Request& listing)
{
    using Status = gateway::http::RequestParser::Status;
    gateway::http::RequestParser parser;
    auto parsed = parser.feed(listing.head.constData(), size_t(listing.head.size()));
    if (parsed.status == Status::Head) // it pauses after the headers; a GET has no body
        parsed = parser.feed(listing.head.constData() + parsed.consumed,
                             size_t(listing.head.size()) - parsed.consumed);
    if (parsed.status != Status::Complete)
        return std::nullopt;
    const gateway::http::Request head = parser.takeRequest();
    QUrl url;
    url.setScheme(listing.origin.tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(listing.origin.host);
    url.setPort(listing.origin.port);
    url.setPath(QString::fromLatin1(head.path), QUrl::TolerantMode); // already encoded
    if (head.target.size() > head.path.size())
        url.setQuery(QString::fromLatin1(head.target.mid(head.path.size() + 1)),
                     QUrl::TolerantMode);
    QNetworkRequest request(url);
    for (const auto& [name, value] : head.headers)
        if (name != "host")
            request.setRawHeader(name, value);
    if (!listing.origin.caFile.isEmpty()) { // the backend's tls.caFile, as the gateway trusts it
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(listing.origin.caFile);
        request.setSslConfiguration(tls);
    }
    return request;
}

} // namespace

BackendProbe::BackendProbe(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_network(network)
{}

void BackendProbe::finishLater(const QString& name, const Outcome& outcome)
{
    QTimer::singleShot(0, this, [this, name, outcome] { emit finished(name, outcome); });
}

void BackendProbe::probe(const gateway::config::Backend& backend, int timeoutMs)
{
    const QString name = backend.name;
    if (backend.type == gateway::config::BackendType::Mock) {
        Outcome outcome;
        outcome.reachable = outcome.ok = true;
        outcome.status = 200;
        for (const auto& m : backend.mockModels)
            outcome.models << m.name;
        finishLater(name, outcome);
        return;
    }
    const std::optional<ModelCatalog::Request> listing = ModelCatalog::request(backend);
    const std::optional<QNetworkRequest> built =
        listing ? networkRequest(*listing) : std::optional<QNetworkRequest>();
    if (!built) {
        Outcome outcome;
        outcome.listable = false;
        outcome.error = listing ? tr("The request for the model list could not be built.")
                                : tr("Amazon Bedrock's runtime endpoint cannot list models, so "
                                     "there is nothing to test here. The first request through "
                                     "the gateway shows whether the region and keys work.");
        finishLater(name, outcome);
        return;
    }
    QNetworkRequest request = *built;
    request.setTransferTimeout(timeoutMs);
    // The request carries the API key: it may follow a redirect only to the same origin.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    auto tooLarge = std::make_shared<bool>(false);
    QNetworkReply* reply = m_network->get(request);
    connect(reply, &QNetworkReply::downloadProgress, reply,
            [reply, tooLarge](qint64 received, qint64) {
                if (received > ModelCatalog::maxBodyBytes) {
                    *tooLarge = true;
                    reply->abort();
                }
            });
    const auto type = backend.type;
    connect(reply, &QNetworkReply::finished, this, [this, reply, name, type, timer, tooLarge] {
        reply->deleteLater();
        Outcome outcome;
        outcome.latencyMs = timer->elapsed();
        outcome.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        outcome.reachable = outcome.status > 0;
        if (!outcome.reachable) {
            outcome.error = reply->errorString();
            emit finished(name, outcome);
            return;
        }
        const ModelCatalog::Listing listing =
            *tooLarge ? ModelCatalog::Listing{ModelCatalog::Problem::TooLarge, {}, {}, false}
                      : ModelCatalog::parse(type, outcome.status, reply->readAll());
        switch (listing.problem) {
        case ModelCatalog::Problem::None:
            outcome.ok = true;
            outcome.models = listing.models;
            outcome.partial = listing.partial;
            if (listing.models.isEmpty())
                outcome.error = tr("the server answered but listed no models");
            break;
        case ModelCatalog::Problem::Status:
            outcome.error =
                tr("HTTP %1%2")
                    .arg(outcome.status)
                    .arg(listing.detail.isEmpty() ? QString()
                                                  : QStringLiteral(": ") + listing.detail);
            if (outcome.status == 401 || outcome.status == 403)
                outcome.error += tr(" (check the API key)");
            break;
        case ModelCatalog::Problem::TooLarge:
            outcome.error = tr("the model list is larger than %1 MiB and was not read")
                                .arg(QLocale().toString(ModelCatalog::maxBodyBytes >> 20));
            break;
        case ModelCatalog::Problem::NotJson:
            outcome.error =
                tr("the answer is not JSON (%1): is the base URL right?").arg(listing.detail);
            break;
        case ModelCatalog::Problem::Shape:
            outcome.error = tr("the answer holds no model list (no \"%1\" array): is the base "
                               "URL right?")
                                .arg(listing.detail);
            break;
        }
        emit finished(name, outcome);
    });
}

} // namespace ui

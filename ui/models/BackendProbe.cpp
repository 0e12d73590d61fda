#include "models/BackendProbe.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

namespace ui {

BackendProbe::BackendProbe(QNetworkAccessManager* network, QObject* parent)
    : QObject(parent), m_network(network)
{}

void BackendProbe::probe(const gateway::config::Backend& backend, int timeoutMs)
{
    const QString name = backend.name;
    if (backend.type == gateway::config::BackendType::Mock) {
        Outcome outcome;
        outcome.reachable = outcome.ok = true;
        outcome.status = 200;
        for (const auto& m : backend.mockModels)
            outcome.models << m.name;
        QTimer::singleShot(0, this, [this, name, outcome] { emit finished(name, outcome); });
        return;
    }
    QNetworkRequest request(QUrl(backend.baseUrl + QStringLiteral("/models")));
    if (!backend.apiKey.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + backend.apiKey);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    QNetworkReply* reply = m_network->get(request);
    // A model list is at most a few hundred kilobytes; an untrusted server may send more.
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > 4 * 1024 * 1024)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, name, timer] {
        reply->deleteLater();
        Outcome outcome;
        outcome.latencyMs = timer->elapsed();
        outcome.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        outcome.reachable = outcome.status > 0;
        const QByteArray body = reply->readAll();
        if (!outcome.reachable) {
            outcome.error = reply->errorString();
        } else if (outcome.status < 200 || outcome.status >= 300) {
            const QString message = QJsonDocument::fromJson(body)
                                        .object()
                                        .value(QStringLiteral("error"))
                                        .toObject()
                                        .value(QStringLiteral("message"))
                                        .toString();
            outcome.error =
                tr("HTTP %1%2")
                    .arg(outcome.status)
                    .arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message.left(300));
            if (outcome.status == 401 || outcome.status == 403)
                outcome.error += tr(" (check the API key)");
        } else {
            const QJsonArray data =
                QJsonDocument::fromJson(body).object().value(QStringLiteral("data")).toArray();
            for (const QJsonValue& v : data)
                outcome.models << v.toObject().value(QStringLiteral("id")).toString();
            outcome.ok = true;
            if (data.isEmpty() && outcome.models.isEmpty())
                outcome.error = tr("the server answered but listed no models");
        }
        emit finished(name, outcome);
    });
}

} // namespace ui

#include "governance/AlertWebhook.h"

#include "governance/LedgerScope.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace gateway::governance {

AlertWebhook::AlertWebhook(int maxPending, int timeoutMs)
    : m_maxPending(maxPending), m_timeoutMs(timeoutMs), m_context(new QObject)
{
    m_thread.setObjectName(QStringLiteral("alert-webhook"));
    m_context->moveToThread(&m_thread);
    // Deleted on its own thread as it ends, with the network manager (its child).
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

AlertWebhook::~AlertWebhook()
{
    m_thread.quit();
    m_thread.wait();
}

QByteArray AlertWebhook::body(const LimitAlert& alert)
{
    QJsonObject o;
    o.insert(QStringLiteral("event"), QStringLiteral("limit_alert"));
    o.insert(QStringLiteral("scope"), QLatin1String(scopeKindName(alert.kind)));
    o.insert(QStringLiteral("name"), alert.name);
    o.insert(QStringLiteral("what"), alert.what);
    o.insert(QStringLiteral("used"), alert.used);
    o.insert(QStringLiteral("limit"), alert.limit);
    o.insert(QStringLiteral("unit"), alert.what == QLatin1String("budget")
                                         ? QStringLiteral("usd")
                                         : QStringLiteral("tokens"));
    o.insert(QStringLiteral("time"),
             QDateTime::fromMSecsSinceEpoch(alert.timeMs, Qt::UTC).toString(Qt::ISODateWithMs));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

bool AlertWebhook::post(const QString& url, const LimitAlert& alert)
{
    const QUrl target(url);
    if (!target.isValid() ||
        (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https"))) {
        qWarning("limits: governance.alertWebhookUrl is not an http(s) URL; alert not sent");
        return false;
    }
    if (m_pending.fetch_add(1) >= m_maxPending) {
        m_pending.fetch_sub(1);
        m_failed.fetch_add(1);
        qWarning("limits: %d alert webhook posts pending; alert for %s dropped", m_maxPending,
                 qPrintable(alert.name));
        return false;
    }
    const QByteArray payload = body(alert);
    QMetaObject::invokeMethod(
        m_context,
        [this, target, payload] {
            if (!m_nam)
                m_nam = new QNetworkAccessManager(m_context);
            QNetworkRequest request(target);
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            request.setTransferTimeout(m_timeoutMs);
            QNetworkReply* reply = m_nam->post(request, payload);
            QObject::connect(reply, &QNetworkReply::finished, m_context, [this, reply] {
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
                    m_failed.fetch_add(1);
                    // The URL's host only: a webhook URL may carry a token in its path or query.
                    // Not errorString(): it quotes the whole URL.
                    qWarning("limits: alert webhook to %s failed: %s %d",
                             qPrintable(reply->url().host()), status ? "HTTP" : "network error",
                             status ? status : int(reply->error()));
                } else {
                    m_sent.fetch_add(1);
                }
                m_pending.fetch_sub(1);
                reply->deleteLater();
            });
        },
        Qt::QueuedConnection);
    return true;
}

} // namespace gateway::governance

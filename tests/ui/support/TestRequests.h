#pragma once

#include "GatewayHost.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>

// One chat completion to mock-fast (testHostOptions' config) through the running gateway; true
// once it is answered with 200.
inline bool sendChatToMockFast(ui::GatewayHost& host)
{
    QNetworkAccessManager network;
    QNetworkRequest request = host.gatewayRequest(QStringLiteral("/chat/completions"));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply* reply = network.post(
        request,
        QByteArray(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})"));
    const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10'000);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return finished && status == 200;
}

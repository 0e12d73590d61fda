// mTLS on the HTTPS listener (server.tls.clientCaFile, server.tls.clientAuth): real handshakes
// from a plain OpenSSL client presenting a certificate of the trusted CA, one of another CA,
// or none, with clientAuth optional and required. What reaches a request is the peer's
// verified certificate (http::Peer::clientCertificateDer), shown by an echo handler; the
// engine-level tests run the same through ConfigLoader, Engine and a reload.

#include "http/Server.h"
#include "support/EngineFixture.h"
#include "support/TestCertificates.h"
#include "support/TestHttp.h"
#include "support/TlsClient.h"
#include "tls/SelfSignedCertificate.h"
#include "tls/TlsContext.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gateway;

namespace {

// Answers with the SHA-256 of the client certificate the request carries (empty: none).
class CertificateEcho : public http::RequestHandler
{
public:
    void handle(const std::shared_ptr<http::Exchange>& exchange) override
    {
        const QByteArray& der = exchange->request().peer.clientCertificateDer;
        const QByteArray fingerprint =
            der.isEmpty() ? QByteArray()
                          : QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex();
        exchange->respond(200, "text/plain", "certificate=" + fingerprint);
    }
};

QByteArray closingGet()
{
    return "GET /who HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
}

// The bytes a client gets for one request: empty when the handshake failed, at once (TLS 1.2)
// or at the first read after the server's alert (TLS 1.3, where the client finishes its side
// of the handshake before the server has checked the client's certificate).
QByteArray exchangeOnce(TlsClient& client, const QByteArray& request)
{
    if (!client.connected())
        return QByteArray();
    client.write(request);
    return client.readToEnd();
}

// The listener's certificate, a client CA with a client certificate, and another CA with a
// certificate of the same subject, as files in a temporary directory.
struct CertificateFiles
{
    CertificateFiles()
    {
        serverCert = dir.filePath(QStringLiteral("gateway.crt"));
        serverKey = dir.filePath(QStringLiteral("gateway.key"));
        EXPECT_TRUE(gateway::tls::writeSelfSignedCertificate(serverCert, serverKey,
                                                             {QStringLiteral("127.0.0.1")})
                        .ok());
        ca = testcerts::issue("Example", "Example Client CA", nullptr, true);
        client = testcerts::issue("Example", "build-bot", &ca, false);
        otherCa = testcerts::issue("Elsewhere", "Another CA", nullptr, true);
        stranger = testcerts::issue("Example", "build-bot", &otherCa, false); // same subject
        caFile = write("ca.pem", ca.certificatePem());
        otherCaFile = write("other-ca.pem", otherCa.certificatePem());
        clientCert = write("client.crt", client.certificatePem());
        clientKey = write("client.key", client.keyPem());
        strangerCert = write("stranger.crt", stranger.certificatePem());
        strangerKey = write("stranger.key", stranger.keyPem());
    }

    QString write(const char* name, const QByteArray& bytes)
    {
        const QString path = dir.filePath(QString::fromLatin1(name));
        EXPECT_TRUE(testcerts::writeFile(path, bytes));
        return path;
    }

    QTemporaryDir dir;
    QString serverCert, serverKey, caFile, otherCaFile, clientCert, clientKey, strangerCert,
        strangerKey;
    testcerts::Issued ca, client, otherCa, stranger;
};

class MutualTls : public ::testing::Test, protected CertificateFiles
{
protected:
    void TearDown() override
    {
        if (server)
            server->stop(2000);
    }

    tls::ServerContext context(const QString& clientCa, bool required)
    {
        auto made = tls::serverTlsContext(serverCert, serverKey, {clientCa, required});
        EXPECT_TRUE(made.ok()) << qPrintable(made.error());
        return made.ok() ? made.value() : nullptr;
    }

    void start(const tls::ServerContext& tls)
    {
        http::ServerOptions options;
        options.port = 0;
        options.workers = 1;
        options.tls = tls;
        server = std::make_unique<http::Server>();
        const auto started = server->start(
            options, [](http::Worker&) { return std::make_unique<CertificateEcho>(); });
        ASSERT_TRUE(started.ok()) << qPrintable(started.error());
        port = server->port();
    }

    // What one request on a new connection sees, presenting (certFile, keyFile) or nothing.
    QByteArray request(const QString& certFile = QString(), const QString& keyFile = QString())
    {
        TlsClient tlsClient(port, serverCert, certFile, keyFile);
        return exchangeOnce(tlsClient, closingGet());
    }

    QByteArray clientFingerprint() const
    {
        return QCryptographicHash::hash(client.der(), QCryptographicHash::Sha256).toHex();
    }

    std::unique_ptr<http::Server> server;
    quint16 port = 0;
};

TEST_F(MutualTls, OptionalPassesATrustedCertificateToTheRequest)
{
    start(context(caFile, false));
    const QByteArray response = request(clientCert, clientKey);
    ASSERT_TRUE(response.startsWith("HTTP/1.1 200 OK\r\n")) << response.constData();
    EXPECT_TRUE(response.endsWith("certificate=" + clientFingerprint())) << response.constData();
}

TEST_F(MutualTls, OptionalServesAClientWithoutCertificate)
{
    start(context(caFile, false));
    const QByteArray response = request();
    ASSERT_TRUE(response.startsWith("HTTP/1.1 200 OK\r\n")) << response.constData();
    EXPECT_TRUE(response.endsWith("certificate=")) << response.constData();
}

TEST_F(MutualTls, OptionalRefusesTheHandshakeOfAnUntrustedCertificate)
{
    start(context(caFile, false));
    // Another CA's certificate, with the very subject a mapping may name: no request at all.
    EXPECT_EQ(request(strangerCert, strangerKey), QByteArray());
    // The listener goes on serving.
    EXPECT_TRUE(request(clientCert, clientKey).startsWith("HTTP/1.1 200 OK\r\n"));
}

TEST_F(MutualTls, RequiredServesOnlyATrustedCertificate)
{
    start(context(caFile, true));
    const QByteArray trusted = request(clientCert, clientKey);
    ASSERT_TRUE(trusted.startsWith("HTTP/1.1 200 OK\r\n")) << trusted.constData();
    EXPECT_TRUE(trusted.endsWith("certificate=" + clientFingerprint()));
    EXPECT_EQ(request(), QByteArray());
    EXPECT_EQ(request(strangerCert, strangerKey), QByteArray());
}

TEST_F(MutualTls, AListenerWithoutClientCaAsksForNoCertificate)
{
    start(context(QString(), false));
    const QByteArray response = request(clientCert, clientKey);
    ASSERT_TRUE(response.startsWith("HTTP/1.1 200 OK\r\n")) << response.constData();
    EXPECT_TRUE(response.endsWith("certificate=")) << response.constData();
}

TEST_F(MutualTls, NewConnectionsUseTheSwappedContext)
{
    start(context(caFile, true));
    EXPECT_TRUE(request(clientCert, clientKey).startsWith("HTTP/1.1 200 OK\r\n"));
    // A reload now trusts only the other CA.
    server->setTlsContext(context(otherCaFile, true));
    // The worker swaps its context on its own thread; the next connection may still be
    // accepted with the old one, so this waits for the swap rather than for time.
    QByteArray response;
    for (int attempt = 0; attempt < 200; ++attempt) {
        response = request(strangerCert, strangerKey);
        if (!response.isEmpty())
            break;
    }
    ASSERT_TRUE(response.startsWith("HTTP/1.1 200 OK\r\n")) << response.constData();
    EXPECT_EQ(request(clientCert, clientKey), QByteArray());
}

TEST_F(MutualTls, TheContextNamesABadClientCaFile)
{
    auto missing = tls::serverTlsContext(serverCert, serverKey,
                                         {dir.filePath(QStringLiteral("none.pem")), false});
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(missing.error().startsWith(QLatin1String("client CA file \"")))
        << qPrintable(missing.error());
    EXPECT_TRUE(missing.error().endsWith(QLatin1String("\" does not exist")));
    auto notPem = tls::serverTlsContext(serverCert, serverKey, {clientKey, false});
    ASSERT_FALSE(notPem.ok());
    EXPECT_TRUE(notPem.error().contains(QLatin1String("holds no PEM CA certificate")))
        << qPrintable(notPem.error());
}

// The same through the config: ConfigLoader builds the context, the engine serves it, and a
// reload swaps it.
class MutualTlsEngine : public EngineFixture
{
protected:
    QByteArray config(const QString& clientCa, const char* clientAuth) const
    {
        QJsonObject root = QJsonDocument::fromJson(mockConfig).object();
        root.insert(QStringLiteral("server"),
                    QJsonObject{{QStringLiteral("tls"),
                                 QJsonObject{{QStringLiteral("certFile"), certs.serverCert},
                                             {QStringLiteral("keyFile"), certs.serverKey},
                                             {QStringLiteral("clientCaFile"), clientCa},
                                             {QStringLiteral("clientAuth"), clientAuth}}}});
        return QJsonDocument(root).toJson();
    }

    QByteArray chat(const QString& certFile = QString(), const QString& keyFile = QString())
    {
        TlsClient client(port, certs.serverCert, certFile, keyFile);
        QByteArray request = testhttp::postJson("/v1/chat/completions", chatBody);
        return exchangeOnce(client, request.replace("Host:", "Connection: close\r\nHost:"));
    }

    CertificateFiles certs;
};

TEST_F(MutualTlsEngine, RequiredRefusesAClientWithoutATrustedCertificate)
{
    startEngine(config(certs.caFile, "required"));
    EXPECT_TRUE(chat(certs.clientCert, certs.clientKey).startsWith("HTTP/1.1 200 OK\r\n"));
    EXPECT_EQ(chat(), QByteArray());
    EXPECT_EQ(chat(certs.strangerCert, certs.strangerKey), QByteArray());
    EXPECT_EQ(sql(QStringLiteral("SELECT count(*) FROM requests")), 1);
}

TEST_F(MutualTlsEngine, AReloadSwapsTheTrustedCa)
{
    startEngine(config(certs.caFile, "optional"));
    EXPECT_TRUE(chat(certs.clientCert, certs.clientKey).startsWith("HTTP/1.1 200 OK\r\n"));
    EXPECT_EQ(chat(certs.strangerCert, certs.strangerKey), QByteArray());

    config::ConfigLoader loader;
    auto reloaded = loader.parse(config(certs.otherCaFile, "optional"));
    ASSERT_TRUE(reloaded.ok()) << qPrintable(reloaded.error());
    config::Config next = reloaded.value();
    next.server.host = QStringLiteral("127.0.0.1");
    next.server.port = port;
    ASSERT_TRUE(engine->reload(next).ok());
    QByteArray response;
    for (int attempt = 0; attempt < 200 && response.isEmpty(); ++attempt)
        response = chat(certs.strangerCert, certs.strangerKey);
    EXPECT_TRUE(response.startsWith("HTTP/1.1 200 OK\r\n")) << response.constData();
    EXPECT_EQ(chat(certs.clientCert, certs.clientKey), QByteArray());
    // A client without certificate is still served: optional.
    EXPECT_TRUE(chat().startsWith("HTTP/1.1 200 OK\r\n"));
}

TEST_F(MutualTlsEngine, ConfigErrorsNameTheClientCaFile)
{
    config::ConfigLoader loader;
    const auto notPem = loader.parse(config(certs.clientKey, "required"));
    ASSERT_FALSE(notPem.ok());
    EXPECT_TRUE(notPem.error().contains(QLatin1String("holds no PEM CA certificate")))
        << qPrintable(notPem.error());
}

} // namespace

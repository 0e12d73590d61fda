// The gateway serving HTTPS (server.tls): real handshakes from a plain OpenSSL client that
// verifies the certificate, keep-alive and streaming over TLS, and what happens to clients
// that do not speak TLS.

#include "support/EngineFixture.h"
#include "support/TestHttp.h"
#include "support/TlsClient.h"
#include "tls/SelfSignedCertificate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace {

QByteArray closingRequest(const QByteArray& body)
{
    QByteArray request = testhttp::postJson("/v1/chat/completions", body);
    return request.replace("Host:", "Connection: close\r\nHost:");
}

class TlsListenerTest : public EngineFixture
{
protected:
    void SetUp() override
    {
        cert = certDir.filePath(QStringLiteral("gateway.crt"));
        key = certDir.filePath(QStringLiteral("gateway.key"));
        const auto written = gateway::tls::writeSelfSignedCertificate(
            cert, key, {QStringLiteral("localhost"), QStringLiteral("127.0.0.1")});
        ASSERT_TRUE(written.ok()) << qPrintable(written.error());
    }

    QByteArray tlsConfig(const QString& certFile, const QString& keyFile) const
    {
        QJsonObject root = QJsonDocument::fromJson(mockConfig).object();
        // A model with wide embeddings: responses of many TLS records.
        QJsonArray backends = root.value(QStringLiteral("backends")).toArray();
        QJsonObject mock = backends.at(0).toObject();
        QJsonArray models = mock.value(QStringLiteral("models")).toArray();
        models.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("wide")},
                                  {QStringLiteral("embeddingDimensions"), 16384}});
        mock.insert(QStringLiteral("models"), models);
        backends.replace(0, mock);
        root.insert(QStringLiteral("backends"), backends);
        QJsonArray aliases = root.value(QStringLiteral("models")).toArray();
        aliases.append(QJsonObject{
            {QStringLiteral("alias"), QStringLiteral("wide")},
            {QStringLiteral("targets"),
             QJsonArray{QJsonObject{{QStringLiteral("backend"), QStringLiteral("mock")},
                                    {QStringLiteral("model"), QStringLiteral("wide")}}}}});
        root.insert(QStringLiteral("models"), aliases);
        root.insert(QStringLiteral("server"),
                    QJsonObject{{QStringLiteral("tls"),
                                 QJsonObject{{QStringLiteral("certFile"), certFile},
                                             {QStringLiteral("keyFile"), keyFile}}}});
        return QJsonDocument(root).toJson();
    }

    QTemporaryDir certDir;
    QString cert;
    QString key;
};

TEST_F(TlsListenerTest, ServesChatCompletionsOverVerifiedTls)
{
    startEngine(tlsConfig(cert, key));
    EXPECT_TRUE(engine->baseUrl().startsWith(QLatin1String("https://127.0.0.1:")))
        << qPrintable(engine->baseUrl());

    TlsClient client(port, cert);
    ASSERT_TRUE(client.connected()) << "handshake failed";
    EXPECT_EQ(client.alpn(), "http/1.1"); // offered h2 first; the gateway speaks HTTP/1.1 only
    ASSERT_TRUE(client.write(closingRequest(chatBody)));
    const QByteArray response = client.readToEnd();
    EXPECT_TRUE(response.startsWith("HTTP/1.1 200 OK\r\n")) << response.left(200).constData();
    EXPECT_TRUE(response.contains("\"chat.completion\"")) << response.constData();
    EXPECT_EQ(sql(QStringLiteral("SELECT count(*) FROM requests WHERE status = 200")), 1);
}

TEST_F(TlsListenerTest, KeepsTheConnectionAliveAndStreamsOverTls)
{
    startEngine(tlsConfig(cert, key));
    TlsClient client(port, cert);
    ASSERT_TRUE(client.connected());
    const QByteArray first = testhttp::postJson("/v1/chat/completions", chatBody);
    const QByteArray streamed = closingRequest(
        R"({"model":"fast","stream":true,"messages":[{"role":"user","content":"count"}]})");
    ASSERT_TRUE(client.write(first + streamed));
    const QByteArray response = client.readToEnd();
    EXPECT_EQ(response.count("HTTP/1.1 200 OK\r\n"), 2) << response.constData();
    EXPECT_TRUE(response.contains("text/event-stream"));
    EXPECT_TRUE(response.contains("data: [DONE]"));
    EXPECT_EQ(sql(QStringLiteral("SELECT count(*) FROM requests WHERE status = 200")), 2);
}

TEST_F(TlsListenerTest, LargeResponsesSurvivePartialTlsWrites)
{
    startEngine(tlsConfig(cert, key));
    TlsClient client(port, cert);
    ASSERT_TRUE(client.connected());
    // Two 16,384-dimension embeddings, ~600 KB of JSON: many TLS records, partial writes.
    QByteArray body = R"({"model":"wide","input":["a","b"]})";
    QByteArray request = testhttp::postJson("/v1/embeddings", body);
    ASSERT_TRUE(client.write(request.replace("Host:", "Connection: close\r\nHost:")));
    const QByteArray response = client.readToEnd();
    ASSERT_TRUE(response.startsWith("HTTP/1.1 ")) << response.left(300).constData();
    const qsizetype headEnd = response.indexOf("\r\n\r\n");
    const QByteArray payload = response.mid(headEnd + 4);
    const QJsonDocument parsed = QJsonDocument::fromJson(payload);
    ASSERT_TRUE(parsed.isObject()) << "response body was cut: " << payload.size() << " bytes";
    EXPECT_GT(payload.size(), 100'000);
    const QJsonArray data = parsed.object().value(QStringLiteral("data")).toArray();
    ASSERT_EQ(data.size(), 2);
    EXPECT_EQ(data.at(1).toObject().value(QStringLiteral("embedding")).toArray().size(), 16384);
}

TEST_F(TlsListenerTest, ReadsLargeBodiesAndPipelinedRequestsThatArriveInManyRecords)
{
    startEngine(tlsConfig(cert, key));
    TlsClient client(port, cert);
    ASSERT_TRUE(client.connected());
    // A 300 KB prompt spans about 20 TLS records, and 20 pipelined requests follow it in the
    // same write: OpenSSL reads them ahead, and none of them may wait for a socket event that
    // never comes.
    const QByteArray prompt(300 * 1024, 'x');
    QByteArray batch = testhttp::postJson(
        "/v1/chat/completions",
        R"({"model":"fast","messages":[{"role":"user","content":")" + prompt + R"("}]})");
    for (int i = 0; i < 19; ++i)
        batch += testhttp::postJson("/v1/chat/completions", chatBody);
    batch += closingRequest(chatBody);
    ASSERT_TRUE(client.write(batch));
    const QByteArray response = client.readToEnd();
    EXPECT_EQ(response.count("HTTP/1.1 200 OK\r\n"), 21) << response.left(300).constData();
    EXPECT_EQ(sql(QStringLiteral("SELECT count(*) FROM requests WHERE status = 200")), 21);
}

TEST_F(TlsListenerTest, AnswersSmallRequestsThatArriveInOneReadAhead)
{
    startEngine(tlsConfig(cert, key));
    TlsClient client(port, cert);
    ASSERT_TRUE(client.connected());
    // One TLS record per request, written back to back: the gateway's first read takes them
    // all into OpenSSL's buffer, where no socket event announces the rest.
    for (int i = 0; i < 29; ++i)
        ASSERT_TRUE(client.write(testhttp::postJson("/v1/chat/completions", chatBody)));
    ASSERT_TRUE(client.write(closingRequest(chatBody)));
    const QByteArray response = client.readToEnd();
    EXPECT_EQ(response.count("HTTP/1.1 200 OK\r\n"), 30);
}

TEST_F(TlsListenerTest, RefusesAClientThatDoesNotTrustTheCertificate)
{
    startEngine(tlsConfig(cert, key));
    TlsClient client(port, QString()); // the system store only: self-signed is unknown
    EXPECT_FALSE(client.connected());
    // The gateway keeps serving trusted clients afterwards.
    TlsClient trusted(port, cert);
    EXPECT_TRUE(trusted.connected());
}

TEST_F(TlsListenerTest, TellsAPlainHttpClientToUseHttps)
{
    startEngine(tlsConfig(cert, key));
    testhttp::Connection plain(port);
    ASSERT_TRUE(plain.sendRaw(testhttp::postJson("/v1/chat/completions", chatBody)));
    const testhttp::Response response = plain.read();
    EXPECT_EQ(response.status, 400);
    EXPECT_TRUE(response.body.contains("send the request to https://"))
        << response.body.constData();
    EXPECT_TRUE(plain.waitClosed(5000));
    // A refusal of the HTTP layer gets its row like the others (README, Endpoints). It has no
    // endpoint; its row used to fail the NOT NULL constraint and was lost without a count.
    EXPECT_EQ(sql(QStringLiteral("SELECT count(*) FROM requests WHERE status = 400 AND "
                                 "error_class = 'https_required' AND endpoint = ''")),
              1);
    EXPECT_EQ(engine->logWriter()->dropped(), 0);
}

TEST_F(TlsListenerTest, ClosesAClientThatSendsGarbageInsteadOfAHandshake)
{
    startEngine(tlsConfig(cert, key));
    testhttp::Connection garbage(port);
    ASSERT_TRUE(garbage.sendRaw(QByteArray("\x16\x03\x01\x00\x05\xff\xff\xff\xff\xff", 10)));
    QByteArray rest;
    EXPECT_TRUE(garbage.waitClosed(5000, &rest));
    EXPECT_FALSE(rest.contains("HTTP/1.1")) << rest.toHex().constData();
    TlsClient trusted(port, cert);
    EXPECT_TRUE(trusted.connected());
}

TEST_F(TlsListenerTest, ClosesAClientThatNeverStartsTheHandshake)
{
    QJsonObject root = QJsonDocument::fromJson(tlsConfig(cert, key)).object();
    QJsonObject server = root.value(QStringLiteral("server")).toObject();
    server.insert(QStringLiteral("limits"), QJsonObject{{QStringLiteral("headerTimeoutMs"), 300}});
    root.insert(QStringLiteral("server"), server);
    startEngine(QJsonDocument(root).toJson());
    testhttp::Connection silent(port);
    EXPECT_TRUE(silent.waitClosed(5000)) << "a silent client holds its connection forever";
}

TEST_F(TlsListenerTest, ConfigErrorsNameTheKeyAndTheReason)
{
    gateway::config::ConfigLoader loader;
    const auto missing = loader.parse(tlsConfig(certDir.filePath(QStringLiteral("none.crt")), key));
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(missing.error().contains(QLatin1String("server.tls: certificate file")))
        << qPrintable(missing.error());
    EXPECT_TRUE(missing.error().contains(QLatin1String("does not exist")));

    // A key of another certificate.
    const QString otherCert = certDir.filePath(QStringLiteral("other.crt"));
    const QString otherKey = certDir.filePath(QStringLiteral("other.key"));
    ASSERT_TRUE(
        gateway::tls::writeSelfSignedCertificate(otherCert, otherKey, {QStringLiteral("localhost")})
            .ok());
    const auto mismatched = loader.parse(tlsConfig(cert, otherKey));
    ASSERT_FALSE(mismatched.ok());
    EXPECT_TRUE(mismatched.error().contains(QLatin1String("does not belong to the certificate")))
        << qPrintable(mismatched.error());

    // The key where the certificate should be.
    const auto swapped = loader.parse(tlsConfig(key, cert));
    ASSERT_FALSE(swapped.ok());
    EXPECT_TRUE(swapped.error().contains(QLatin1String("is not a PEM certificate")))
        << qPrintable(swapped.error());

    // Only one of the two files.
    QJsonObject root = QJsonDocument::fromJson(mockConfig).object();
    root.insert(
        QStringLiteral("server"),
        QJsonObject{{QStringLiteral("tls"), QJsonObject{{QStringLiteral("certFile"), cert}}}});
    const auto half = loader.parse(QJsonDocument(root).toJson());
    ASSERT_FALSE(half.ok());
    EXPECT_TRUE(half.error().contains(QLatin1String("server.tls.keyFile: is required")))
        << qPrintable(half.error());
}

} // namespace

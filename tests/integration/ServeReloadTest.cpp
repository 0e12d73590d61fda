// `switchboard serve` reloads on SIGHUP, as a separate process: a changed config takes effect,
// a renewed certificate serves new connections, and a broken config changes nothing.

#include "support/ServeProcess.h"
#include "support/TestHttp.h"
#include "support/TlsClient.h"
#include "tls/SelfSignedCertificate.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

void writeConfig(const QString& path, const QByteArray& alias, const QString& cert,
                 const QString& key)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral(R"({"schemaVersion": 1,
      "server": {"tls": {"certFile": "%1", "keyFile": "%2"}},
      "backends": [{"name": "mock", "type": "mock", "models": [{"name": "m", "ttftMs": 0, "tokensPerSecond": 0}]}],
      "models": [{"alias": "%3", "targets": [{"backend": "mock", "model": "m"}]}]})")
                   .arg(cert, key, QString::fromLatin1(alias))
                   .toUtf8());
}

int chatStatus(quint16 port, const QString& ca, const QByteArray& model)
{
    TlsClient client(port, ca);
    if (!client.connected())
        return -1;
    QByteArray request = testhttp::postJson(
        "/v1/chat/completions",
        R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hi"}]})");
    client.write(request.replace("Host:", "Connection: close\r\nHost:"));
    const QByteArray response = client.readToEnd();
    return response.mid(9, 3).toInt();
}

} // namespace

TEST(ServeReloadTest, SighupReloadsTheConfigAndTheCertificate)
{
    QTemporaryDir dir;
    const QString cert = dir.filePath(QStringLiteral("gateway.crt"));
    const QString key = dir.filePath(QStringLiteral("gateway.key"));
    const QString firstCert = dir.filePath(QStringLiteral("first.crt"));
    ASSERT_TRUE(
        gateway::tls::writeSelfSignedCertificate(cert, key, {QStringLiteral("127.0.0.1")}).ok());
    ASSERT_TRUE(QFile::copy(cert, firstCert));
    const QString config = dir.filePath(QStringLiteral("config.json"));
    writeConfig(config, "before", cert, key);

    ServeProcess serve({"--config", config, "--listen", "127.0.0.1:0", "--data-dir",
                        dir.filePath(QStringLiteral("data"))});
    ASSERT_NE(serve.port, 0) << serve.out.constData();
    EXPECT_EQ(chatStatus(serve.port, cert, "before"), 200);
    // A connection opened before the reload stays open across it.
    TlsClient kept(serve.port, firstCert);
    ASSERT_TRUE(kept.connected());

    // A renewed certificate in the same files, and a renamed alias.
    ASSERT_TRUE(
        gateway::tls::writeSelfSignedCertificate(cert, key, {QStringLiteral("127.0.0.1")}).ok());
    writeConfig(config, "after", cert, key);
    const QByteArray said = serve.reload();
    EXPECT_TRUE(said.contains("reloaded the config and the TLS certificate")) << said.constData();

    EXPECT_EQ(chatStatus(serve.port, cert, "after"), 200);
    EXPECT_EQ(chatStatus(serve.port, cert, "before"), 404);
    EXPECT_EQ(chatStatus(serve.port, firstCert, "after"), -1)
        << "the old certificate is still served";
    QByteArray request = testhttp::postJson(
        "/v1/chat/completions", R"({"model":"after","messages":[{"role":"user","content":"hi"}]})");
    ASSERT_TRUE(kept.write(request.replace("Host:", "Connection: close\r\nHost:")));
    EXPECT_TRUE(kept.readToEnd().startsWith("HTTP/1.1 200 OK"));

    // What a reload cannot change is named.
    QFile moreWorkers(config);
    ASSERT_TRUE(moreWorkers.open(QIODevice::WriteOnly));
    moreWorkers.write(QStringLiteral(R"({"schemaVersion": 1,
      "server": {"workers": 3, "tls": {"certFile": "%1", "keyFile": "%2"}},
      "backends": [{"name": "mock", "type": "mock", "models": [{"name": "m"}]}],
      "models": [{"alias": "after", "targets": [{"backend": "mock", "model": "m"}]}]})")
                          .arg(cert, key)
                          .toUtf8());
    moreWorkers.close();
    const QByteArray later = serve.reload();
    EXPECT_TRUE(later.contains("server.workers change only at the next start"))
        << later.constData();

    // A broken config: said so, and the running one stays.
    QFile broken(config);
    ASSERT_TRUE(broken.open(QIODevice::WriteOnly));
    broken.write(R"({"schemaVersion": 1, "backends": [], "models": [{"alias": "x"}]})");
    broken.close();
    const QByteArray refused = serve.reload();
    EXPECT_TRUE(refused.contains("reload failed, still serving the previous config"))
        << refused.constData();
    EXPECT_TRUE(refused.contains("models[0].targets")) << refused.constData();
    EXPECT_EQ(chatStatus(serve.port, cert, "after"), 200);
}

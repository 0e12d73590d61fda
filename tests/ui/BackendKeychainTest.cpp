// API keys through the system keychain, as a person enters them in the Backends page: run inside
// a private D-Bus session with its own GNOME Keyring (tests/support/with-keyring.sh).

#include "GatewayHost.h"
#include "config/Keychain.h"
#include "dialogs/BackendDialog.h"
#include "pages/BackendsPage.h"
#include "support/TestHost.h"
#include "tls/SelfSignedCertificate.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

using gateway::config::Keychain;

namespace {

// A minimal OpenAI-compatible upstream on loopback that remembers the Authorization header of
// every request it answers.
class RecordingUpstream : public QObject
{
public:
    RecordingUpstream()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection())
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
        });
    }
    QString baseUrl() const
    {
        return QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server.serverPort());
    }
    QList<QByteArray> authorizations;

private:
    void serve(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        const QByteArray head = buffer.left(headEnd);
        qsizetype length = 0;
        for (const QByteArray& line : head.split('\n')) {
            const QByteArray lower = line.trimmed().toLower();
            if (lower.startsWith("content-length:"))
                length = lower.mid(15).trimmed().toLongLong();
            if (lower.startsWith("authorization:"))
                authorizations << line.trimmed().mid(14).trimmed();
        }
        if (buffer.size() < headEnd + 4 + length)
            return;
        buffer.remove(0, headEnd + 4 + length);
        const QByteArray body =
            head.startsWith("GET")
                ? QByteArray(R"({"object":"list","data":[{"id":"m1","object":"model"}]})")
                : QByteArray(
                      R"({"id":"c1","object":"chat.completion","created":1,"model":"m1",)"
                      R"("choices":[{"index":0,"message":{"role":"assistant","content":"hi"},)"
                      R"("finish_reason":"stop"}],)"
                      R"("usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})");
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace

class BackendKeychainTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_host = std::make_unique<ui::GatewayHost>(testHostOptions(m_dir->path()));
        QVERIFY(m_host->start().ok());
    }

    void cleanup() { m_host.reset(); }

    void aKeyTypedInTheConsoleGoesToTheKeychainNotTheConfig()
    {
        RecordingUpstream upstream;
        const QByteArray secret = "sk-typed-in-the-console";
        ui::BackendsPage page(m_host.get());
        page.show();

        bool tested = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = page.findChild<ui::BackendDialog*>();
            QVERIFY(dialog);
            dialog->findChild<QLineEdit*>(QStringLiteral("name"))
                ->setText(QStringLiteral("hosted"));
            dialog->findChild<QLineEdit*>(QStringLiteral("baseUrl"))->setText(upstream.baseUrl());
            auto* source = dialog->findChild<QComboBox*>(QStringLiteral("apiKeySource"));
            source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Keychain)));
            auto* field = dialog->findChild<QLineEdit*>(QStringLiteral("apiKeySecret"));
            QCOMPARE(field->echoMode(), QLineEdit::Password);
            field->setText(QString::fromUtf8(secret));
            // "Test connection" uses the key as typed, before it is stored.
            dialog->findChild<QPushButton*>(QStringLiteral("test"))->click();
            auto* models = dialog->findChild<QListWidget*>(QStringLiteral("models"));
            QTRY_COMPARE_WITH_TIMEOUT(models->count(), 1, 5000);
            QCOMPARE(upstream.authorizations.value(0), "Bearer " + secret);
            tested = true;
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        page.mainAction()->trigger();
        QVERIFY(tested);

        // The config refers to the keychain; the secret is in the keychain and in the engine.
        const QJsonObject added =
            m_host->configDocument().value(QStringLiteral("backends")).toArray().at(1).toObject();
        QCOMPARE(added.value(QStringLiteral("apiKey")).toString(),
                 QStringLiteral("keychain:hosted"));
        QFile saved(m_host->configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray onDisk = saved.readAll();
        QVERIFY(onDisk.contains("keychain:hosted"));
        QVERIFY(!onDisk.contains(secret));
        QCOMPARE(Keychain::read(QStringLiteral("hosted")).value(), secret);
        QCOMPARE(m_host->config().backend(QStringLiteral("hosted"))->apiKey, secret);

        // A request through the gateway carries the key from the keychain to the upstream.
        QJsonObject doc = m_host->configDocument();
        QJsonArray models = doc.value(QStringLiteral("models")).toArray();
        models.append(QJsonObject{
            {QStringLiteral("alias"), QStringLiteral("hosted-m1")},
            {QStringLiteral("targets"),
             QJsonArray{QJsonObject{{QStringLiteral("backend"), QStringLiteral("hosted")},
                                    {QStringLiteral("model"), QStringLiteral("m1")}}}}});
        doc.insert(QStringLiteral("models"), models);
        QVERIFY(m_host->applyConfig(doc).ok());
        // After a restart, too: the key is read back from the keychain.
        m_host->stop();
        QVERIFY(m_host->start().ok());
        upstream.authorizations.clear();
        QNetworkAccessManager network;
        QNetworkRequest request = m_host->gatewayRequest(QStringLiteral("/chat/completions"));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = network.post(
            request, R"({"model":"hosted-m1","messages":[{"role":"user","content":"hi"}]})");
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10'000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(upstream.authorizations.value(0), "Bearer " + secret);
        delete reply;
    }

    void editingNeverShowsTheStoredKeyAndKeepsIt()
    {
        QVERIFY(Keychain::write(QStringLiteral("kept"), "sk-kept").ok());
        QJsonObject doc = m_host->configDocument();
        QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
        backends.append(
            QJsonObject{{QStringLiteral("name"), QStringLiteral("kept")},
                        {QStringLiteral("type"), QStringLiteral("openai-compatible")},
                        {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/v1")},
                        {QStringLiteral("apiKey"), QStringLiteral("keychain:kept")}});
        doc.insert(QStringLiteral("backends"), backends);
        QVERIFY(m_host->applyConfig(doc).ok());

        ui::BackendsPage page(m_host.get());
        page.show();
        page.findChild<QTableWidget*>(QStringLiteral("backends"))->selectRow(1);
        bool checked = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = page.findChild<ui::BackendDialog*>();
            QVERIFY(dialog);
            auto* source = dialog->findChild<QComboBox*>(QStringLiteral("apiKeySource"));
            QCOMPARE(source->currentData().toInt(), int(ui::BackendDialog::KeySource::Keychain));
            auto* field = dialog->findChild<QLineEdit*>(QStringLiteral("apiKeySecret"));
            QVERIFY(field->text().isEmpty()); // never shown again
            QVERIFY(field->placeholderText().contains(QStringLiteral("Stored in the keychain")));
            // Renamed, without a new key: the entry and the key stay.
            dialog->findChild<QLineEdit*>(QStringLiteral("name"))
                ->setText(QStringLiteral("renamed"));
            auto* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
            for (const char* field : {"nameError", "baseUrlError", "keyError"})
                QVERIFY2(dialog->findChild<QLabel*>(QLatin1String(field))->text().isEmpty(), field);
            checked = true;
            ok->click();
        });
        page.findChild<QPushButton*>(QStringLiteral("edit"))->click();
        QVERIFY(checked);
        QCOMPARE(m_host->config().backend(QStringLiteral("renamed"))->apiKeyRef,
                 QStringLiteral("keychain:kept"));
        QCOMPARE(m_host->config().backend(QStringLiteral("renamed"))->apiKey, "sk-kept");
        QCOMPARE(Keychain::read(QStringLiteral("kept")).value(), "sk-kept");

        // Removing the backend removes its key from the keychain.
        page.findChild<QTableWidget*>(QStringLiteral("backends"))->selectRow(1);
        QTimer::singleShot(0, this, [] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w))
                    box->findChild<QPushButton*>(QStringLiteral("confirmRemove"))->click();
        });
        page.findChild<QPushButton*>(QStringLiteral("remove"))->click();
        QVERIFY(!m_host->config().backend(QStringLiteral("renamed")));
        QVERIFY(!Keychain::read(QStringLiteral("kept")).ok());
    }

    void aKeyReplacedInAnEditThatIsNotAppliedIsRestored()
    {
        // A backend whose key is in the keychain, on a gateway serving HTTPS.
        const QString cert = m_dir->filePath(QStringLiteral("gw.crt"));
        const QString key = m_dir->filePath(QStringLiteral("gw.key"));
        QVERIFY(gateway::tls::writeSelfSignedCertificate(cert, key, {QStringLiteral("127.0.0.1")})
                    .ok());
        QVERIFY(Keychain::write(QStringLiteral("precious"), "sk-original").ok());
        QJsonObject doc = m_host->configDocument();
        QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
        backends.append(
            QJsonObject{{QStringLiteral("name"), QStringLiteral("precious")},
                        {QStringLiteral("type"), QStringLiteral("openai-compatible")},
                        {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/v1")},
                        {QStringLiteral("apiKey"), QStringLiteral("keychain:precious")}});
        doc.insert(QStringLiteral("backends"), backends);
        doc.insert(
            QStringLiteral("server"),
            QJsonObject{{QStringLiteral("tls"), QJsonObject{{QStringLiteral("certFile"), cert},
                                                            {QStringLiteral("keyFile"), key}}}});
        QVERIFY(m_host->applyConfig(doc).ok());
        // The certificate goes away: every apply now fails, whatever the dialog holds.
        QVERIFY(QFile::remove(cert));

        ui::BackendsPage page(m_host.get());
        page.show();
        page.findChild<QTableWidget*>(QStringLiteral("backends"))->selectRow(1);
        QString shown;
        int round = 0;
        std::function<void()> drive = [&] {
            auto* dialog = page.findChild<ui::BackendDialog*>();
            QVERIFY(dialog);
            if (round++ == 0) {
                // Type a replacement key and press OK: stored, then the apply fails.
                dialog->findChild<QLineEdit*>(QStringLiteral("apiKeySecret"))
                    ->setText(QStringLiteral("sk-replacement"));
                QTimer::singleShot(0, this, drive);
                dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            } else {
                // Back in the dialog with the reason (the keychain calls in between spin event
                // loops of their own: wait for it), and the person gives up.
                auto* errors = dialog->findChild<QLabel*>(QStringLiteral("errors"));
                if (!dialog->isVisible() || errors->text().isEmpty()) {
                    QTimer::singleShot(10, this, drive);
                    return;
                }
                shown = errors->text();
                dialog->reject();
            }
        };
        QTimer::singleShot(0, this, drive);
        page.findChild<QPushButton*>(QStringLiteral("edit"))->click();
        QVERIFY2(shown.contains(QStringLiteral("server.tls")), qPrintable(shown));
        QCOMPARE(Keychain::read(QStringLiteral("precious")).value(), "sk-original");
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
};

QTEST_MAIN(BackendKeychainTest)
#include "BackendKeychainTest.moc"

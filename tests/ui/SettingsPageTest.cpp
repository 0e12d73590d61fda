#include "pages/SettingsPage.h"
#include "Appearance.h"
#include "Engine.h"
#include "GatewayHost.h"
#include "pages/DashboardPage.h"
#include "pages/ModelsPage.h"
#include "pipeline/Runtime.h"
#include "support/TestHost.h"
#include "widgets/EmptyState.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QVBoxLayout>
#include <QtTest>

class SettingsPageTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_host = std::make_unique<ui::GatewayHost>(testHostOptions(m_dir->path()));
        QVERIFY(m_host->start().ok());
        m_page = std::make_unique<ui::SettingsPage>(m_host.get(), nullptr);
    }

    void cleanup()
    {
        m_page.reset();
        m_host.reset();
    }

    void retentionAndCaptureAreAppliedAndSaved()
    {
        m_page->findChild<QCheckBox*>(QStringLiteral("captureBodies"))->setChecked(false);
        m_page->findChild<QSpinBox*>(QStringLiteral("retentionDays"))->setValue(7);
        m_page->findChild<QSpinBox*>(QStringLiteral("retentionRows"))->setValue(5000);
        const quint16 port = m_host->engine()->port();
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        QCOMPARE(m_host->config().logging.captureBodies, false);
        QCOMPARE(m_host->config().logging.retentionDays, 7);
        QCOMPARE(m_host->engine()->runtime()->config.logging.retentionRows, qint64(5000));
        QCOMPARE(m_host->engine()->port(), port); // not restarted
        const QJsonObject saved = savedConfig();
        QCOMPARE(saved.value(QStringLiteral("logging"))
                     .toObject()
                     .value(QStringLiteral("retentionDays"))
                     .toInt(),
                 7);
    }

    void generatedCertificateServesHttpsAndTheConsoleTrustsIt()
    {
        auto* status = m_page->findChild<QLabel*>(QStringLiteral("status"));
        auto* info = m_page->findChild<QLabel*>(QStringLiteral("tlsInfo"));
        QVERIFY(m_host->baseUrl().startsWith(QLatin1String("http://")));
        QVERIFY2(info->text().contains(QStringLiteral("plain HTTP")), qPrintable(info->text()));

        m_page->findChild<QPushButton*>(QStringLiteral("tlsGenerate"))->click();
        const QString cert = m_page->findChild<QLineEdit*>(QStringLiteral("tlsCertFile"))->text();
        QCOMPARE(cert, m_dir->filePath(QStringLiteral("tls/gateway.crt")));
        QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("tls/gateway.key"))));
        QVERIFY(m_page->findChild<QCheckBox*>(QStringLiteral("tlsEnabled"))->isChecked());
        QVERIFY2(info->text().contains(QStringLiteral("127.0.0.1")) &&
                     info->text().contains(QStringLiteral("Self-signed")),
                 qPrintable(info->text()));
        QVERIFY2(status->text().contains(cert), qPrintable(status->text()));
        // Nothing changes until Apply.
        QVERIFY(m_host->baseUrl().startsWith(QLatin1String("http://")));

        QSignalSpy said(m_page.get(), &ui::Page::transientMessage);
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        QVERIFY2(m_host->isRunning(), qPrintable(status->text()));
        QVERIFY2(m_host->baseUrl().startsWith(QLatin1String("https://127.0.0.1:")),
                 qPrintable(m_host->baseUrl()));
        // A confirmation that goes away; the certificate's hint under the form went with it.
        QCOMPARE(said.count(), 1);
        QVERIFY2(said.first().first().toString().contains(m_host->baseUrl()),
                 qPrintable(said.first().first().toString()));
        QVERIFY(status->text().isEmpty());
        const QJsonObject tls = savedConfig()
                                    .value(QStringLiteral("server"))
                                    .toObject()
                                    .value(QStringLiteral("tls"))
                                    .toObject();
        QCOMPARE(tls.value(QStringLiteral("certFile")).toString(), cert);

        // Generated again (same files, new key): Apply serves it without a restart, and the
        // console's own calls below trust the new one.
        const QByteArray firstCertificate = fileBytes(cert);
        QTimer::singleShot(0, this, [] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w))
                    box->button(QMessageBox::Yes)->click();
        });
        m_page->findChild<QPushButton*>(QStringLiteral("tlsGenerate"))->click();
        QVERIFY(fileBytes(cert) != firstCertificate);
        const quint16 portBefore = m_host->engine()->port();
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        QCOMPARE(m_host->engine()->port(), portBefore);

        // The console's own calls (here "Try it") go over HTTPS to the self-signed gateway.
        ui::ModelsPage models(m_host.get());
        models.findChild<QComboBox*>(QStringLiteral("tryAlias"))
            ->setCurrentText(QStringLiteral("mock-fast"));
        models.findChild<QLineEdit*>(QStringLiteral("tryPrompt"))->setText(QStringLiteral("hi"));
        models.findChild<QPushButton*>(QStringLiteral("trySend"))->click();
        auto* answer = models.findChild<QPlainTextEdit*>(QStringLiteral("tryAnswer"));
        QTRY_VERIFY_WITH_TIMEOUT(!answer->toPlainText().isEmpty(), 10'000);
        auto* stats = models.findChild<QLabel*>(QStringLiteral("tryStats"));
        QVERIFY2(stats->text().contains(QStringLiteral("tokens")), qPrintable(stats->text()));

        // The dashboard's first-request command trusts the self-signed certificate.
        QCOMPARE(m_host->certificateToTrust(), cert);
        ui::DashboardPage dashboard(m_host.get());
        const QString command =
            dashboard.findChild<ui::EmptyState*>(QStringLiteral("emptyState"))->command();
        QVERIFY2(command.contains(QStringLiteral("curl -s --cacert '%1' https://").arg(cert)),
                 qPrintable(command));

        // And back to plain HTTP.
        m_page->findChild<QCheckBox*>(QStringLiteral("tlsEnabled"))->setChecked(false);
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        QVERIFY(m_host->baseUrl().startsWith(QLatin1String("http://")));
        QVERIFY(!savedConfig()
                     .value(QStringLiteral("server"))
                     .toObject()
                     .contains(QStringLiteral("tls")));
    }

    void aBadKeyIsRefusedWithTheLoadersReasonAndNothingChanges()
    {
        m_page->findChild<QPushButton*>(QStringLiteral("tlsGenerate"))->click();
        const QString cert = m_page->findChild<QLineEdit*>(QStringLiteral("tlsCertFile"))->text();
        // The certificate named as its own key.
        m_page->findChild<QLineEdit*>(QStringLiteral("tlsKeyFile"))->setText(cert);
        const QString before = m_host->baseUrl();
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        auto* status = m_page->findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY2(status->text().contains(QStringLiteral("server.tls")) &&
                     status->text().contains(QStringLiteral("private key")),
                 qPrintable(status->text()));
        QCOMPARE(m_host->baseUrl(), before);
        QVERIFY(!m_host->config().server.tls.enabled());
    }

    void httpsWithoutFilesIsRefused()
    {
        m_page->findChild<QCheckBox*>(QStringLiteral("tlsEnabled"))->setChecked(true);
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        auto* status = m_page->findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY2(status->text().contains(QStringLiteral("certificate and its private key")),
                 qPrintable(status->text()));
        QVERIFY(!m_host->config().server.tls.enabled());
    }

    void anAddedOriginIsSavedAndTheGatewayAnswersItsPreflight()
    {
        const QString origin = QStringLiteral("http://localhost:5173");
        // Refused before anything is added (the embedded default allows no origin).
        QCOMPARE(preflight(origin).status, 403);

        auto* input = m_page->findChild<QLineEdit*>(QStringLiteral("originInput"));
        auto* origins = m_page->findChild<QListWidget*>(QStringLiteral("allowedOrigins"));
        input->setText(QStringLiteral("  ") + origin); // pasted with a space
        m_page->findChild<QPushButton*>(QStringLiteral("addOrigin"))->click();
        QCOMPARE(origins->count(), 1);
        QCOMPARE(origins->item(0)->text(), origin);
        QVERIFY(input->text().isEmpty());
        // Nothing changes until Apply.
        QVERIFY(m_host->config().server.cors.allowedOrigins.isEmpty());

        QSignalSpy said(m_page.get(), &ui::Page::transientMessage);
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        QCOMPARE(m_host->config().server.cors.allowedOrigins, QStringList{origin});
        QCOMPARE(savedConfig()
                     .value(QStringLiteral("server"))
                     .toObject()
                     .value(QStringLiteral("cors"))
                     .toObject()
                     .value(QStringLiteral("allowedOrigins"))
                     .toArray(),
                 QJsonArray{origin});
        QCOMPARE(said.count(), 1);
        QCOMPARE(said.first().first().toString(), QStringLiteral("Saved and applied."));
        const Preflight allowed = preflight(origin);
        QCOMPARE(allowed.status, 204);
        QCOMPARE(allowed.allowOrigin, origin.toUtf8());
        // Another origin still is not.
        QCOMPARE(preflight(QStringLiteral("http://localhost:5174")).status, 403);

        // Removed and applied: refused again, and the config holds no server.cors.
        origins->item(0)->setSelected(true);
        m_page->findChild<QPushButton*>(QStringLiteral("removeOrigin"))->click();
        QCOMPARE(origins->count(), 0);
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        QVERIFY(m_host->config().server.cors.allowedOrigins.isEmpty());
        QVERIFY(!savedConfig()
                     .value(QStringLiteral("server"))
                     .toObject()
                     .contains(QStringLiteral("cors")));
        QCOMPARE(preflight(origin).status, 403);
    }

    void anInvalidOriginIsRefusedWithAMessage()
    {
        auto* input = m_page->findChild<QLineEdit*>(QStringLiteral("originInput"));
        auto* origins = m_page->findChild<QListWidget*>(QStringLiteral("allowedOrigins"));
        auto* message = m_page->findChild<QLabel*>(QStringLiteral("originMessage"));
        m_page->show();
        QVERIFY(!message->isVisible());
        for (const QString& bad :
             {QStringLiteral("http://localhost:5173/app"), QStringLiteral("localhost:5173"),
              QStringLiteral("http://LOCALHOST:5173"), QStringLiteral("*")}) {
            input->setText(bad);
            m_page->findChild<QPushButton*>(QStringLiteral("addOrigin"))->click();
            QCOMPARE(origins->count(), 0);
            QVERIFY2(message->isVisible() && message->text().contains(bad) &&
                         message->text().contains(QStringLiteral("scheme://host")),
                     qPrintable(bad + QStringLiteral(": ") + message->text()));
            QCOMPARE(input->text(), bad); // kept, to be corrected
        }
        // Typing clears the message; a good origin is added; the same one twice is not.
        input->setText(QStringLiteral("https://app.example.com"));
        emit input->textEdited(input->text());
        QVERIFY(!message->isVisible());
        emit input->returnPressed();
        QCOMPARE(origins->count(), 1);
        input->setText(QStringLiteral("https://app.example.com"));
        emit input->returnPressed();
        QCOMPARE(origins->count(), 1);
        QVERIFY2(message->isVisible() && message->text().contains(QStringLiteral("already")),
                 qPrintable(message->text()));
    }

    // The page contract: no outer margin of its own, the console's spacing scale.
    // Each field has its own label beside it (they were set by row number, and a row added
    // above shifted them all).
    void everyFieldHasItsOwnLabel()
    {
        const QList<QPair<const char*, QString>> fields{
            {"listen", QStringLiteral("Listen address:")},
            {"tlsCertFile", QStringLiteral("Certificate:")},
            {"dataDir", QStringLiteral("Data directory:")},
            {"captureBodies", QStringLiteral("Request log:")},
            {"maxBodyBytes", QStringLiteral("Body capture limit (bytes):")},
            {"retentionDays", QStringLiteral("Keep rows for (days, 0 = forever):")},
            {"retentionRows", QStringLiteral("Keep at most (rows, 0 = all):")},
            {"allowedOrigins", QStringLiteral("Allowed origins:")},
            {"originInput", QStringLiteral("Add an origin:")},
            {"theme", QStringLiteral("Theme:")},
            {"language", QStringLiteral("Language:")}};
        m_page->resize(1000, 900);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        for (const auto& [name, text] : fields) {
            QWidget* field = m_page->findChild<QWidget*>(QLatin1String(name));
            QVERIFY2(field, name);
            // The label is the one at the field's height, on its left.
            QLabel* beside = nullptr;
            for (QLabel* l : m_page->findChildren<QLabel*>()) {
                const QRect r(l->mapTo(m_page.get(), QPoint()), l->size());
                const QRect f(field->mapTo(m_page.get(), QPoint()), field->size());
                if (l->isVisible() && r.right() < f.left() && r.bottom() >= f.top() &&
                    r.top() <= f.bottom() && !l->text().isEmpty())
                    beside = l;
            }
            QVERIFY2(beside, name);
            QCOMPARE(beside->text(), text);
        }
    }

    void followsThePageContract()
    {
        QCOMPARE(m_page->layout()->contentsMargins(), QMargins());
        QCOMPARE(m_page->layout()->spacing(), ui::spacing::normal);
        QVERIFY(!m_page->purpose().isEmpty());
        QVERIFY(!m_page->mainAction());
    }

    // A long data dir, a certificate under it, and a long origin typed in: the page asks for no
    // more width than it did without them.
    void longPathsAndMessagesNeverWidenThePage()
    {
        const QString longDir = m_dir->filePath(QString(90, u'a') + u'/' + QString(90, u'b') +
                                                u'/' + QString(90, u'c'));
        ui::GatewayHost host(testHostOptions(longDir));
        QVERIFY(host.start().ok());
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        auto* page = new ui::SettingsPage(&host, nullptr);
        layout->addWidget(page);
        window.resize(760, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const int wanted = window.minimumSizeHint().width();
        QVERIFY2(wanted <= 760, qPrintable(QString::number(wanted)));
        QCOMPARE(page->findChild<QLineEdit*>(QStringLiteral("dataDir"))->text(), host.dataDir());

        page->findChild<QPushButton*>(QStringLiteral("tlsGenerate"))->click();
        auto* status = page->findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY(status->text().contains(longDir));
        page->findChild<QLineEdit*>(QStringLiteral("originInput"))
            ->setText(QStringLiteral("http://") + QString(300, u'x'));
        page->findChild<QPushButton*>(QStringLiteral("addOrigin"))->click();
        QVERIFY(page->findChild<QLabel*>(QStringLiteral("originMessage"))->isVisible());
        QCoreApplication::processEvents();
        QVERIFY2(window.minimumSizeHint().width() <= wanted,
                 qPrintable(QString::number(window.minimumSizeHint().width())));
        QCOMPARE(window.width(), 760);
    }

    // Switched to German while the page is open: labels, the message under the form and the
    // numbers in the spin boxes follow, and the header is told to read purpose() again.
    void aLanguageSwitchReachesTextsMessagesAndNumbers()
    {
        QTemporaryDir config;
        qputenv("XDG_CONFIG_HOME", config.path().toUtf8()); // the Appearance's QSettings
        m_page->show();
        auto* rows = m_page->findChild<QSpinBox*>(QStringLiteral("retentionRows"));
        rows->setValue(2'000'000);
        QCOMPARE(rows->text(), QStringLiteral("2,000,000"));
        m_page->findChild<QLineEdit*>(QStringLiteral("listen"))->setText(QStringLiteral("nowhere"));
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        auto* status = m_page->findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY(status->text().startsWith(QStringLiteral("The listen address must be")));

        QSignalSpy header(m_page.get(), &ui::Page::headerChanged);
        ui::Appearance appearance;
        QVERIFY(appearance.setLanguage(QStringLiteral("de")));
        QTRY_VERIFY(header.count() > 0);
        QCOMPARE(rows->text(), QStringLiteral("2.000.000"));
        QVERIFY2(status->text().startsWith(QStringLiteral("Die Listen-Adresse muss")),
                 qPrintable(status->text()));
        bool translated = false;
        for (QLabel* label : m_page->findChildren<QLabel*>())
            translated = translated || label->text() == QStringLiteral("Listen-Adresse:");
        QVERIFY(translated);

        QVERIFY(appearance.setLanguage(QStringLiteral("en")));
        QTRY_COMPARE(rows->text(), QStringLiteral("2,000,000"));
        QVERIFY(status->text().startsWith(QStringLiteral("The listen address must be")));
    }

private:
    struct Preflight
    {
        int status = 0;
        QByteArray allowOrigin;
    };

    // A browser's CORS preflight of an openai client's POST, from the given origin.
    Preflight preflight(const QString& origin) const
    {
        QNetworkAccessManager network;
        QNetworkRequest request = m_host->gatewayRequest(QStringLiteral("/chat/completions"));
        request.setRawHeader("Origin", origin.toUtf8());
        request.setRawHeader("Access-Control-Request-Method", "POST");
        request.setRawHeader("Access-Control-Request-Headers", "authorization,content-type");
        std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(request, "OPTIONS"));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10'000))
            return {};
        return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                reply->rawHeader("Access-Control-Allow-Origin")};
    }

    static QByteArray fileBytes(const QString& path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QJsonObject savedConfig() const
    {
        QFile file(m_host->configPath());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    std::unique_ptr<ui::SettingsPage> m_page;
};

QTEST_MAIN(SettingsPageTest)
#include "SettingsPageTest.moc"

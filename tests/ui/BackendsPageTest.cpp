#include "pages/BackendsPage.h"
#include "GatewayHost.h"
#include "dialogs/BackendDialog.h"
#include "models/BackendProbe.h"
#include "support/TestHost.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

class BackendsPageTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        const ui::GatewayHost::Options options = testHostOptions(m_dir->path());
        m_host = std::make_unique<ui::GatewayHost>(options);
        QVERIFY(m_host->start().ok());
    }

    void cleanup() { m_host.reset(); }

    void dialogValidatesAsYouType()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        ui::BackendDialog dialog(QJsonObject(), {QStringLiteral("mock")}, &probe);
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        auto* errors = dialog.findChild<QLabel*>(QStringLiteral("errors"));
        dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("mock"));
        QVERIFY(!ok->isEnabled());
        QVERIFY(errors->text().contains(QStringLiteral("already named")));
        dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("local"));
        dialog.findChild<QLineEdit*>(QStringLiteral("baseUrl"))->setText(QStringLiteral("ftp://x"));
        QVERIFY(!ok->isEnabled());
        dialog.findChild<QLineEdit*>(QStringLiteral("baseUrl"))
            ->setText(QStringLiteral("http://127.0.0.1:8000/v1"));
        auto* source = dialog.findChild<QComboBox*>(QStringLiteral("apiKeySource"));
        source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Environment)));
        QVERIFY(errors->text().contains(QStringLiteral("Name the environment variable")));
        dialog.findChild<QLineEdit*>(QStringLiteral("apiKeyVariable"))
            ->setText(QStringLiteral("sk-abc-123"));
        QVERIFY(errors->text().contains(QStringLiteral("NAME of an environment variable")));
        dialog.findChild<QLineEdit*>(QStringLiteral("apiKeyVariable"))
            ->setText(QStringLiteral("SWITCHBOARD_TEST_UNSET_VAR"));
        QVERIFY(errors->text().contains(QStringLiteral("is not set")));
        qputenv("SWITCHBOARD_TEST_KEY", "secret");
        dialog.findChild<QLineEdit*>(QStringLiteral("apiKeyVariable"))
            ->setText(QStringLiteral("SWITCHBOARD_TEST_KEY"));
        QVERIFY2(ok->isEnabled(), qPrintable(errors->text()));
        const QJsonObject b = dialog.backend();
        QCOMPARE(b.value(QStringLiteral("apiKey")).toString(),
                 QStringLiteral("env:SWITCHBOARD_TEST_KEY"));
        QCOMPARE(b.value(QStringLiteral("type")).toString(), QStringLiteral("openai-compatible"));
    }

    void aNewKeyNeverOverwritesAnotherBackendsKeychainEntry()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        ui::BackendDialog dialog(QJsonObject(), {QStringLiteral("openai")}, &probe);
        dialog.setKeychainEntriesInUse({QStringLiteral("open-ai")});
        auto* errors = dialog.findChild<QLabel*>(QStringLiteral("errors"));
        auto* hint = dialog.findChild<QLabel*>(QStringLiteral("keyHint"));
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        dialog.findChild<QLineEdit*>(QStringLiteral("baseUrl"))
            ->setText(QStringLiteral("https://api.openai.com/v1"));
        auto* source = dialog.findChild<QComboBox*>(QStringLiteral("apiKeySource"));
        source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Keychain)));
        QVERIFY(errors->text().contains(QStringLiteral("Paste the API key")));
        dialog.findChild<QLineEdit*>(QStringLiteral("apiKeySecret"))
            ->setText(QStringLiteral("sk-x"));
        // "open ai" would be stored as entry "open-ai", which another backend uses.
        dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("open ai"));
        QVERIFY2(hint->text().contains(QStringLiteral("entry \"open-ai\"")),
                 qPrintable(hint->text()));
        QVERIFY2(errors->text().contains(QStringLiteral("Another backend keeps its key")),
                 qPrintable(errors->text()));
        QVERIFY(!ok->isEnabled());
        dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("openai-2"));
        QVERIFY2(ok->isEnabled(), qPrintable(errors->text()));
        QVERIFY(hint->text().contains(QStringLiteral("entry \"openai-2\"")));
        QCOMPARE(dialog.backend().value(QStringLiteral("apiKey")).toString(),
                 QStringLiteral("keychain:openai-2"));
    }

    void testConnectionListsTheBackendsModels()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        ui::BackendDialog dialog(QJsonObject(), {}, &probe);
        dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("self"));
        // The gateway itself is an OpenAI-compatible server.
        dialog.findChild<QLineEdit*>(QStringLiteral("baseUrl"))->setText(m_host->baseUrl());
        dialog.findChild<QPushButton*>(QStringLiteral("test"))->click();
        auto* models = dialog.findChild<QListWidget*>(QStringLiteral("models"));
        QTRY_COMPARE_WITH_TIMEOUT(models->count(), 2, 5000);
        QCOMPARE(models->item(0)->text(), QStringLiteral("mock-fast"));
    }

    void addingABackendAppliesItAndShowsItsHealth()
    {
        ui::BackendsPage page(m_host.get());
        page.show();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("backends"));
        QCOMPARE(table->rowCount(), 1);
        QTRY_VERIFY(table->item(0, 3)->text().contains(QStringLiteral("built in")));

        // A port that refuses connections.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();

        QTimer::singleShot(0, this, [&] {
            auto* dialog = page.findChild<ui::BackendDialog*>();
            QVERIFY(dialog);
            dialog->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("self"));
            dialog->findChild<QLineEdit*>(QStringLiteral("baseUrl"))->setText(m_host->baseUrl());
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        page.findChild<QPushButton*>(QStringLiteral("add"))->click();
        QCOMPARE(m_host->config().backends.size(), 2);
        QCOMPARE(table->rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(table->item(1, 3)->text().contains(QStringLiteral("reachable (")),
                                 5000);

        QJsonObject doc = m_host->configDocument();
        QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
        backends.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("dead")},
            {QStringLiteral("type"), QStringLiteral("openai-compatible")},
            {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort)}});
        doc.insert(QStringLiteral("backends"), backends);
        QVERIFY(m_host->applyConfig(doc).ok());
        page.refreshHealth();
        QTRY_VERIFY_WITH_TIMEOUT(
            table->item(2, 3)->text().startsWith(QStringLiteral("unreachable")), 5000);
    }

    void removingABackendInUseIsRefusedWithTheReason()
    {
        ui::BackendsPage page(m_host.get());
        page.show();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("backends"));
        table->selectRow(0);
        QTimer::singleShot(0, this, [] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w))
                    box->button(QMessageBox::Yes)->click();
        });
        page.findChild<QPushButton*>(QStringLiteral("remove"))->click();
        QCOMPARE(m_host->config().backends.size(), 1); // aliases still use it
        const auto labels = page.findChildren<QLabel*>();
        bool explained = false;
        for (QLabel* l : labels)
            explained =
                explained || l->text().contains(QStringLiteral("no backend is named \"mock\""));
        QVERIFY(explained);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
};

QTEST_MAIN(BackendsPageTest)
#include "BackendsPageTest.moc"

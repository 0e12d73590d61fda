#include "pages/BackendsPage.h"
#include "GatewayHost.h"
#include "dialogs/BackendDialog.h"
#include "models/BackendProbe.h"
#include "store/LogWriter.h"
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
#include <QSqlDatabase>
#include <QSqlQuery>
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

    // A request that failed over from backend X to Y is a request to X too, and its error is
    // X's last error.
    void failedAttemptsCountForTheirBackends()
    {
        using gateway::store::Attempt;
        QJsonObject doc = m_host->configDocument();
        QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
        for (const char* name : {"local", "spare"})
            backends.append(
                QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)},
                            {QStringLiteral("type"), QStringLiteral("openai-compatible")},
                            {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:9/v1")}});
        doc.insert(QStringLiteral("backends"), backends);
        QVERIFY(m_host->applyConfig(doc).ok());

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const auto record = [&](qint64 agoMs, const QString& backend, int status,
                                const QString& errorClass, double latencyMs,
                                std::vector<Attempt> attempts) {
            gateway::store::LogRecord r;
            r.timeMs = now - agoMs;
            r.traceId = QByteArray::number(agoMs).rightJustified(32, '0');
            r.endpoint = QStringLiteral("chat.completions");
            r.model = QStringLiteral("llama");
            r.backend = backend;
            r.status = status;
            r.errorClass = errorClass;
            r.latencyMs = latencyMs;
            r.attempts = std::move(attempts);
            return r;
        };
        const QString mock = QStringLiteral("mock");
        const QString local = QStringLiteral("local");
        const QString spare = QStringLiteral("spare");
        {
            gateway::store::LogWriter writer;
            QVERIFY(writer.start(m_dir->path()).ok());
            writer.push(record(
                30'000, mock, 200, {}, 45,
                {Attempt{local, QStringLiteral("llama3"), 0, QStringLiteral("upstream_connect"), 2},
                 Attempt{mock, QStringLiteral("mock-fast"), 200, {}, 40}}));
            writer.push(record(
                20'000, mock, 200, {}, 35,
                {Attempt{local, QStringLiteral("llama3"), 503, QStringLiteral("upstream_5xx"), 3},
                 Attempt{mock, QStringLiteral("mock-fast"), 200, {}, 30}}));
            // Every target failed: the last attempt is the row's own.
            writer.push(record(10'000, spare, 504, QStringLiteral("upstream_timeout"), 5000,
                               {Attempt{spare, QStringLiteral("m"), 0,
                                        QStringLiteral("upstream_timeout"), 5000}}));
            // A row whose attempts are not JSON is passed over, not a failed query.
            writer.push(record(5'000, mock, 200, {}, 10, {Attempt{mock, {}, 200, {}, 10}}));
            writer.flush();
        }
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("spoil"));
            db.setDatabaseName(m_dir->filePath(QStringLiteral("switchboard.sqlite")));
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("UPDATE requests SET attempts = "
                                          "'[{\"backend\":\"local\"},{' WHERE latency_ms = 10")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("spoil"));

        ui::BackendsPage page(m_host.get());
        page.show();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("backends"));
        QCOMPARE(table->rowCount(), 3);
        const auto cell = [&](const QString& backend, int column) {
            for (int r = 0; r < table->rowCount(); ++r)
                if (table->item(r, 0)->text() == backend)
                    return table->item(r, column)->text();
            return QStringLiteral("<no row>");
        };
        const auto at = [](qint64 ms) {
            return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
        };
        enum { Requests = 4, Latency = 5, LastError = 6 };
        // Two attempts on local, both failed; the newer one is its last error.
        QCOMPARE(cell(local, Requests), QStringLiteral("2"));
        QCOMPARE(cell(local, Latency), QStringLiteral("2.5 ms"));
        QCOMPARE(cell(local, LastError), QStringLiteral("HTTP 503 at %1").arg(at(now - 20'000)));
        // mock answered three requests and failed none: its own attempts are not counted twice.
        QCOMPARE(cell(mock, Requests), QStringLiteral("3"));
        QCOMPARE(cell(mock, LastError), QStringLiteral("–"));
        QCOMPARE(cell(spare, Requests), QStringLiteral("1"));
        QCOMPARE(cell(spare, LastError), QStringLiteral("timed out at %1").arg(at(now - 10'000)));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
};

QTEST_MAIN(BackendsPageTest)
#include "BackendsPageTest.moc"

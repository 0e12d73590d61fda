#include "pages/BackendsPage.h"
#include "GatewayHost.h"
#include "dialogs/BackendDialog.h"
#include "models/BackendProbe.h"
#include "store/LogWriter.h"
#include "support/TestHost.h"
#include "widgets/EmptyState.h"
#include "widgets/ErrorLabel.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
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

    // A field's problem shows next to it once the field was edited, or on OK; not before.
    void dialogShowsAFieldsErrorOnceEditedOrOnOk()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        ui::BackendDialog dialog(QJsonObject(), {QStringLiteral("mock")}, &probe);
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("name"));
        auto* baseUrl = dialog.findChild<QLineEdit*>(QStringLiteral("baseUrl"));
        auto* variable = dialog.findChild<QLineEdit*>(QStringLiteral("apiKeyVariable"));
        auto* nameError = dialog.findChild<QLabel*>(QStringLiteral("nameError"));
        auto* baseUrlError = dialog.findChild<QLabel*>(QStringLiteral("baseUrlError"));
        auto* keyError = dialog.findChild<QLabel*>(QStringLiteral("keyError"));
        QVERIFY(nameError->text().isEmpty());
        QVERIFY(baseUrlError->text().isEmpty());

        name->setText(QStringLiteral("mock"));
        QVERIFY(nameError->text().contains(QStringLiteral("already named")));
        QVERIFY(baseUrlError->text().isEmpty()); // not edited yet
        ok->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // not accepted
        QVERIFY(baseUrlError->text().contains(QStringLiteral("http:// or https://")));
        QVERIFY(name->hasFocus() || !dialog.isActiveWindow()); // the first field to fix

        // A '/' would clash with backend/model targets; a space has no place in a name either.
        for (const char* invalid : {"local/gpu", "two words"}) {
            name->setText(QString::fromLatin1(invalid));
            QVERIFY2(nameError->text().contains(QStringLiteral("Use only letters")),
                     qPrintable(nameError->text()));
        }
        name->setText(QStringLiteral("local"));
        QVERIFY(nameError->text().isEmpty());
        baseUrl->setText(QStringLiteral("ftp://x"));
        QVERIFY(!baseUrlError->text().isEmpty());
        baseUrl->setText(QStringLiteral("http://127.0.0.1:8000/v1"));
        QVERIFY(baseUrlError->text().isEmpty());
        auto* source = dialog.findChild<QComboBox*>(QStringLiteral("apiKeySource"));
        source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Environment)));
        QVERIFY(keyError->text().contains(QStringLiteral("Name the environment variable")));
        variable->setText(QStringLiteral("sk-abc-123"));
        QVERIFY(keyError->text().contains(QStringLiteral("NAME of an environment variable")));
        variable->setText(QStringLiteral("SWITCHBOARD_TEST_UNSET_VAR"));
        QVERIFY(keyError->text().contains(QStringLiteral("is not set")));
        qputenv("SWITCHBOARD_TEST_KEY", "secret");
        variable->setText(QStringLiteral("SWITCHBOARD_TEST_KEY"));
        QVERIFY(keyError->text().isEmpty());
        ok->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        const QJsonObject b = dialog.backend();
        QCOMPARE(b.value(QStringLiteral("apiKey")).toString(),
                 QStringLiteral("env:SWITCHBOARD_TEST_KEY"));
        QCOMPARE(b.value(QStringLiteral("type")).toString(), QStringLiteral("openai-compatible"));
    }

    void aNewKeyNeverOverwritesAnotherBackendsKeychainEntry()
    {
        QNetworkAccessManager network;
        ui::BackendProbe probe(&network);
        // "oai" was renamed from "openai" and kept its key's entry, "openai".
        ui::BackendDialog dialog(QJsonObject(), {QStringLiteral("oai")}, &probe);
        dialog.setKeychainEntriesInUse({QStringLiteral("openai")});
        auto* nameError = dialog.findChild<QLabel*>(QStringLiteral("nameError"));
        auto* keyError = dialog.findChild<QLabel*>(QStringLiteral("keyError"));
        auto* hint = dialog.findChild<QLabel*>(QStringLiteral("keyHint"));
        auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        dialog.findChild<QLineEdit*>(QStringLiteral("baseUrl"))
            ->setText(QStringLiteral("https://api.openai.com/v1"));
        auto* source = dialog.findChild<QComboBox*>(QStringLiteral("apiKeySource"));
        source->setCurrentIndex(source->findData(int(ui::BackendDialog::KeySource::Keychain)));
        ok->click();
        QVERIFY(keyError->text().contains(QStringLiteral("Paste the API key")));
        dialog.findChild<QLineEdit*>(QStringLiteral("apiKeySecret"))
            ->setText(QStringLiteral("sk-x"));
        QVERIFY(keyError->text().isEmpty());
        dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("openai"));
        QVERIFY2(hint->text().contains(QStringLiteral("entry \"openai\"")),
                 qPrintable(hint->text()));
        QVERIFY2(nameError->text().contains(QStringLiteral("Another backend keeps its key")),
                 qPrintable(nameError->text()));
        ok->click();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        dialog.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("openai-2"));
        QVERIFY2(nameError->text().isEmpty(), qPrintable(nameError->text()));
        QVERIFY(hint->text().contains(QStringLiteral("entry \"openai-2\"")));
        ok->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
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
        QVERIFY(!models->isHidden()); // the probed list is shown in the dialog
    }

    void addingABackendAppliesItAndShowsItsHealth()
    {
        ui::BackendsPage page(m_host.get());
        page.show();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("backends"));
        QCOMPARE(table->rowCount(), 1);
        QTRY_VERIFY(table->item(0, 3)->text().contains(QStringLiteral("built in")));
        QCOMPARE(dotColor(table->item(0, 3)), QColor(0x1a, 0x7f, 0x37)); // green, light theme

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
        QSignalSpy messages(&page, &ui::Page::transientMessage);
        page.mainAction()->trigger();
        QCOMPARE(m_host->config().backends.size(), 2);
        QCOMPARE(messages.size(), 1); // "Saved to <config path>"
        QCOMPARE(table->rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(table->item(1, 3)->text().contains(QStringLiteral("reachable (")),
                                 5000);
        // Each type by the name people know it by.
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("Built-in mock"));
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("OpenAI-compatible"));

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
        QCOMPARE(dotColor(table->item(2, 3)), ui::ErrorLabel::colorOn(Qt::white)); // red
        QCOMPARE(table->item(2, 3)->toolTip(), table->item(2, 3)->text());         // the reason
    }

    void editAndRemoveNeedASelection()
    {
        ui::BackendsPage page(m_host.get());
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("backends"));
        auto* edit = page.findChild<QPushButton*>(QStringLiteral("edit"));
        auto* remove = page.findChild<QPushButton*>(QStringLiteral("remove"));
        QVERIFY(!table->tabKeyNavigation());
        QVERIFY(!edit->isEnabled());
        QVERIFY(!remove->isEnabled());
        table->selectRow(0);
        QVERIFY(edit->isEnabled());
        QVERIFY(remove->isEnabled());
        table->clearSelection();
        QVERIFY(!edit->isEnabled());
        QVERIFY(!remove->isEnabled());
    }

    // Removing a backend lists the aliases that use it (by name and target) and removes those
    // targets with it; an alias left with no target goes too, and the box says so.
    void removingABackendInUseRemovesItsTargetsAndSaysWhich()
    {
        QJsonObject doc = m_host->configDocument();
        QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
        backends.append(
            QJsonObject{{QStringLiteral("name"), QStringLiteral("spare")},
                        {QStringLiteral("type"), QStringLiteral("mock")},
                        {QStringLiteral("models"),
                         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("x")}}}}});
        doc.insert(QStringLiteral("backends"), backends);
        QJsonArray models = doc.value(QStringLiteral("models")).toArray();
        QJsonObject fast = models.at(0).toObject();
        QJsonArray targets = fast.value(QStringLiteral("targets")).toArray();
        targets.append(QJsonObject{{QStringLiteral("backend"), QStringLiteral("spare")},
                                   {QStringLiteral("model"), QStringLiteral("x")}});
        fast.insert(QStringLiteral("targets"), targets);
        models.replace(0, fast);
        doc.insert(QStringLiteral("models"), models);
        QVERIFY(m_host->applyConfig(doc).ok());

        ui::BackendsPage page(m_host.get());
        page.show();
        auto* table = page.findChild<QTableWidget*>(QStringLiteral("backends"));
        table->selectRow(0); // mock
        QString text;
        QString informative;
        // First Cancel: nothing changes.
        QTimer::singleShot(0, this, [&] {
            auto* box = messageBox();
            QVERIFY(box);
            text = box->text();
            informative = box->informativeText();
            box->reject();
        });
        page.findChild<QPushButton*>(QStringLiteral("remove"))->click();
        QCOMPARE(m_host->config().backends.size(), 2);
        QVERIFY2(text.contains(QStringLiteral("mock-fast → mock/mock-fast")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("mock-smart → mock/mock-smart")), qPrintable(text));
        QVERIFY2(informative.contains(QStringLiteral("removed as well: mock-smart, claude-*.")),
                 qPrintable(informative));
        QVERIFY(!text.contains(QStringLiteral("[")) && !informative.contains(QStringLiteral("[")));

        QTimer::singleShot(0, this, [&] {
            messageBox()->findChild<QPushButton*>(QStringLiteral("confirmRemove"))->click();
        });
        page.findChild<QPushButton*>(QStringLiteral("remove"))->click();
        QCOMPARE(m_host->config().backends.size(), 1);
        QCOMPARE(m_host->config().backends.first().name, QStringLiteral("spare"));
        QCOMPARE(m_host->config().models.size(), 1);
        QCOMPARE(m_host->config().models.first().alias, QStringLiteral("mock-fast"));
        QCOMPARE(m_host->config().models.first().targets.size(), 1);
        QCOMPARE(m_host->config().models.first().targets.first().backend, QStringLiteral("spare"));
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("error"))->isHidden());
    }

    // Without a backend the page leads to the next step: adding one.
    void removingTheLastBackendShowsTheEmptyStateThatAddsOne()
    {
        ui::BackendsPage page(m_host.get());
        page.show();
        page.findChild<QTableWidget*>(QStringLiteral("backends"))->selectRow(0);
        QTimer::singleShot(0, this, [&] {
            messageBox()->findChild<QPushButton*>(QStringLiteral("confirmRemove"))->click();
        });
        page.findChild<QPushButton*>(QStringLiteral("remove"))->click();
        QVERIFY(m_host->config().backends.isEmpty());
        QVERIFY(m_host->config().models.isEmpty()); // both aliases had only mock's targets
        auto* empty = page.findChild<ui::EmptyState*>(QStringLiteral("emptyBackends"));
        QVERIFY(empty->isVisible());
        auto* next = empty->findChild<QPushButton*>(QStringLiteral("emptyAction"));
        QCOMPARE(next->text(), page.mainAction()->text());
        QTimer::singleShot(0, this, [&] {
            auto* dialog = page.findChild<ui::BackendDialog*>();
            QVERIFY(dialog);
            dialog->reject();
        });
        next->click(); // opens the Add-backend dialog
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

        // Numbers follow the locale: German writes 2,5.
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        page.refreshTraffic();
        QLocale::setDefault(QLocale::c());
        QCOMPARE(cell(local, Latency), QStringLiteral("2,5 ms"));
    }

private:
    static QMessageBox* messageBox()
    {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible())
                return box;
        return nullptr;
    }

    // The colour in the middle of a cell's health dot.
    static QColor dotColor(const QTableWidgetItem* item)
    {
        return item->icon().pixmap(12, 12).toImage().pixelColor(6, 6);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
};

QTEST_MAIN(BackendsPageTest)
#include "BackendsPageTest.moc"

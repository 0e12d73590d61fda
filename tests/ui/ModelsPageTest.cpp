#include "pages/ModelsPage.h"
#include "GatewayHost.h"
#include "support/TestHost.h"
#include "widgets/EmptyState.h"

#include <QAction>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

namespace {

// Clicks the button named `button` of the next message box that opens.
void answerNextMessageBox(QObject* context, const QString& button)
{
    QTimer::singleShot(0, context, [button] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w)) {
                auto* b = button.isEmpty() ? nullptr : box->findChild<QPushButton*>(button);
                if (b)
                    b->click();
                else
                    box->reject(); // Cancel
            }
    });
}

// The keys of a JSON text in the order they appear.
QStringList keysInOrder(const QByteArray& json)
{
    QStringList keys;
    static const QRegularExpression key(QStringLiteral("\"([^\"]+)\"\\s*:"));
    for (const QRegularExpressionMatch& m : key.globalMatch(QString::fromUtf8(json)))
        keys << m.captured(1);
    return keys;
}

} // namespace

class ModelsPageTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        startHost(QByteArray());
    }

    void cleanup()
    {
        m_page.reset();
        m_host.reset();
    }

    void editAnAliasAndApplyIt()
    {
        auto* aliases = m_page->findChild<QListWidget*>(QStringLiteral("aliases"));
        auto* name = m_page->findChild<QLineEdit*>(QStringLiteral("aliasName"));
        auto* apply = m_page->findChild<QPushButton*>(QStringLiteral("apply"));
        auto* unapplied = m_page->findChild<QLabel*>(QStringLiteral("unapplied"));
        QCOMPARE(aliases->count(), 3); // mock-fast, mock-smart, claude-*
        QVERIFY(!m_page->hasUnappliedChanges());
        QVERIFY(!apply->isEnabled());
        aliases->setCurrentRow(0);
        QCOMPARE(name->text(), QStringLiteral("mock-fast"));
        // Rename the alias and point it at the other mock model.
        name->setText(QStringLiteral("fast-renamed"));
        emit name->textEdited(name->text());
        modelBox(0)->setCurrentText(QStringLiteral("mock-smart"));
        // The edit is marked: in the list, by the label and by Apply.
        QVERIFY(m_page->hasUnappliedChanges());
        QVERIFY(aliases->item(0)->data(Qt::UserRole).toBool());
        QVERIFY(aliases->item(0)->toolTip().contains(QStringLiteral("not applied")));
        QVERIFY(!aliases->item(1)->data(Qt::UserRole).toBool());
        QVERIFY(!aliases->item(1)->toolTip().contains(QStringLiteral("not applied")));
        QVERIFY(!unapplied->isHidden());
        QVERIFY(apply->isEnabled());
        QVERIFY(apply->font().bold());

        QSignalSpy messages(m_page.get(), &ui::Page::transientMessage);
        apply->click();
        QVERIFY(m_page->findChild<QLabel*>(QStringLiteral("errors"))->isHidden());
        const auto* alias = m_host->config().model(QStringLiteral("fast-renamed"));
        QVERIFY(alias);
        QCOMPARE(alias->targets.first().model, QStringLiteral("mock-smart"));
        QVERIFY(!m_host->config().model(QStringLiteral("mock-fast")));
        QFile saved(m_host->configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("fast-renamed"));
        // Apply says where it saved, and nothing is marked any more.
        QCOMPARE(messages.size(), 1);
        QVERIFY2(messages.at(0).at(0).toString().contains(
                     QDir::toNativeSeparators(m_host->configPath())),
                 qPrintable(messages.at(0).at(0).toString()));
        QVERIFY(!m_page->hasUnappliedChanges());
        QVERIFY(!aliases->item(0)->data(Qt::UserRole).toBool());
        QVERIFY(unapplied->isHidden());
        QVERIFY(!apply->font().bold());
    }

    // The loader names the key's path (models[1].targets[0].model); the page says it in words.
    void invalidEditsAreExplainedInWordsAboutTheAlias()
    {
        m_page->show();
        m_page->findChild<QListWidget*>(QStringLiteral("aliases"))->setCurrentRow(1);
        modelBox(0)->setCurrentText(QString()); // no upstream model
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();
        auto* errors = m_page->findChild<QLabel*>(QStringLiteral("errors"));
        QVERIFY(errors->isVisible());
        QCOMPARE(errors->text(),
                 QStringLiteral("Alias \"mock-smart\", target 1 (mock): the upstream model is "
                                "empty."));
        QVERIFY(!errors->text().contains(QStringLiteral("models[")));
        // Nothing was applied, and the edit is still there and marked.
        QCOMPARE(m_host->config().model(QStringLiteral("mock-smart"))->targets.first().model,
                 QStringLiteral("mock-smart"));
        QVERIFY(m_page->hasUnappliedChanges());
    }

    void theUpstreamModelIsPickedFromWhatTheBackendListsOrTyped()
    {
        m_page->show();
        QVERIFY(!m_page->findChild<QTableWidget*>(QStringLiteral("targets"))->tabKeyNavigation());
        m_page->findChild<QListWidget*>(QStringLiteral("aliases"))->setCurrentRow(0);
        QComboBox* models = modelBox(0);
        QVERIFY(models->isEditable());
        QTRY_COMPARE(models->count(), 2); // the mock's models, from its probe
        QCOMPARE(models->itemText(0), QStringLiteral("mock-fast"));
        QCOMPARE(models->itemText(1), QStringLiteral("mock-smart"));
        QCOMPARE(models->currentText(), QStringLiteral("mock-fast"));
        QVERIFY(!m_page->hasUnappliedChanges()); // filling the list is no edit
        models->setEditText(QStringLiteral("a-model-it-does-not-list"));
        QVERIFY(m_page->hasUnappliedChanges());
    }

    void leavingWithUnappliedEditsAsksApplyDiscardOrCancel()
    {
        QVERIFY(m_page->confirmLeave()); // nothing to ask
        auto* aliases = m_page->findChild<QListWidget*>(QStringLiteral("aliases"));
        aliases->setCurrentRow(0);
        modelBox(0)->setCurrentText(QStringLiteral("mock-smart"));

        answerNextMessageBox(this, QString()); // Cancel
        QVERIFY(!m_page->confirmLeave());
        QVERIFY(m_page->hasUnappliedChanges());

        answerNextMessageBox(this, QStringLiteral("discardChanges"));
        QVERIFY(m_page->confirmLeave());
        QVERIFY(!m_page->hasUnappliedChanges());
        QCOMPARE(modelBox(0)->currentText(), QStringLiteral("mock-fast"));

        modelBox(0)->setCurrentText(QStringLiteral("mock-smart"));
        answerNextMessageBox(this, QStringLiteral("applyChanges"));
        QVERIFY(m_page->confirmLeave());
        QCOMPARE(m_host->config().model(QStringLiteral("mock-fast"))->targets.first().model,
                 QStringLiteral("mock-smart"));

        // A failed Apply keeps the page: the switch does not go on.
        modelBox(0)->setCurrentText(QString());
        answerNextMessageBox(this, QStringLiteral("applyChanges"));
        QVERIFY(!m_page->confirmLeave());
        QVERIFY(m_page->hasUnappliedChanges());
    }

    void anAppliedEditKeepsTheFilesKeyOrder()
    {
        // Not in alphabetical order at any level.
        const QByteArray written = R"({
  "schemaVersion": 1,
  "models": [
    { "targets": [ { "model": "mock-fast", "backend": "mock" } ], "alias": "fast" }
  ],
  "backends": [ { "type": "mock", "name": "mock", "models": [ { "name": "mock-fast", "ttftMs": 1 } ] } ],
  "logging": { "retentionDays": 3, "captureBodies": false }
})";
        startHost(written);
        m_page->findChild<QListWidget*>(QStringLiteral("aliases"))->setCurrentRow(0);
        auto* name = m_page->findChild<QLineEdit*>(QStringLiteral("aliasName"));
        name->setText(QStringLiteral("renamed"));
        emit name->textEdited(name->text());
        m_page->findChild<QPushButton*>(QStringLiteral("apply"))->click();

        QFile saved(m_host->configPath());
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QByteArray text = saved.readAll();
        QCOMPARE(keysInOrder(text), keysInOrder(written));
        QVERIFY(text.contains("\"alias\": \"renamed\""));
    }

    void tryItSendsOneRequestThroughTheGateway()
    {
        sendTryIt(QStringLiteral("mock-fast"));
        auto* stats = m_page->findChild<QLabel*>(QStringLiteral("tryStats"));
        QTRY_VERIFY_WITH_TIMEOUT(stats->text().contains(QStringLiteral("completion tokens")), 5000);
        QVERIFY(stats->text().contains(QStringLiteral("24 completion")));
        QVERIFY(!m_page->findChild<QPlainTextEdit*>(QStringLiteral("tryAnswer"))
                     ->toPlainText()
                     .isEmpty());
        auto* route = m_page->findChild<QLabel*>(QStringLiteral("tryRoute"));
        QTRY_COMPARE_WITH_TIMEOUT(route->text(), QStringLiteral("Answered by mock/mock-fast."),
                                  5000);
    }

    void tryItSaysWhichTargetAnsweredAndWhyAnEarlierOneDidNot()
    {
        QTcpServer closed; // a port that refuses connections
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 deadPort = closed.serverPort();
        closed.close();
        QJsonObject doc = m_host->configDocument();
        QJsonArray backends = doc.value(QStringLiteral("backends")).toArray();
        backends.append(QJsonObject{
            {QStringLiteral("name"), QStringLiteral("local")},
            {QStringLiteral("type"), QStringLiteral("openai-compatible")},
            {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort)}});
        doc.insert(QStringLiteral("backends"), backends);
        doc.insert(QStringLiteral("models"),
                   QJsonArray{QJsonObject{
                       {QStringLiteral("alias"), QStringLiteral("chat")},
                       {QStringLiteral("targets"),
                        QJsonArray{QJsonObject{{QStringLiteral("backend"), QStringLiteral("local")},
                                               {QStringLiteral("model"), QStringLiteral("llama3")}},
                                   QJsonObject{
                                       {QStringLiteral("backend"), QStringLiteral("mock")},
                                       {QStringLiteral("model"), QStringLiteral("mock-fast")}}}}}});
        QVERIFY(m_host->applyConfig(doc).ok());

        sendTryIt(QStringLiteral("chat"));
        auto* route = m_page->findChild<QLabel*>(QStringLiteral("tryRoute"));
        QTRY_VERIFY_WITH_TIMEOUT(!route->text().isEmpty(), 5000);
        QVERIFY2(route->text().startsWith(QStringLiteral("Answered by mock/mock-fast.\n")),
                 qPrintable(route->text()));
        QVERIFY2(
            route->text().contains(QStringLiteral("local/llama3 ✗ connection refused or failed")),
            qPrintable(route->text()));
        QVERIFY2(route->text().contains(QStringLiteral("→ mock/mock-fast ✓")),
                 qPrintable(route->text()));
    }

    void withoutAliasesTheEmptyStateOffersAddAlias()
    {
        startHost(R"({"schemaVersion": 1, "backends": [{"name": "mock", "type": "mock",
                      "models": [{"name": "mock-fast"}]}], "models": []})");
        auto* empty = m_page->findChild<ui::EmptyState*>(QStringLiteral("emptyModels"));
        auto* stack = m_page->findChild<QStackedWidget*>();
        QCOMPARE(stack->currentWidget(), empty);
        QVERIFY(m_page->mainAction()->isEnabled());
        auto* next = empty->findChild<QPushButton*>(QStringLiteral("emptyAction"));
        QCOMPARE(next->text(), m_page->mainAction()->text());
        QCOMPARE(next->text(), QStringLiteral("Add alias"));
        m_page->show();
        QTRY_VERIFY(m_page->isVisible());
        next->click();
        QVERIFY(stack->currentWidget() != empty);
        QVERIFY(m_page->hasUnappliedChanges());
        QTRY_COMPARE(modelBox(0)->count(), 1); // the backend's model to pick
    }

    void withoutBackendsTheEmptyStateSaysOneIsNeededFirst()
    {
        startHost(R"({"schemaVersion": 1, "backends": [], "models": []})");
        auto* empty = m_page->findChild<ui::EmptyState*>(QStringLiteral("emptyModels"));
        QCOMPARE(m_page->findChild<QStackedWidget*>()->currentWidget(), empty);
        QVERIFY(!m_page->mainAction()->isEnabled());
        QVERIFY2(empty->text().contains(QStringLiteral("no backend yet")),
                 qPrintable(empty->text()));
        QSignalSpy wanted(m_page.get(), &ui::ModelsPage::backendsPageRequested);
        empty->findChild<QPushButton*>(QStringLiteral("emptyAction"))->click();
        QCOMPARE(wanted.size(), 1);
    }

private:
    // A host with the given config file (empty: the embedded default) and a page on it.
    void startHost(const QByteArray& config)
    {
        m_page.reset();
        m_host.reset();
        ui::GatewayHost::Options options = testHostOptions(m_dir->path());
        if (!config.isEmpty()) {
            options.configPath = m_dir->filePath(QStringLiteral("written.json"));
            QFile file(options.configPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(config);
        }
        m_host = std::make_unique<ui::GatewayHost>(options);
        QVERIFY(m_host->start().ok());
        m_page = std::make_unique<ui::ModelsPage>(m_host.get());
    }

    QComboBox* modelBox(int row) const
    {
        return qobject_cast<QComboBox*>(
            m_page->findChild<QTableWidget*>(QStringLiteral("targets"))->cellWidget(row, 1));
    }

    void sendTryIt(const QString& alias)
    {
        m_page->findChild<QComboBox*>(QStringLiteral("tryAlias"))->setCurrentText(alias);
        m_page->findChild<QLineEdit*>(QStringLiteral("tryPrompt"))
            ->setText(QStringLiteral("Say hello"));
        m_page->findChild<QPushButton*>(QStringLiteral("trySend"))->click();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    std::unique_ptr<ui::ModelsPage> m_page;
};

QTEST_MAIN(ModelsPageTest)
#include "ModelsPageTest.moc"

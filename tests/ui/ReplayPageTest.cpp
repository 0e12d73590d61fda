#include "Appearance.h"
// The Replay page against a running gateway (mock backend, body capture on): a logged request
// replayed to two targets that stream side by side, diffs against the original, the replay in
// SQLite and opened again; a typed prompt; requests that cannot be replayed; errors and Stop.
#include "GatewayHost.h"
#include "MainWindow.h"
#include "models/ReplayRun.h"
#include "pages/ReplayPage.h"
#include "widgets/EmptyState.h"
#include "widgets/ReplayColumn.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStyleFactory>
#include <QStyleOptionViewItem>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTranslator>
#include <QtTest>

#include "support/UpperCaseTranslator.h"

using ui::ReplayColumn;
using ui::ReplayRun;

namespace {

struct SavedRow
{
    qint64 id = 0;
    QVariant sourceRequestId;
    QString title;
    QJsonObject request;
    QJsonArray results;
};

} // namespace

class ReplayPageTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    QNetworkAccessManager m_network;

    // Sends one chat completion and waits for it; returns the answer's text and trace id.
    QPair<QString, QString> send(const QString& model, const QString& prompt)
    {
        QNetworkRequest request(QUrl(m_host->baseUrl() + QStringLiteral("/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        const QJsonObject body{
            {"model", model},
            {"temperature", 0.5},
            {"messages", QJsonArray{QJsonObject{{"role", "system"}, {"content", "Be brief."}},
                                    QJsonObject{{"role", "user"}, {"content", prompt}}}}};
        QNetworkReply* reply =
            m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10'000))
            return {};
        reply->deleteLater();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        return {answer.value("choices")
                    .toArray()
                    .at(0)
                    .toObject()
                    .value("message")
                    .toObject()
                    .value("content")
                    .toString(),
                QString::fromLatin1(reply->rawHeader("x-request-id"))};
    }

    template <typename F> void withDatabase(F f)
    {
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("switchboard.sqlite")));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
            if (db.open())
                f(db);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    // The log row of a trace id, once the writer has written it (0 until then).
    qint64 requestId(const QString& traceId)
    {
        qint64 id = 0;
        withDatabase([&](QSqlDatabase& db) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT id FROM requests WHERE trace_id = ?"));
            q.addBindValue(traceId);
            if (q.exec() && q.next())
                id = q.value(0).toLongLong();
        });
        return id;
    }

    QList<SavedRow> savedReplays()
    {
        QList<SavedRow> rows;
        withDatabase([&](QSqlDatabase& db) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT id, source_request_id, title, request, results FROM "
                                       "replays ORDER BY id")))
                return;
            while (q.next())
                rows << SavedRow{q.value(0).toLongLong(), q.value(1), q.value(2).toString(),
                                 QJsonDocument::fromJson(q.value(3).toByteArray()).object(),
                                 QJsonDocument::fromJson(q.value(4).toByteArray()).array()};
        });
        return rows;
    }

    // A logged request with a known prompt, as the page will find it.
    qint64 loggedRequest(const QString& model, const QString& prompt, QString* answer)
    {
        const auto [text, trace] = send(model, prompt);
        *answer = text;
        qint64 id = 0;
        [&] { QTRY_VERIFY_WITH_TIMEOUT((id = requestId(trace)) > 0, 5000); }();
        return id;
    }

    static void check(ui::ReplayPage& page, const QStringList& targets)
    {
        auto* list = page.findChild<QListWidget*>(QStringLiteral("targets"));
        QVERIFY(list);
        for (int i = 0; i < list->count(); ++i) {
            QListWidgetItem* item = list->item(i);
            if (item->flags() & Qt::ItemIsUserCheckable)
                item->setCheckState(targets.contains(item->data(Qt::UserRole).toString())
                                        ? Qt::Checked
                                        : Qt::Unchecked);
        }
        for (const QString& t : targets)
            QVERIFY2(!list->findItems(t, Qt::MatchExactly).isEmpty(), qPrintable(t));
    }

    // The config with more models on the mock backend (and aliases), to be applied.
    QJsonObject withMockModels(const QJsonArray& extraModels, const QJsonArray& extraAliases = {})
    {
        QJsonObject doc = m_host->configDocument();
        QJsonArray backends = doc.value("backends").toArray();
        QJsonObject mock = backends[0].toObject();
        QJsonArray models = mock.value("models").toArray();
        for (const QJsonValue& m : extraModels)
            models.append(m);
        mock.insert("models", models);
        backends[0] = mock;
        doc.insert("backends", backends);
        QJsonArray aliases = doc.value("models").toArray();
        for (const QJsonValue& a : extraAliases)
            aliases.append(a);
        doc.insert("models", aliases);
        return doc;
    }

    // A mock model that fails every call with an HTTP 503.
    static QJsonObject failingModel(const QString& name)
    {
        return QJsonObject{{"name", name},
                           {"ttftMs", 0},
                           {"tokensPerSecond", 0},
                           {"outputTokens", 4},
                           {"failure", QJsonObject{{"status", 503}, {"rate", 1}}}};
    }

    static QPushButton* button(ui::ReplayPage& page, const char* name)
    {
        return page.findChild<QPushButton*>(QLatin1String(name));
    }

    static bool allFinished(const ui::ReplayPage& page)
    {
        for (const ReplayColumn* c : page.columns())
            if (!c->result().finished)
                return false;
        return !page.isRunning();
    }

private slots:
    void initTestCase()
    {
        m_network.setProxy(QNetworkProxy::NoProxy);
        ui::GatewayHost::Options options;
        options.dataDir = m_dir.path();
        options.listenOverride = QStringLiteral("127.0.0.1:0");
        m_host = std::make_unique<ui::GatewayHost>(options);
        QVERIFY2(m_host->start().ok(), qPrintable(m_host->lastError()));
    }

    void cleanupTestCase() { m_host->stop(); }

    void replaysALoggedRequestAndOpensItAgain()
    {
        const QString prompt = QStringLiteral("What does a gateway do for a team of five?");
        QString original;
        const qint64 id = loggedRequest(QStringLiteral("mock-fast"), prompt, &original);
        QVERIFY(id > 0);
        QVERIFY(!original.isEmpty());

        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        QCOMPARE(page.findChild<ui::EmptyState*>(QStringLiteral("emptyState"))->isVisible(), true);
        // The page's own list of recent captured requests offers it.
        auto* recent = page.findChild<QComboBox*>(QStringLiteral("recentRequests"));
        QTRY_VERIFY(recent->findData(id) >= 0);
        QVERIFY(
            recent->itemText(recent->findData(id)).contains(QStringLiteral("What does a gateway")));
        QVERIFY(recent->itemText(recent->findData(id)).contains(QStringLiteral("mock-fast")));

        QSignalSpy loaded(&page, &ui::ReplayPage::sourceLoaded);
        page.replayRequest(id);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(loaded[0][0].toLongLong(), id);
        QVERIFY(loaded[0][1].toBool());
        QCOMPARE(page.sourceRequestId(), id);
        auto* promptBox = page.findChild<QPlainTextEdit*>(QStringLiteral("prompt"));
        QVERIFY(promptBox->toPlainText().contains(QStringLiteral("user: ") + prompt));
        QVERIFY(promptBox->toPlainText().contains(QStringLiteral("system: Be brief.")));
        QVERIFY(promptBox->isReadOnly());
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("sourceInfo"))
                    ->text()
                    .contains(QStringLiteral("temperature=0.5")));
        QCOMPARE(recent->currentData().toLongLong(), id);
        // The original answer, from the captured response body.
        QCOMPARE(page.columns().size(), 1);
        ReplayColumn* originalColumn = page.columns().first();
        QCOMPARE(originalColumn->kind(), ReplayColumn::Kind::Original);
        QCOMPARE(originalColumn->result().text, original);
        QCOMPARE(originalColumn->shownText(), original);

        check(page, {QStringLiteral("mock-fast"), QStringLiteral("mock/mock-smart")});
        QSignalSpy finished(&page, &ui::ReplayPage::runFinished);
        QSignalSpy saved(&page, &ui::ReplayPage::replaySaved);
        page.mainAction()->trigger();
        QVERIFY(page.isRunning());
        QVERIFY(button(page, "stop")->isEnabled());
        QVERIFY(!page.mainAction()->isEnabled());
        QCOMPARE(page.columns().size(), 3);
        QCOMPARE(page.columns().first(), originalColumn); // the original stays as it was
        // Both stream at once: mock-smart (150 ms to its first token, then 60 tokens/s) is still
        // streaming when mock-fast (24 tokens at 400/s) is done.
        ReplayColumn* fast = page.columns().at(1);
        ReplayColumn* smart = page.columns().at(2);
        // The order the runs finished in, as their signals came (in the order the network
        // events did), not as a poll of the columns saw them: on a loaded machine one poll may
        // find both done.
        QStringList finishOrder;
        for (ReplayRun* run : page.findChildren<ReplayRun*>())
            connect(run, &ReplayRun::finished, this,
                    [&finishOrder, run] { finishOrder << run->result().target; });
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(page), 10'000);
        QCOMPARE(finishOrder,
                 QStringList({QStringLiteral("mock-fast"), QStringLiteral("mock/mock-smart")}));
        QVERIFY(smart->result().latencyMs > fast->result().latencyMs);
        QCOMPARE(finished.count(), 1);

        QCOMPARE(fast->result().target, QStringLiteral("mock-fast"));
        QVERIFY2(fast->result().ok(), qPrintable(fast->result().error));
        QCOMPARE(fast->result().status, 200);
        // The mock is deterministic per model and prompt: the same answer, no change.
        QCOMPARE(fast->result().text, original);
        QCOMPARE(fast->diffRole(), ReplayColumn::DiffRole::Compared);
        QVERIFY(fast->diff().has_value());
        QVERIFY(!fast->diff()->hasChanges());
        QVERIFY2(fast->diffSummary().contains(QStringLiteral("No change from the original")),
                 qPrintable(fast->diffSummary()));
        QCOMPARE(fast->result().completionTokens, qint64(24));
        QVERIFY(fast->result().promptTokens > 0);
        QVERIFY(fast->result().ttftMs >= 0);
        QVERIFY(fast->result().latencyMs >= fast->result().ttftMs);
        QVERIFY2(fast->statsText().contains(QStringLiteral("24 completion")),
                 qPrintable(fast->statsText()));
        QVERIFY(fast->statsText().contains(QStringLiteral("TTFT: ")));
        QVERIFY(!fast->statsText().contains(QStringLiteral("TTFT: —")));
        QVERIFY(fast->statusText().contains(QStringLiteral("HTTP 200")));

        QCOMPARE(smart->result().target, QStringLiteral("mock/mock-smart"));
        QVERIFY2(smart->result().ok(), qPrintable(smart->result().error));
        QCOMPARE(smart->result().completionTokens, qint64(64));
        // Its first token waits 150 ms in the mock.
        QVERIFY2(smart->result().ttftMs >= 140,
                 qPrintable(QString::number(smart->result().ttftMs)));
        QVERIFY(smart->result().text != original);
        QVERIFY(smart->diff()->hasChanges());
        QVERIFY(smart->diff()->inserted > 0);
        QVERIFY(smart->isShowingDiff());
        QVERIFY(smart->diffSummary().contains(QStringLiteral("Compared with the original")));
        QVERIFY(smart->statsText().contains(QStringLiteral("64 completion")));
        QCOMPARE(originalColumn->diffRole(), ReplayColumn::DiffRole::Reference);
        // Show differences off: the plain answer.
        page.findChild<QCheckBox*>(QStringLiteral("showDiff"))->setChecked(false);
        QVERIFY(!smart->isShowingDiff());
        QCOMPARE(smart->shownText(), smart->result().text);
        page.findChild<QCheckBox*>(QStringLiteral("showDiff"))->setChecked(true);
        QVERIFY(smart->isShowingDiff());

        // Saved: one row with the source, the request and both results.
        QTRY_COMPARE(saved.count(), 1);
        const qint64 replayId = saved[0][0].toLongLong();
        QCOMPARE(page.lastSavedReplayId(), replayId);
        const QList<SavedRow> rows = savedReplays();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].id, replayId);
        QCOMPARE(rows[0].sourceRequestId.toLongLong(), id);
        QVERIFY(rows[0].title.contains(QStringLiteral("What does a gateway")));
        QCOMPARE(rows[0].request.value("messages").toArray().size(), 2);
        QCOMPARE(rows[0].request.value("temperature").toDouble(), 0.5);
        QCOMPARE(rows[0].results.size(), 2);
        const QJsonObject r0 = rows[0].results[0].toObject();
        const QJsonObject r1 = rows[0].results[1].toObject();
        QCOMPARE(r0.value("target").toString(), QStringLiteral("mock-fast"));
        QCOMPARE(r0.value("text").toString(), original);
        QCOMPARE(r0.value("status").toInt(), 200);
        QCOMPARE(r0.value("completion_tokens").toInt(), 24);
        QVERIFY(r0.value("ttft_ms").toDouble() >= 0);
        QVERIFY(r0.value("latency_ms").toDouble() > 0);
        QCOMPARE(r0.value("error").toString(), QString());
        QCOMPARE(r1.value("target").toString(), QStringLiteral("mock/mock-smart"));
        QCOMPARE(r1.value("text").toString(), smart->result().text);
        QCOMPARE(r1.value("completion_tokens").toInt(), 64);
        // The replays' own calls are logged, but not offered as requests to replay.
        QTRY_VERIFY(requestIdCount() >= 3);
        QSignalSpy recentLoaded(&page, &ui::ReplayPage::recentRequestsLoaded);
        page.findChild<QPushButton*>(QStringLiteral("refreshRecent"))->click();
        QTRY_VERIFY(recentLoaded.count() >= 1);
        QCOMPARE(recent->count(), 1); // the one logged request

        // Opened again from the saved replays: the saved columns and diffs, nothing re-run.
        const QString smartText = smart->result().text;
        button(page, "newPrompt")->click();
        QVERIFY(page.columns().isEmpty());
        QCOMPARE(page.sourceRequestId(), qint64(0));
        auto* savedCombo = page.findChild<QComboBox*>(QStringLiteral("savedReplays"));
        QTRY_VERIFY(savedCombo->findData(replayId) >= 0);
        QSignalSpy opened(&page, &ui::ReplayPage::replayOpened);
        const int index = savedCombo->findData(replayId);
        savedCombo->setCurrentIndex(index);
        emit savedCombo->activated(index); // as a user's pick
        QTRY_COMPARE(opened.count(), 1);
        QVERIFY(!page.isRunning());
        QCOMPARE(page.columns().size(), 3);
        QCOMPARE(page.columns()[0]->kind(), ReplayColumn::Kind::Original);
        QCOMPARE(page.columns()[0]->result().text, original);
        QCOMPARE(page.columns()[1]->result().target, QStringLiteral("mock-fast"));
        QCOMPARE(page.columns()[1]->result().text, original);
        QVERIFY(!page.columns()[1]->diff()->hasChanges());
        QCOMPARE(page.columns()[2]->result().text, smartText);
        QVERIFY(page.columns()[2]->diff()->hasChanges());
        QVERIFY(page.columns()[2]->statsText().contains(QStringLiteral("64 completion")));
        QCOMPARE(page.sourceRequestId(), id);
        QCOMPARE(page.findChild<QLineEdit*>(QStringLiteral("title"))->text(), rows[0].title);
        QCOMPARE(savedReplays().size(), 1);
    }

    void aTypedPromptIsComparedWithTheFirstTarget()
    {
        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        const int before = int(savedReplays().size());
        button(page, "newPrompt")->click();
        auto* promptBox = page.findChild<QPlainTextEdit*>(QStringLiteral("prompt"));
        QVERIFY(!promptBox->isReadOnly());
        // Nothing typed yet: Run says so instead of sending an empty prompt.
        check(page, {QStringLiteral("mock-fast"), QStringLiteral("mock-smart")});
        page.mainAction()->trigger();
        QVERIFY(!page.isRunning());
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("replayStatus"))
                    ->text()
                    .contains(QStringLiteral("Type a prompt")));

        QTest::keyClicks(promptBox, QStringLiteral("Name three uses of a model gateway"));
        QSignalSpy saved(&page, &ui::ReplayPage::replaySaved);
        page.mainAction()->trigger();
        QCOMPARE(page.columns().size(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(page), 10'000);
        ReplayColumn* first = page.columns()[0];
        ReplayColumn* second = page.columns()[1];
        QCOMPARE(first->kind(), ReplayColumn::Kind::Target);
        QCOMPARE(first->result().target, QStringLiteral("mock-fast"));
        QVERIFY(first->result().ok());
        QCOMPARE(first->diffRole(), ReplayColumn::DiffRole::Reference);
        QCOMPARE(second->diffRole(), ReplayColumn::DiffRole::Compared);
        QVERIFY(second->diff()->hasChanges());
        QVERIFY2(second->diffSummary().contains(QStringLiteral("Compared with mock-fast")),
                 qPrintable(second->diffSummary()));
        QTRY_COMPARE(saved.count(), 1);
        const QList<SavedRow> rows = savedReplays();
        QCOMPARE(rows.size(), before + 1);
        QVERIFY(rows.last().sourceRequestId.isNull());
        QCOMPARE(rows.last().title, QStringLiteral("Name three uses of a model gateway"));
        QCOMPARE(rows.last()
                     .request.value("messages")
                     .toArray()
                     .at(0)
                     .toObject()
                     .value("content")
                     .toString(),
                 QStringLiteral("Name three uses of a model gateway"));
        // The prompt stays editable for the next run.
        QVERIFY(!promptBox->isReadOnly());
        QCOMPARE(promptBox->toPlainText(), QStringLiteral("Name three uses of a model gateway"));

        // Opened again, it has no original: the first target is still the reference.
        QSignalSpy opened(&page, &ui::ReplayPage::replayOpened);
        page.openReplay(saved[0][0].toLongLong());
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(page.columns().size(), 2);
        QCOMPARE(page.columns()[0]->diffRole(), ReplayColumn::DiffRole::Reference);
        QVERIFY(page.columns()[1]->diff()->hasChanges());
    }

    void requestsThatCannotBeReplayedSayWhy()
    {
        ui::ReplayPage page(m_host.get());
        page.show();
        QSignalSpy loaded(&page, &ui::ReplayPage::sourceLoaded);
        auto* notice = page.findChild<QLabel*>(QStringLiteral("notice"));

        page.replayRequest(987654);
        QTRY_COMPARE(loaded.count(), 1);
        QVERIFY(!loaded[0][1].toBool());
        QVERIFY(notice->isVisible());
        QVERIFY2(notice->text().contains(QStringLiteral("not in the request log")),
                 qPrintable(notice->text()));
        QVERIFY(!page.mainAction()->isEnabled());

        // A request logged while body capture was off.
        QJsonObject config = m_host->configDocument();
        QJsonObject logging = config.value("logging").toObject();
        logging.insert("captureBodies", false);
        config.insert("logging", logging);
        QVERIFY(m_host->applyConfig(config).ok());
        QString answer;
        const qint64 id =
            loggedRequest(QStringLiteral("mock-fast"), QStringLiteral("not captured"), &answer);
        logging.insert("captureBodies", true);
        config.insert("logging", logging);
        QVERIFY(m_host->applyConfig(config).ok());

        page.replayRequest(id);
        QTRY_COMPARE(loaded.count(), 2);
        QVERIFY(!loaded[1][1].toBool());
        QVERIFY2(notice->text().contains(QStringLiteral("were not captured")),
                 qPrintable(notice->text()));
        QVERIFY(notice->text().contains(QStringLiteral("Settings")));
        QVERIFY(notice->text().contains(QStringLiteral("logging.captureBodies")));
        QVERIFY(page.columns().isEmpty());
        QVERIFY(!page.mainAction()->isEnabled());
        // Not offered in the list either.
        auto* recent = page.findChild<QComboBox*>(QStringLiteral("recentRequests"));
        QSignalSpy recentLoaded(&page, &ui::ReplayPage::recentRequestsLoaded);
        page.findChild<QPushButton*>(QStringLiteral("refreshRecent"))->click();
        QTRY_VERIFY(recentLoaded.count() >= 1);
        QCOMPARE(recent->findData(id), -1);

        // New prompt leaves the notice behind.
        button(page, "newPrompt")->click();
        QVERIFY(!notice->isVisible());
        QVERIFY(page.mainAction()->isEnabled());
    }

    void errorsShowInTheirColumnAndStopCancels()
    {
        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        const int before = int(savedReplays().size());
        const QJsonObject config = m_host->configDocument();
        QVERIFY(m_host->applyConfig(withMockModels({failingModel("mock-down")})).ok());
        button(page, "newPrompt")->click();
        QTest::keyClicks(page.findChild<QPlainTextEdit*>(QStringLiteral("prompt")),
                         QStringLiteral("Hello"));
        // A target typed in by hand: a model of the backend that fails every call.
        auto* custom = page.findChild<QLineEdit*>(QStringLiteral("customTarget"));
        QTest::keyClicks(custom, QStringLiteral("mock/mock-down"));
        QTest::keyClick(custom, Qt::Key_Return);
        check(page, {QStringLiteral("mock/mock-down"), QStringLiteral("mock-fast")});
        QSignalSpy saved(&page, &ui::ReplayPage::replaySaved);
        page.mainAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(page), 10'000);
        // In the list's order: the aliases first, the targets added by hand last.
        QCOMPARE(page.columns().size(), 2);
        QCOMPARE(page.columns()[0]->result().target, QStringLiteral("mock-fast"));
        ReplayColumn* missing = page.columns()[1];
        QCOMPARE(missing->result().target, QStringLiteral("mock/mock-down"));
        QVERIFY2(missing->result().status >= 500, qPrintable(missing->statusText()));
        QVERIFY(!missing->result().error.isEmpty());
        QVERIFY2(missing->statusText().startsWith(
                     QStringLiteral("HTTP %1 · ").arg(missing->result().status)),
                 qPrintable(missing->statusText()));
        // A failed answer has no text to compare: no diff, just its error.
        QCOMPARE(missing->diffRole(), ReplayColumn::DiffRole::None);
        QVERIFY(missing->diffSummary().isEmpty());
        QVERIFY(page.columns()[0]->result().ok());
        QTRY_COMPARE(saved.count(), 1);
        const QJsonObject savedError = savedReplays().last().results.at(1).toObject();
        QCOMPARE(savedError.value("status").toInt(), missing->result().status);
        QCOMPARE(savedError.value("error").toString(), missing->result().error);
        QVERIFY(savedError.value("ttft_ms").isNull());

        // A backend that fails mid-stream: the gateway sends a data: {"error": …} event and cuts
        // the stream; the column keeps the partial text and shows the error.
        QVERIFY(m_host
                    ->applyConfig(withMockModels(
                        {QJsonObject{{"name", "mock-flaky"},
                                     {"ttftMs", 5},
                                     {"tokensPerSecond", 0},
                                     {"outputTokens", 12},
                                     {"failure", QJsonObject{{"resetMidStream", true}}}}}))
                    .ok());
        check(page, {QStringLiteral("mock-fast")});
        auto* list = page.findChild<QListWidget*>(QStringLiteral("targets"));
        QTest::keyClicks(custom, QStringLiteral("mock/mock-flaky"));
        QTest::keyClick(custom, Qt::Key_Return);
        QCOMPARE(list->findItems(QStringLiteral("mock/mock-flaky"), Qt::MatchExactly).size(), 1);
        page.mainAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(page), 10'000);
        QVERIFY(m_host->applyConfig(config).ok());
        ReplayColumn* cut = page.columns()[1];
        QCOMPARE(cut->result().target, QStringLiteral("mock/mock-flaky"));
        QCOMPARE(cut->result().status, 200);
        QVERIFY2(!cut->result().error.isEmpty(), qPrintable(cut->result().text));
        // The gateway's error event, not just a stream that stopped.
        QVERIFY2(!cut->result().error.contains(QStringLiteral("[DONE]")),
                 qPrintable(cut->result().error));
        QVERIFY(!cut->result().text.isEmpty());
        QVERIFY(cut->statusText().contains(cut->result().error));
        QTRY_COMPARE(saved.count(), 2);

        // Stop while mock-smart streams: the columns say so, and nothing is saved.
        check(page, {QStringLiteral("mock-smart")});
        QSignalSpy finished(&page, &ui::ReplayPage::runFinished);
        page.mainAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!page.columns()[0]->result().text.isEmpty(), 10'000);
        button(page, "stop")->click();
        QCOMPARE(finished.count(), 1);
        QVERIFY(!page.isRunning());
        QCOMPARE(page.columns()[0]->result().error, QStringLiteral("Stopped"));
        QVERIFY(page.findChild<QLabel*>(QStringLiteral("replayStatus"))
                    ->text()
                    .contains(QStringLiteral("not saved")));
        // The store works in order: once a later read is answered, a save would have been too.
        QSignalSpy recentLoaded(&page, &ui::ReplayPage::recentRequestsLoaded);
        button(page, "refreshRecent")->click();
        QTRY_COMPARE(recentLoaded.count(), 1);
        QCOMPARE(saved.count(), 2);
        QCOMPARE(savedReplays().size(), before + 2);
    }

    void theOriginalOfAStreamedRequestIsRecordedWhole()
    {
        // A streamed answer is captured with its closing [DONE], so the original shows as
        // complete (it once read as "cut short").
        QNetworkRequest request(QUrl(m_host->baseUrl() + QStringLiteral("/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = m_network.post(
            request,
            R"({"model":"mock-fast","stream":true,"messages":[{"role":"user","content":"stream me"}]})");
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10'000);
        const QString trace = QString::fromLatin1(reply->rawHeader("x-request-id"));
        QVERIFY(reply->readAll().contains("data: [DONE]"));
        reply->deleteLater();
        qint64 id = 0;
        QTRY_VERIFY_WITH_TIMEOUT((id = requestId(trace)) > 0, 5000);

        ui::ReplayPage page(m_host.get());
        QSignalSpy loaded(&page, &ui::ReplayPage::sourceLoaded);
        page.replayRequest(id);
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(page.columns().size(), 1);
        const auto& original = page.columns().first()->result();
        QVERIFY2(original.error.isEmpty(), qPrintable(original.error));
        QVERIFY(!original.text.isEmpty());
    }

    // Issue 10: only the label ticked a target; a click on the box itself was ticked by the
    // list and at once unticked by the page.
    void aClickOnTheCheckBoxOrTheLabelTicksATarget()
    {
        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto* list = page.findChild<QListWidget*>(QStringLiteral("targets"));
        QListWidgetItem* item = list->findItems(QStringLiteral("mock-fast"), Qt::MatchExactly)[0];
        item->setCheckState(Qt::Unchecked);
        QStyleOptionViewItem option;
        option.initFrom(list->viewport());
        option.rect = list->visualItemRect(item);
        option.features =
            QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
        option.text = item->text();
        const QRect box =
            list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, list);
        QVERIFY(!box.isEmpty());
        QVERIFY(option.rect.contains(box.center()));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, box.center());
        QCOMPARE(item->checkState(), Qt::Checked);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, box.center());
        QCOMPARE(item->checkState(), Qt::Unchecked);
        // The label, right of the box.
        const QPoint label(box.right() + 40, box.center().y());
        QVERIFY(option.rect.contains(label));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, label);
        QCOMPARE(item->checkState(), Qt::Checked);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, label);
        QCOMPARE(item->checkState(), Qt::Unchecked);
        // A section header is no target.
        QListWidgetItem* header = list->item(0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualItemRect(header).center());
        QVERIFY(!(header->flags() & Qt::ItemIsUserCheckable));
        QCOMPARE(header->data(Qt::CheckStateRole), QVariant());
    }

    // Issue 10: the tooltip promised Ctrl+Return, but setText() in retranslate() reset the
    // button's shortcut. Also after a language change.
    void ctrlReturnRunsAReplay()
    {
        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QCOMPARE(page.mainAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Return));
        QVERIFY(page.mainAction()->toolTip().contains(
            QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText)));
        page.newPrompt();
        auto* prompt = page.findChild<QPlainTextEdit*>(QStringLiteral("prompt"));
        QTest::keyClicks(prompt, QStringLiteral("Hello"));
        check(page, {QStringLiteral("mock-fast")});
        QSignalSpy finished(&page, &ui::ReplayPage::runFinished);
        QTest::keyClick(prompt, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(page.columns().size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
        QCOMPARE(prompt->toPlainText(), QStringLiteral("Hello")); // no new line typed

        UpperCaseTranslator translator;
        QApplication::installTranslator(&translator);
        QTRY_COMPARE(page.mainAction()->text(), QStringLiteral("RUN REPLAY"));
        QTest::keyClick(page.findChild<QListWidget*>(QStringLiteral("targets")), Qt::Key_Return,
                        Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10'000);
        QApplication::removeTranslator(&translator);
    }

    void handTypedTargetsAreCheckedWhenAdded()
    {
        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        auto* custom = page.findChild<QLineEdit*>(QStringLiteral("customTarget"));
        auto* error = page.findChild<QLabel*>(QStringLiteral("targetError"));
        auto* list = page.findChild<QListWidget*>(QStringLiteral("targets"));
        const int targets = list->count();
        const auto add = [&](const QString& name) {
            custom->clear();
            QTest::keyClicks(custom, name);
            QTest::keyClick(custom, Qt::Key_Return);
        };
        add(QStringLiteral("gpt-unknown"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("\"gpt-unknown\" is not an alias")),
                 qPrintable(error->text()));
        QCOMPARE(list->count(), targets);
        QCOMPARE(custom->text(), QStringLiteral("gpt-unknown")); // kept, to be corrected
        add(QStringLiteral("nowhere/llama3"));
        QVERIFY(error->text().contains(QStringLiteral("\"nowhere\" is not a backend")));
        add(QStringLiteral("mock/"));
        QVERIFY(error->text().contains(QStringLiteral("Type the model")));
        add(QStringLiteral("mock/gpt-unknown"));
        QVERIFY(error->text().contains(QStringLiteral("has no model \"gpt-unknown\"")));
        QCOMPARE(list->count(), targets);
        // Editing hides the message; a target the config knows is added, ticked.
        QTest::keyClick(custom, Qt::Key_Backspace);
        QVERIFY(!error->isVisible());
        add(QStringLiteral("mock/mock-fast"));
        QVERIFY(!error->isVisible());
        const auto added = list->findItems(QStringLiteral("mock/mock-fast"), Qt::MatchExactly);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added[0]->checkState(), Qt::Checked);
        QVERIFY(custom->text().isEmpty());
        // A long message wraps: the page never grows wider for it.
        const int width = page.width();
        add(QStringLiteral("no-such-backend-with-a-very-long-name-") + QString(200, 'x') +
            QStringLiteral("/m"));
        QVERIFY(error->isVisible());
        QCOMPARE(page.width(), width);
        QVERIFY(page.minimumSizeHint().width() < width);
    }

    // The columns say which target of an alias answered and why the one before did not, from
    // the request log; the replay's calls are logged as replay traffic.
    void theColumnsSayWhichTargetAnswered()
    {
        const QJsonObject config = m_host->configDocument();
        QVERIFY(
            m_host
                ->applyConfig(withMockModels(
                    {failingModel("mock-down")},
                    {QJsonObject{
                        {"alias", "down-then-fast"},
                        {"targets",
                         QJsonArray{QJsonObject{{"backend", "mock"}, {"model", "mock-down"}},
                                    QJsonObject{{"backend", "mock"}, {"model", "mock-fast"}}}}}}))
                .ok());
        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        page.newPrompt();
        QTest::keyClicks(page.findChild<QPlainTextEdit*>(QStringLiteral("prompt")),
                         QStringLiteral("Who answers?"));
        check(page, {QStringLiteral("down-then-fast"), QStringLiteral("mock-fast")});
        QSignalSpy saved(&page, &ui::ReplayPage::replaySaved);
        page.run();
        QTRY_VERIFY_WITH_TIMEOUT(allFinished(page), 10'000);
        QCOMPARE(page.columns().size(), 2);
        ReplayColumn* fast = page.columns()[0];
        ReplayColumn* failover = page.columns()[1];
        QCOMPARE(fast->result().target, QStringLiteral("mock-fast"));
        QCOMPARE(failover->result().target, QStringLiteral("down-then-fast"));
        QVERIFY(failover->result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(!failover->answeredByText().isEmpty(), 10'000);
        QCOMPARE(failover->answeredByText(),
                 QStringLiteral("Answered by mock/mock-fast after mock/mock-down: HTTP 503"));
        QVERIFY(failover->findChild<QLabel*>(QStringLiteral("columnAnsweredBy"))->isVisible());
        QTRY_COMPARE(fast->answeredByText(), QStringLiteral("Answered by mock/mock-fast"));
        // Saved with the replay, so that it reads the same when opened again.
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10'000);
        const QJsonArray results = savedReplays().last().results;
        QCOMPARE(results.at(1).toObject().value("attempts").toArray().size(), 2);
        const QString answeredBy = failover->answeredByText();
        QSignalSpy opened(&page, &ui::ReplayPage::replayOpened);
        page.openReplay(saved[0][0].toLongLong());
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(page.columns()[1]->answeredByText(), answeredBy);

        // Logged as replay traffic, which is not offered as a request to replay.
        qint64 replayRows = 0;
        withDatabase([&](QSqlDatabase& db) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT COUNT(*) FROM requests WHERE source = 'replay' AND "
                                  "model = 'down-then-fast'"));
            if (q.next())
                replayRows = q.value(0).toLongLong();
        });
        QCOMPARE(replayRows, qint64(1));
        QVERIFY(m_host->applyConfig(config).ok());
    }

    // The picker lists "time · model · first words", finds them by any part, and leaves out
    // what cannot be replayed.
    void thePickerIsSearchableAndOffersOnlyReplayableRequests()
    {
        QString answer;
        const qint64 id = loggedRequest(QStringLiteral("mock-smart"),
                                        QStringLiteral("Name three rivers of Portugal"), &answer);
        // A chat request without messages (its body is logged, the gateway refuses it).
        QNetworkRequest request(QUrl(m_host->baseUrl() + QStringLiteral("/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply =
            m_network.post(request, R"({"model":"mock-fast","prompt":"no messages here"})");
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10'000);
        const QString trace = QString::fromLatin1(reply->rawHeader("x-request-id"));
        reply->deleteLater();
        qint64 refused = 0;
        QTRY_VERIFY_WITH_TIMEOUT((refused = requestId(trace)) > 0, 5000);

        ui::ReplayPage page(m_host.get());
        page.resize(1100, 770);
        page.show();
        auto* recent = page.findChild<QComboBox*>(QStringLiteral("recentRequests"));
        QTRY_VERIFY(recent->findData(id) >= 0);
        QCOMPARE(recent->findData(refused), -1);
        QVERIFY(recent->isEditable());
        QVERIFY(recent->currentText().isEmpty()); // no source yet: the placeholder shows
        QVERIFY(!recent->lineEdit()->placeholderText().isEmpty());
        const QString text = recent->itemText(recent->findData(id));
        QVERIFY2(text.contains(QStringLiteral(" · mock-smart · Name three rivers")),
                 qPrintable(text));
        QCompleter* completer = recent->completer();
        for (const QString& search : {QStringLiteral("rivers of"), QStringLiteral("PORTUGAL")}) {
            completer->setCompletionPrefix(search);
            QCOMPARE(completer->completionCount(), 1);
            QCOMPARE(completer->currentCompletion(), text);
        }
        // Picking it loads it.
        QSignalSpy loaded(&page, &ui::ReplayPage::sourceLoaded);
        emit recent->activated(recent->findData(id));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(page.sourceRequestId(), id);
        QCOMPARE(recent->currentText(), text);
    }

    void everyStringIsTranslated()
    {
        ui::ReplayPage page(m_host.get());
        page.show();
        UpperCaseTranslator translator;
        QApplication::installTranslator(&translator);
        QTRY_COMPARE(page.mainAction()->text(), QStringLiteral("RUN REPLAY"));
        QCOMPARE(button(page, "newPrompt")->text(), QStringLiteral("NEW PROMPT"));
        QCOMPARE(page.findChild<QCheckBox*>(QStringLiteral("showDiff"))->text(),
                 QStringLiteral("SHOW DIFFERENCES"));
        auto* empty = page.findChild<ui::EmptyState*>(QStringLiteral("emptyState"));
        QCOMPARE(empty->title(), empty->title().toUpper());
        auto* list = page.findChild<QListWidget*>(QStringLiteral("targets"));
        QCOMPARE(list->item(0)->text(), QStringLiteral("ALIASES"));
        QApplication::removeTranslator(&translator);
        QTRY_COMPARE(page.mainAction()->text(), QStringLiteral("Run replay"));
        QCOMPARE(list->item(0)->text(), QStringLiteral("Aliases"));
    }

    // SWITCHBOARD_SCREENSHOTS=DIR saves the console on the Replay page after a replay, light
    // and dark, at 1280x800: for looking at, not asserting.
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
        if (dir.isEmpty())
            QSKIP("set SWITCHBOARD_SCREENSHOTS=DIR to save screenshots");
        QString original;
        const qint64 id = loggedRequest(
            QStringLiteral("mock-fast"),
            QStringLiteral("Explain in two sentences what an AI gateway is for."), &original);
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        for (bool dark : {false, true}) {
            QApplication::setPalette(dark ? ui::Appearance::darkPalette()
                                          : QApplication::style()->standardPalette());
            ui::MainWindow window(m_host.get());
            window.show();
            QVERIFY(window.showPage(QStringLiteral("replay")));
            auto* page = window.findChild<ui::ReplayPage*>();
            QSignalSpy loaded(page, &ui::ReplayPage::sourceLoaded);
            page->replayRequest(id);
            QTRY_COMPARE(loaded.count(), 1);
            check(*page, {QStringLiteral("mock-fast"), QStringLiteral("mock-smart"),
                          QStringLiteral("mock/mock-smart")});
            page->run();
            const QString name =
                dark ? QStringLiteral("replay-dark") : QStringLiteral("replay-light");
            // Mid-stream: mock-fast done, mock-smart still typing.
            QTRY_VERIFY_WITH_TIMEOUT(page->columns()[1]->result().finished, 10'000);
            QVERIFY(
                window.grab().save(QDir(dir).filePath(name + QStringLiteral("-streaming.png"))));
            QTRY_VERIFY_WITH_TIMEOUT(allFinished(*page), 10'000);
            QVERIFY(window.grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
            page->newPrompt();
            QVERIFY(window.grab().save(QDir(dir).filePath(name + QStringLiteral("-empty.png"))));
            // A typed prompt, and a target typed by hand that the config does not know: the
            // message under the field says so.
            QTest::keyClicks(page->findChild<QPlainTextEdit*>(QStringLiteral("prompt")),
                             QStringLiteral("Say hello in French"));
            auto* custom = page->findChild<QLineEdit*>(QStringLiteral("customTarget"));
            QTest::keyClicks(custom, QStringLiteral("gpt-unknown"));
            QTest::keyClick(custom, Qt::Key_Return);
            check(*page, {QStringLiteral("mock-fast"), QStringLiteral("mock-smart")});
            page->run();
            QTRY_VERIFY_WITH_TIMEOUT(allFinished(*page), 10'000);
            QVERIFY(window.grab().save(QDir(dir).filePath(name + QStringLiteral("-typed.png"))));
            QSignalSpy missing(page, &ui::ReplayPage::sourceLoaded);
            page->replayRequest(987654);
            QTRY_COMPARE(missing.count(), 1);
            QVERIFY(window.grab().save(QDir(dir).filePath(name + QStringLiteral("-notice.png"))));
        }
        QApplication::setPalette(QApplication::style()->standardPalette());
    }

private:
    int requestIdCount()
    {
        int n = 0;
        withDatabase([&](QSqlDatabase& db) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM requests")) && q.next())
                n = q.value(0).toInt();
        });
        return n;
    }
};

QTEST_MAIN(ReplayPageTest)
#include "ReplayPageTest.moc"

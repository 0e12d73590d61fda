#include "Appearance.h"
// The Logs page against a running gateway: real requests appear live, the filters in the UI
// narrow them, the details pane shows the bodies, and exports hold what SQLite holds.
#include "GatewayHost.h"
#include "models/AttemptText.h"
#include "models/LogCurl.h"
#include "models/LogExporter.h"
#include "models/LogTableModel.h"
#include "models/ReplayTraffic.h"
#include "pages/LogsPage.h"
#include "store/LogWriter.h"
#include "support/TestHost.h"
#include "widgets/LogCellDelegate.h"
#include "widgets/LogDetailsView.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTranslator>
#include <QtTest>

#include "support/UpperCaseTranslator.h"

using ui::LogColumn;

namespace {

struct SqlRow
{
    qint64 id;
    QString traceId, model, backend, upstreamModel, errorClass;
    int status;
    double latencyMs;
    QVariant ttftMs;
    qint64 promptTokens, completionTokens;
    bool stream;
};

} // namespace

class LogsPageTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    QNetworkAccessManager m_network;
    QStringList m_traceIds; // of the requests sent, in order

    // Sends one chat completion and waits for the whole answer.
    QByteArray send(const QString& model, const QString& content, bool stream = false,
                    int expectedStatus = 200)
    {
        QNetworkRequest request(QUrl(m_host->baseUrl() + QStringLiteral("/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer sk-do-not-log-me");
        const QJsonObject body{
            {QStringLiteral("model"), model},
            {QStringLiteral("stream"), stream},
            {QStringLiteral("messages"),
             QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                    {QStringLiteral("content"), content}}}}};
        QNetworkReply* reply =
            m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10'000))
            return QByteArray();
        const QByteArray answer = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_traceIds << QString::fromLatin1(reply->rawHeader("x-request-id"));
        reply->deleteLater();
        return status == expectedStatus ? answer : QByteArray();
    }

    QList<SqlRow> sqlRows(const QString& where = QStringLiteral("1"))
    {
        QList<SqlRow> rows;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("switchboard.sqlite")));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (db.open()) {
                QSqlQuery q(db);
                q.exec(QStringLiteral(
                           "SELECT id, trace_id, model, backend, upstream_model, error_class,"
                           " status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, stream"
                           " FROM requests WHERE ") +
                       where + QStringLiteral(" ORDER BY ts_ms DESC, id DESC"));
                while (q.next())
                    rows << SqlRow{q.value(0).toLongLong(),
                                   q.value(1).toString(),
                                   q.value(2).toString(),
                                   q.value(3).toString(),
                                   q.value(4).toString(),
                                   q.value(5).toString(),
                                   q.value(6).toInt(),
                                   q.value(7).toDouble(),
                                   q.value(8),
                                   q.value(9).toLongLong(),
                                   q.value(10).toLongLong(),
                                   q.value(11).toInt() != 0};
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
        return rows;
    }

    static void choose(QComboBox* combo, const QString& data)
    {
        const int index = combo->findData(data);
        QVERIFY2(index >= 0, qPrintable(data));
        combo->setCurrentIndex(index);
    }

    static QStringList column(const ui::LogsPage& page, LogColumn c)
    {
        QStringList values;
        for (int r = 0; r < page.model()->rowCount(); ++r)
            values << page.table()->model()->index(r, int(c)).data().toString();
        return values;
    }

    // Writes one row to the log as the gateway's writer would (a second writer on the file).
    static void writeRecord(const QString& dir, gateway::store::LogRecord r)
    {
        gateway::store::LogWriter writer;
        QVERIFY(writer.start(dir).ok());
        if (r.timeMs == 0)
            r.timeMs = QDateTime::currentMSecsSinceEpoch();
        writer.push(std::move(r));
        writer.flush();
    }

    static gateway::store::LogRecord record(const QByteArray& traceId, const QString& model)
    {
        gateway::store::LogRecord r;
        r.traceId = traceId;
        r.endpoint = QStringLiteral("chat.completions");
        r.model = model;
        r.backend = QStringLiteral("mock");
        r.upstreamModel = QStringLiteral("mock-fast");
        r.status = 200;
        r.latencyMs = 12;
        return r;
    }

    static int rowOf(const ui::LogsPage& page, const QString& traceId)
    {
        for (int r = 0; r < page.model()->rowCount(); ++r)
            if (page.model()->rowAt(r).traceId == traceId)
                return r;
        return -1;
    }

    static void select(ui::LogsPage& page, int row)
    {
        page.table()->selectionModel()->setCurrentIndex(page.model()->index(row, 0),
                                                        QItemSelectionModel::ClearAndSelect |
                                                            QItemSelectionModel::Rows);
    }

private slots:
    void initTestCase()
    {
        // The console's settings (Raw or Pretty, replay traffic) in a test location.
        QStandardPaths::setTestModeEnabled(true);
        ui::ReplayTraffic::setShown(false);
        m_network.setProxy(QNetworkProxy::NoProxy);
        const ui::GatewayHost::Options options = testHostOptions(m_dir.path());
        m_host = std::make_unique<ui::GatewayHost>(options);
        QVERIFY2(m_host->start().ok(), qPrintable(m_host->lastError()));
    }

    void cleanupTestCase() { m_host->stop(); }

    void requestsAppearLiveAndFilter()
    {
        ui::LogsPage page(m_host.get());
        page.resize(1100, 760);
        page.show();
        QCOMPARE(page.model()->rowCount(), 0);

        QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("Hello one")).isEmpty());
        QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("Tell me about a zebra-crossing"))
                     .isEmpty());
        QVERIFY(!send(QStringLiteral("mock-smart"), QStringLiteral("Hello smart")).isEmpty());
        QVERIFY(
            !send(QStringLiteral("mock-smart"), QStringLiteral("Stream to me"), true).isEmpty());
        QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("Hello three")).isEmpty());
        QVERIFY(
            !send(QStringLiteral("no-such-model"), QStringLiteral("Hello?"), false, 404).isEmpty());
        QTRY_COMPARE(page.model()->rowCount(), 6); // the live poll, within a second or so
        // Newest first, the row's trace id is the answer's x-request-id.
        QCOMPARE(column(page, LogColumn::TraceId),
                 QStringList({m_traceIds[5], m_traceIds[4], m_traceIds[3], m_traceIds[2],
                              m_traceIds[1], m_traceIds[0]}));
        QCOMPARE(column(page, LogColumn::Status).first(), QStringLiteral("404"));
        QCOMPARE(column(page, LogColumn::Stream).at(2), QStringLiteral("yes"));
        QTRY_COMPARE(page.model()->matchingCount(), 6);

        // The model filter, as a user picks it.
        auto* models = page.findChild<QComboBox*>(QStringLiteral("modelFilter"));
        QVERIFY(models);
        QTRY_VERIFY(models->findData(QStringLiteral("mock-smart")) >= 0);
        choose(models, QStringLiteral("mock-smart"));
        QCOMPARE(page.model()->rowCount(), 2);
        QCOMPARE(column(page, LogColumn::Model),
                 QStringList({QStringLiteral("mock-smart"), QStringLiteral("mock-smart")}));
        QCOMPARE(column(page, LogColumn::Backend),
                 QStringList({QStringLiteral("mock"), QStringLiteral("mock")}));
        // Live rows respect the filter.
        QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("not shown")).isEmpty());
        QVERIFY(!send(QStringLiteral("mock-smart"), QStringLiteral("shown")).isEmpty());
        QTRY_COMPARE(page.model()->rowCount(), 3);
        QCOMPARE(column(page, LogColumn::TraceId).first(), m_traceIds.last());
        choose(models, QString());
        QCOMPARE(page.model()->rowCount(), 8);

        // Status: a class, then an exact code that the combo learnt from the data.
        auto* statuses = page.findChild<QComboBox*>(QStringLiteral("statusFilter"));
        choose(statuses, QStringLiteral("4xx"));
        QCOMPARE(column(page, LogColumn::Status), QStringList({QStringLiteral("404")}));
        QCOMPARE(column(page, LogColumn::ErrorClass),
                 QStringList({QStringLiteral("model_not_found")}));
        QTRY_VERIFY(statuses->findData(QStringLiteral("200")) >= 0);
        choose(statuses, QStringLiteral("200"));
        QCOMPARE(page.model()->rowCount(), 7);
        choose(statuses, QString());

        // Backend and time range.
        auto* backends = page.findChild<QComboBox*>(QStringLiteral("backendFilter"));
        QTRY_VERIFY(backends->findData(QStringLiteral("mock")) >= 0);
        choose(backends, QStringLiteral("mock"));
        QCOMPARE(page.model()->rowCount(), 7); // the 404 never reached a backend
        choose(backends, QString());
        auto* time = page.findChild<QComboBox*>(QStringLiteral("timeFilter"));
        time->setCurrentIndex(time->findData(int(ui::LogFilter::TimeRange::Last15Minutes)));
        QCOMPARE(page.model()->rowCount(), 8);
        time->setCurrentIndex(0);

        // Text in the bodies: searched off the GUI thread, with the indicator up meanwhile.
        auto* text = page.findChild<QLineEdit*>(QStringLiteral("textFilter"));
        QSignalSpy busy(page.model(), &ui::LogTableModel::busyChanged);
        text->setText(QStringLiteral("zebra-cross"));
        QTRY_COMPARE(page.model()->filter().text, QStringLiteral("zebra-cross"));
        QTRY_COMPARE(page.model()->rowCount(), 1);
        QTRY_VERIFY(!page.model()->isBusy());
        QVERIFY(busy.count() >= 2);
        QCOMPARE(column(page, LogColumn::TraceId), QStringList({m_traceIds[1]}));
        text->clear();
        QTRY_COMPARE(page.model()->rowCount(), 8);
    }

    void aScrolledViewStaysOnItsRows()
    {
        ui::LogsPage page(m_host.get());
        page.resize(1100, 200); // a few rows visible
        page.show();
        QTRY_VERIFY(page.model()->rowCount() >= 8);
        QScrollBar* scroll = page.table()->verticalScrollBar();
        QTRY_VERIFY(scroll->maximum() >= 2);
        scroll->setValue(2);
        const QString topBefore = page.table()
                                      ->indexAt(QPoint(2, 2))
                                      .siblingAtColumn(int(LogColumn::TraceId))
                                      .data()
                                      .toString();
        const int rows = page.model()->rowCount();
        QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("while reading")).isEmpty());
        QTRY_COMPARE(page.model()->rowCount(), rows + 1);
        QCOMPARE(scroll->value(), 3);
        QCOMPARE(page.table()
                     ->indexAt(QPoint(2, 2))
                     .siblingAtColumn(int(LogColumn::TraceId))
                     .data()
                     .toString(),
                 topBefore);
        // At the top, it follows the new rows.
        scroll->setValue(0);
        QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("at the top")).isEmpty());
        QTRY_COMPARE(page.model()->rowCount(), rows + 2);
        QCOMPARE(scroll->value(), 0);
        QCOMPARE(page.table()
                     ->indexAt(QPoint(2, 2))
                     .siblingAtColumn(int(LogColumn::TraceId))
                     .data()
                     .toString(),
                 m_traceIds.last());
    }

    void detailsShowTheSelectedRequest()
    {
        ui::LogsPage page(m_host.get());
        page.show();
        QTRY_VERIFY(page.model()->rowCount() >= 8);
        // The streamed mock-smart request (the 4th sent).
        int streamRow = -1;
        for (int r = 0; r < page.model()->rowCount(); ++r)
            if (page.model()->rowAt(r).traceId == m_traceIds[3])
                streamRow = r;
        QVERIFY(streamRow >= 0);
        // Collapsed until a row is selected.
        QVERIFY(!page.details()->isVisible());
        page.details()->setPretty(false);
        page.table()->setCurrentIndex(page.model()->index(streamRow, 0));
        QVERIFY(page.details()->isVisible());
        // As sent: the compact body of send(), byte for byte.
        QCOMPARE(page.details()->requestText(),
                 QStringLiteral("{\"messages\":[{\"content\":\"Stream to me\",\"role\":\"user\"}],"
                                "\"model\":\"mock-smart\",\"stream\":true}"));
        QVERIFY(page.details()->responseText().startsWith(QStringLiteral("data: {")));
        // Pretty, by its button; remembered for the next page.
        page.details()->findChild<QToolButton*>(QStringLiteral("prettyBodies"))->click();
        QVERIFY(page.details()->isPretty());
        QVERIFY(ui::LogsPage(m_host.get()).details()->isPretty());
        const QString request = page.details()->requestText();
        // QJsonDocument, indented (its keys in order).
        QVERIFY2(request.startsWith(QStringLiteral("{\n    \"messages\": [\n        {\n")),
                 qPrintable(request));
        QVERIFY(request.contains(QStringLiteral("\"content\": \"Stream to me\"")));
        QVERIFY(request.contains(QStringLiteral("\"model\": \"mock-smart\"")));
        const QString response = page.details()->responseText();
        QVERIFY2(response.contains(QStringLiteral("// event 1\n{\n")),
                 qPrintable(response.left(400)));
        QVERIFY(response.contains(QStringLiteral("\"object\": \"chat.completion.chunk\"")));
        // The text the events carried comes first.
        QVERIFY(response.startsWith(QStringLiteral("// Server-sent events: ")));
        const QString headers = page.details()->headersText();
        QVERIFY2(headers.contains(QStringLiteral("authorization: ***")), qPrintable(headers));
        QVERIFY(!headers.contains(QStringLiteral("sk-do-not-log-me")));
        auto* ttft = page.details()->findChild<QLabel*>(QStringLiteral("detailsField8"));
        QVERIFY(ttft && ttft->text().endsWith(QStringLiteral(" ms")));
        auto* tokens = page.details()->findChild<QLabel*>(QStringLiteral("detailsField9"));
        const ui::LogRow& row = page.model()->rowAt(streamRow);
        QVERIFY(row.completionTokens > 0);
        QVERIFY(tokens->text().contains(QString::number(row.completionTokens)));
        QVERIFY(page.details()->noticeText().isEmpty());

        // A plain JSON answer is indented as a whole.
        page.table()->setCurrentIndex(page.model()->index(page.model()->rowCount() - 1, 0));
        QVERIFY(page.details()->responseText().startsWith(QStringLiteral("{\n    \"choices\": [")));
        page.details()->setPretty(false);
        // Nothing selected: collapsed again.
        page.table()->selectionModel()->clearCurrentIndex();
        QVERIFY(!page.details()->isVisible());
    }

    void tokensShowTheirCachedAndReasoningPartsAndAnEstimate()
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const auto restore = qScopeGuard([&before] { QLocale::setDefault(before); });
        ui::LogRow row;
        row.promptTokens = 1200;
        row.completionTokens = 90;
        QCOMPARE(ui::LogDetailsView::tokensText(row),
                 QStringLiteral("1,200 prompt + 90 completion = 1,290"));
        row.cacheReadTokens = 1000;
        row.cacheWriteTokens = 150;
        row.reasoningTokens = 60;
        QCOMPARE(ui::LogDetailsView::tokensText(row),
                 QStringLiteral("1,200 prompt + 90 completion = 1,290 (1,000 read from cache, "
                                "150 written to cache, 60 reasoning)"));
        ui::LogRow counted;
        counted.promptTokens = 4;
        counted.completionTokens = 2;
        counted.usageEstimated = true;
        QCOMPARE(
            ui::LogDetailsView::tokensText(counted),
            QStringLiteral("4 prompt + 2 completion = 6, estimated: the backend reported none"));
    }

    void bodiesNotCapturedSaySo()
    {
        ui::LogDetailsView view;
        QVERIFY(view.noticeText().contains(QStringLiteral("Select a request")));
        ui::LogRow row;
        row.id = 1;
        row.status = 200;
        view.showRequest(row, std::nullopt);
        QVERIFY(view.noticeText().contains(QStringLiteral("not captured")));
        QVERIFY(view.noticeText().contains(QStringLiteral("captureBodies")));
        // A body cut at logging.maxBodyBytes is shown as it is, with a note.
        const QString cut = ui::LogDetailsView::prettyJson("{\"model\":\"mock-fast\",\"mess");
        QVERIFY(cut.startsWith(QStringLiteral("{\"model\":\"mock-fast\",\"mess")));
        QVERIFY(cut.contains(QStringLiteral("maxBodyBytes")));
    }

    void detailsListTheAttempts()
    {
        using gateway::store::Attempt;
        QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("Hello attempts")).isEmpty());
        const QString ownTraceId = m_traceIds.last();
        {
            // The pipeline's own rows get attempts from its owner; these are written as it will.
            gateway::store::LogWriter writer;
            QVERIFY(writer.start(m_dir.path()).ok());
            gateway::store::LogRecord r;
            r.timeMs = QDateTime::currentMSecsSinceEpoch();
            r.traceId = QByteArray(32, 'f');
            r.endpoint = QStringLiteral("chat.completions");
            r.model = QStringLiteral("llama");
            r.backend = QStringLiteral("mock");
            r.upstreamModel = QStringLiteral("mock-fast");
            r.status = 200;
            r.latencyMs = 48;
            r.attempts = {
                Attempt{QStringLiteral("local-vllm"), QStringLiteral("llama3"), 0,
                        QStringLiteral("upstream_connect"), 1},
                Attempt{QStringLiteral("backup"), QStringLiteral("llama3"), 503,
                        QStringLiteral("upstream_5xx"), 4.3},
                Attempt{QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 42}};
            writer.push(std::move(r));
            writer.flush();
        }
        ui::LogsPage page(m_host.get());
        page.show();
        // Wherever it is: the gateway commits its own row of the request above a little after
        // the answer, so it may be newer than this one.
        const auto rowOf = [&page](const QString& traceId) {
            for (int r = 0; r < page.model()->rowCount(); ++r)
                if (page.model()->rowAt(r).traceId == traceId)
                    return r;
            return -1;
        };
        QTRY_VERIFY(rowOf(QString(32, QLatin1Char('f'))) >= 0);
        page.table()->setCurrentIndex(page.model()->index(rowOf(QString(32, QLatin1Char('f'))), 0));
        const QLocale locale;
        QCOMPARE(page.details()->attemptsText(),
                 QStringLiteral("local-vllm/llama3 ✗ connection refused or failed (%1 ms)\n"
                                "→ backup/llama3 ✗ HTTP 503 (%2 ms)\n"
                                "→ mock/mock-fast ✓ (42 ms)")
                     .arg(locale.toString(1.0, 'f', 1), locale.toString(4.3, 'f', 1)));

        // A request of the gateway itself: its one attempt (once the pipeline records them),
        // or none.
        QTRY_VERIFY(rowOf(ownTraceId) >= 0);
        page.table()->setCurrentIndex(page.model()->index(rowOf(ownTraceId), 0));
        const QString own = page.details()->attemptsText();
        QVERIFY2(own == QStringLiteral("—") ||
                     (own.startsWith(QStringLiteral("mock/mock-fast ✓ (")) &&
                      !own.contains(QLatin1Char('\n'))),
                 qPrintable(own));

        // Nothing selected, nothing shown.
        page.table()->setCurrentIndex(QModelIndex());
        QVERIFY(page.details()->noticeText().contains(QStringLiteral("Select a request")));
    }

    void tenantAndKeyFieldsFilterTheRows()
    {
        // Rows of two keys of two tenants, written as the gateway writes them (issue 12).
        for (const auto& [trace, key, tenant] :
             {std::tuple{'t', "alice", "acme"}, std::tuple{'u', "bob", "acme"},
              std::tuple{'v', "carol", "globex"}}) {
            gateway::store::LogRecord r = record(QByteArray(32, trace), QStringLiteral("fast"));
            r.keyName = QString::fromLatin1(key);
            r.keyId = QStringLiteral("id-") + r.keyName;
            r.tenant = QString::fromLatin1(tenant);
            r.cost = 0.25;
            writeRecord(m_dir.path(), std::move(r));
        }
        ui::LogsPage page(m_host.get());
        page.show();
        QTRY_VERIFY(rowOf(page, QString(32, 'v')) >= 0);
        const int row = rowOf(page, QString(32, 'v'));
        QCOMPARE(page.model()->rowAt(row).keyName, QStringLiteral("carol"));
        QCOMPARE(page.model()->rowAt(row).tenant, QStringLiteral("globex"));
        QCOMPARE(page.model()->rowAt(row).cost, 0.25);

        auto* tenant = page.findChild<QLineEdit*>(QStringLiteral("tenantFilter"));
        auto* key = page.findChild<QLineEdit*>(QStringLiteral("keyFilter"));
        QVERIFY(tenant && key);
        QVERIFY(!tenant->placeholderText().isEmpty());
        QVERIFY(!key->accessibleName().isEmpty());
        QTest::keyClicks(tenant, QStringLiteral("acme"));
        QTest::keyClick(tenant, Qt::Key_Return);
        QCOMPARE(page.model()->filter().tenant, QStringLiteral("acme"));
        QVERIFY(page.model()->filter().isFiltering());
        QTRY_COMPARE(page.model()->rowCount(), 2);
        QCOMPARE(page.model()->rowAt(0).traceId, QString(32, 'u'));
        QCOMPARE(page.model()->rowAt(1).traceId, QString(32, 't'));
        QTest::keyClicks(key, QStringLiteral("alice"));
        QTest::keyClick(key, Qt::Key_Return);
        QTRY_COMPARE(page.model()->rowCount(), 1);
        QCOMPARE(page.model()->rowAt(0).keyName, QStringLiteral("alice"));
        tenant->clear();
        key->clear();
        QTest::keyClick(key, Qt::Key_Return);
        QTRY_VERIFY(page.model()->rowCount() > 3);

        // The export holds the key, the tenant and the cost.
        const QByteArray line =
            ui::LogExporter::csvLine(page.model()->rowAt(rowOf(page, QString(32, 'v'))));
        QVERIFY2(line.endsWith(",carol,globex\n"), line.constData());
        QVERIFY2(line.contains(",0.25,"), line.constData());
        const QJsonObject json =
            QJsonDocument::fromJson(
                ui::LogExporter::jsonLine(page.model()->rowAt(rowOf(page, QString(32, 'v')))))
                .object();
        QCOMPARE(json.value(QStringLiteral("key")).toString(), QStringLiteral("carol"));
        QCOMPARE(json.value(QStringLiteral("tenant")).toString(), QStringLiteral("globex"));
        QCOMPARE(json.value(QStringLiteral("cost")).toDouble(), 0.25);
    }

    void errorClassesReadAsCauses()
    {
        using ui::AttemptText;
        QCOMPARE(AttemptText::error(QStringLiteral("upstream_connect"), 0),
                 QStringLiteral("connection refused or failed"));
        QCOMPARE(AttemptText::error(QStringLiteral("upstream_timeout"), 0),
                 QStringLiteral("timed out"));
        QCOMPARE(AttemptText::error(QStringLiteral("upstream_5xx"), 502),
                 QStringLiteral("HTTP 502"));
        QCOMPARE(AttemptText::error(QStringLiteral("upstream_429"), 429),
                 QStringLiteral("rate limited (HTTP 429)"));
        QCOMPARE(AttemptText::error(QStringLiteral("upstream_auth_error"), 401),
                 QStringLiteral("backend rejected its key"));
        QCOMPARE(AttemptText::error(QStringLiteral("upstream_reset"), 0),
                 QStringLiteral("connection reset"));
        QCOMPARE(AttemptText::error(QStringLiteral("upstream_tls"), 0),
                 QStringLiteral("TLS handshake failed"));
        // Unknown classes are shown as they are.
        QCOMPARE(AttemptText::error(QStringLiteral("rate_limited"), 429),
                 QStringLiteral("HTTP 429 (rate_limited)"));
        QCOMPARE(AttemptText::error(QStringLiteral("something_new"), 0),
                 QStringLiteral("something_new"));
        QCOMPARE(AttemptText::chain({}), QString());

        // The compiled translations carry them (the context lupdate saw is the one tr() uses).
        for (const auto& [code, expected] :
             {std::pair{QStringLiteral("de"), QStringLiteral("Zeitüberschreitung")},
              std::pair{QStringLiteral("zh_CN"), QStringLiteral("超时")}}) {
            QTranslator translator;
            QVERIFY(translator.load(QStringLiteral(":/i18n/switchboard_%1.qm").arg(code)));
            QCoreApplication::installTranslator(&translator);
            const QString text = AttemptText::error(QStringLiteral("upstream_timeout"), 0);
            const QString chain = AttemptText::chain(
                {gateway::store::Attempt{QStringLiteral("a"), QStringLiteral("m"), 0,
                                         QStringLiteral("upstream_timeout"), 5}});
            QCoreApplication::removeTranslator(&translator);
            QCOMPARE(text, expected);
            QVERIFY2(chain.startsWith(QStringLiteral("a/m ✗ ") + expected), qPrintable(chain));
        }
    }

    void pageShortcutsAndContract()
    {
        ui::LogsPage page(m_host.get());
        page.resize(1100, 600);
        page.show();
        page.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&page));
        QCOMPARE(page.mainAction()->text(), QStringLiteral("Export…"));
        // Ctrl+E is the window's (MainWindowTest); the action's tooltip names it.
        QVERIFY(page.mainAction()->shortcut().isEmpty());
        QVERIFY(page.mainAction()->toolTip().contains(QStringLiteral("Ctrl+E")));
        QVERIFY(page.actions().contains(page.mainAction()));
        QVERIFY(!page.purpose().isEmpty());
        QVERIFY(!page.table()->tabKeyNavigation());
        // Ctrl+F from the table goes to the search; Esc clears it and the filter.
        auto* text = page.findChild<QLineEdit*>(QStringLiteral("textFilter"));
        page.table()->setFocus();
        QTRY_VERIFY(page.table()->hasFocus());
        QTest::keyClick(page.table(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(text->hasFocus());
        QTest::keyClicks(text, QStringLiteral("zebra"));
        QTest::keyClick(text, Qt::Key_Return);
        QCOMPARE(page.model()->filter().text, QStringLiteral("zebra"));
        QTest::keyClick(text, Qt::Key_Escape);
        QVERIFY(text->text().isEmpty());
        QCOMPARE(page.model()->filter().text, QString());
        // F5 (the window routes it to refresh()): a new snapshot.
        QSignalSpy reset(page.model(), &QAbstractItemModel::modelReset);
        page.refresh();
        QCOMPARE(reset.count(), 1);
        // Export has no status label that stays: a transient message says where it went.
        QSignalSpy message(&page, &ui::Page::transientMessage);
        QTemporaryDir out;
        const QString folder =
            out.filePath(QString(200, 'x') + QLatin1Char('/') + QString(200, 'y'));
        QVERIFY(QDir().mkpath(folder));
        const QString path = QDir(folder).filePath(QStringLiteral("requests.csv"));
        const int width = page.width();
        page.exportTo(path, ui::LogExporter::Format::Csv);
        QTRY_COMPARE(message.count(), 1);
        QVERIFY(message[0][0].toString().contains(QStringLiteral("Exported to")));
        QVERIFY(!page.findChild<QLabel*>(QStringLiteral("statusLine"))
                     ->text()
                     .contains(QStringLiteral("Exported")));
        QCOMPARE(page.width(), width);
        QVERIFY(page.minimumSizeHint().width() <= width);
    }

    void promptColumnFallbackBadgeAndMarkedMatches()
    {
        using gateway::store::Attempt;
        gateway::store::LogRecord fellBack = record(QByteArray(32, 'b'), QStringLiteral("llama"));
        fellBack.attempts = {
            Attempt{QStringLiteral("local"), QStringLiteral("llama3"), 0,
                    QStringLiteral("upstream_connect"), 1},
            Attempt{QStringLiteral("mock"), QStringLiteral("mock-fast"), 200, QString(), 11}};
        // A content array (vision requests): its text parts.
        fellBack.requestBody =
            R"({"model":"llama","messages":[{"role":"system","content":"Be brief."},)"
            R"({"role":"user","content":"first question"},{"role":"assistant","content":"ok"},)"
            R"({"role":"user","content":[{"type":"text","text":"What is in"},)"
            R"({"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"this image?"}]}]})";
        fellBack.responseBody = "{}";
        writeRecord(m_dir.path(), fellBack);
        gateway::store::LogRecord cut = record(QByteArray(32, 'c'), QStringLiteral("llama"));
        cut.requestBody = "{\"model\":\"llama\",\"messages\":[{\"role\":\"user\",\"conte";
        writeRecord(m_dir.path(), cut);

        ui::LogsPage page(m_host.get());
        page.resize(1280, 700);
        page.show();
        int row = -1;
        QTRY_VERIFY((row = rowOf(page, QString(32, 'b'))) >= 0);
        const QModelIndex status = page.model()->index(row, int(LogColumn::Backend));
        QCOMPARE(page.model()->index(row, int(LogColumn::Prompt)).data().toString(),
                 QStringLiteral("What is in this image?"));
        QVERIFY(status.data(ui::LogTableModel::FallbackRole).toBool());
        QVERIFY(status.data(Qt::ToolTipRole).toString().contains(QStringLiteral("fallback")));
        // The backend column has room for the badge beside a short backend name.
        QVERIFY(page.table()->columnWidth(int(LogColumn::Backend)) >=
                page.table()->itemDelegate()->sizeHint(QStyleOptionViewItem(), status).width());
        const int cutRow = rowOf(page, QString(32, 'c'));
        QVERIFY(cutRow >= 0);
        QVERIFY(!page.model()
                     ->index(cutRow, int(LogColumn::Status))
                     .data(ui::LogTableModel::FallbackRole)
                     .toBool());
        QCOMPARE(page.model()->index(cutRow, int(LogColumn::Prompt)).data().toString(), QString());
        // A gateway request: its last user message.
        const int hello = rowOf(page, m_traceIds[0]);
        QVERIFY(hello >= 0);
        QCOMPARE(page.model()->index(hello, int(LogColumn::Prompt)).data().toString(),
                 QStringLiteral("Hello one"));
        // The prompt is not sortable: a click on its header keeps the sort.
        page.table()->horizontalHeader()->setSortIndicator(int(LogColumn::Prompt),
                                                           Qt::AscendingOrder);
        QCOMPARE(page.model()->filter().sortColumn, LogColumn::Time);
        QCOMPARE(page.table()->horizontalHeader()->sortIndicatorSection(), int(LogColumn::Time));

        // The search's matches are marked in the cells and in the bodies.
        auto* text = page.findChild<QLineEdit*>(QStringLiteral("textFilter"));
        text->setText(QStringLiteral("IMAGE"));
        QTest::keyClick(text, Qt::Key_Return);
        QCOMPARE(page.cellDelegate()->highlight(), QStringLiteral("IMAGE"));
        QTRY_VERIFY((row = rowOf(page, QString(32, 'b'))) >= 0);
        QVERIFY(!page.details()->isVisible());
        select(page, row);
        // Shown with room to read: 42 % of the page's height.
        QVERIFY(page.details()->isVisible());
        QVERIFY2(page.details()->height() > 200,
                 qPrintable(QString::number(page.details()->height())));
        page.details()->setPretty(false);
        // "image_url" twice, "this image?" once.
        QCOMPARE(page.details()->highlightCount(), 3);
        using Ranges = QList<QPair<qsizetype, qsizetype>>;
        QCOMPARE(ui::LogCellDelegate::matches(QStringLiteral("What is in this image?"),
                                              QStringLiteral("IMAGE")),
                 Ranges({{16, 5}}));
        QCOMPARE(ui::LogCellDelegate::matches(QStringLiteral("aaaa"), QStringLiteral("aa")),
                 Ranges({{0, 2}, {2, 2}}));
        QCOMPARE(ui::LogCellDelegate::matches(QStringLiteral("abc"), QString()), Ranges());
        text->clear();
        QTest::keyClick(text, Qt::Key_Return);
        QCOMPARE(page.details()->highlightCount(), 0);
        // Painted in both themes without a crash, badge and marks included.
        text->setText(QStringLiteral("image"));
        QTest::keyClick(text, Qt::Key_Return);
        QTRY_VERIFY((row = rowOf(page, QString(32, 'b'))) >= 0);
        select(page, row);
        // SWITCHBOARD_SCREENSHOTS=DIR keeps them, to be looked at.
        const QString shots = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
        int n = 0;
        for (const QPalette& palette : {ui::Appearance::darkPalette(), QApplication::palette()}) {
            page.setPalette(palette);
            const QPixmap shot = page.grab();
            QVERIFY(!shot.isNull());
            if (!shots.isEmpty())
                QVERIFY(
                    shot.save(QDir(shots).filePath(QStringLiteral("logs-marked-%1.png").arg(n++))));
        }
    }

    void rowContextMenu()
    {
        ui::LogsPage page(m_host.get());
        page.resize(1280, 700);
        page.show();
        const QString trace = m_traceIds[1]; // "Tell me about a zebra-crossing", mock-fast
        int row = -1;
        QTRY_VERIFY((row = rowOf(page, trace)) >= 0);
        // Nothing selected: Replay… says why it is disabled.
        QVERIFY(!page.replayAction()->isEnabled());
        QVERIFY(page.replayAction()->toolTip().contains(QStringLiteral("Select a request")));
        QVERIFY(!page.findChild<QPushButton*>(QStringLiteral("replay"))->isEnabled());
        select(page, row);
        std::unique_ptr<QMenu> menu(page.contextMenu());
        QCOMPARE(menu->actions().size(), 5); // with a separator
        QVERIFY(menu->toolTipsVisible());
        for (QAction* action : {page.copyTraceIdAction(), page.copyCurlAction(),
                                page.replayAction(), page.filterByModelAction()}) {
            QVERIFY(menu->actions().contains(action));
            QVERIFY2(action->isEnabled(), qPrintable(action->text()));
        }

        page.copyTraceIdAction()->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), trace);

        QSignalSpy message(&page, &ui::Page::transientMessage);
        page.copyCurlAction()->trigger();
        const QString curl = QGuiApplication::clipboard()->text();
        QCOMPARE(message.count(), 1);
        QVERIFY2(curl.startsWith(QStringLiteral("curl '") + m_host->baseUrl() +
                                 QStringLiteral("/chat/completions'")),
                 qPrintable(curl));
        QVERIFY(curl.contains(QStringLiteral("-H 'Content-Type: application/json'")));
        QVERIFY(curl.contains(QStringLiteral("Authorization: Bearer $SWITCHBOARD_API_KEY")));
        QVERIFY(!curl.contains(QStringLiteral("sk-do-not-log-me"))); // what the client sent
        QVERIFY(curl.contains(QStringLiteral("zebra-crossing")));
        // It works: a shell runs it against the gateway.
        const qsizetype rowsBefore = sqlRows().size();
        QProcess shell;
        shell.start(QStringLiteral("sh"), {QStringLiteral("-c"), curl + QStringLiteral(" -sS")});
        QVERIFY(shell.waitForFinished(10'000));
        QCOMPARE(shell.exitCode(), 0);
        QVERIFY2(shell.readAllStandardOutput().contains("chat.completion"),
                 qPrintable(shell.readAllStandardError()));
        // Its row is in the log before the next test counts rows (the writer commits a little
        // after the answer).
        QTRY_COMPARE(sqlRows().size(), rowsBefore + 1);
        QCOMPARE(ui::LogCurl::shellQuoted(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
        // Anthropic and Responses bodies go back to their own paths.
        QCOMPARE(ui::LogCurl::pathOf(QStringLiteral("messages")), QStringLiteral("/messages"));
        QCOMPARE(ui::LogCurl::pathOf(QStringLiteral("responses.create")),
                 QStringLiteral("/responses"));

        QSignalSpy replay(&page, &ui::LogsPage::replayRequested);
        page.replayAction()->trigger();
        QCOMPARE(replay.count(), 1);
        QCOMPARE(replay[0][0].toLongLong(), page.model()->rowAt(row).id);

        page.filterByModelAction()->trigger();
        auto* models = page.findChild<QComboBox*>(QStringLiteral("modelFilter"));
        QCOMPARE(models->currentData().toString(), QStringLiteral("mock-fast"));
        QCOMPARE(page.model()->filter().model, QStringLiteral("mock-fast"));
        QTRY_VERIFY(page.model()->rowCount() > 0);
        for (const QString& model : column(page, LogColumn::Model))
            QCOMPARE(model, QStringLiteral("mock-fast"));
    }

    void replayIsDisabledWithTheReason()
    {
        gateway::store::LogRecord cut = record(QByteArray(32, 'd'), QStringLiteral("llama"));
        cut.requestBody = "{\"model\":\"llama\",\"messages\":[{\"role\":\"user\",\"conte";
        writeRecord(m_dir.path(), cut);
        writeRecord(m_dir.path(), record(QByteArray(32, 'e'), QStringLiteral("llama")));
        gateway::store::LogRecord embedding = record(QByteArray(32, '9'), QStringLiteral("emb"));
        embedding.endpoint = QStringLiteral("embeddings");
        embedding.requestBody = R"({"model":"emb","input":"x"})";
        writeRecord(m_dir.path(), embedding);
        ui::LogsPage page(m_host.get());
        page.show();
        const auto reasonFor = [&](char c) {
            int row = -1;
            [&] { QTRY_VERIFY((row = rowOf(page, QString(32, QLatin1Char(c)))) >= 0); }();
            select(page, row);
            std::unique_ptr<QMenu> menu(page.contextMenu());
            return page.replayAction()->isEnabled() ? QString() : page.replayAction()->toolTip();
        };
        QVERIFY(reasonFor('d').contains(QStringLiteral("not JSON")));
        QVERIFY(reasonFor('e').contains(QStringLiteral("not logged")));
        QVERIFY(!page.copyCurlAction()->isEnabled());
        QVERIFY(page.copyCurlAction()->toolTip().contains(QStringLiteral("not logged")));
        QVERIFY(reasonFor('9').contains(QStringLiteral("Only chat completions")));
        QVERIFY(page.copyCurlAction()->isEnabled()); // an embedding can still be sent again
        // The button shows the same state and reason.
        auto* button = page.findChild<QPushButton*>(QStringLiteral("replay"));
        QVERIFY(!button->isEnabled());
        QCOMPARE(button->toolTip(), page.replayAction()->toolTip());
    }

    void replayTrafficIsLeftOutUnlessShown()
    {
        gateway::store::LogRecord replayed =
            record(QByteArray(32, 'a'), QStringLiteral("mock-fast"));
        replayed.source = gateway::store::sourceReplay();
        writeRecord(m_dir.path(), replayed);
        ui::LogsPage page(m_host.get());
        page.show();
        auto* show = page.findChild<QCheckBox*>(QStringLiteral("showReplayTraffic"));
        QVERIFY(!show->isChecked());
        QTRY_VERIFY(page.model()->rowCount() > 0 && page.model()->matchingCount() >= 0);
        QCOMPARE(rowOf(page, QString(32, 'a')), -1);
        show->setChecked(true);
        QTRY_VERIFY(rowOf(page, QString(32, 'a')) >= 0);
        QCOMPARE(page.model()->rowAt(rowOf(page, QString(32, 'a'))).source,
                 gateway::store::sourceReplay());
        // Remembered, for this page and the Dashboard.
        QVERIFY(ui::ReplayTraffic::shown());
        {
            ui::LogsPage again(m_host.get());
            QVERIFY(again.findChild<QCheckBox*>(QStringLiteral("showReplayTraffic"))->isChecked());
            QVERIFY(again.model()->filter().includeReplay);
        }
        show->setChecked(false);
        QVERIFY(!ui::ReplayTraffic::shown());
        QTRY_COMPARE(rowOf(page, QString(32, 'a')), -1);
    }

    void exportsMatchSqlite()
    {
        ui::LogsPage page(m_host.get());
        page.show();
        auto* models = page.findChild<QComboBox*>(QStringLiteral("modelFilter"));
        QTRY_VERIFY(models->findData(QStringLiteral("mock-fast")) >= 0);
        choose(models, QStringLiteral("mock-fast"));
        // What the page shows: the console's replays are left out by default.
        const QList<SqlRow> rows =
            sqlRows(QStringLiteral("model = 'mock-fast' AND source <> 'replay'"));
        QVERIFY(rows.size() >= 4);
        QTemporaryDir out;

        // CSV: a header, then one line per row, newest first.
        QSignalSpy finished(&page, &ui::LogsPage::exportFinished);
        const QString csvPath = out.filePath(QStringLiteral("requests.csv"));
        page.exportTo(csvPath, ui::LogExporter::Format::Csv);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.size(),
                 rows.size() + 2); // header, rows, and the empty rest after the last newline
        QCOMPARE(lines.first(),
                 QByteArray("id,time,ts_ms,trace_id,endpoint,model,backend,upstream_model,"
                            "status,error_class,latency_ms,ttft_ms,prompt_tokens,"
                            "completion_tokens,cost,cache_status,stream,key,tenant"));
        for (int i = 0; i < rows.size(); ++i) {
            const QList<QByteArray> f = lines.at(i + 1).split(',');
            QCOMPARE(f.size(), 19);
            const SqlRow& r = rows.at(i);
            QCOMPARE(f[0].toLongLong(), r.id);
            QCOMPARE(QString::fromLatin1(f[3]), r.traceId);
            QCOMPARE(QString::fromLatin1(f[5]), r.model);
            QCOMPARE(QString::fromLatin1(f[6]), r.backend);
            QCOMPARE(QString::fromLatin1(f[7]), r.upstreamModel);
            QCOMPARE(f[8].toInt(), r.status);
            QCOMPARE(f[10].toDouble(), r.latencyMs);
            QCOMPARE(f[11].isEmpty(), r.ttftMs.isNull());
            QCOMPARE(f[12].toLongLong(), r.promptTokens);
            QCOMPARE(f[13].toLongLong(), r.completionTokens);
            QCOMPARE(f[16] == "1", r.stream);
        }

        // JSON Lines: one object per row.
        const QString jsonPath = out.filePath(QStringLiteral("requests.jsonl"));
        page.exportTo(jsonPath, ui::LogExporter::Format::JsonLines);
        QTRY_COMPARE(finished.count(), 2);
        QVERIFY(finished.at(1).at(0).toBool());
        QFile jsonl(jsonPath);
        QVERIFY(jsonl.open(QIODevice::ReadOnly));
        const QList<QByteArray> objects = jsonl.readAll().trimmed().split('\n');
        QCOMPARE(objects.size(), rows.size());
        for (int i = 0; i < rows.size(); ++i) {
            const QJsonObject o = QJsonDocument::fromJson(objects.at(i)).object();
            const SqlRow& r = rows.at(i);
            QCOMPARE(o.value(QStringLiteral("id")).toInteger(), r.id);
            QCOMPARE(o.value(QStringLiteral("trace_id")).toString(), r.traceId);
            QCOMPARE(o.value(QStringLiteral("model")).toString(), r.model);
            QCOMPARE(o.value(QStringLiteral("backend")).toString(), r.backend);
            QCOMPARE(o.value(QStringLiteral("status")).toInt(), r.status);
            QCOMPARE(o.value(QStringLiteral("latency_ms")).toDouble(), r.latencyMs);
            QCOMPARE(o.value(QStringLiteral("ttft_ms")).isNull(), r.ttftMs.isNull());
            if (!r.ttftMs.isNull())
                QCOMPARE(o.value(QStringLiteral("ttft_ms")).toDouble(), r.ttftMs.toDouble());
            QCOMPARE(o.value(QStringLiteral("prompt_tokens")).toInteger(), r.promptTokens);
            QCOMPARE(o.value(QStringLiteral("completion_tokens")).toInteger(), r.completionTokens);
            QCOMPARE(o.value(QStringLiteral("stream")).toBool(), r.stream);
            QVERIFY(o.value(QStringLiteral("error_class")).isNull());
        }
    }

    void exportToAnUnwritablePathSaysWhy()
    {
        ui::LogsPage page(m_host.get());
        page.show();
        QSignalSpy finished(&page, &ui::LogsPage::exportFinished);
        const QString path = QStringLiteral("/nonexistent-dir/requests.csv");
        page.exportTo(path, ui::LogExporter::Format::Csv);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!finished.at(0).at(0).toBool());
        const QString message = finished.at(0).at(1).toString();
        QVERIFY2(message.contains(path) && message.startsWith(QStringLiteral("Cannot write")),
                 qPrintable(message));
        auto* box = page.findChild<QMessageBox*>(QStringLiteral("exportError"));
        QVERIFY(box);
        QTRY_VERIFY(box->isVisible());
        QCOMPARE(box->text(), message);
        box->close();
        QVERIFY(page.mainAction()->isEnabled());
    }

    void followsTheLanguage()
    {
        ui::LogsPage page(m_host.get());
        QAction* exportButton = page.mainAction();
        QCOMPARE(exportButton->text(), QStringLiteral("Export…"));
        UpperCaseTranslator upper;
        QCoreApplication::installTranslator(&upper);
        QTRY_COMPARE(exportButton->text(), QStringLiteral("EXPORT…")); // LanguageChange is posted
        QCOMPARE(page.findChild<QCheckBox*>(QStringLiteral("liveCheck"))->text(),
                 QStringLiteral("LIVE"));
        QCOMPARE(page.findChild<QComboBox*>(QStringLiteral("modelFilter"))->itemText(0),
                 QStringLiteral("ANY MODEL"));
        QCOMPARE(page.table()->model()->headerData(0, Qt::Horizontal).toString(),
                 QStringLiteral("TIME"));
        QVERIFY(page.details()->noticeText().startsWith(QStringLiteral("SELECT A REQUEST")));
        QCoreApplication::removeTranslator(&upper);
        QTRY_COMPARE(exportButton->text(), QStringLiteral("Export…"));
    }

    // Saves what the page looks like, in a light and a dark palette, to the directory named by
    // SWITCHBOARD_SCREENSHOTS (a person looks at them; nothing is asserted on pixels).
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("SWITCHBOARD_SCREENSHOTS");
        if (dir.isEmpty())
            QSKIP("set SWITCHBOARD_SCREENSHOTS=<dir> to save screenshots");
        if (m_traceIds.size() < 4) { // run on its own: some traffic first
            QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("Hello one")).isEmpty());
            QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("Hello two")).isEmpty());
            QVERIFY(!send(QStringLiteral("no-such-model"), QStringLiteral("Hello?"), false, 404)
                         .isEmpty());
            QVERIFY(!send(QStringLiteral("mock-smart"), QStringLiteral("Stream to me"), true)
                         .isEmpty());
            for (int i = 0; i < 4; ++i)
                QVERIFY(!send(QStringLiteral("mock-fast"), QStringLiteral("Hello %1").arg(i))
                             .isEmpty());
        }
        const QPalette original = QApplication::palette();
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        for (bool dark : {false, true}) {
            QPalette palette = QApplication::style()->standardPalette();
            if (dark)
                palette = ui::Appearance::darkPalette();
            QApplication::setPalette(palette);
            ui::LogsPage page(m_host.get());
            page.resize(1100, 770); // its share of a 1280x800 window
            page.show();
            QTRY_VERIFY(page.model()->rowCount() >= 8);
            QTRY_VERIFY(page.model()->matchingCount() >= 8);
            int streamRow = 0;
            for (int r = 0; r < page.model()->rowCount(); ++r)
                if (page.model()->rowAt(r).traceId == m_traceIds[3])
                    streamRow = r;
            page.table()->setCurrentIndex(page.model()->index(streamRow, 0));
            QVERIFY(page.grab().save(QDir(dir).filePath(dark ? QStringLiteral("logs-dark.png")
                                                             : QStringLiteral("logs-light.png"))));
            auto* tabs = page.details()->findChild<QTabWidget*>();
            tabs->setCurrentIndex(1); // the response, as events
            QVERIFY(page.grab().save(
                QDir(dir).filePath(dark ? QStringLiteral("logs-dark-stream.png")
                                        : QStringLiteral("logs-light-stream.png"))));
            tabs->setCurrentIndex(0);
            for (int r = 0; r < page.model()->rowCount(); ++r)
                if (page.model()->rowAt(r).status == 404)
                    page.table()->setCurrentIndex(page.model()->index(r, 0));
            QVERIFY(
                page.grab().save(QDir(dir).filePath(dark ? QStringLiteral("logs-dark-404.png")
                                                         : QStringLiteral("logs-light-404.png"))));
            // The request of detailsListTheAttempts() that failed over, if it ran.
            for (int r = 0; r < page.model()->rowCount(); ++r)
                if (page.model()->rowAt(r).traceId == QString(32, QLatin1Char('f'))) {
                    page.table()->setCurrentIndex(page.model()->index(r, 0));
                    QCoreApplication::processEvents(); // lays out the lines of the attempts
                    QVERIFY(page.grab().save(
                        QDir(dir).filePath(dark ? QStringLiteral("logs-dark-failover.png")
                                                : QStringLiteral("logs-light-failover.png"))));
                }
        }
        QApplication::setPalette(original);

        // The million rows of LogTableModelTest, if it has run: a search in progress, then done.
        const QString big = QCoreApplication::applicationDirPath() + QStringLiteral("/logs-1m");
        if (!QFile::exists(big + QStringLiteral("/switchboard.sqlite")))
            return;
        ui::GatewayHost::Options options;
        options.dataDir = big; // not started: nothing writes to it
        ui::GatewayHost stopped(options);
        ui::LogsPage page(&stopped);
        page.resize(1100, 770);
        page.show();
        QTRY_VERIFY(page.model()->matchingCount() > 0);
        auto* text = page.findChild<QLineEdit*>(QStringLiteral("textFilter"));
        text->setText(QStringLiteral("foxtrot (request 4242"));
        QMetaObject::invokeMethod(text, "returnPressed");
        QCoreApplication::processEvents(); // lays out the indicator that just appeared
        QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("logs-1m-searching.png"))));
        QTRY_VERIFY_WITH_TIMEOUT(!page.model()->isBusy() && page.model()->matchingCount() >= 0,
                                 30'000);
        page.table()->setCurrentIndex(page.model()->index(0, 0));
        QVERIFY(page.grab().save(QDir(dir).filePath(QStringLiteral("logs-1m-found.png"))));
    }
};

QTEST_MAIN(LogsPageTest)
#include "LogsPageTest.moc"

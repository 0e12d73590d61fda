#include "pages/UsagePage.h"
#include "Engine.h"
#include "GatewayHost.h"
#include "dialogs/PriceDialog.h"
#include "governance/LedgerView.h"
#include "governance/Pricing.h"
#include "models/RemainingModel.h"
#include "store/LogWriter.h"
#include "support/TestHost.h"
#include "widgets/ChartCard.h"
#include "widgets/EmptyState.h"
#include "widgets/ErrorLabel.h"
#include "widgets/PricesPanel.h"
#include "widgets/StatTile.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QLineSeries>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <mutex>

using gateway::config::Limits;
using gateway::config::Period;
using gateway::config::Pricing;
using gateway::governance::ScopeUsage;
using gateway::store::LogRecord;

namespace {

constexpr qint64 minute = 60'000;
// A fixed "now" for the log's writer and the page: nothing depends on when the test runs.
constexpr qint64 fixedNowMs = 1'790'000'000'000 - 1'790'000'000'000 % 60'000 + 30'000;

LogRecord record(qint64 timeMs, const QString& tenant, const QString& keyId, const QString& keyName,
                 const QString& model, qint64 tokens, double cost)
{
    static int trace = 0;
    LogRecord r;
    r.timeMs = timeMs;
    r.traceId = QByteArray::number(++trace).rightJustified(32, '0');
    r.endpoint = QStringLiteral("chat.completions");
    r.tenant = tenant;
    r.keyId = keyId;
    r.keyName = keyName;
    r.model = model;
    r.backend = QStringLiteral("mock");
    r.status = 200;
    r.latencyMs = 50;
    r.promptTokens = tokens / 2;
    r.completionTokens = tokens - tokens / 2;
    r.cost = cost;
    return r;
}

// The ledger's read side with a snapshot the test sets.
class FakeLedger : public gateway::governance::LedgerView
{
public:
    std::vector<ScopeUsage> snapshot() const override
    {
        std::lock_guard lock(m_mutex);
        return m_scopes;
    }
    void set(std::vector<ScopeUsage> scopes)
    {
        std::lock_guard lock(m_mutex);
        m_scopes = std::move(scopes);
    }

private:
    mutable std::mutex m_mutex;
    std::vector<ScopeUsage> m_scopes;
};

ScopeUsage budgetScope(ScopeUsage::Kind kind, const QString& name, double limitUsd, double spentUsd,
                       qint64 endsMs)
{
    ScopeUsage s;
    s.kind = kind;
    s.name = name;
    s.limits.budgetNanos = gateway::config::usdToNanos(limitUsd);
    s.limits.budgetPeriod = Period::Day;
    s.limits.alertAtPercent = 80;
    s.spentNanos = gateway::config::usdToNanos(spentUsd);
    s.budgetPeriodEndsMs = endsMs;
    return s;
}

QStringList seriesNames(const ui::ChartCard* card)
{
    QStringList names;
    for (const QLineSeries* s : card->series())
        names << s->name();
    names.sort();
    return names;
}

double seriesSum(const ui::ChartCard* card, const QString& name)
{
    for (const QLineSeries* s : card->series()) {
        if (s->name() != name)
            continue;
        double sum = 0;
        for (const QPointF& p : s->points())
            sum += p.y();
        return sum;
    }
    return -1;
}

QString cell(const QAbstractItemModel* model, int row, int column)
{
    return model->index(row, column).data().toString();
}

} // namespace

class UsagePageTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_config; // the console's QSettings, away from the user's

private slots:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void chartsGroupTheRollupsByTenantKeyAndModel()
    {
        QTemporaryDir dir;
        {
            gateway::store::LogWriter::Options options;
            options.clock = [] { return fixedNowMs; };
            gateway::store::LogWriter writer(options);
            QVERIFY(writer.start(dir.path()).ok());
            for (int m = 1; m <= 5; ++m) {
                const qint64 t = fixedNowMs - m * minute;
                writer.push(record(t, QStringLiteral("acme"), QStringLiteral("key_a"),
                                   QStringLiteral("ci"), QStringLiteral("mock-fast"), 100, 0.25));
                writer.push(record(t, QStringLiteral("globex"), QStringLiteral("key_g"),
                                   QStringLiteral("web"), QStringLiteral("mock-smart"), 40, 0.5));
                writer.push(record(t, QStringLiteral("acme"), QStringLiteral("key_b"),
                                   QStringLiteral("bot"), QStringLiteral("mock-smart"), 10, 0.05));
            }
            writer.flush();
            writer.stop();
        }
        ui::GatewayHost host(testHostOptions(dir.path())); // not started: the log is enough
        ui::UsagePage page(&host);
        page.setClock([] { return fixedNowMs; });
        page.resize(1100, 800);
        QSignalSpy updated(&page, &ui::UsagePage::updated);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.setRange(ui::UsagePage::Range::OneHour);

        page.setGroupBy(ui::UsageSeries::GroupBy::Tenant);
        QTRY_COMPARE(page.lastResult().groupBy, ui::UsageSeries::GroupBy::Tenant);
        QTRY_VERIFY(!page.lastResult().groups.isEmpty());
        QVERIFY(!page.isShowingEmptyState());
        QCOMPARE(seriesNames(page.spendChart()),
                 (QStringList{QStringLiteral("acme"), QStringLiteral("globex")}));
        QCOMPARE(seriesNames(page.tokensChart()), seriesNames(page.spendChart()));
        QVERIFY(qAbs(seriesSum(page.spendChart(), QStringLiteral("acme")) - 1.5) < 1e-9);
        QVERIFY(qAbs(seriesSum(page.spendChart(), QStringLiteral("globex")) - 2.5) < 1e-9);
        QCOMPARE(seriesSum(page.tokensChart(), QStringLiteral("acme")), 550.0);
        QCOMPARE(seriesSum(page.tokensChart(), QStringLiteral("globex")), 200.0);
        QCOMPARE(page.findChild<ui::StatTile*>(QStringLiteral("spendTile"))->value(),
                 QStringLiteral("$4.00"));
        QCOMPARE(page.findChild<ui::StatTile*>(QStringLiteral("tokensTile"))->value(),
                 QStringLiteral("750"));
        QCOMPARE(page.findChild<ui::StatTile*>(QStringLiteral("requestsTile"))->value(),
                 QStringLiteral("15"));
        // The totals: globex spent most.
        QTableWidget* totals = page.totalsTable();
        QCOMPARE(totals->rowCount(), 2);
        QCOMPARE(totals->item(0, 0)->text(), QStringLiteral("globex"));
        QCOMPARE(totals->item(0, 1)->text(), QStringLiteral("5"));
        QCOMPARE(totals->item(0, 4)->text(), QStringLiteral("$2.50"));
        QCOMPARE(totals->item(1, 0)->text(), QStringLiteral("acme"));

        // By key: the keys by their names, from the log.
        page.setGroupBy(ui::UsageSeries::GroupBy::Key);
        QTRY_COMPARE(page.lastResult().groupBy, ui::UsageSeries::GroupBy::Key);
        QCOMPARE(seriesNames(page.spendChart()),
                 (QStringList{QStringLiteral("bot"), QStringLiteral("ci"), QStringLiteral("web")}));
        QVERIFY(qAbs(seriesSum(page.spendChart(), QStringLiteral("ci")) - 1.25) < 1e-9);
        QVERIFY(qAbs(seriesSum(page.spendChart(), QStringLiteral("bot")) - 0.25) < 1e-9);
        QCOMPARE(seriesSum(page.tokensChart(), QStringLiteral("bot")), 50.0);
        QCOMPARE(totals->rowCount(), 3);
        QCOMPARE(totals->item(2, 0)->text(), QStringLiteral("bot"));
        QCOMPARE(totals->item(2, 4)->text(), QStringLiteral("$0.25"));

        // By model.
        page.setGroupBy(ui::UsageSeries::GroupBy::Model);
        QTRY_COMPARE(page.lastResult().groupBy, ui::UsageSeries::GroupBy::Model);
        QCOMPARE(seriesNames(page.spendChart()),
                 (QStringList{QStringLiteral("mock-fast"), QStringLiteral("mock-smart")}));
        QVERIFY(qAbs(seriesSum(page.spendChart(), QStringLiteral("mock-smart")) - 2.75) < 1e-9);
        QCOMPARE(seriesSum(page.tokensChart(), QStringLiteral("mock-smart")), 250.0);

        // A range without use shows why the charts are empty.
        page.setClock([] { return fixedNowMs + 30 * 24 * 60 * minute; });
        page.setRange(ui::UsagePage::Range::OneDay);
        QTRY_VERIFY(page.isShowingEmptyState());
        QCOMPARE(page.findChild<ui::EmptyState*>(QStringLiteral("usageEmpty"))->title(),
                 QStringLiteral("No requests in the last 24 hours"));
    }

    void manyGroupsShareAnOtherLine()
    {
        QTemporaryDir dir;
        {
            gateway::store::LogWriter::Options options;
            options.clock = [] { return fixedNowMs; };
            gateway::store::LogWriter writer(options);
            QVERIFY(writer.start(dir.path()).ok());
            // Twelve tenants; tenant-N spends N dollars.
            for (int n = 1; n <= 12; ++n)
                writer.push(record(fixedNowMs - minute, QStringLiteral("tenant-%1").arg(n),
                                   QString(), QString(), QStringLiteral("m"), 10, n));
            writer.flush();
            writer.stop();
        }
        ui::GatewayHost host(testHostOptions(dir.path()));
        ui::UsagePage page(&host);
        page.setClock([] { return fixedNowMs; });
        page.setGroupBy(ui::UsageSeries::GroupBy::Tenant);
        page.setRange(ui::UsagePage::Range::OneHour);
        page.show();
        QTRY_COMPARE(page.lastResult().groups.size(), 12);
        QTRY_COMPARE(page.spendChart()->series().size(), ui::UsagePage::maxChartedGroups + 1);
        // The eight largest have their own line; tenants 1 to 4 make "Other" ($10).
        QCOMPARE(seriesSum(page.spendChart(), QStringLiteral("tenant-12")), 12.0);
        QCOMPARE(seriesSum(page.spendChart(), QStringLiteral("tenant-4")), -1.0);
        QCOMPARE(seriesSum(page.spendChart(), QStringLiteral("Other")), 10.0);
        QCOMPARE(page.totalsTable()->rowCount(), 12); // the totals list every one
    }

    void whatRemainsComesFromTheLedgerEverySecond()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        ui::UsagePage page(&host);
        page.resize(1100, 700);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        page.showTab(ui::UsagePage::RemainingTab);
        // Without a ledger (the gateway stopped): an explanation instead of the table.
        QVERIFY(page.findChild<ui::EmptyState*>(QStringLiteral("remainingEmpty"))->isVisible());

        const qint64 ends = QDateTime(QDate(2026, 3, 11), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        FakeLedger ledger;
        ScopeUsage quota;
        quota.kind = ScopeUsage::Kind::Key;
        quota.name = QStringLiteral("ci");
        quota.keyId = QStringLiteral("key_1");
        quota.limits.tokenQuota = 10'000;
        quota.limits.quotaPeriod = Period::Month;
        quota.quotaTokensUsed = 2'500;
        quota.quotaPeriodEndsMs = ends;
        ScopeUsage rateOnly; // a limit per minute only: nothing "remains" of it
        rateOnly.kind = ScopeUsage::Kind::Key;
        rateOnly.name = QStringLiteral("rate-only");
        rateOnly.limits.rpm = 100;
        ScopeUsage total =
            budgetScope(ScopeUsage::Kind::Model, QStringLiteral("mock-smart"), 10, 10, 0);
        total.limits.budgetPeriod = Period::Total;
        ledger.set({quota, rateOnly, total,
                    budgetScope(ScopeUsage::Kind::Tenant, QStringLiteral("acme"), 1.0, 0.85, ends),
                    budgetScope(ScopeUsage::Kind::Key, QStringLiteral("bot"), 5.0, 1.0, ends)});
        QSignalSpy remaining(&page, &ui::UsagePage::remainingUpdated);
        page.setLedger(&ledger);
        QTableView* view = page.remainingTable();
        QVERIFY(view->isVisible());
        const QAbstractItemModel* model = view->model();
        // Tenants, keys, models; a key's budget before its quota.
        QCOMPARE(model->rowCount(), 4);
        using M = ui::RemainingModel;
        QCOMPARE(cell(model, 0, M::KindColumn), QStringLiteral("Tenant"));
        QCOMPARE(cell(model, 0, M::NameColumn), QStringLiteral("acme"));
        QCOMPARE(cell(model, 0, M::LimitColumn), QStringLiteral("Budget"));
        QCOMPARE(cell(model, 0, M::UsedColumn), QStringLiteral("$0.85"));
        QCOMPARE(cell(model, 0, M::MaximumColumn), QStringLiteral("$1.00"));
        QCOMPARE(cell(model, 0, M::RemainingColumn), QStringLiteral("$0.15"));
        QCOMPARE(cell(model, 0, M::PeriodColumn), QStringLiteral("per day"));
        QCOMPARE(cell(model, 0, M::ResetsAtColumn),
                 QLocale().toString(QDateTime::fromMSecsSinceEpoch(ends), QLocale::ShortFormat));
        QCOMPARE(cell(model, 1, M::NameColumn), QStringLiteral("bot"));
        QCOMPARE(cell(model, 2, M::NameColumn), QStringLiteral("ci"));
        QCOMPARE(cell(model, 2, M::LimitColumn), QStringLiteral("Token quota"));
        QCOMPARE(cell(model, 2, M::UsedColumn), QStringLiteral("2,500"));
        QCOMPARE(cell(model, 2, M::RemainingColumn), QStringLiteral("7,500"));
        QCOMPARE(cell(model, 2, M::PeriodColumn), QStringLiteral("per month"));
        QCOMPARE(cell(model, 2, M::UseColumn), QStringLiteral("25 %"));
        QCOMPARE(cell(model, 3, M::KindColumn), QStringLiteral("Model"));
        QCOMPARE(cell(model, 3, M::ResetsAtColumn), QStringLiteral("never"));
        QCOMPARE(cell(model, 3, M::RemainingColumn), QStringLiteral("$0.00"));

        // Levels and colours: acme past 80 % (warning), mock-smart at its limit (error).
        auto level = [model](int row) {
            return M::Level(model->index(row, M::UseColumn).data(M::LevelRole).toInt());
        };
        QCOMPARE(level(0), M::Level::Soft);
        QCOMPARE(level(1), M::Level::Normal);
        QCOMPARE(level(2), M::Level::Normal);
        QCOMPARE(level(3), M::Level::Hard);
        const QColor base = view->palette().color(QPalette::Base);
        QCOMPARE(model->index(3, M::UsedColumn).data(Qt::ForegroundRole).value<QColor>(),
                 ui::ErrorLabel::colorOn(base));
        const QColor warning =
            model->index(0, M::UsedColumn).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(warning.isValid());
        QVERIFY(warning != ui::ErrorLabel::colorOn(base));
        QVERIFY(!model->index(1, M::UsedColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(model->index(3, M::UseColumn)
                    .data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(QStringLiteral("limit reached")));

        // A second later the table shows the ledger as it is then, in place.
        view->selectRow(1);
        std::vector<ScopeUsage> later = ledger.snapshot();
        later[4].spentNanos = gateway::config::usdToNanos(4.5); // bot: 90 %
        ledger.set(later);
        remaining.clear();
        QVERIFY(remaining.wait(3000));
        QCOMPARE(cell(model, 1, M::UsedColumn), QStringLiteral("$4.50"));
        QCOMPARE(level(1), M::Level::Soft);
        QCOMPARE(view->selectionModel()->selectedRows().value(0).row(), 1);
        // Only while the tab is shown.
        page.showTab(ui::UsagePage::PricesTab);
        remaining.clear();
        QTest::qWait(1500);
        QCOMPARE(remaining.count(), 0);
        page.setLedger(nullptr);
    }

    void editingAPriceAppliesItAndTheNextRequestCostsThat()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY2(host.start().ok(), qPrintable(host.lastError()));
        ui::UsagePage page(&host);
        page.show();
        page.showTab(ui::UsagePage::PricesTab);
        ui::PricesPanel* prices = page.prices();
        QTableWidget* aliases = prices->aliases();
        int row = -1;
        for (int r = 0; r < aliases->rowCount(); ++r)
            if (aliases->item(r, ui::PricesPanel::AliasColumn)->text() ==
                QStringLiteral("mock-fast"))
                row = r;
        QVERIFY(row >= 0);
        QVERIFY(!host.config().model(QStringLiteral("mock-fast"))->pricing);
        auto* reset = prices->findChild<QPushButton*>(QStringLiteral("resetPrices"));
        aliases->selectRow(row);
        QVERIFY(!reset->isEnabled()); // nothing to reset

        // Enter on the row opens the dialog; the user types prices and applies.
        bool edited = false;
        QTimer::singleShot(0, this, [&edited] {
            auto* dialog = qobject_cast<ui::PriceDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->field(0)->setText(QStringLiteral("2.5"));
            dialog->field(1)->setText(QStringLiteral("10"));
            dialog->field(2)->setText(QStringLiteral("1.25"));
            dialog->field(3)->clear();
            dialog->field(4)->clear();
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            edited = !dialog->isVisible();
        });
        aliases->setFocus();
        QTest::keyClick(aliases, Qt::Key_Return);
        QVERIFY(edited);
        const auto* alias = host.config().model(QStringLiteral("mock-fast"));
        QVERIFY(alias->pricing);
        Pricing expected;
        expected.inputPer1M = 2.5;
        expected.outputPer1M = 10;
        expected.cachedInputPer1M = 1.25;
        QCOMPARE(*alias->pricing, expected);
        // In the document (and so in the saved file): models[].pricing, without the unset ones.
        QJsonObject saved;
        for (const QJsonValue& m : host.configDocument().value(QStringLiteral("models")).toArray())
            if (m.toObject().value(QStringLiteral("alias")).toString() ==
                QStringLiteral("mock-fast"))
                saved = m.toObject().value(QStringLiteral("pricing")).toObject();
        QCOMPARE(saved, (QJsonObject{{QStringLiteral("inputPer1M"), 2.5},
                                     {QStringLiteral("outputPer1M"), 10},
                                     {QStringLiteral("cachedInputPer1M"), 1.25}}));
        QFile file(host.configPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("\"cachedInputPer1M\""));
        // The table shows the override.
        QCOMPARE(aliases->item(row, ui::PricesPanel::SourceColumn)->text(),
                 QStringLiteral("Override"));
        QCOMPARE(aliases->item(row, ui::PricesPanel::InputColumn)->text(), QStringLiteral("2.50"));
        QCOMPARE(aliases->item(row, ui::PricesPanel::CacheWriteColumn)->text(),
                 QStringLiteral("as input"));

        // The engine's next request costs that.
        QNetworkAccessManager network;
        network.setProxy(QNetworkProxy::NoProxy);
        QNetworkRequest request(QUrl(host.baseUrl() + QStringLiteral("/chat/completions")));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply* reply = network.post(
            request,
            QByteArray(R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})"));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10'000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        // The row is written a little after the answer (the writer's flush interval).
        qint64 prompt = -1, completion = -1, cacheRead = 0, cacheWrite = 0, reasoning = 0;
        double cost = -1;
        auto readRow = [&] {
            host.engine()->logWriter()->flush();
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            db.setDatabaseName(dir.filePath(QStringLiteral("switchboard.sqlite")));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (!db.open())
                return false;
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT prompt_tokens, completion_tokens, cache_read_tokens,"
                                       " cache_write_tokens, reasoning_tokens, cost FROM requests"
                                       " WHERE model = 'mock-fast' ORDER BY id DESC LIMIT 1")) ||
                !q.next())
                return false;
            prompt = q.value(0).toLongLong();
            completion = q.value(1).toLongLong();
            cacheRead = q.value(2).toLongLong();
            cacheWrite = q.value(3).toLongLong();
            reasoning = q.value(4).toLongLong();
            cost = q.value(5).toDouble();
            return true;
        };
        bool found = false;
        for (int i = 0; i < 100 && !found; ++i) {
            found = readRow();
            QSqlDatabase::removeDatabase(QStringLiteral("check"));
            if (!found)
                QTest::qWait(50);
        }
        QVERIFY(found);
        QVERIFY(prompt > 0 && completion > 0);
        gateway::api::Usage usage;
        usage.promptTokens = prompt;
        usage.completionTokens = completion;
        usage.cacheReadTokens = cacheRead;
        usage.cacheWriteTokens = cacheWrite;
        usage.reasoningTokens = reasoning;
        const double wanted =
            gateway::config::nanosToUsd(gateway::governance::costOf(expected, usage));
        QVERIFY(wanted > 0);
        QVERIFY2(qAbs(cost - wanted) < 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(cost).arg(wanted)));

        // Reset removes the override from the config and from the document.
        aliases->selectRow(row);
        QVERIFY(reset->isEnabled());
        reset->click();
        QVERIFY(!host.config().model(QStringLiteral("mock-fast"))->pricing);
        for (const QJsonValue& m : host.configDocument().value(QStringLiteral("models")).toArray())
            QVERIFY(!m.toObject().contains(QStringLiteral("pricing")));
        QVERIFY(aliases->item(row, ui::PricesPanel::SourceColumn)->text() !=
                QStringLiteral("Override"));
        QVERIFY(!reset->isEnabled());
    }

    void aPriceThatIsNoNumberIsRefusedInPlainWords()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        QVERIFY2(host.start().ok(), qPrintable(host.lastError()));
        int applied = 0;
        ui::PriceDialog dialog(QStringLiteral("mock-fast"), QStringLiteral("mock-fast"),
                               std::nullopt, [&applied](const Pricing&) {
                                   ++applied;
                                   return QString();
                               });
        dialog.show();
        dialog.field(0)->setText(QStringLiteral("cheap"));
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(applied, 0);
        QVERIFY(dialog.isVisible());
        auto* error = dialog.findChild<ui::ErrorLabel*>(QStringLiteral("priceError"));
        QVERIFY(error->isVisible());
        QVERIFY(error->text().contains(QStringLiteral("“cheap” is not a price")));
        dialog.field(0)->setText(QStringLiteral("-1"));
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(applied, 0);
        dialog.field(0)->setText(QStringLiteral("3"));
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(applied, 1);
        QVERIFY(!dialog.isVisible());
    }

    void theShippedTableIsListedAndSearchable()
    {
        QTemporaryDir dir;
        ui::GatewayHost host(testHostOptions(dir.path()));
        ui::PricesPanel panel(&host);
        QTableView* table = panel.shippedTable();
        const auto& entries = gateway::governance::PriceTable::shipped().entries();
        QVERIFY(!entries.isEmpty());
        QCOMPARE(table->model()->rowCount(), int(entries.size()));
        const QString some = entries.cbegin().key();
        panel.search()->setText(some.toUpper());
        QVERIFY(table->model()->rowCount() >= 1);
        QVERIFY(table->model()->rowCount() < int(entries.size()) || entries.size() == 1);
        for (int r = 0; r < table->model()->rowCount(); ++r)
            QVERIFY(cell(table->model(), r, 0).contains(some, Qt::CaseInsensitive));
        QCOMPARE(table->editTriggers(), QAbstractItemView::NoEditTriggers);
    }
};

QTEST_MAIN(UsagePageTest)
#include "UsagePageTest.moc"

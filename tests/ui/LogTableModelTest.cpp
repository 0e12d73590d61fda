// The Logs page's model against a generated log of 1,000,000 rows (and small ones where every
// row is read): paging, each filter with its exact count, sorting, live rows, and the query
// plans of everything the GUI thread runs.
#include "models/LogTableModel.h"
#include "models/LogExporter.h"
#include "models/LogFilter.h"
#include "store/Database.h"
#include "support/GenerateLog.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using ui::LogColumn;
using ui::LogFilter;
using ui::LogTableModel;

namespace {

constexpr int bigTimeoutMs = 60'000;

// Counts the generated rows for which `match` holds.
qint64 expectedCount(const testlog::Spec& spec,
                     const std::function<bool(const testlog::Row&, qint64)>& match)
{
    qint64 n = 0;
    for (qint64 i = 0; i < spec.rows; ++i)
        n += match(testlog::rowAt(spec, i), i) ? 1 : 0;
    return n;
}

// Reads every page (waiting for the worker where it has one); returns the row count.
int fetchAll(LogTableModel& model)
{
    for (;;) {
        if (model.isBusy() && !QTest::qWaitFor([&] { return !model.isBusy(); }, bigTimeoutMs))
            return -1;
        if (!model.canFetchMore(QModelIndex()))
            return model.rowCount();
        model.fetchMore(QModelIndex());
    }
}

qint64 waitForCount(LogTableModel& model)
{
    (void)QTest::qWaitFor([&] { return model.matchingCount() >= 0; }, bigTimeoutMs);
    return model.matchingCount();
}

QString plan(QSqlDatabase db, const ui::SqlQueryText& query)
{
    QSqlQuery q(db);
    if (!q.prepare(QStringLiteral("EXPLAIN QUERY PLAN ") + query.sql))
        return QStringLiteral("cannot prepare: ") + query.sql;
    for (const QVariant& b : query.binds)
        q.addBindValue(b);
    if (!q.exec())
        return QStringLiteral("cannot run: ") + query.sql;
    QStringList lines;
    while (q.next())
        lines << q.value(3).toString();
    return lines.join(QStringLiteral(" | "));
}

} // namespace

class LogTableModelTest : public QObject
{
    Q_OBJECT
private:
    testlog::Spec m_big; // 1,000,000 rows, bodies on every 10th
    QString m_bigDir;
    testlog::Spec m_small; // 2,000 rows a minute apart, bodies on every other row
    QTemporaryDir m_smallDir;

    qint64 now(const testlog::Spec& spec) const { return spec.endMs + 1; }

    // The row with this id as the model reads it.
    ui::LogRow rowOf(qint64 id)
    {
        auto model = bigModel();
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->rowAt(r).id == id)
                return model->rowAt(r);
        return ui::LogRow();
    }

    // guiBudgetMs: the model's own default is what checkFilter() times; the other tests assert
    // that indexed pages are read at once, so a busy machine must not send them to the worker.
    std::unique_ptr<LogTableModel> bigModel(int guiBudgetMs = 2000)
    {
        auto model = std::make_unique<LogTableModel>(m_bigDir);
        model->setGuiBudgetMs(guiBudgetMs);
        model->setLiveUpdates(false);
        const qint64 fixed = now(m_big);
        model->setClock([fixed] { return fixed; });
        return model;
    }

    // Applies a filter on the 1M log, checks the count and the first page, prints the timings.
    void checkFilter(const char* label, LogFilter filter,
                     const std::function<bool(const testlog::Row&, qint64)>& match)
    {
        auto model = bigModel(LogTableModel::defaultGuiBudgetMs);
        QElapsedTimer timer;
        timer.start();
        model->setFilter(filter);
        const double firstPageMs = double(timer.nsecsElapsed()) / 1e6;
        const bool wentToWorker = model->isBusy();
        QVERIFY(QTest::qWaitFor([&] { return !model->isBusy(); }, bigTimeoutMs));
        const double pageMs = double(timer.nsecsElapsed()) / 1e6;
        const qint64 counted = waitForCount(*model);
        const qint64 countMs = timer.elapsed();
        const qint64 expected = expectedCount(m_big, match);
        qInfo("filter %-26s %7lld rows: first page %7.2f ms %-12s count %5lld ms", label,
              qlonglong(expected), wentToWorker ? pageMs : firstPageMs,
              wentToWorker ? "(worker)," : "(GUI thread),", qlonglong(countMs));
        QCOMPARE(counted, expected);
        QCOMPARE(model->rowCount(), int(qMin<qint64>(expected, model->batchSize())));
        for (int r = 0; r < model->rowCount(); ++r) {
            const ui::LogRow& row = model->rowAt(r);
            QVERIFY2(match(testlog::rowAt(m_big, row.id - 1), row.id - 1),
                     qPrintable(QString::number(row.id)));
            if (r > 0)
                QVERIFY(row.timeMs <= model->rowAt(r - 1).timeMs);
        }
    }

private slots:
    void initTestCase()
    {
        m_bigDir = QCoreApplication::applicationDirPath() + QStringLiteral("/logs-1m");
        QElapsedTimer timer;
        timer.start();
        QString error;
        bool reused = false;
        QVERIFY2(testlog::ensure(m_bigDir, m_big, &error, &reused), qPrintable(error));
        qInfo("1M-row log in %s: %s in %lld ms", qPrintable(m_bigDir),
              reused ? "reused" : "generated", qlonglong(timer.elapsed()));

        m_small.rows = 2000;
        m_small.stepMs = 60'000;
        m_small.bodiesEvery = 2;
        QVERIFY2(testlog::write(m_smallDir.path(), m_small, 0, m_small.rows, &error),
                 qPrintable(error));
    }

    void firstBatchThenPages()
    {
        auto model = bigModel();
        // One batch after construction, read on the GUI thread.
        QCOMPARE(model->rowCount(), model->batchSize());
        QVERIFY(model->canFetchMore(QModelIndex()));
        QCOMPARE(model->rowAt(0).id, m_big.rows); // newest first
        model->fetchMore(QModelIndex());
        QCOMPARE(model->rowCount(), 2 * model->batchSize());
        model->fetchMore(QModelIndex());
        QCOMPARE(model->rowCount(), 3 * model->batchSize());
        // Keyset paging neither skips nor repeats: the ids run down one by one across pages.
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->rowAt(r).id, m_big.rows - r);
        QCOMPARE(waitForCount(*model), m_big.rows);
        QCOMPARE(model->columnCount(), int(LogColumn::Count));
        QCOMPARE(model->index(0, int(LogColumn::Model)).data().toString(),
                 QString::fromLatin1(testlog::rowAt(m_big, m_big.rows - 1).model));
        QCOMPARE(model->index(0, int(LogColumn::TraceId)).data().toString(),
                 QString::fromLatin1(testlog::traceId(m_big.rows - 1)));
        QCOMPARE(model->index(0, 0).data(LogTableModel::RowIdRole).toLongLong(), m_big.rows);
    }

    void smallFilterEndsFetching()
    {
        auto model = bigModel();
        LogFilter filter;
        filter.range = LogFilter::TimeRange::Last15Minutes;
        filter.status = 504;
        model->setFilter(filter);
        const qint64 expected = expectedCount(m_big, [&](const testlog::Row& r, qint64) {
            return r.status == 504 && r.tsMs >= now(m_big) - 15 * 60'000;
        });
        QVERIFY(expected > 0 && expected < model->batchSize());
        QCOMPARE(model->rowCount(), int(expected));
        QVERIFY(!model->canFetchMore(QModelIndex()));
    }

    void timeRanges()
    {
        const struct
        {
            const char* label;
            LogFilter::TimeRange range;
        } ranges[] = {
            {"last 15 min", LogFilter::TimeRange::Last15Minutes},
            {"last 1 h", LogFilter::TimeRange::LastHour},
            {"last 24 h", LogFilter::TimeRange::Last24Hours},
            {"last 7 days", LogFilter::TimeRange::Last7Days},
            {"all", LogFilter::TimeRange::All},
        };
        for (const auto& r : ranges) {
            LogFilter filter;
            filter.range = r.range;
            const qint64 since = now(m_big) - LogFilter::rangeMs(r.range);
            checkFilter(r.label, filter, [&](const testlog::Row& row, qint64) {
                return r.range == LogFilter::TimeRange::All || row.tsMs >= since;
            });
        }
        // All 1 h rows can be paged through to the end.
        auto model = bigModel();
        LogFilter filter;
        filter.range = LogFilter::TimeRange::LastHour;
        model->setFilter(filter);
        const qint64 expected = expectedCount(m_big, [&](const testlog::Row& row, qint64) {
            return row.tsMs >= now(m_big) - 3'600'000;
        });
        QCOMPARE(fetchAll(*model), int(expected));
        QVERIFY(!model->canFetchMore(QModelIndex()));
    }

    void statusFilters()
    {
        for (int statusClass : {2, 4, 5}) {
            LogFilter filter;
            filter.statusClass = statusClass;
            checkFilter(
                qPrintable(QStringLiteral("status %1xx").arg(statusClass)), filter,
                [&](const testlog::Row& r, qint64) { return r.status / 100 == statusClass; });
        }
        for (int status : {404, 504}) {
            LogFilter filter;
            filter.status = status;
            filter.statusClass = 2; // an exact status wins over the class
            checkFilter(qPrintable(QStringLiteral("status %1").arg(status)), filter,
                        [&](const testlog::Row& r, qint64) { return r.status == status; });
        }
    }

    void modelAndBackendFilters()
    {
        {
            LogFilter filter;
            filter.model = QStringLiteral("llama3-8b");
            checkFilter("model llama3-8b", filter, [](const testlog::Row& r, qint64) {
                return qstrcmp(r.model, "llama3-8b") == 0;
            });
        }
        {
            LogFilter filter;
            filter.backend = QStringLiteral("azure-openai");
            checkFilter("backend azure-openai", filter, [](const testlog::Row& r, qint64) {
                return r.backend && qstrcmp(r.backend, "azure-openai") == 0;
            });
        }
        {
            LogFilter filter;
            filter.model = QStringLiteral("gpt-4o-mini");
            filter.backend = QStringLiteral("azure-openai");
            filter.statusClass = 5;
            filter.range = LogFilter::TimeRange::Last24Hours;
            checkFilter("model+backend+5xx+24 h", filter, [&](const testlog::Row& r, qint64) {
                return qstrcmp(r.model, "gpt-4o-mini") == 0 && r.backend &&
                       qstrcmp(r.backend, "azure-openai") == 0 && r.status / 100 == 5 &&
                       r.tsMs >= now(m_big) - 24 * 3'600'000;
            });
        }
    }

    void combinationWithNoRowsMovesToTheWorker()
    {
        // llama3-8b is only ever served by ollama: the page walks every llama3-8b row of the
        // index and finds none. With no time allowed on the GUI thread the worker finishes it.
        LogFilter filter;
        filter.model = QStringLiteral("llama3-8b");
        filter.backend = QStringLiteral("openai");
        auto model = bigModel();
        model->setGuiBudgetMs(0);
        QSignalSpy busy(model.get(), &LogTableModel::busyChanged);
        QElapsedTimer timer;
        timer.start();
        model->setFilter(filter);
        QVERIFY(model->isBusy());
        QVERIFY(!model->canFetchMore(QModelIndex())); // nothing to ask for while it runs
        QTRY_VERIFY_WITH_TIMEOUT(!model->isBusy(), bigTimeoutMs);
        qInfo("filter %-26s %7d rows: first page %7lld ms (worker, GUI budget 0)",
              "model+backend, no match", 0, qlonglong(timer.elapsed()));
        QCOMPARE(busy.count(), 2);
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!model->canFetchMore(QModelIndex()));
        QCOMPARE(waitForCount(*model), 0);
    }

    void freeTextOnSmallLog()
    {
        const struct
        {
            QString text;
            bool inRequest;
        } searches[] = {
            {QStringLiteral("bravo"), true},
            {QStringLiteral("NOVEMBER"), false}, // LIKE ignores ASCII case
        };
        for (const auto& s : searches) {
            LogTableModel model(m_smallDir.path());
            model.setLiveUpdates(false);
            model.setBatchSize(100);
            LogFilter filter;
            filter.text = s.text;
            model.setFilter(filter);
            QVERIFY(model.isBusy()); // searched on the worker
            const QByteArray word = s.text.toLower().toLatin1();
            const qint64 expected = expectedCount(m_small, [&](const testlog::Row& r, qint64) {
                return r.hasBodies &&
                       qstrcmp(s.inRequest ? r.word : r.answerWord, word.constData()) == 0;
            });
            QVERIFY(expected > model.batchSize());
            QCOMPARE(fetchAll(model), int(expected));
            QCOMPARE(waitForCount(model), expected);
            QSet<qint64> ids;
            for (int r = 0; r < model.rowCount(); ++r)
                ids.insert(model.rowAt(r).id);
            QCOMPARE(ids.size(), int(expected));
        }
        // Wildcards in the text are literal; no match ends the fetching.
        LogTableModel model(m_smallDir.path());
        model.setLiveUpdates(false);
        LogFilter filter;
        filter.text = QStringLiteral("al%ha");
        model.setFilter(filter);
        QCOMPARE(fetchAll(model), 0);
        QVERIFY(!model.canFetchMore(QModelIndex()));
        // Text and a model together.
        filter.text = QStringLiteral("golf");
        filter.model = QStringLiteral("gpt-4o");
        model.setFilter(filter);
        QCOMPARE(fetchAll(model), int(expectedCount(m_small, [](const testlog::Row& r, qint64) {
                     return r.hasBodies && qstrcmp(r.word, "golf") == 0 &&
                            qstrcmp(r.model, "gpt-4o") == 0;
                 })));
    }

    void freeTextOnBigLogIsTimed()
    {
        LogFilter filter;
        filter.text = QStringLiteral("foxtrot (request 99");
        checkFilter("text in 100k bodies", filter, [&](const testlog::Row& r, qint64 i) {
            return r.hasBodies && qstrcmp(r.word, "foxtrot") == 0 &&
                   QByteArray::number(i).startsWith("99");
        });
    }

    void newFilterCancelsSearch()
    {
        auto model = bigModel();
        LogFilter search;
        search.text = QStringLiteral("no body holds this");
        model->setFilter(search);
        QVERIFY(model->isBusy());
        LogFilter next;
        next.model = QStringLiteral("mistral-small");
        model->setFilter(next);
        QVERIFY(!model->isBusy()); // indexed: read at once
        QCOMPARE(model->rowCount(), model->batchSize());
        // Nothing of the old search turns up later. The worker runs its tasks in order and
        // the count of the new filter was queued after the search: once the count is in, any
        // answer of the search has been delivered (and dropped) before it. No sleep needed.
        QTRY_VERIFY_WITH_TIMEOUT(model->matchingCount() >= 0, bigTimeoutMs);
        QCOMPARE(model->rowCount(), model->batchSize());
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->rowAt(r).model, QStringLiteral("mistral-small"));
    }

    void sortsOnBigLog()
    {
        qint64 maxLatencyId = 0;
        double maxLatency = -1;
        for (qint64 i = 0; i < m_big.rows; ++i) {
            const double l = testlog::rowAt(m_big, i).latencyMs;
            if (l > maxLatency || (l == maxLatency && i + 1 > maxLatencyId)) {
                maxLatency = l;
                maxLatencyId = i + 1;
            }
        }
        auto model = bigModel();
        QElapsedTimer timer;
        timer.start();
        model->sort(int(LogColumn::Latency), Qt::DescendingOrder);
        QVERIFY(model->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!model->isBusy(), bigTimeoutMs);
        qInfo("sort   %-26s %7lld rows: first page %7lld ms (worker)", "latency desc",
              qlonglong(m_big.rows), qlonglong(timer.elapsed()));
        QCOMPARE(model->rowAt(0).id, maxLatencyId);
        model->fetchMore(QModelIndex());
        QTRY_VERIFY_WITH_TIMEOUT(!model->isBusy(), bigTimeoutMs);
        QCOMPARE(model->rowCount(), 2 * model->batchSize());
        for (int r = 1; r < model->rowCount(); ++r) {
            const ui::LogRow& a = model->rowAt(r - 1);
            const ui::LogRow& b = model->rowAt(r);
            QVERIFY(a.latencyMs > b.latencyMs || (a.latencyMs == b.latencyMs && a.id > b.id));
        }
        // Oldest first is indexed again.
        model->sort(int(LogColumn::Time), Qt::AscendingOrder);
        QVERIFY(!model->isBusy());
        QCOMPARE(model->rowAt(0).id, 1);
        QCOMPARE(model->rowAt(model->batchSize() - 1).id, model->batchSize());
    }

    void sortsEveryColumnOnSmallLog_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        for (int c = 0; c < int(LogColumn::Count); ++c) {
            if (!LogFilter::isSortable(LogColumn(c)))
                continue; // the prompt; sort() leaves the order as it was
            QTest::addRow("column %d asc", c) << c << int(Qt::AscendingOrder);
            QTest::addRow("column %d desc", c) << c << int(Qt::DescendingOrder);
        }
    }

    void sortsEveryColumnOnSmallLog()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        LogTableModel model(m_smallDir.path());
        model.setLiveUpdates(false);
        model.setBatchSize(70); // many pages, and many equal keys across page ends
        model.sort(column, Qt::SortOrder(order));
        QCOMPARE(fetchAll(model), int(m_small.rows));
        QSet<qint64> ids;
        for (int r = 0; r < model.rowCount(); ++r) {
            ids.insert(model.rowAt(r).id);
            if (r == 0)
                continue;
            const QVariant a = LogFilter::sortKey(model.rowAt(r - 1), LogColumn(column));
            const QVariant b = LogFilter::sortKey(model.rowAt(r), LogColumn(column));
            const auto cmp = QVariant::compare(a, b);
            const bool idOrder = order == Qt::AscendingOrder
                                     ? model.rowAt(r - 1).id < model.rowAt(r).id
                                     : model.rowAt(r - 1).id > model.rowAt(r).id;
            const bool sorted = order == Qt::AscendingOrder
                                    ? (cmp == QPartialOrdering::Less ||
                                       (cmp == QPartialOrdering::Equivalent && idOrder))
                                    : (cmp == QPartialOrdering::Greater ||
                                       (cmp == QPartialOrdering::Equivalent && idOrder));
            QVERIFY2(
                sorted,
                qPrintable(
                    QStringLiteral("row %1: %2 then %3").arg(r).arg(a.toString(), b.toString())));
        }
        QCOMPARE(ids.size(), int(m_small.rows));
    }

    void liveRowsAppearAtTheTop()
    {
        QTemporaryDir dir;
        testlog::Spec spec = m_small;
        spec.rows = 3000; // rows 2000.. arrive later
        QString error;
        QVERIFY(testlog::write(dir.path(), spec, 0, 2000, &error));
        LogTableModel model(dir.path());
        model.setLiveUpdates(false); // polled by hand below
        model.setLiveUpdates(true);
        QCOMPARE(model.rowCount(), model.batchSize());
        QCOMPARE(waitForCount(model), 2000);
        QSignalSpy arrived(&model, &LogTableModel::rowsArrived);

        QVERIFY(testlog::write(dir.path(), spec, 2000, 5, &error));
        QTRY_COMPARE(model.rowCount(), model.batchSize() + 5); // within a poll interval
        QCOMPARE(arrived.count(), 1);
        QCOMPARE(arrived.at(0).at(0).toInt(), 5);
        QCOMPARE(model.rowAt(0).id, 2005);
        QCOMPARE(model.rowAt(5).id, 2000);
        QCOMPARE(model.matchingCount(), 2005);

        // Filtered: only the matching new rows come in.
        LogFilter filter;
        filter.model = QStringLiteral("claude-sonnet");
        model.setFilter(filter);
        const int before = model.rowCount();
        QVERIFY(testlog::write(dir.path(), spec, 2005, 20, &error));
        model.pollNewRows();
        int matching = 0;
        for (qint64 i = 2005; i < 2025; ++i)
            matching += qstrcmp(testlog::rowAt(spec, i).model, "claude-sonnet") == 0 ? 1 : 0;
        QVERIFY(matching > 0);
        QCOMPARE(model.rowCount(), before + matching);
        QCOMPARE(model.rowAt(0).model, QStringLiteral("claude-sonnet"));

        // Oldest first: no live rows (they belong at the end, past what is fetched).
        model.sort(int(LogColumn::Time), Qt::AscendingOrder);
        QVERIFY(!model.isFollowing());
        const int sorted = model.rowCount();
        QVERIFY(testlog::write(dir.path(), spec, 2025, 20, &error));
        model.pollNewRows();
        QCOMPARE(model.rowCount(), sorted);
    }

    void trimKeepsPagingExact()
    {
        auto model = bigModel();
        model->fetchMore(QModelIndex());
        model->trimTo(100);
        QCOMPARE(model->rowCount(), 100);
        QVERIFY(model->canFetchMore(QModelIndex()));
        model->fetchMore(QModelIndex());
        QCOMPARE(model->rowCount(), 100 + model->batchSize());
        for (int r = 0; r < model->rowCount(); ++r)
            QCOMPARE(model->rowAt(r).id, m_big.rows - r);
    }

    void bodiesOfARow()
    {
        LogTableModel model(m_smallDir.path());
        model.setLiveUpdates(false);
        const std::optional<ui::LogBodies> captured = model.bodies(1); // row 0: even, captured
        QVERIFY(captured.has_value());
        QCOMPARE(captured->requestBody, testlog::requestBody(m_small, 0));
        QCOMPARE(captured->responseBody, testlog::responseBody(m_small, 0));
        QVERIFY(captured->requestHeaders.contains("authorization: ***"));
        QVERIFY(!model.bodies(2).has_value()); // row 1: odd, not captured
    }

    void exportStreamsAndCancels()
    {
        QTemporaryDir out;
        ui::LogExporter exporter;
        QSignalSpy finished(&exporter, &ui::LogExporter::finished);
        QSignalSpy progress(&exporter, &ui::LogExporter::progress);
        LogFilter lastHour;
        lastHour.range = LogFilter::TimeRange::LastHour;
        const qint64 expected = expectedCount(
            m_big, [&](const testlog::Row& r, qint64) { return r.tsMs >= now(m_big) - 3'600'000; });
        const QString path = out.filePath(QStringLiteral("hour.csv"));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(exporter.start(m_bigDir, lastHour, now(m_big), path, ui::LogExporter::Format::Csv));
        QVERIFY(
            !exporter.start(m_bigDir, lastHour, now(m_big), path, ui::LogExporter::Format::Csv));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, bigTimeoutMs);
        qInfo("export %-26s %7lld rows: %lld ms", "CSV, last 1 h", qlonglong(expected),
              qlonglong(timer.elapsed()));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(finished.at(0).at(2).toLongLong(), expected);
        QCOMPARE(progress.last().at(0).toLongLong(), expected);
        QCOMPARE(progress.last().at(1).toLongLong(), expected);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(),
                 expected + 2); // the header and the empty rest after the last newline
        QVERIFY(
            lines.at(1).startsWith(QByteArray::number(m_big.rows) + ",2026-01-01T00:00:00.000Z,"));
        QCOMPARE(lines.at(1), ui::LogExporter::csvLine(rowOf(m_big.rows)).chopped(1));

        // All million rows, canceled once it is under way: no file is left behind.
        const QString all = out.filePath(QStringLiteral("all.jsonl"));
        progress.clear();
        QVERIFY(exporter.start(m_bigDir, LogFilter(), now(m_big), all,
                               ui::LogExporter::Format::JsonLines));
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last().at(0).toLongLong() > 0,
                                 bigTimeoutMs);
        exporter.cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, bigTimeoutMs);
        QVERIFY(!finished.at(1).at(0).toBool());
        QVERIFY(finished.at(1).at(1).toString().isEmpty()); // canceled, not failed
        QVERIFY(finished.at(1).at(2).toLongLong() < m_big.rows);
        QVERIFY(!QFile::exists(all));
    }

    // The console reads the log read-only and cannot migrate it: a log of an older schema
    // (before the gateway of this version started) says so instead of failing query by query.
    void aLogOfAnOlderSchemaSaysSo()
    {
        QTemporaryDir dir;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            db.setDatabaseName(dir.filePath(gateway::store::Database::fileName()));
            QVERIFY(db.open());
            QVERIFY(
                gateway::store::Database::migrate(db, gateway::store::Database::schemaVersion - 1)
                    .ok());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        LogTableModel model(dir.path());
        QVERIFY(!model.isOpen());
        QVERIFY2(model.lastError().contains(QStringLiteral("older version")),
                 qPrintable(model.lastError()));
        // Once the gateway has upgraded it, the model opens it.
        {
            auto db = gateway::store::Database::open(dir.path(), QStringLiteral("upgrade"));
            QVERIFY(db.ok());
        }
        gateway::store::Database::close(QStringLiteral("upgrade"));
        model.pollNewRows();
        QVERIFY(model.isOpen());
        QVERIFY(model.lastError().isEmpty());
    }

    void filterSqlIsBound()
    {
        QCOMPARE(LogFilter::likePattern(QStringLiteral("50%_a\\b")),
                 QStringLiteral("%50\\%\\_a\\\\b%"));
        LogFilter filter;
        // The console's own replays are left out unless asked for (a literal: nothing to bind).
        QCOMPARE(filter.where(0).sql, QStringLiteral("source <> 'replay'"));
        QVERIFY(!filter.isFiltering());
        filter.includeReplay = true;
        QCOMPARE(filter.where(0).sql, QStringLiteral("1"));
        QVERIFY(!filter.isFiltering());
        filter.model = QStringLiteral("m'; DROP TABLE requests; --");
        filter.statusClass = 4;
        const ui::SqlQueryText where = filter.where(1000);
        QVERIFY(!where.sql.contains(QStringLiteral("DROP"))); // values are bound, never spliced
        QCOMPARE(where.binds, QVariantList({filter.model, 400, 500}));
    }

    void guiThreadQueriesUseAnIndex()
    {
        const QString name = QStringLiteral("plan-check");
        checkPlans(name);
        gateway::store::Database::close(name);
    }

private:
    void checkPlans(const QString& name)
    {
        auto db = gateway::store::Database::open(m_bigDir, name, true);
        QVERIFY(db.ok());
        QList<LogFilter> filters;
        LogFilter f;
        filters << f;
        f.range = LogFilter::TimeRange::Last24Hours;
        filters << f;
        f.statusClass = 5;
        filters << f;
        f.backend = QStringLiteral("openai");
        filters << f;
        f.model = QStringLiteral("gpt-4o");
        filters << f;
        f = LogFilter();
        f.status = 429;
        f.range = LogFilter::TimeRange::Last7Days;
        filters << f;
        f.sortOrder = Qt::AscendingOrder;
        filters << f;
        f = LogFilter();
        f.model = QStringLiteral("gpt-4o");
        f.sortOrder = Qt::AscendingOrder;
        filters << f;
        const qint64 t = now(m_big);
        for (const LogFilter& filter : filters) {
            QVERIFY(filter.indexedOnGuiThread());
            const ui::LogCursor cursor{t - 1000, 999'000};
            for (const ui::SqlQueryText& q : {filter.pageQuery(t, m_big.rows, {}, 256),
                                              filter.pageQuery(t, m_big.rows, cursor, 256)}) {
                const QString p = plan(db.value(), q);
                QVERIFY2(p.contains(QStringLiteral("USING INDEX ") + filter.drivingIndex()) &&
                             !p.contains(QStringLiteral("TEMP B-TREE")),
                         qPrintable(p + QStringLiteral("\n") + q.sql));
            }
            const QString live =
                plan(db.value(), filter.newRowsQuery(t, m_big.rows - 10, m_big.rows));
            QVERIFY2(live.contains(QStringLiteral("INTEGER PRIMARY KEY (rowid>? AND rowid<?)")) &&
                         !live.contains(QStringLiteral("TEMP B-TREE")),
                     qPrintable(live));
        }
        // The newest id, the bodies of a row and the values of the model and status combos.
        const QString maxId =
            plan(db.value(), {QStringLiteral("SELECT IFNULL(MAX(id), 0) FROM requests"), {}});
        QVERIFY2(maxId.contains(QStringLiteral("SEARCH")) ||
                     maxId.contains(QStringLiteral("PRIMARY KEY")) ||
                     maxId.contains(QStringLiteral("INDEX")),
                 qPrintable(maxId));
        const QString bodies = plan(
            db.value(),
            {QStringLiteral("SELECT request_body FROM request_bodies WHERE request_id = ?"), {1}});
        QVERIFY2(bodies.contains(QStringLiteral("INTEGER PRIMARY KEY")), qPrintable(bodies));
    }
};

QTEST_MAIN(LogTableModelTest)
#include "LogTableModelTest.moc"

#include "models/UsageSeries.h"
#include "store/LogWriter.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using gateway::store::LogRecord;
using gateway::store::LogWriter;
using ui::UsageSeries;

namespace {

constexpr qint64 minute = 60'000;
constexpr qint64 day = 24 * 60 * minute;

LogRecord record(qint64 timeMs, const QString& tenant, const QString& keyId, const QString& keyName,
                 const QString& model, qint64 prompt, qint64 completion, double cost)
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
    r.latencyMs = 100;
    r.promptTokens = prompt;
    r.completionTokens = completion;
    r.cost = cost;
    return r;
}

const UsageSeries::Group* groupOf(const UsageSeries::Result& result, const QString& id)
{
    for (const UsageSeries::Group& g : result.groups)
        if (g.id == id)
            return &g;
    return nullptr;
}

bool near(double a, double b)
{
    return qAbs(a - b) < 1e-9;
}

} // namespace

// Spend and tokens by tenant, key and model, from a real request log written by the engine's
// log writer (store::LogWriter, whose rollups the page reads).
class UsageSeriesTest : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    qint64 m_now = 0;
    const QString acme = QStringLiteral("acme");
    const QString globex = QStringLiteral("globex");
    const QString fast = QStringLiteral("mock-fast");
    const QString smart = QStringLiteral("mock-smart");
    const QString ciKey = QStringLiteral("key_00000000000000c1");
    const QString botKey = QStringLiteral("key_00000000000000b0");
    const QString webKey = QStringLiteral("key_0000000000000we6");

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_now = QDateTime(QDate(2026, 3, 10), QTime(14, 27, 30), Qt::UTC).toMSecsSinceEpoch();
        LogWriter::Options options;
        options.clock = [now = m_now] { return now; };
        LogWriter writer(options);
        QVERIFY(writer.start(m_dir.path()).ok());
        // The last ten minutes, each minute: acme's ci key on mock-fast ($0.01, 30 tokens),
        // acme's bot key on mock-smart ($0.05, 100 tokens), globex's web key on mock-fast
        // ($0.02, 60 tokens), and one request without a key (open mode: no tenant, no cost).
        for (int m = 1; m <= 10; ++m) {
            const qint64 t = m_now - m * minute + 1000;
            writer.push(record(t, acme, ciKey, QStringLiteral("ci"), fast, 10, 20, 0.01));
            writer.push(record(t, acme, botKey, QStringLiteral("bot"), smart, 40, 60, 0.05));
            writer.push(record(t, globex, webKey, QStringLiteral("web"), fast, 20, 40, 0.02));
            writer.push(record(t, QString(), QString(), QString(), smart, 5, 5, 0));
        }
        // Three days ago: globex spent $1 on mock-smart, outside a day, inside a week.
        writer.push(
            record(m_now - 3 * day, globex, webKey, QStringLiteral("web"), smart, 1000, 1000, 1.0));
        writer.flush();
        writer.stop();
    }

    void byTenant()
    {
        const auto r = UsageSeries::query(m_dir.path(), m_now, 60 * minute,
                                          UsageSeries::GroupBy::Tenant, {}, 300, 0);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.bucketMs, minute);
        QCOMPARE(r.groups.size(), 3);
        // The largest spend first: acme ($0.60), globex ($0.20), none ($0).
        QCOMPARE(r.groups.at(0).id, acme);
        QCOMPARE(r.groups.at(1).id, globex);
        QCOMPARE(r.groups.at(2).id, QString());
        QVERIFY(near(r.groups.at(0).totalCostUsd, 0.6));
        QVERIFY(near(r.groups.at(1).totalCostUsd, 0.2));
        QCOMPARE(r.groups.at(0).requests, quint64(20));
        QCOMPARE(r.groups.at(0).promptTokens, quint64(500));
        QCOMPARE(r.groups.at(0).completionTokens, quint64(800));
        QCOMPARE(r.groups.at(2).totalTokens(), quint64(100));
        QVERIFY(near(r.totalCostUsd(), 0.8));
        QCOMPARE(r.totalRequests(), quint64(40));
        // Per bucket: ten minutes with acme's $0.06 and 130 tokens each, the rest empty.
        const UsageSeries::Group& a = r.groups.at(0);
        QCOMPARE(a.costUsd.size(), r.timesMs.size());
        int busy = 0;
        for (qsizetype i = 0; i < r.timesMs.size(); ++i) {
            if (a.tokens.at(i) == 0) {
                QCOMPARE(a.costUsd.at(i), 0.0);
                continue;
            }
            ++busy;
            QCOMPARE(a.tokens.at(i), quint64(130));
            QVERIFY(near(a.costUsd.at(i), 0.06));
        }
        QCOMPARE(busy, 10);
    }

    void byKeyNamesTheKeysFromTheLog()
    {
        const auto r = UsageSeries::query(m_dir.path(), m_now, 60 * minute,
                                          UsageSeries::GroupBy::Key, {}, 300, 0);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.groups.size(), 4);
        QCOMPARE(r.groups.at(0).id, botKey);
        QCOMPARE(r.groups.at(1).id, webKey);
        QCOMPARE(r.groups.at(2).id, ciKey);
        QVERIFY(near(r.groups.at(0).totalCostUsd, 0.5));
        QVERIFY(near(r.groups.at(1).totalCostUsd, 0.2));
        QVERIFY(near(r.groups.at(2).totalCostUsd, 0.1));
        QCOMPARE(r.keyNames.value(ciKey), QStringLiteral("ci"));
        QCOMPARE(r.keyNames.value(botKey), QStringLiteral("bot"));
        QCOMPARE(r.keyNames.value(webKey), QStringLiteral("web"));
        QVERIFY(!r.keyNames.contains(QString()));
        // A name the caller knows already (the ledger's, after a rename) is taken as it is.
        const auto known =
            UsageSeries::query(m_dir.path(), m_now, 60 * minute, UsageSeries::GroupBy::Key,
                               {{ciKey, QStringLiteral("ci-renamed")}}, 300, 0);
        QCOMPARE(known.keyNames.value(ciKey), QStringLiteral("ci-renamed"));
        QCOMPARE(known.keyNames.value(botKey), QStringLiteral("bot"));
    }

    void byModelOverAWeek()
    {
        const auto r = UsageSeries::query(m_dir.path(), m_now, 7 * day, UsageSeries::GroupBy::Model,
                                          {}, 300, 0);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.bucketMs, 60 * minute);
        QVERIFY(r.timesMs.size() <= 300);
        QCOMPARE(r.groups.size(), 2);
        // mock-smart: $0.50 of the last minutes and the $1 of three days ago.
        QCOMPARE(r.groups.at(0).id, smart);
        QVERIFY(near(r.groups.at(0).totalCostUsd, 1.5));
        QCOMPARE(r.groups.at(0).totalTokens(), quint64(100 * 10 + 10 * 10 + 2000));
        QCOMPARE(r.groups.at(1).id, fast);
        QVERIFY(near(r.groups.at(1).totalCostUsd, 0.3));
        QCOMPARE(r.groups.at(1).totalTokens(), quint64(900));
        // The day range leaves the old row out.
        const auto dayResult =
            UsageSeries::query(m_dir.path(), m_now, day, UsageSeries::GroupBy::Model, {}, 300, 0);
        QVERIFY(near(groupOf(dayResult, smart)->totalCostUsd, 0.5));
    }

    void noLogIsNoUsageAndNoError()
    {
        QTemporaryDir empty;
        const auto r = UsageSeries::query(empty.path(), m_now, day, UsageSeries::GroupBy::Tenant);
        QVERIFY(r.error.isEmpty());
        QVERIFY(r.groups.isEmpty());
        QVERIFY(!r.timesMs.isEmpty());
    }

    void loadRunsOffTheGuiThread()
    {
        UsageSeries series;
        QSignalSpy loaded(&series, &UsageSeries::loaded);
        series.load(m_dir.path(), m_now, 60 * minute, UsageSeries::GroupBy::Tenant);
        // A second request while the first runs replaces it: only its answer comes.
        series.load(m_dir.path(), m_now, 60 * minute, UsageSeries::GroupBy::Model);
        QVERIFY(loaded.wait(10'000));
        QTest::qWait(50);
        QCOMPARE(loaded.count(), 1);
        const auto r = loaded.at(0).at(0).value<UsageSeries::Result>();
        QCOMPARE(r.groupBy, UsageSeries::GroupBy::Model);
        QCOMPARE(r.groups.size(), 2);
    }
};

QTEST_GUILESS_MAIN(UsageSeriesTest)
#include "UsageSeriesTest.moc"

// Schema 9: the key's name in the request log and the tenant in the rollups (issue 12).
#include "store/Database.h"
#include "store/LogQuery.h"
#include "store/LogStore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gateway::store;

namespace {
constexpr qint64 minuteMs = 1'700'000'040'000 - 1'700'000'040'000 % 60'000;

LogRecord row(const char* keyName, const char* tenant, double cost, int i)
{
    LogRecord r;
    r.timeMs = minuteMs + i;
    r.traceId = QByteArray::number(i).rightJustified(32, '0');
    r.endpoint = QStringLiteral("chat.completions");
    r.model = QStringLiteral("m");
    r.backend = QStringLiteral("b");
    r.status = 200;
    r.latencyMs = 5;
    r.promptTokens = 10;
    r.completionTokens = 5;
    r.keyName = QString::fromUtf8(keyName);
    r.keyId = r.keyName.isEmpty() ? QString() : QStringLiteral("id-") + r.keyName;
    r.tenant = QString::fromUtf8(tenant);
    r.cost = cost;
    return r;
}

QList<QList<QVariant>> rows(const QString& dir, const QString& sql)
{
    QList<QList<QVariant>> out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("g"));
        db.setDatabaseName(dir + QStringLiteral("/switchboard.sqlite"));
        EXPECT_TRUE(db.open());
        QSqlQuery q(db);
        EXPECT_TRUE(q.exec(sql)) << qPrintable(q.lastError().text());
        while (q.next()) {
            QList<QVariant> r;
            for (int i = 0; i < q.record().count(); ++i)
                r << q.value(i);
            out << r;
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("g"));
    return out;
}
} // namespace

TEST(GovernanceColumns, Schema9UpgradesALogOfSchema8AndKeepsItsRollups)
{
    QTemporaryDir dir;
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v8"));
        db.setDatabaseName(dir.path() + QStringLiteral("/switchboard.sqlite"));
        ASSERT_TRUE(db.open());
        ASSERT_TRUE(Database::migrate(db, 8).ok());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral(
            "INSERT INTO usage_rollups (minute_ms, key_id, model, backend, status_class, "
            "requests, prompt_tokens, completion_tokens, cost, latency_ms_sum, ttft_count, "
            "ttft_ms_sum, l3, source, upstream_errors, fallbacks) VALUES (60000, 'k', 'm', 'b', 2, "
            "3, 30, 15, 0.25, 21, 0, 0, 3, 'api', 1, 0)")))
            << qPrintable(q.lastError().text());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v8"));

    {
        auto opened = Database::open(dir.path(), QStringLiteral("upgrade"));
        ASSERT_TRUE(opened.ok()) << qPrintable(opened.error());
    }
    Database::close(QStringLiteral("upgrade"));
    EXPECT_EQ(rows(dir.path(), QStringLiteral("SELECT MAX(version) FROM schema_version"))[0][0],
              Database::schemaVersion);
    const auto old = rows(dir.path(), QStringLiteral("SELECT key_id, tenant, requests, cost, l3, "
                                                     "upstream_errors, source FROM usage_rollups"));
    ASSERT_EQ(old.size(), 1);
    EXPECT_EQ(old[0], (QList<QVariant>{QStringLiteral("k"), QString(""), 3, 0.25, 3, 1,
                                       QStringLiteral("api")}));

    // Rows of two tenants and keys, and one of an open gateway, in the same minute.
    LogStore store;
    ASSERT_TRUE(store.open(dir.path()).ok());
    const auto written = store.write({row("alice", "acme", 0.01, 1), row("alice", "acme", 0.02, 2),
                                      row("bob", "globex", 0.5, 3), row("", "", 0, 4)});
    EXPECT_EQ(written.written, 4) << qPrintable(written.error);
    store.close();
    // NULL where nothing is known, so that an open gateway's rows hold no empty strings.
    EXPECT_EQ(rows(dir.path(), QStringLiteral("SELECT IFNULL(key_name, 'NULL') || ' ' ||"
                                              " IFNULL(key_id, 'NULL') || ' ' ||"
                                              " IFNULL(tenant, 'NULL') FROM requests ORDER BY id")),
              (QList<QList<QVariant>>{{QStringLiteral("alice id-alice acme")},
                                      {QStringLiteral("alice id-alice acme")},
                                      {QStringLiteral("bob id-bob globex")},
                                      {QStringLiteral("NULL NULL NULL")}}));
    // Spend per minute, tenant, key and model.
    const auto spend = rows(dir.path(), QStringLiteral("SELECT tenant, key_id, requests, cost "
                                                       "FROM usage_rollups WHERE minute_ms = "
                                                       "%1 ORDER BY tenant")
                                            .arg(minuteMs));
    ASSERT_EQ(spend.size(), 3);
    EXPECT_EQ(spend[0], (QList<QVariant>{QString(""), QString(""), 1, 0.0}));
    EXPECT_EQ(spend[1][0], QStringLiteral("acme"));
    EXPECT_EQ(spend[1][2], 2);
    EXPECT_DOUBLE_EQ(spend[1][3].toDouble(), 0.03);
    EXPECT_EQ(spend[2],
              (QList<QVariant>{QStringLiteral("globex"), QStringLiteral("id-bob"), 1, 0.5}));

    // The queries of `switchboard logs query --tenant --key`.
    LogFilter filter;
    filter.tenant = QStringLiteral("acme");
    auto found = LogQuery::run(dir.path(), filter);
    ASSERT_TRUE(found.ok()) << qPrintable(found.error());
    ASSERT_EQ(found->size(), 2);
    EXPECT_EQ(found->at(0).value(QStringLiteral("key_name")), QStringLiteral("alice"));
    filter.tenant.clear();
    filter.keyName = QStringLiteral("bob");
    found = LogQuery::run(dir.path(), filter);
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), 1);
    EXPECT_EQ(found->at(0).value(QStringLiteral("tenant")), QStringLiteral("globex"));
    EXPECT_EQ(found->at(0).value(QStringLiteral("cost")).toDouble(), 0.5);
    filter.tenant = QStringLiteral("acme"); // bob is not acme's
    found = LogQuery::run(dir.path(), filter);
    ASSERT_TRUE(found.ok());
    EXPECT_TRUE(found->isEmpty());
}

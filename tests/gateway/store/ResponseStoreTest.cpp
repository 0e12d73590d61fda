// The stored responses: visible at once, written on the writer, deleted, kept across a
// restart, and bounded by retention (days, rows, bytes) measured on an injected clock.

#include "store/ResponseStore.h"

#include <QTemporaryDir>

#include <sqlite3.h>

#include <gtest/gtest.h>

#include <memory>

using gateway::store::ResponseStore;
using gateway::store::StoredResponse;

namespace {

constexpr qint64 day = 24 * 3600 * 1000;

class ResponseStoreTest : public ::testing::Test
{
protected:
    std::unique_ptr<ResponseStore> open(bool ownThread = false)
    {
        ResponseStore::Options options;
        options.ownThread = ownThread;
        options.clock = [this] { return now; };
        options.retention.retentionDays = 30;
        options.retention.retentionRows = 0;
        options.retention.maxDbBytes = 0;
        auto store = std::make_unique<ResponseStore>(options);
        const auto started = store->start(dir.path());
        EXPECT_TRUE(started.ok()) << qPrintable(started.error());
        return store;
    }

    static StoredResponse response(const QByteArray& id, qint64 createdMs = 0)
    {
        StoredResponse r;
        r.id = id;
        r.createdMs = createdMs;
        r.response = R"({"id":")" + id + R"(","object":"response","output":[]})";
        r.inputItems = R"([{"type":"message","role":"user","content":"hi"}])";
        return r;
    }

    QTemporaryDir dir;
    qint64 now = 1'800'000'000'000;
};

} // namespace

TEST_F(ResponseStoreTest, APutIsVisibleBeforeItIsWrittenAndAfter)
{
    auto store = open();
    store->put(response("resp_a"));
    EXPECT_EQ(store->written(), 0); // queued, not written
    std::optional<StoredResponse> got = store->get("resp_a");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->response, response("resp_a").response);
    EXPECT_EQ(got->createdMs, now); // stamped by the clock
    store->step();
    EXPECT_EQ(store->written(), 1);
    got = store->get("resp_a");
    ASSERT_TRUE(got);
    EXPECT_EQ(got->inputItems, response("resp_a").inputItems);
    EXPECT_FALSE(store->get("resp_unknown"));
}

TEST_F(ResponseStoreTest, RemoveDeletesAndSaysWhetherThereWasOne)
{
    auto store = open();
    store->put(response("resp_a"));
    store->step();
    EXPECT_TRUE(store->remove("resp_a"));
    EXPECT_FALSE(store->get("resp_a")); // at once, before the writer ran
    store->step();
    EXPECT_FALSE(store->get("resp_a"));
    EXPECT_FALSE(store->remove("resp_a"));
    // A response deleted while its put is still queued is never found either.
    store->put(response("resp_b"));
    EXPECT_TRUE(store->remove("resp_b"));
    store->step();
    EXPECT_FALSE(store->get("resp_b"));
}

TEST_F(ResponseStoreTest, SurvivesARestart)
{
    {
        auto store = open(true); // its own writer thread
        store->put(response("resp_a"));
        store->put(response("resp_b"));
        store->flush();
        EXPECT_EQ(store->written(), 2);
        store->put(response("resp_c")); // written by stop()
        store->stop();
    }
    auto reopened = open();
    EXPECT_TRUE(reopened->get("resp_a"));
    EXPECT_TRUE(reopened->get("resp_b"));
    EXPECT_TRUE(reopened->get("resp_c"));
}

TEST_F(ResponseStoreTest, KeepsWhoseAResponseIsAndReadsASchemaOneFile)
{
    {
        // A file of the first schema, with a response made before owners existed.
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((dir.path() + "/" + ResponseStore::fileName()).toUtf8(), &db),
                  SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(db,
                               "CREATE TABLE responses (id TEXT PRIMARY KEY, created_ms INTEGER "
                               "NOT NULL, response TEXT NOT NULL, input_items TEXT NOT NULL);"
                               "CREATE INDEX responses_created ON responses(created_ms);"
                               "INSERT INTO responses VALUES ('resp_old', 1, '{}', '[]');"
                               "PRAGMA user_version=1",
                               nullptr, nullptr, nullptr),
                  SQLITE_OK);
        sqlite3_close(db);
    }
    auto store = open();
    const auto old = store->get("resp_old");
    ASSERT_TRUE(old);
    EXPECT_EQ(old->owner, QByteArray()); // made while the gateway ran open
    StoredResponse owned = response("resp_owned");
    owned.owner = "team-a";
    store->put(owned);
    store->flush();
    store->stop();
    EXPECT_EQ(open()->get("resp_owned")->owner, QByteArray("team-a"));
}

TEST_F(ResponseStoreTest, RetentionDeletesResponsesOlderThanRetentionDays)
{
    auto store = open();
    store->put(response("resp_old", now - 31 * day));
    store->put(response("resp_recent", now - 29 * day));
    while (store->step()) {
    }
    EXPECT_FALSE(store->get("resp_old"));
    EXPECT_TRUE(store->get("resp_recent"));
}

TEST_F(ResponseStoreTest, RetentionKeepsAtMostRetentionRowsNewestFirst)
{
    auto store = open();
    gateway::config::LoggingConfig retention;
    retention.retentionDays = 0;
    retention.retentionRows = 2;
    retention.maxDbBytes = 0;
    store->setRetention(retention);
    for (int i = 0; i < 5; ++i)
        store->put(response("resp_" + QByteArray::number(i), now - (5 - i) * 1000));
    while (store->step()) {
    }
    EXPECT_FALSE(store->get("resp_0"));
    EXPECT_FALSE(store->get("resp_2"));
    EXPECT_TRUE(store->get("resp_3"));
    EXPECT_TRUE(store->get("resp_4"));
}

TEST_F(ResponseStoreTest, RetentionBoundsTheFileSize)
{
    auto store = open();
    gateway::config::LoggingConfig retention;
    retention.retentionDays = 0;
    retention.retentionRows = 0;
    retention.maxDbBytes = 256 * 1024;
    store->setRetention(retention);
    for (int i = 0; i < 100; ++i) {
        StoredResponse r = response("resp_" + QByteArray::number(i), now - (100 - i) * 1000);
        r.inputItems = "[\"" + QByteArray(16 * 1024, 'x') + "\"]"; // 1.6 MB in all
        store->put(r);
    }
    while (store->step()) {
    }
    EXPECT_FALSE(store->get("resp_0"));
    EXPECT_TRUE(store->get("resp_99"));
}

TEST_F(ResponseStoreTest, AFullQueueDropsAndCounts)
{
    ResponseStore::Options options;
    options.ownThread = false;
    options.maxQueued = 2;
    ResponseStore store(options);
    ASSERT_TRUE(store.start(dir.path()).ok());
    store.put(response("resp_a"));
    store.put(response("resp_b"));
    store.put(response("resp_c"));
    EXPECT_EQ(store.dropped(), 1);
    EXPECT_FALSE(store.get("resp_c"));
}

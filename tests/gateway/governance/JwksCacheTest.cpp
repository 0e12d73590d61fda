// The JWKS cache (governance/JwksCache.h) with a source the test answers by hand and time the
// test sets: refreshes are due when they should be, never two at once, and a kid miss fetches
// at most once per 30 s. No network, no sleep.

#include "governance/JwksCache.h"
#include "JwtTestSupport.h"
#include "config/Governance.h"
#include "state/SharedState.h"

#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <deque>

using namespace gateway::governance;

namespace {

using jwttest::ManualSource;

class JwksCacheTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        JwksCache::Options options;
        options.refreshMs = 3'600'000;
        options.retryMs = 30'000;
        options.missRefreshMs = 30'000;
        cache = std::make_unique<JwksCache>(std::make_unique<ManualSource>(log), options);
    }

    void answer(JwksSource::Fetched fetched)
    {
        ASSERT_FALSE(log->pending.empty());
        JwksSource::Done done = std::move(log->pending.front());
        log->pending.pop_front();
        done(std::move(fetched));
    }
    void answer(const QByteArray& body) { answer(std::optional<QByteArray>(body)); }

    const qint64 t0 = jwttest::nowMs;
    std::shared_ptr<ManualSource::Log> log = std::make_shared<ManualSource::Log>();
    std::unique_ptr<JwksCache> cache;
};

TEST_F(JwksCacheTest, FetchesOnFirstUseAndServesTheSnapshot)
{
    EXPECT_EQ(cache->keys(t0), nullptr);
    EXPECT_EQ(log->fetches, 1);
    EXPECT_EQ(cache->keys(t0 + 10), nullptr); // in flight: no second fetch
    EXPECT_EQ(log->fetches, 1);
    answer(jwttest::issuerJwks());
    const auto keys = cache->keys(t0 + 20);
    ASSERT_NE(keys, nullptr);
    EXPECT_NE(keys->find(QStringLiteral("rsa-1")), nullptr);
    EXPECT_EQ(log->fetches, 1);
    EXPECT_TRUE(cache->lastError().isEmpty());
}

TEST_F(JwksCacheTest, RefreshesAfterTheIntervalAndKeepsTheOldKeysMeanwhile)
{
    cache->keys(t0);
    answer(jwttest::issuerJwks());
    const auto before = cache->keys(t0 + 3'599'999);
    EXPECT_EQ(log->fetches, 1);
    EXPECT_EQ(cache->keys(t0 + 3'600'000), before); // due: fetch started, old keys served
    EXPECT_EQ(log->fetches, 2);
    answer(jwttest::jwks(QJsonArray{jwttest::ecJwk(jwttest::issuerEc(), "ec-2")}));
    const auto after = cache->keys(t0 + 3'600'001);
    EXPECT_NE(after->find(QStringLiteral("ec-2")), nullptr);
    EXPECT_EQ(after->find(QStringLiteral("rsa-1")), nullptr);
    // Readers that took the old snapshot still hold it, whole.
    EXPECT_NE(before->find(QStringLiteral("rsa-1")), nullptr);
}

TEST_F(JwksCacheTest, AFailedFetchKeepsTheKeysAndIsRetriedAfterThirtySeconds)
{
    cache->keys(t0);
    answer(jwttest::issuerJwks());
    cache->keys(t0 + 3'600'000);
    answer(JwksSource::Fetched::failure(QStringLiteral("issuer.example.com answered HTTP 503")));
    EXPECT_EQ(cache->lastError(), QStringLiteral("issuer.example.com answered HTTP 503"));
    ASSERT_NE(cache->keys(t0 + 3'600'001), nullptr);
    cache->keys(t0 + 3'629'999);
    EXPECT_EQ(log->fetches, 2);
    cache->keys(t0 + 3'630'000);
    EXPECT_EQ(log->fetches, 3);
    answer(QByteArray("{\"keys\": 1}")); // a bad document is a failure too, the keys stay
    EXPECT_EQ(cache->lastError(), QStringLiteral("the JWKS has no \"keys\" array"));
    EXPECT_NE(cache->keys(t0 + 3'630'001)->find(QStringLiteral("rsa-1")), nullptr);
}

TEST_F(JwksCacheTest, AKidMissRefreshesAtMostOncePerThirtySeconds)
{
    cache->keys(t0);
    answer(jwttest::issuerJwks());

    // The first miss starts a refresh; misses while it runs join it.
    EXPECT_TRUE(cache->refreshForUnknownKid(t0 + 1'000));
    EXPECT_EQ(log->fetches, 2);
    EXPECT_TRUE(cache->refreshForUnknownKid(t0 + 1'001));
    EXPECT_EQ(log->fetches, 2);
    answer(jwttest::issuerJwks());

    // Further misses within 30 s of it fetch nothing, however many.
    for (qint64 t = t0 + 2'000; t < t0 + 31'000; t += 500)
        EXPECT_FALSE(cache->refreshForUnknownKid(t));
    EXPECT_EQ(log->fetches, 2);

    // 30 s after the last miss-driven refresh, one more.
    EXPECT_TRUE(cache->refreshForUnknownKid(t0 + 31'000));
    EXPECT_EQ(log->fetches, 3);
    answer(jwttest::issuerJwks());
    EXPECT_FALSE(cache->refreshForUnknownKid(t0 + 31'001));
    EXPECT_EQ(log->fetches, 3);
}

TEST_F(JwksCacheTest, NeverRunsTwoFetchesAtOnce)
{
    cache->keys(t0);
    // Everything that could start a fetch, while one is in flight.
    for (qint64 t = t0; t < t0 + 10 * 3'600'000; t += 60'000) {
        cache->keys(t);
        cache->refreshForUnknownKid(t);
    }
    EXPECT_EQ(log->fetches, 1);
    EXPECT_EQ(cache->fetchesStarted(), 1);
}

TEST_F(JwksCacheTest, AnUnchangedSourceKeepsTheKeys)
{
    cache->keys(t0);
    answer(jwttest::issuerJwks());
    cache->keys(t0 + 3'600'000);
    answer(std::optional<QByteArray>()); // unchanged
    ASSERT_NE(cache->keys(t0 + 3'600'001), nullptr);
    EXPECT_TRUE(cache->lastError().isEmpty());
}

TEST(JwksFileSource, ReadsAtOnceAndAgainWhenTheFileChanges)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("jwks.json"));
    auto write = [&](const QByteArray& bytes) {
        QFile file(path + QStringLiteral(".new"));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(bytes);
        file.close();
        // Replaced by rename, as tools do: a new inode, whatever the timestamps' resolution.
        QFile::remove(path);
        ASSERT_TRUE(QFile::rename(path + QStringLiteral(".new"), path));
    };
    write(jwttest::issuerJwks());
    JwksCache::Options options;
    options.refreshMs = 1000;
    JwksCache cache(fileJwksSource(path), options);
    const qint64 t0 = jwttest::nowMs;
    const auto first = cache.keys(t0); // read synchronously: the first request has keys
    ASSERT_NE(first, nullptr) << qPrintable(cache.lastError());
    EXPECT_NE(first->find(QStringLiteral("rsa-1")), nullptr);

    EXPECT_EQ(cache.keys(t0 + 1000), first); // unchanged: the same snapshot
    write(jwttest::jwks(QJsonArray{jwttest::ecJwk(jwttest::issuerEc(), "ec-9")}));
    EXPECT_EQ(cache.keys(t0 + 1500), first); // checked once a second
    const auto second = cache.keys(t0 + 2000);
    ASSERT_NE(second, nullptr);
    EXPECT_NE(second->find(QStringLiteral("ec-9")), nullptr);

    write("{\"keys\": [}");
    EXPECT_EQ(cache.keys(t0 + 3000), second); // a broken edit keeps the last good keys
    EXPECT_TRUE(cache.lastError().startsWith(QLatin1String("the JWKS is not JSON")))
        << qPrintable(cache.lastError());

    write(QByteArray(maxJwksBytes + 1, ' '));
    cache.keys(t0 + 40'000);
    EXPECT_TRUE(cache.lastError().contains(QLatin1String("is larger than 1048576 bytes")))
        << qPrintable(cache.lastError());

    QFile::remove(path);
    cache.keys(t0 + 80'000);
    EXPECT_TRUE(cache.lastError().startsWith(QLatin1String("cannot read")))
        << qPrintable(cache.lastError());
    EXPECT_EQ(cache.keys(t0 + 80'001), second);
}

TEST(SharedJwksCache, OutlivesAReloadThatKeepsTheSourceAndGoesWithTheLastUser)
{
    QTemporaryDir dir;
    gateway::config::JwtConfig jwt;
    jwt.jwksFile = dir.filePath(QStringLiteral("jwks.json"));
    gateway::state::SharedState shared;
    auto running = sharedJwksCache(shared, jwt);
    auto reloaded = sharedJwksCache(shared, jwt); // built while the running config lives
    EXPECT_EQ(running, reloaded);
    gateway::config::JwtConfig other = jwt;
    other.jwksFile = dir.filePath(QStringLiteral("other.json"));
    EXPECT_NE(sharedJwksCache(shared, other), running);

    std::weak_ptr<JwksCache> weak = running;
    running.reset();
    reloaded.reset();
    EXPECT_TRUE(weak.expired()); // no runtime uses it: nothing keeps it (or its fetches) alive
    // Engine's retainSlots after a reload keeps the registry.
    shared.retainSlots([](const QString& key) {
        const qsizetype colon = key.indexOf(QLatin1Char(':'));
        return colon < 0 || key.indexOf(QLatin1Char('/'), colon + 1) < 0;
    });
    EXPECT_EQ(shared.slotCount(), 1);
}

} // namespace

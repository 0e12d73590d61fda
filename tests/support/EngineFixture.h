#pragma once

#include "Engine.h"
#include "config/ConfigLoader.h"
#include "metrics/Metrics.h"
#include "store/LogWriter.h"
#include "support/Eventually.h"

#include <QDeadlineTimer>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>

#include <gtest/gtest.h>

#include <memory>

// Starts an Engine in-process on 127.0.0.1, port 0, with a fresh data dir.
class EngineFixture : public ::testing::Test
{
protected:
    void startEngine(const QByteArray& configJson)
    {
        gateway::config::ConfigLoader loader([](const QString& ref) {
            if (ref == QLatin1String("env:TEST_KEY"))
                return gateway::Result<QByteArray>(QByteArray("sk-test-secret"));
            return gateway::config::resolveSecretFromEnvironment(ref);
        });
        gateway::Result<gateway::config::Config> config = loader.parse(configJson);
        ASSERT_TRUE(config.ok()) << qPrintable(config.error());
        gateway::config::Config c = config.value();
        c.server.host = QStringLiteral("127.0.0.1");
        c.server.port = 0;
        c.server.workers = 2;
        c.server.drainTimeoutMs = drainTimeoutMs;
        engine = std::make_unique<gateway::Engine>();
        const auto started = engine->start(c, dataDir.path());
        ASSERT_TRUE(started.ok()) << qPrintable(started.error());
        port = engine->port();
        ASSERT_NE(port, 0);
    }

    void TearDown() override
    {
        if (engine)
            engine->stop();
    }

    // Waits (bounded) until no request is in flight: a request's completion hooks (its log
    // record, its settlement) run on the worker just after its last byte went out.
    bool waitIdle()
    {
        return eventually(
            [this] { return !engine->isRunning() || engine->metrics()->inFlight().load() == 0; });
    }

    // Runs a scalar SQL query on the engine's request log (after flushing the writer).
    qint64 sql(const QString& query)
    {
        // A client may read its response a moment before the record is queued.
        waitIdle();
        engine->logWriter()->flush();
        qint64 value = -1;
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
            db.setDatabaseName(dataDir.path() + QStringLiteral("/switchboard.sqlite"));
            EXPECT_TRUE(db.open());
            QSqlQuery q(db);
            EXPECT_TRUE(q.exec(query)) << qPrintable(query);
            if (q.next())
                value = q.value(0).toLongLong();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
        return value;
    }

    QTemporaryDir dataDir;
    int drainTimeoutMs = 5000; // server.drainTimeoutMs of the engine startEngine makes
    std::unique_ptr<gateway::Engine> engine;
    quint16 port = 0;
};

// A mock backend whose models answer at once (fast tests), one slow streaming model, and one
// that breaks its streams half way.
inline const QByteArray mockConfig = R"({
  "schemaVersion": 1,
  "logging": { "captureBodies": true },
  "backends": [{ "name": "mock", "type": "mock", "models": [
    { "name": "fast", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 24, "embeddingDimensions": 8 },
    { "name": "slow", "ttftMs": 10, "tokensPerSecond": 40, "outputTokens": 40, "chunkTokens": 1 },
    { "name": "broken", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 10, "failure": { "resetMidStream": true } },
    { "name": "flaky", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 4, "failure": { "status": 503, "rate": 1 } }
  ]}],
  "models": [
    { "alias": "fast", "targets": [{ "backend": "mock", "model": "fast" }] },
    { "alias": "slow", "targets": [{ "backend": "mock", "model": "slow" }] },
    { "alias": "broken", "targets": [{ "backend": "mock", "model": "broken" }] },
    { "alias": "flaky", "targets": [{ "backend": "mock", "model": "flaky" }] },
    { "alias": "flaky-then-fast", "targets": [{ "backend": "mock", "model": "flaky" }, { "backend": "mock", "model": "fast" }] }
  ]
})";

inline const QByteArray chatBody =
    R"({"model":"fast","messages":[{"role":"user","content":"hello gateway"}]})";

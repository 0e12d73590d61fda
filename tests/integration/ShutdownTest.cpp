// Stopping the gateway (issue 9, "Shutdown"): what clients see when its drain deadline cuts
// requests short.

#include "support/EngineFixture.h"
#include "support/TestHttp.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <csignal>
#include <thread>

using namespace testhttp;

namespace {

// A stream that lasts far longer than the drain deadline, and an answer that never comes.
const QByteArray shutdownConfig = R"({
  "schemaVersion": 1,
  "backends": [{ "name": "mock", "type": "mock", "models": [
    { "name": "endless", "ttftMs": 0, "tokensPerSecond": 5, "outputTokens": 10000, "chunkTokens": 1 },
    { "name": "hung", "ttftMs": 600000 }
  ]}],
  "models": [
    { "alias": "endless", "targets": [{ "backend": "mock", "model": "endless" }] },
    { "alias": "hung", "targets": [{ "backend": "mock", "model": "hung" }] }
  ]
})";

QJsonObject json(const QByteArray& bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

class ShutdownTest : public EngineFixture
{
protected:
    void SetUp() override
    {
        drainTimeoutMs = 200; // the deadline cuts the requests below
        startEngine(shutdownConfig);
    }

    // Stops the engine on another thread (Engine::stop blocks until the drain ends).
    void stopInBackground()
    {
        m_stopper = std::thread([this] { engine->stop(); });
    }

    void TearDown() override
    {
        if (m_stopper.joinable())
            m_stopper.join();
        EngineFixture::TearDown();
    }

private:
    std::thread m_stopper;
};

TEST_F(ShutdownTest, AStreamCutByTheDrainDeadlineEndsWithAnErrorEvent)
{
    Connection c(port);
    c.sendRaw(postJson(
        "/v1/chat/completions",
        R"({"model":"endless","stream":true,"messages":[{"role":"user","content":"hi"}]})"));
    // The stream is under way: its first content chunk has arrived.
    ASSERT_TRUE(c.readUntil("\"content\"").contains("\"content\""));
    stopInBackground();
    QByteArray rest;
    ASSERT_TRUE(c.waitClosed(10'000, &rest));
    // The last event is the error, and there is no [DONE]: the client cannot take the cut
    // stream for a complete answer.
    // Raw bytes, chunk sizes included: each event is a line of its own all the same.
    const QList<QByteArray> events = ssePayloads(rest);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_FALSE(rest.contains("[DONE]"));
    const QJsonObject error = json(events.last())["error"].toObject();
    EXPECT_EQ(error["code"].toString(), QStringLiteral("gateway_shutdown")) << rest.constData();
    EXPECT_FALSE(rest.endsWith("0\r\n\r\n")) << "no terminating chunk";
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE stream = 1 AND status = 200 AND "
                  "error_class = 'gateway_shutdown'"),
              1);
}

TEST_F(ShutdownTest, ARequestStillWaitingAtTheDrainDeadlineGetsA503)
{
    Connection c(port);
    c.sendRaw(postJson("/v1/chat/completions",
                       R"({"model":"hung","messages":[{"role":"user","content":"hi"}]})"));
    // The request is in flight once the gateway counts it.
    QDeadlineTimer deadline(10'000);
    while (engine->metrics()->inFlight().load() == 0 && !deadline.hasExpired())
        QThread::yieldCurrentThread();
    ASSERT_EQ(engine->metrics()->inFlight().load(), 1);
    stopInBackground();
    const Response r = c.read();
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_EQ(json(r.body)["error"].toObject()["code"].toString(),
              QStringLiteral("gateway_shutdown"))
        << r.body.constData();
    EXPECT_TRUE(c.waitClosed(5000));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 503 AND "
                  "error_class = 'gateway_shutdown'"),
              1);
}

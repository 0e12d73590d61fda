// Stopping the gateway (issue 9, "Shutdown"): what clients see when it drains and when its
// drain deadline cuts requests short, and a reload signal sent while `serve` starts.

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

namespace {

// Threads of a process (/proc/PID/status); 0 once it is gone.
int threadCount(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression threads(QStringLiteral("\\nThreads:\\s+(\\d+)"));
    return threads.match(QString::fromLatin1(status.readAll())).captured(1).toInt();
}

void startServe(QProcess& serve, const QTemporaryDir& dataDir)
{
    serve.start(QStringLiteral(SWITCHBOARD_BINARY),
                {"serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir.path()});
    ASSERT_TRUE(serve.waitForStarted());
}

} // namespace

// `systemctl reload` right after `systemctl start`: SIGHUP reaches `serve` while it starts its
// engine, before its reload handler exists. It must neither kill the process nor be lost.
TEST(ServeStartupTest, ASighupWhileServeStartsNeitherKillsItNorIsLost)
{
    QTemporaryDir dataDir;
    for (int run = 0; run < 20; ++run) {
        SCOPED_TRACE(run);
        QProcess serve;
        ASSERT_NO_FATAL_FAILURE(startServe(serve, dataDir));
        const qint64 pid = serve.processId();
        // Past the loading of its libraries (no program can guard that): main() runs once the
        // process has a second thread, which it starts before it can handle SIGHUP.
        while (threadCount(pid) == 1)
            QThread::yieldCurrentThread();
        // Then SIGHUP again and again until it listens.
        static const QRegularExpression listening(
            QStringLiteral("listening on http://127.0.0.1:(\\d+)/v1"));
        QByteArray out;
        quint16 port = 0;
        QDeadlineTimer deadline(20'000);
        while (port == 0 && serve.state() == QProcess::Running && !deadline.hasExpired()) {
            ::kill(pid_t(pid), SIGHUP);
            serve.waitForReadyRead(1);
            out += serve.readAllStandardOutput();
            port = quint16(listening.match(QString::fromUtf8(out)).captured(1).toUInt());
        }
        ASSERT_NE(port, 0) << "serve died: exit status " << int(serve.exitStatus()) << " code "
                           << serve.exitCode() << "; said: " << out.constData();
        EXPECT_EQ(get(port, "/healthz").status, 200);
        // The reload asked for during the start happens (once the handler is in place).
        while (!out.contains("reloaded") && serve.state() == QProcess::Running &&
               !deadline.hasExpired()) {
            serve.waitForReadyRead(1000);
            out += serve.readAllStandardOutput();
        }
        EXPECT_TRUE(out.contains("Switchboard: reloaded the config")) << out.constData();
        serve.terminate();
        ASSERT_TRUE(serve.waitForFinished(10'000));
        EXPECT_EQ(serve.exitStatus(), QProcess::NormalExit);
        EXPECT_EQ(serve.exitCode(), 0);
    }
}

// A supervisor or a script that stops `serve` as soon as it says it listens: the SIGTERM must
// drain and exit 0, not kill the process by the default action (its handler used to be
// installed only after that line was printed).
TEST(ServeStartupTest, ASigtermAsSoonAsServeListensDrainsAndExitsZero)
{
    QTemporaryDir dataDir;
    for (int run = 0; run < 20; ++run) {
        SCOPED_TRACE(run);
        QProcess serve;
        ASSERT_NO_FATAL_FAILURE(startServe(serve, dataDir));
        QByteArray out;
        QDeadlineTimer deadline(20'000);
        while (!out.contains("listening on") && serve.state() == QProcess::Running &&
               !deadline.hasExpired()) {
            serve.waitForReadyRead(1);
            out += serve.readAllStandardOutput();
        }
        ASSERT_TRUE(out.contains("listening on")) << out.constData();
        serve.terminate();
        ASSERT_TRUE(serve.waitForFinished(10'000));
        out += serve.readAllStandardOutput();
        EXPECT_EQ(serve.exitStatus(), QProcess::NormalExit);
        EXPECT_EQ(serve.exitCode(), 0);
        EXPECT_TRUE(out.contains("Switchboard: stopped.")) << out.constData();
    }
}

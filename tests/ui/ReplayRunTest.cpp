// One replayed call's response parsing, fed raw bytes (no sockets): SSE split anywhere, usage,
// in-stream errors, cut streams; and the answer text of stored response bodies.
#include "models/ReplayRun.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

using ui::ReplayResult;
using ui::ReplayRun;

namespace {

QByteArray chunk(const QByteArray& content)
{
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
           "\"delta\":{\"content\":\"" +
           content + "\"},\"finish_reason\":null}]}\n\n";
}

const QByteArray usageChunk =
    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
    "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\n";

} // namespace

class ReplayRunTest : public QObject
{
    Q_OBJECT
private slots:
    void theBodyIsStreamedWithUsageAndKeepsTheRest()
    {
        const QJsonObject original{
            {"model", "gpt-4o-mini"},
            {"temperature", 0.2},
            {"max_tokens", 100},
            {"stream", false},
            {"stream_options", QJsonObject{{"include_usage", false}, {"other", 1}}},
            {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "Hi"}}}}};
        const QJsonObject body = ReplayRun::streamingBody(original, "mock/mock-smart");
        QCOMPARE(body.value("model").toString(), QStringLiteral("mock/mock-smart"));
        QCOMPARE(body.value("stream").toBool(), true);
        QCOMPARE(body.value("stream_options").toObject(),
                 (QJsonObject{{"include_usage", true}, {"other", 1}}));
        QCOMPARE(body.value("temperature").toDouble(), 0.2);
        QCOMPARE(body.value("max_tokens").toInt(), 100);
        QCOMPARE(body.value("messages"), original.value("messages"));
    }

    void streamedTextUsageAndTimings()
    {
        ReplayRun run(QStringLiteral("mock-fast"));
        QSignalSpy finished(&run, &ReplayRun::finished);
        const QByteArray stream =
            chunk("The") + chunk(" gateway") + chunk(" routes") +
            "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n" +
            usageChunk + "data: [DONE]\n\n";
        // Split at every 7th byte: events, lines and UTF-8 arrive in pieces.
        for (qsizetype i = 0; i < stream.size(); i += 7)
            run.feed(QByteArrayView(stream).sliced(i, qMin<qsizetype>(7, stream.size() - i)));
        QVERIFY(run.isRunning());
        QCOMPARE(run.result().text, QStringLiteral("The gateway routes"));
        run.endOfStream();
        QCOMPARE(finished.count(), 1);
        const ReplayResult& r = run.result();
        QVERIFY(r.ok());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.promptTokens, qint64(7));
        QCOMPARE(r.completionTokens, qint64(3));
        QVERIFY(r.ttftMs >= 0);
        QVERIFY(r.latencyMs >= r.ttftMs);
    }

    void onlyTheFirstChoiceCounts()
    {
        ReplayRun run(QStringLiteral("t"));
        run.feed("data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"}},"
                 "{\"index\":0,\"delta\":{\"content\":\"A\"}}]}\n\ndata: [DONE]\n\n");
        run.endOfStream();
        QCOMPARE(run.result().text, QStringLiteral("A"));
    }

    void anErrorEventEndsTheAnswer()
    {
        ReplayRun run(QStringLiteral("flaky"));
        run.feed(chunk("Half an"));
        run.feed("data: {\"error\":{\"message\":\"upstream reset the "
                 "stream\",\"type\":\"server_error\"}}\n\n");
        run.endOfStream(); // the gateway cuts the stream: no [DONE]
        QVERIFY(!run.result().ok());
        QCOMPARE(run.result().error, QStringLiteral("upstream reset the stream"));
        QCOMPARE(run.result().text, QStringLiteral("Half an"));
        // No usage came: unknown, not zero.
        QCOMPARE(run.result().completionTokens, qint64(-1));
    }

    void aStreamCutWithoutDoneIsAnError()
    {
        ReplayRun run(QStringLiteral("t"));
        run.feed(chunk("Partial"));
        run.endOfStream();
        QVERIFY(!run.result().ok());
        QVERIFY(run.result().error.contains(QStringLiteral("[DONE]")));
    }

    void abortStops()
    {
        ReplayRun run(QStringLiteral("t"));
        QSignalSpy finished(&run, &ReplayRun::finished);
        run.feed(chunk("a"));
        run.abort();
        run.abort();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(run.result().error, QStringLiteral("Stopped"));
        run.feed(chunk("b")); // ignored once finished
        QCOMPARE(run.result().text, QStringLiteral("a"));
    }

    void storedAnswers()
    {
        QString error;
        QCOMPARE(
            ReplayRun::answerText(
                "{\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                "\"assistant\",\"content\":\"Hello there\"}}],\"usage\":{}}",
                &error),
            QStringLiteral("Hello there"));
        QVERIFY(error.isEmpty());

        const QByteArray sse = chunk("Hel") + chunk("lo") + usageChunk + "data: [DONE]\n\n";
        QCOMPARE(ReplayRun::answerText(sse, &error), QStringLiteral("Hello"));
        QVERIFY(error.isEmpty());

        // Cut at logging.maxBodyBytes: as much text as there is, and a note.
        QCOMPARE(ReplayRun::answerText(sse.left(sse.indexOf("lo") + 5), &error),
                 QStringLiteral("Hel"));
        QVERIFY(error.contains(QStringLiteral("maxBodyBytes")));
        error.clear();
        ReplayRun::answerText("{\"choices\":[{\"message\":{\"content\":\"cut", &error);
        QVERIFY(error.contains(QStringLiteral("maxBodyBytes")));

        QCOMPARE(ReplayRun::answerText("{\"error\":{\"message\":\"model 'x' not found\"}}", &error),
                 QString());
        QCOMPARE(error, QStringLiteral("model 'x' not found"));
        ReplayRun::answerText(QByteArray(), &error);
        QVERIFY(!error.isEmpty());
        ReplayRun::answerText("<html>", &error);
        QVERIFY(!error.isEmpty());
    }

    void resultsRoundTripThroughJson()
    {
        ReplayResult r;
        r.target = QStringLiteral("mock/mock-smart");
        r.text = QStringLiteral("words");
        r.status = 200;
        r.latencyMs = 812.5;
        r.ttftMs = 150;
        r.promptTokens = 12;
        r.completionTokens = 64;
        r.finished = true;
        r.traceId = QStringLiteral("0af7651916cd43dd8448eb211c80319c");
        r.attempts = {{QStringLiteral("mock"), QStringLiteral("down"), 503,
                       QStringLiteral("upstream_5xx"), 1.5},
                      {QStringLiteral("mock"), QStringLiteral("mock-smart"), 200, QString(), 800}};
        const QJsonObject json = r.toJson();
        QCOMPARE(json.keys(),
                 QStringList({"attempts", "completion_tokens", "error", "latency_ms",
                              "prompt_tokens", "status", "target", "text", "trace_id", "ttft_ms"}));
        const ReplayResult back = ReplayResult::fromJson(json);
        QCOMPARE(back.traceId, r.traceId);
        QVERIFY(back.attempts == r.attempts);
        QCOMPARE(back.target, r.target);
        QCOMPARE(back.text, r.text);
        QCOMPARE(back.latencyMs, r.latencyMs);
        QCOMPARE(back.completionTokens, r.completionTokens);
        QVERIFY(back.ok());

        ReplayResult failed;
        failed.target = QStringLiteral("x");
        failed.error = QStringLiteral("refused");
        failed.finished = true;
        const QJsonObject nulls = failed.toJson();
        QVERIFY(nulls.value("ttft_ms").isNull());
        QVERIFY(nulls.value("prompt_tokens").isNull());
        QCOMPARE(ReplayResult::fromJson(nulls).ttftMs, -1.0);
        QCOMPARE(ReplayResult::fromJson(nulls).promptTokens, qint64(-1));
        // Replays saved before the attempts were kept read as none.
        QVERIFY(ReplayResult::fromJson(QJsonObject{{"target", "x"}}).attempts.empty());
    }
};

QTEST_GUILESS_MAIN(ReplayRunTest)
#include "ReplayRunTest.moc"

#pragma once

#include "http/SseDecoder.h"
#include "store/LogRecord.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace ui {

// What one target answered in a replay, as shown in its column and saved in replays.results.
struct ReplayResult
{
    QString target;           // an alias, or "backend/model"
    QString text;             // the answer so far; all of it once finished
    int status = 0;           // HTTP status; 0 until the headers came, or when none came at all
    QString error;            // empty on success: the OpenAI error message, a network error …
    double latencyMs = -1;    // request sent to last byte; -1 while running
    double ttftMs = -1;       // request sent to the first content chunk; -1: no content came
    qint64 promptTokens = -1; // from the stream's usage chunk; -1: none came
    qint64 completionTokens = -1;
    bool finished = false;
    QString traceId; // the gateway's x-request-id: finds the call's row in the request log
    // The upstream calls the gateway made for it, from the request log once it is written:
    // which target answered, and why the ones before it did not. Empty until then.
    std::vector<gateway::store::Attempt> attempts;

    bool ok() const { return finished && status == 200 && error.isEmpty(); }
    // {target, text, status, error, latency_ms, ttft_ms, prompt_tokens, completion_tokens,
    // trace_id, attempts}; unknown numbers are null, attempts as in requests.attempts.
    QJsonObject toJson() const;
    static ReplayResult fromJson(const QJsonObject& object);
};

// One replayed call: POSTs a chat completion to the gateway with "stream": true and usage
// asked for, and reads the server-sent events as they arrive (OpenAI chat.completion.chunk:
// choices[].delta.content, then a usage chunk with empty choices, then [DONE]). updated() is
// emitted as text arrives, finished() once, whatever the outcome.
//
// An error is a value in result().error: the {"error":{"message"}} body of a non-200 answer,
// a data: {"error": …} event in the stream (the gateway's way to report a backend that failed
// mid-stream, after which it cuts the stream without [DONE]), a stream cut without [DONE], a
// network error, or abort().
class ReplayRun : public QObject
{
    Q_OBJECT
public:
    // An answer larger than this is cut off with an error instead of filling the memory; the
    // gateway's own bound (upstream.maxResponseBytes) is larger, so it is hit first here.
    static constexpr qint64 maxResponseBytes = 8 * 1024 * 1024;

    explicit ReplayRun(const QString& target, QObject* parent = nullptr);
    ~ReplayRun() override;

    // The body sent for target: the original request with its model replaced, streamed, and
    // usage asked for (stream_options.include_usage, other stream_options kept).
    static QJsonObject streamingBody(const QJsonObject& original, const QString& target);

    // The answer text of a stored response body (request_bodies.response_body): a
    // chat.completion JSON (choices[0].message.content), or an SSE stream whose events carry
    // choices[0].delta.content (legacy completions: choices[0].text). Sets *error when the
    // body holds an error object, is cut short (logging.maxBodyBytes) or is not a response.
    static QString answerText(const QByteArray& body, QString* error = nullptr);

    // Sends the request to url (the gateway's /chat/completions); the caller marks it as the
    // console's replay (ReplayPage: X-Switchboard-Replay with the engine's console token). Each run
    // has a network manager of its own: QNetworkAccessManager opens at most six connections per
    // host and queues the rest, and time spent in that queue would count as the target's latency.
    void start(QNetworkRequest request, const QJsonObject& originalBody);
    // Cancels the call; finished() follows at once with the error "Stopped".
    void abort();

    // The response parser, public as a seam for tests: the SSE bytes of a 200 answer as they
    // arrive, then the end of the stream. start() feeds them from the network.
    void feed(QByteArrayView bytes);
    void endOfStream();

    const ReplayResult& result() const { return m_result; }
    // The attempts the log recorded for this call (ReplayStore::attempts); emits updated().
    void setAttempts(const std::vector<gateway::store::Attempt>& attempts);
    bool isRunning() const { return !m_result.finished; }

signals:
    void updated();
    void finished();

private:
    void onHeaders();
    void onReadyRead();
    void onFinished();
    void handleEvent(const QByteArray& data);
    void finish(const QString& error);
    void cancelReply();
    double elapsedMs() const;

    ReplayResult m_result;
    QNetworkAccessManager* m_network = nullptr;
    QPointer<QNetworkReply> m_reply;
    QElapsedTimer m_timer;
    gateway::http::SseDecoder m_decoder;
    QByteArray m_body; // a non-streamed answer (an error, or a backend that ignored "stream")
    qint64 m_received = 0;
    bool m_streaming = false; // the answer is text/event-stream
    bool m_done = false;      // data: [DONE] arrived
    bool m_inStreamError = false;
};

} // namespace ui

// Back-pressure end to end: a client slower than its backend holds a bounded amount of the
// gateway's memory, a client that stops reading is closed as client_stalled (never 499), a slow
// reader still gets the whole answer intact, and the process-wide budget refuses new requests
// with 503 over_capacity until the output drains.

#include "providers/mock/MockProvider.h"
#include "support/EngineFixture.h"
#include "support/ScriptedUpstream.h"
#include "support/TestHttp.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

using namespace testhttp;

namespace {

constexpr qint64 pendingBound = 64 * 1024;
constexpr int longTokens = 30'000; // about 5 MB of SSE: far more than the sockets' buffers

QByteArray flowConfig(const QByteArray& limits)
{
    return R"({"schemaVersion": 1,
      "server": {"limits": {"maxPendingWriteBytes": 65536, )" +
           limits + R"(}},
      "backends": [{"name": "mock", "type": "mock", "models": [
        {"name": "long", "ttftMs": 0, "tokensPerSecond": 0, "outputTokens": 30000, "chunkTokens": 1}]}],
      "models": [{"alias": "long", "targets": [{"backend": "mock", "model": "long"}]}]})";
}

const QByteArray streamBody =
    R"({"model":"long","stream":true,"messages":[{"role":"user","content":"flow"}]})";

// A client with a small receive window, so that what it does not read stays in the gateway
// rather than in the kernel (hermetic: the result does not depend on tcp_rmem).
class SlowClient
{
public:
    explicit SlowClient(quint16 port)
    {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        const int window = 4096;
        setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~SlowClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }

    bool send(const QByteArray& bytes)
    {
        return ::send(m_fd, bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL) ==
               ssize_t(bytes.size());
    }

    // Reads in small pieces until the peer closes, `until` has arrived, or timeoutMs passes.
    // Returns false on timeout.
    bool readAll(const QByteArray& until, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        char buffer[1024];
        while (!deadline.hasExpired()) {
            if (!until.isEmpty() && m_in.endsWith(until))
                return true;
            pollfd p{m_fd, POLLIN, 0};
            if (::poll(&p, 1, int(qMax<qint64>(1, deadline.remainingTime()))) <= 0)
                continue;
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                m_closed = true;
                return until.isEmpty();
            }
            m_in.append(buffer, n);
        }
        return false;
    }

    const QByteArray& received() const { return m_in; }
    bool closed() const { return m_closed; }
    bool isOpen() const { return m_fd >= 0; }

private:
    int m_fd = -1;
    QByteArray m_in;
    bool m_closed = false;
};

// The body of a chunked response (the head and the chunk framing removed).
QByteArray dechunk(const QByteArray& response, bool* complete)
{
    *complete = false;
    qsizetype at = response.indexOf("\r\n\r\n");
    if (at < 0)
        return {};
    at += 4;
    QByteArray body;
    while (at < response.size()) {
        const qsizetype eol = response.indexOf("\r\n", at);
        if (eol < 0)
            break;
        bool ok = false;
        const qsizetype size = response.mid(at, eol - at).toLongLong(&ok, 16);
        if (!ok)
            break;
        if (size == 0) {
            *complete = response.mid(eol, 4) == "\r\n\r\n";
            break;
        }
        body += response.mid(eol + 2, size);
        at = eol + 2 + size + 2;
    }
    return body;
}

} // namespace

class FlowControlTest : public EngineFixture
{
protected:
    qint64 metric(const QByteArray& name)
    {
        const Response r = get(port, "/metrics");
        for (const QByteArray& line : r.body.split('\n'))
            if (line.startsWith(name + ' '))
                return line.mid(name.size() + 1).toLongLong();
        return -1;
    }

    // Polls a metric until it reaches `atLeast` (the gateway works on its own threads).
    bool waitForMetric(const QByteArray& name, qint64 atLeast, int timeoutMs = 10'000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (metric(name) < atLeast) {
            if (deadline.hasExpired())
                return false;
            QThread::msleep(10);
        }
        return true;
    }

    bool waitForSql(const QString& query, qint64 atLeast, int timeoutMs = 10'000)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (sql(query) < atLeast) {
            if (deadline.hasExpired())
                return false;
            QThread::msleep(20);
        }
        return true;
    }
};

TEST_F(FlowControlTest, AClientThatStopsReadingHoldsTheBoundThenIsClosedAsStalled)
{
    startEngine(flowConfig(R"("sendTimeoutMs": 300)"));
    SlowClient client(port);
    ASSERT_TRUE(client.isOpen());
    ASSERT_TRUE(client.send(postJson("/v1/chat/completions", streamBody)));

    // The relay stops reading its upstream instead of buffering the answer ...
    ASSERT_TRUE(waitForMetric("switchboard_upstream_read_pauses_total", 1));
    // ... and the client, which reads nothing, is closed after sendTimeoutMs.
    ASSERT_TRUE(waitForMetric("switchboard_client_send_timeouts_total", 1));
    ASSERT_TRUE(waitForSql("SELECT COUNT(*) FROM requests", 1));

    // At most the bound plus one write (one SSE chunk here) was ever pending.
    const qint64 peak = metric("switchboard_pending_output_peak_bytes");
    EXPECT_GT(peak, pendingBound);
    EXPECT_LE(peak, pendingBound + 64 * 1024);
    EXPECT_EQ(metric("switchboard_buffered_response_bytes"), 0);
    EXPECT_EQ(metric("switchboard_output_limit_closes_total"), 0);

    // The row says why, keeps the status the client got and the tokens delivered; never 499.
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 499"), 0);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 200 AND "
                  "error_class = 'client_stalled'"),
              1);
    const qint64 tokens = sql("SELECT completion_tokens FROM requests");
    EXPECT_GT(tokens, 0);
    EXPECT_LT(tokens, longTokens);
}

TEST_F(FlowControlTest, SlowReadersGetTheWholeStreamIntact)
{
    startEngine(flowConfig(R"("sendTimeoutMs": 10000)"));
    constexpr int clients = 3;
    std::vector<std::unique_ptr<SlowClient>> readers;
    for (int i = 0; i < clients; ++i) {
        readers.push_back(std::make_unique<SlowClient>(port));
        ASSERT_TRUE(readers.back()->send(postJson("/v1/chat/completions", streamBody)));
    }
    // Nobody reads until every relay has hit the bound and paused its upstream.
    ASSERT_TRUE(waitForMetric("switchboard_upstream_read_pauses_total", clients));
    // Then they read in small pieces: each pause is resumed, nothing is lost or reordered.
    for (auto& reader : readers)
        ASSERT_TRUE(reader->readAll("0\r\n\r\n", 60'000));

    const QString expected =
        gateway::providers::MockProvider::answerWords("long", "flow\n", longTokens).join(' ');
    for (auto& reader : readers) {
        bool complete = false;
        const QByteArray body = dechunk(reader->received(), &complete);
        ASSERT_TRUE(complete);
        EXPECT_TRUE(body.endsWith("data: [DONE]\n\n"));
        QString text;
        int events = 0;
        for (const QByteArray& payload : ssePayloads(body)) {
            if (payload == "[DONE]")
                continue;
            ++events;
            const QJsonObject chunk = QJsonDocument::fromJson(payload).object();
            ASSERT_FALSE(chunk.isEmpty()) << payload.left(200).constData();
            text += chunk["choices"][0]["delta"]["content"].toString();
        }
        EXPECT_EQ(events, longTokens + 1); // every content chunk, then the finish chunk
        EXPECT_EQ(text, expected);
    }
    EXPECT_LE(metric("switchboard_pending_output_peak_bytes"), pendingBound + 64 * 1024);
    ASSERT_TRUE(waitForSql("SELECT COUNT(*) FROM requests", clients));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 200 AND "
                  "(error_class IS NULL OR error_class = '')"),
              clients);
    EXPECT_EQ(sql("SELECT SUM(completion_tokens) FROM requests"), qint64(clients) * longTokens);
}

TEST_F(FlowControlTest, OverTheBufferBudgetNewRequestsGet503UntilItDrains)
{
    startEngine(flowConfig(R"("sendTimeoutMs": 30000, "maxBufferedResponseBytes": 32768)"));
    SlowClient stalled(port);
    ASSERT_TRUE(stalled.send(postJson("/v1/chat/completions", streamBody)));
    ASSERT_TRUE(waitForMetric("switchboard_buffered_response_bytes", 32768));

    const Response refused = post(port, "/v1/chat/completions",
                                  R"({"model":"long","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(refused.header("retry-after"), "1");
    const QJsonObject error = QJsonDocument::fromJson(refused.body).object()["error"].toObject();
    EXPECT_TRUE(error["message"].toString().contains("over_capacity"));
    EXPECT_EQ(error["type"].toString(), "server_error");
    EXPECT_EQ(metric("switchboard_over_capacity_total"), 1);
    // Reported like any refusal of the HTTP layer: a request id, a counter and a row.
    const QByteArray id = refused.header("x-request-id");
    EXPECT_EQ(id.size(), 32);
    EXPECT_TRUE(
        get(port, "/metrics")
            .body.contains(
                R"(switchboard_http_rejections_total{status="503",reason="over_capacity"} 1)"));

    // The request in flight is not cut: it drains, and then new requests pass again.
    ASSERT_TRUE(stalled.readAll("0\r\n\r\n", 60'000));
    ASSERT_TRUE(waitForSql("SELECT COUNT(*) FROM requests WHERE status = 200", 1));
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 503 AND error_class = "
                  "'over_capacity' AND trace_id = '" +
                  QString::fromLatin1(id) + "'"),
              1);
    QDeadlineTimer deadline(5000);
    while (metric("switchboard_buffered_response_bytes") != 0 && !deadline.hasExpired())
        QThread::msleep(10);
    const Response served = post(port, "/v1/chat/completions",
                                 R"({"model":"long","messages":[{"role":"user","content":"x"}]})");
    EXPECT_EQ(served.status, 200);
}

TEST_F(FlowControlTest, ALargeJsonAnswerIsRelayedWithBackPressureNotBuffered)
{
    // 4 MB of content, with the usage object last, as OpenAI writes it.
    QByteArray answer = R"({"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,)"
                        R"("message":{"role":"assistant","content":")";
    for (int i = 0; i < 4 * 1024 * 1024 / 16; ++i)
        answer += "0123456789abcde ";
    answer += R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,)"
              R"("completion_tokens":262144,"total_tokens":262151}})";
    ScriptedUpstream upstream(ScriptedUpstream::response(200, "application/json", answer));
    startEngine(R"({"schemaVersion": 1,
      "server": {"limits": {"maxPendingWriteBytes": 65536, "sendTimeoutMs": 10000}},
      "backends": [{"name": "up", "type": "openai-compatible",
                    "baseUrl": "http://127.0.0.1:)" +
                QByteArray::number(upstream.port()) + R"(/v1"}],
      "models": [{"alias": "big", "targets": [{"backend": "up", "model": "big"}]}]})");

    SlowClient client(port);
    ASSERT_TRUE(client.send(postJson(
        "/v1/chat/completions", R"({"model":"big","messages":[{"role":"user","content":"x"}]})")));
    // The answer is not held whole: the upstream is paused at the bound ...
    ASSERT_TRUE(waitForMetric("switchboard_upstream_read_pauses_total", 1));
    EXPECT_LE(metric("switchboard_buffered_response_bytes"), pendingBound + 64 * 1024);
    // ... and the client gets it byte for byte, with the upstream's Content-Length.
    ASSERT_TRUE(client.readAll(answer.right(64), 60'000));
    const QByteArray& received = client.received();
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    ASSERT_GT(headEnd, 0);
    EXPECT_TRUE(received.left(headEnd).toLower().contains("content-length: " +
                                                          QByteArray::number(answer.size())));
    EXPECT_EQ(received.mid(headEnd + 4), answer);
    EXPECT_LE(metric("switchboard_pending_output_peak_bytes"), pendingBound + 64 * 1024);
    // The usage was read from the end of the relayed body.
    ASSERT_TRUE(waitForSql("SELECT COUNT(*) FROM requests", 1));
    EXPECT_EQ(sql("SELECT completion_tokens FROM requests WHERE status = 200"), 262144);
    EXPECT_EQ(sql("SELECT prompt_tokens FROM requests WHERE status = 200"), 7);
}

TEST_F(FlowControlTest, ASteadyReaderWithTheKernelsOwnBuffersIsNotTakenForStalled)
{
    // On loopback the kernel grows a socket's send buffer to megabytes, and Linux wakes a
    // writer only once half of it is free: a client that reads steadily but slowly gave the
    // gateway no chance to write for longer than sendTimeoutMs, and was closed as stalled
    // (100 readers at 10 KB/s all were). Here the reader takes 8 KiB every 20 ms, with the
    // socket buffers the kernel chooses.
    startEngine(flowConfig(R"("sendTimeoutMs": 400)"));
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
    const QByteArray request = postJson("/v1/chat/completions", streamBody);
    ASSERT_EQ(::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL),
              ssize_t(request.size()));
    qint64 received = 0;
    bool closed = false;
    char buffer[8192];
    QDeadlineTimer readingFor(3000);
    while (!readingFor.hasExpired() && !closed) {
        QThread::msleep(20); // the reader's pace, not a wait for the gateway
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n == 0)
            closed = true;
        else if (n > 0)
            received += n;
    }
    ::close(fd);
    EXPECT_FALSE(closed) << "closed after " << received << " bytes";
    EXPECT_GT(received, 256 * 1024); // it read all along (about 1 MB unloaded)
    EXPECT_EQ(metric("switchboard_client_send_timeouts_total"), 0);
}

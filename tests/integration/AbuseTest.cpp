// Abusive clients get 400, 408, 413, 431 or 503 and are cut off, while others are still served.

#include "support/EngineFixture.h"
#include "support/TestHttp.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace testhttp;

class AbuseTest : public EngineFixture
{
protected:
    void SetUp() override
    {
        QByteArray config = mockConfig;
        config.replace("\"schemaVersion\": 1,",
                       "\"schemaVersion\": 1, \"server\": {\"limits\": {\"maxHeaderBytes\": 2048,"
                       " \"maxHeaderCount\": 20, \"maxBodyBytes\": 4096, \"headerTimeoutMs\": 300,"
                       " \"bodyTimeoutMs\": 300, \"maxConnections\": 6}},");
        startEngine(config);
    }

    static QByteArray errorType(const QByteArray& body)
    {
        return QJsonDocument::fromJson(body)
            .object()["error"]
            .toObject()["type"]
            .toString()
            .toUtf8();
    }
};

TEST_F(AbuseTest, MalformedRequestIs400AndClosed)
{
    Connection c(port);
    c.sendRaw("HELLO WORLD\r\n\r\n");
    const Response r = c.read();
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_EQ(errorType(r.body), "invalid_request_error");
    EXPECT_TRUE(c.waitClosed(2000));
}

TEST_F(AbuseTest, OversizedHeadersAre431)
{
    Connection c(port);
    c.sendRaw("GET /healthz HTTP/1.1\r\nX-Junk: " + QByteArray(4000, 'j') + "\r\n\r\n");
    EXPECT_EQ(c.read().status, 431);
    EXPECT_TRUE(c.waitClosed(2000));
}

TEST_F(AbuseTest, TooManyHeadersAre431)
{
    QByteArray request = "GET /healthz HTTP/1.1\r\n";
    for (int i = 0; i < 30; ++i)
        request += "X-" + QByteArray::number(i) + ": 1\r\n";
    Connection c(port);
    c.sendRaw(request + "\r\n");
    EXPECT_EQ(c.read().status, 431);
}

TEST_F(AbuseTest, ABodyOverTheLimitIs413BeforeItIsSent)
{
    Connection c(port);
    // Only the head is sent: the answer must not wait for the 10 MB.
    c.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
              "10000000\r\n\r\n");
    const Response r = c.read();
    EXPECT_EQ(r.status, 413);
    EXPECT_TRUE(c.waitClosed(2000));
}

TEST_F(AbuseTest, AClientStillUploadingReadsThe413InsteadOfAReset)
{
    // The openai npm client writes its whole body before it looks at the answer; closing with
    // its upload unread would send it a reset (ECONNRESET, then a retry).
    const QByteArray head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n";
    for (int attempt = 0; attempt < 5; ++attempt) {
        SCOPED_TRACE(attempt);
        const UploadResult u = uploadWhileReading(port, head, 2'000'000);
        EXPECT_TRUE(u.received.startsWith("HTTP/1.1 413 ")) << u.received.left(100).constData();
        EXPECT_TRUE(u.answered);
        EXPECT_FALSE(u.writeFailedBeforeAnswer);
        EXPECT_FALSE(u.reset);
        const QByteArray body = u.received.mid(u.received.indexOf("\r\n\r\n") + 4);
        EXPECT_EQ(errorType(body), "invalid_request_error") << body.constData();
    }
}

TEST_F(AbuseTest, SlowClientsGet408WhileOthersAreServed)
{
    Connection slowHeaders(port);
    slowHeaders.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    Connection slowBody(port);
    slowBody.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     "application/json\r\nContent-Length: 100\r\n\r\n{\"mo");

    // Meanwhile a normal client is answered.
    EXPECT_EQ(post(port, "/v1/chat/completions", chatBody).status, 200);

    const Response headers = slowHeaders.read();
    const Response body = slowBody.read();
    EXPECT_EQ(headers.status, 408);
    EXPECT_EQ(body.status, 408);
    EXPECT_TRUE(slowHeaders.waitClosed(2000));
    EXPECT_TRUE(slowBody.waitClosed(2000));
}

TEST_F(AbuseTest, IdleKeepAliveConnectionsAreClosedSilently)
{
    Connection c(port);
    c.sendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(c.read().status, 200);
    // idleTimeoutMs keeps its 60 s default here; a connection that never sends a byte falls
    // under the header timeout (300 ms) and is closed without a response.
    Connection silent(port);
    QByteArray rest;
    EXPECT_TRUE(silent.waitClosed(3000, &rest));
    EXPECT_TRUE(rest.isEmpty()) << rest.constData();
}

TEST_F(AbuseTest, ConnectionsBeyondTheLimitGet503)
{
    std::vector<std::unique_ptr<Connection>> held;
    for (int i = 0; i < 6; ++i) {
        held.push_back(std::make_unique<Connection>(port));
        held.back()->sendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        ASSERT_EQ(held.back()->read().status, 200);
    }
    Connection extra(port);
    extra.sendRaw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const Response r = extra.read();
    EXPECT_EQ(r.status, 503);
    held.clear();
}

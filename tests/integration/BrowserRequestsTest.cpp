// Requests from web pages (server.cors, server.allowedHosts) and the JSON-only API POSTs, on a
// real listener: what a browser sends, as bytes.

#include "support/EngineFixture.h"
#include "support/TestHttp.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace testhttp;

namespace {

Response exchange(quint16 port, const QByteArray& raw)
{
    Connection c(port);
    c.sendRaw(raw);
    return c.read();
}

// A POST as a page's fetch() or form sends it.
QByteArray pagePost(const QByteArray& contentType, const QByteArray& origin,
                    const QByteArray& host = "127.0.0.1:4000", const QByteArray& body = chatBody)
{
    QByteArray out = "POST /v1/chat/completions HTTP/1.1\r\nHost: " + host + "\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    if (!origin.isEmpty())
        out += "Origin: " + origin + "\r\n";
    return out + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray withCors(const QByteArray& origins)
{
    QByteArray config = mockConfig;
    config.replace(R"("schemaVersion": 1,)",
                   R"("schemaVersion": 1, "server": {"cors": {"allowedOrigins": )" + origins +
                       "}},");
    return config;
}

} // namespace

class BrowserRequestsTest : public EngineFixture
{
protected:
    qint64 modelCalls() { return sql("SELECT COUNT(*) FROM requests WHERE backend = 'mock'"); }
};

TEST_F(BrowserRequestsTest, APageOnAnotherOriginGetsNothingRunByDefault)
{
    startEngine(mockConfig);
    // The CSRF shape: text/plain needs no preflight, so the browser sends it as it is.
    const Response simple =
        exchange(port, pagePost("text/plain;charset=UTF-8", "https://evil.example"));
    EXPECT_EQ(simple.status, 403);
    EXPECT_EQ(simple.header("access-control-allow-origin"), QByteArray());
    const QJsonObject error = QJsonDocument::fromJson(simple.body).object()["error"].toObject();
    EXPECT_TRUE(error["message"].toString().contains("server.cors.allowedOrigins"))
        << simple.body.constData();
    EXPECT_FALSE(simple.header("x-request-id").isEmpty());
    // The preflight of a JSON POST is refused as well, so the POST itself never comes.
    const Response preflight =
        exchange(port, "OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:4000\r\nOrigin: "
                       "https://evil.example\r\nAccess-Control-Request-Method: POST\r\n"
                       "Access-Control-Request-Headers: authorization,content-type\r\n\r\n");
    EXPECT_EQ(preflight.status, 403);
    EXPECT_EQ(preflight.header("access-control-allow-origin"), QByteArray());
    EXPECT_EQ(modelCalls(), 0);
    EXPECT_EQ(sql("SELECT COUNT(*) FROM requests WHERE status = 403 AND error_class = "
                  "'origin_not_allowed'"),
              2);
    const QByteArray metrics = get(port, "/metrics").body;
    EXPECT_TRUE(metrics.contains(
        R"(switchboard_http_rejections_total{status="403",reason="origin_not_allowed"} 2)"))
        << metrics.constData();
}

TEST_F(BrowserRequestsTest, ApiPostsMustBeJson)
{
    startEngine(mockConfig);
    for (const QByteArray& type : {QByteArray("text/plain"), QByteArray(),
                                   QByteArray("application/x-www-form-urlencoded")}) {
        const Response r = exchange(port, pagePost(type, QByteArray()));
        EXPECT_EQ(r.status, 415) << type.constData();
        EXPECT_TRUE(r.body.contains("application/json")) << r.body.constData();
    }
    EXPECT_EQ(exchange(port, pagePost("application/json; charset=utf-8", QByteArray())).status,
              200);
    EXPECT_EQ(modelCalls(), 1);
}

TEST_F(BrowserRequestsTest, ARebindingHostIsRefusedOnLoopback)
{
    startEngine(mockConfig);
    const Response r =
        exchange(port, pagePost("application/json", QByteArray(), "attacker.example:4000"));
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(r.body.contains("server.allowedHosts")) << r.body.constData();
    EXPECT_EQ(get(port, "/healthz").status, 200); // Host: 127.0.0.1
    EXPECT_EQ(modelCalls(), 0);
}

TEST_F(BrowserRequestsTest, AListedOriginIsServedWithCorsHeaders)
{
    startEngine(withCors(R"(["http://app.test:8080"])"));
    const Response preflight =
        exchange(port, "OPTIONS /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:4000\r\nOrigin: "
                       "http://app.test:8080\r\nAccess-Control-Request-Method: POST\r\n"
                       "Access-Control-Request-Headers: authorization,content-type\r\n\r\n");
    EXPECT_EQ(preflight.status, 204);
    EXPECT_EQ(preflight.header("access-control-allow-origin"), "http://app.test:8080");
    EXPECT_EQ(preflight.header("access-control-allow-headers"), "authorization,content-type");
    EXPECT_EQ(preflight.header("access-control-max-age"), "600");
    EXPECT_EQ(preflight.header("content-length"), QByteArray());

    Connection c(port);
    c.sendRaw(pagePost("application/json", "http://app.test:8080"));
    const Response r = c.read();
    EXPECT_EQ(r.status, 200) << r.body.constData();
    EXPECT_EQ(r.header("access-control-allow-origin"), "http://app.test:8080");
    // The connection stays usable: a stream on it carries the header too.
    QByteArray stream = chatBody;
    stream.replace("\"messages\"", "\"stream\":true,\"messages\"");
    c.sendRaw(pagePost("application/json", "http://app.test:8080", "127.0.0.1:4000", stream));
    const Response s = c.read();
    EXPECT_EQ(s.status, 200);
    EXPECT_EQ(s.header("access-control-allow-origin"), "http://app.test:8080");
    EXPECT_EQ(ssePayloads(s.body).last(), "[DONE]");
    // An error, too, is readable by the page.
    c.sendRaw(
        "GET /v1/nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://app.test:8080\r\n\r\n");
    const Response missing = c.read();
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.header("access-control-allow-origin"), "http://app.test:8080");

    // Another origin still gets nothing.
    EXPECT_EQ(exchange(port, pagePost("application/json", "http://app.test:8081")).status, 403);
    EXPECT_EQ(modelCalls(), 2);
}

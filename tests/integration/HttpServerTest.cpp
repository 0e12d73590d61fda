// The HTTP transport on its own (http::Server with a test handler, loopback, port 0): what the
// connection does before and around the handler (peer, admission, refusals, lingering close,
// HEAD, Content-Encoding), seen as bytes on the wire.

#include "http/Server.h"
#include "support/TestHttp.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

using namespace gateway;
using namespace testhttp;

namespace {

// What the handlers saw, from the workers' threads.
struct Seen
{
    std::mutex mutex;
    std::vector<std::pair<int, QByteArray>> rejections; // status, reason
    std::vector<QByteArray> rejectedPaths;
    int admitted = 0;
    int handled = 0;
    // Requests to /hold, not answered until the test does (on the worker's thread).
    std::vector<std::shared_ptr<http::Exchange>> held;
    std::condition_variable heldChanged;

    void rejected(int status, QByteArrayView reason, const QByteArray& path)
    {
        std::lock_guard lock(mutex);
        rejections.emplace_back(status, reason.toByteArray());
        rejectedPaths.push_back(path);
    }
    std::vector<std::pair<int, QByteArray>> takeRejections()
    {
        std::lock_guard lock(mutex);
        return std::exchange(rejections, {});
    }
};

// Answers every request with a JSON echo of what it saw. Requests to /private need
// "Authorization: Bearer ok", checked at admission; the admission state reaches handle().
class EchoHandler : public http::RequestHandler
{
public:
    explicit EchoHandler(Seen* seen) : m_seen(seen) {}

    http::Admission admit(const http::Request& head) override
    {
        {
            std::lock_guard lock(m_seen->mutex);
            ++m_seen->admitted;
        }
        http::Admission a;
        if (head.path == "/private" && head.header("authorization") != "Bearer ok") {
            a.status = 401;
            a.contentType = "application/json";
            a.body = R"({"error":{"message":"no key","type":"authentication_error"}})";
            a.headers = {{"x-request-id", "adm-1"}};
            return a;
        }
        a.state = std::make_shared<QByteArray>("admitted " + head.path);
        return a;
    }

    void handle(const std::shared_ptr<http::Exchange>& exchange) override
    {
        {
            std::lock_guard lock(m_seen->mutex);
            ++m_seen->handled;
        }
        const http::Request& r = exchange->request();
        if (r.path == "/hold") {
            std::lock_guard lock(m_seen->mutex);
            m_seen->held.push_back(exchange);
            m_seen->heldChanged.notify_all();
            return;
        }
        QJsonObject o;
        o["method"] = QString::fromLatin1(r.method);
        o["path"] = QString::fromLatin1(r.path);
        o["target"] = QString::fromLatin1(r.target);
        o["host"] = QString::fromLatin1(r.header("host"));
        o["peerAddress"] = QString::fromLatin1(r.peer.address);
        o["peerPort"] = int(r.peer.port);
        o["bodySize"] = int(r.body.size());
        o["body"] = QString::fromLatin1(r.body.left(200));
        o["contentEncoding"] = QString::fromLatin1(r.header("content-encoding"));
        if (auto state = std::static_pointer_cast<QByteArray>(exchange->admissionState()))
            o["admission"] = QString::fromLatin1(*state);
        exchange->respond(200, "application/json", QJsonDocument(o).toJson(QJsonDocument::Compact));
    }

    http::HeaderList rejected(const http::Request& head, int status, QByteArrayView reason) override
    {
        m_seen->rejected(status, reason, head.path);
        return {{"x-request-id", "rej-" + reason.toByteArray()}};
    }

private:
    Seen* m_seen;
};

QJsonObject json(const QByteArray& body)
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray gzip(const QByteArray& data)
{
    z_stream z{};
    deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&z, uLong(data.size()))) + 64, Qt::Uninitialized);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.constData()));
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(qsizetype(z.total_out));
    deflateEnd(&z);
    return out;
}

} // namespace

class HttpServerTest : public ::testing::Test
{
protected:
    void start(http::ServerOptions options = {}, const QString& host = QStringLiteral("127.0.0.1"))
    {
        options.host = host;
        options.port = 0;
        options.workers = 1;
        options.errorBody = [](int status, const char* message) {
            QJsonObject error{{"message", QString::fromUtf8(message)}, {"code", status}};
            return QJsonDocument(QJsonObject{{"error", error}}).toJson(QJsonDocument::Compact);
        };
        server = std::make_unique<http::Server>();
        const auto started = server->start(
            options, [this](http::Worker&) { return std::make_unique<EchoHandler>(&seen); });
        ASSERT_TRUE(started.ok()) << qPrintable(started.error());
        port = server->port();
    }

    void TearDown() override
    {
        if (server)
            server->stop(2000);
    }

    Seen seen;
    std::unique_ptr<http::Server> server;
    quint16 port = 0;
};

TEST_F(HttpServerTest, TheRequestCarriesThePeerAddressAndPort)
{
    start();
    Connection c(port);
    c.sendRaw("GET /who HTTP/1.1\r\nHost: x\r\n\r\n");
    const Response r = c.read();
    ASSERT_EQ(r.status, 200);
    const QJsonObject o = json(r.body);
    EXPECT_EQ(o["peerAddress"].toString(), QStringLiteral("127.0.0.1"));
    EXPECT_EQ(o["peerPort"].toInt(), int(c.localPort()));
    EXPECT_NE(c.localPort(), 0);
}

TEST_F(HttpServerTest, AnIpv6PeerIsSeenAsSuch)
{
    start({}, QStringLiteral("::1"));
    const int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(port);
    sa.sin6_addr = in6addr_loopback;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(fd);
        GTEST_SKIP() << "no IPv6 loopback here";
    }
    sockaddr_in6 local{};
    socklen_t length = sizeof local;
    getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
    const QByteArray request = "GET /who HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    ASSERT_EQ(::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL),
              request.size());
    QByteArray response;
    char buffer[4096];
    pollfd p{fd, POLLIN, 0};
    while (poll(&p, 1, 5000) > 0) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        response.append(buffer, n);
    }
    ::close(fd);
    const QJsonObject o = json(response.mid(response.indexOf("\r\n\r\n") + 4));
    EXPECT_EQ(o["peerAddress"].toString(), QStringLiteral("::1")) << response.constData();
    EXPECT_EQ(o["peerPort"].toInt(), int(ntohs(local.sin6_port)));
}

TEST_F(HttpServerTest, AdmissionStateReachesTheHandler)
{
    start();
    const Response r = post(port, "/private", "{}", {"Authorization: Bearer ok"});
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(json(r.body)["admission"].toString(), QStringLiteral("admitted /private"));
}

TEST_F(HttpServerTest, ARefusalAtAdmissionComesBefore100Continue)
{
    start();
    Connection c(port);
    c.sendRaw("POST /private HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
              "Content-Length: 10\r\n\r\n");
    const Response r = c.read();
    // RFC 9110 10.1.1: the final status instead of 100; the client never sends the body.
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.header("x-request-id"), "adm-1");
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_EQ(json(r.body)["error"].toObject()["type"].toString(),
              QStringLiteral("authentication_error"));
    QByteArray rest;
    EXPECT_TRUE(c.waitClosed(3000, &rest));
    EXPECT_TRUE(rest.isEmpty()) << rest.constData(); // no 100 Continue after it either
    std::lock_guard lock(seen.mutex);
    EXPECT_EQ(seen.handled, 0);
}

TEST_F(HttpServerTest, ARefusalAtAdmissionDoesNotWaitForALargeBody)
{
    http::ServerOptions options;
    options.connection.parser.maxBodyBytes = 64 << 20;
    start(options);
    Connection c(port);
    // 50 MB announced, not one byte sent: the answer can only come from the head.
    c.sendRaw("POST /private HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\n\r\n");
    const Response r = c.read();
    EXPECT_EQ(r.status, 401);
    std::lock_guard lock(seen.mutex);
    EXPECT_EQ(seen.handled, 0);
    EXPECT_EQ(seen.admitted, 1);
}

TEST_F(HttpServerTest, ARefusedUploadIsDrainedSoTheClientReadsThe413)
{
    start(); // maxBodyBytes keeps its 8 MB default
    const QByteArray head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\nContent-Length: 20971520\r\n\r\n";
    for (int attempt = 0; attempt < 5; ++attempt) {
        const UploadResult u = uploadWhileReading(port, head, 20 << 20);
        SCOPED_TRACE(attempt);
        EXPECT_TRUE(u.received.startsWith("HTTP/1.1 413 ")) << u.received.left(200).constData();
        EXPECT_TRUE(u.answered);
        EXPECT_FALSE(u.writeFailedBeforeAnswer);
        EXPECT_FALSE(u.reset);
        EXPECT_TRUE(u.ended);
        const QByteArray body = u.received.mid(u.received.indexOf("\r\n\r\n") + 4);
        EXPECT_EQ(json(body)["error"].toObject()["code"].toInt(), 413) << body.constData();
    }
    // A chunked upload goes over the limit while it is read: the same.
    const QByteArray chunkedHead = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                                   "Transfer-Encoding: chunked\r\n\r\n";
    QByteArray chunks;
    for (int i = 0; i < 200; ++i) // 200 x 64 KB = 12.5 MB of chunks
        chunks += "10000\r\n" + QByteArray(0x10000, 'c') + "\r\n";
    const UploadResult u = uploadWhileReading(port, chunkedHead + chunks, 0);
    EXPECT_TRUE(u.received.startsWith("HTTP/1.1 413 ")) << u.received.left(200).constData();
    EXPECT_FALSE(u.writeFailedBeforeAnswer);
    EXPECT_FALSE(u.reset);
}

TEST_F(HttpServerTest, LingeringIsBoundedInBytes)
{
    http::ServerOptions options;
    options.connection.lingeringBytes = 1 << 20;
    start(options);
    const QByteArray head = "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n";
    // A client that never stops writing: cut off once 1 MB more was discarded.
    Connection c(port);
    c.sendRaw(head);
    const QByteArray piece(64 * 1024, 'x');
    int pieces = 0;
    while (c.sendRaw(piece) && pieces < 1600)
        ++pieces;
    EXPECT_LT(pieces, 1600); // 100 MB was not taken in
}

TEST_F(HttpServerTest, AHeadAnswerHasNoBodySoThePipelinedNextOneParses)
{
    start();
    Connection c(port);
    c.sendRaw("HEAD /models HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray all = c.readUntil("\"path\":\"/after\"");
    const qsizetype headEnd = all.indexOf("\r\n\r\n");
    ASSERT_GT(headEnd, 0) << all.constData();
    const QByteArray headResponse = all.left(headEnd).toLower();
    EXPECT_TRUE(headResponse.startsWith("http/1.1 200"));
    // The Content-Length the GET would carry, and no body after the head.
    const qsizetype at = headResponse.indexOf("content-length: ");
    ASSERT_GT(at, 0);
    EXPECT_GT(headResponse.mid(at + 16).split('\r').value(0).toInt(), 0);
    // The next response starts right after the HEAD response's head.
    EXPECT_TRUE(all.mid(headEnd + 4).startsWith("HTTP/1.1 200 OK")) << all.constData();
}

TEST_F(HttpServerTest, AGzipBodyIsHandedOnDecoded)
{
    start();
    const QByteArray body = "{\"messages\":[\"" + QByteArray(5000, 'g') + "\"]}";
    const Response r = post(port, "/v1/chat/completions", gzip(body), {"Content-Encoding: gzip"});
    ASSERT_EQ(r.status, 200);
    const QJsonObject o = json(r.body);
    EXPECT_EQ(o["bodySize"].toInt(), body.size());
    EXPECT_TRUE(o["body"].toString().startsWith(QStringLiteral("{\"messages\":[\"ggg")));
    EXPECT_EQ(o["contentEncoding"].toString(), QString());
}

TEST_F(HttpServerTest, TransportRejectionsReachTheHandlerAndCarryItsHeaders)
{
    http::ServerOptions options;
    options.connection.parser.maxHeaderBytes = 1024;
    options.connection.parser.maxBodyBytes = 1024;
    options.connection.headerTimeoutMs = 300;
    start(options);
    struct Case
    {
        QByteArray bytes;
        int status;
        QByteArray reason;
    };
    const std::vector<Case> cases = {
        {"HELLO WORLD\r\n\r\n", 400, "bad_request"},
        {"GET /" + QByteArray(2000, 'u') + " HTTP/1.1\r\nHost: a\r\n\r\n", 414, "uri_too_long"},
        {"GET /h HTTP/1.1\r\nHost: a\r\nX: " + QByteArray(2000, 'h') + "\r\n\r\n", 431,
         "headers_too_large"},
        {"POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n", 413, "body_too_large"},
        {"POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nContent-Encoding: br\r\n\r\nabcd",
         415, "unsupported_encoding"},
        {"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: magic\r\n\r\n", 417,
         "expectation_failed"},
        {"POST /z HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\nContent-Encoding: gzip\r\n\r\nnot "
         "gzip!",
         400, "bad_encoding"},
        {"GET /slow HTTP/1.1\r\nHost: x\r\n", 408, "header_timeout"},
    };
    for (const Case& k : cases) {
        SCOPED_TRACE(k.reason.constData());
        Connection c(port);
        c.sendRaw(k.bytes);
        const Response r = c.read();
        EXPECT_EQ(r.status, k.status);
        EXPECT_EQ(r.header("x-request-id"), "rej-" + k.reason);
        const auto rejections = seen.takeRejections();
        ASSERT_EQ(rejections.size(), 1u);
        EXPECT_EQ(rejections[0].first, k.status);
        EXPECT_EQ(rejections[0].second, k.reason);
    }
    std::lock_guard lock(seen.mutex);
    EXPECT_EQ(seen.handled, 0);
    // What was parsed is handed over (the 413's path was read before its refusal).
    EXPECT_TRUE(std::find(seen.rejectedPaths.begin(), seen.rejectedPaths.end(), "/b") !=
                seen.rejectedPaths.end());
}

TEST_F(HttpServerTest, AConnectionOverCapacityIsRejectedThroughTheHandler)
{
    http::ServerOptions options;
    options.maxConnections = 1;
    start(options);
    Connection held(port);
    held.sendRaw("GET /held HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(held.read().status, 200);
    Connection extra(port);
    const Response r = extra.read();
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.header("x-request-id"), "rej-over_capacity");
    const auto rejections = seen.takeRejections();
    ASSERT_EQ(rejections.size(), 1u);
    EXPECT_EQ(rejections[0], std::make_pair(503, QByteArray("over_capacity")));
}

TEST_F(HttpServerTest, StrictHttpRefusalsReachTheClientInTheErrorShape)
{
    start();
    struct Case
    {
        QByteArray bytes;
        int status;
        QByteArray reason;
    };
    // Each would be framed one way by a lenient proxy in front and another way by us.
    const std::vector<Case> cases = {
        {"POST /e HTTP/1.1\r\nHost: a\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400,
         "bad_header_name"},
        {"POST /e HTTP/1.1\r\nHost: a\r\nContent-Length : 65\r\n\r\n", 400, "bad_header_name"},
        {"GET /e HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n", 400, "obs_fold"},
        {"GET /e HTTP/1.1\r\nX-A: b\r\n\r\n", 400, "missing_host"},
        {"GET /e HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "multiple_host"},
        {"POST /e HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", 501,
         "unsupported_transfer_coding"},
        {"POST /e HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
         "0\r\n\r\n",
         400, "ambiguous_framing"},
    };
    for (const Case& k : cases) {
        SCOPED_TRACE(k.bytes.constData());
        Connection c(port);
        c.sendRaw(k.bytes);
        const Response r = c.read();
        EXPECT_EQ(r.status, k.status);
        EXPECT_EQ(r.header("x-request-id"), "rej-" + k.reason);
        EXPECT_EQ(r.header("connection"), "close");
        EXPECT_EQ(json(r.body)["error"].toObject()["code"].toInt(), k.status) << r.body.constData();
        EXPECT_TRUE(c.waitClosed(3000));
        const auto rejections = seen.takeRejections();
        ASSERT_EQ(rejections.size(), 1u);
        EXPECT_EQ(rejections[0].first, k.status);
        EXPECT_EQ(rejections[0].second, k.reason);
    }
    std::lock_guard lock(seen.mutex);
    EXPECT_EQ(seen.admitted, 0); // refused before admission saw a head
    EXPECT_EQ(seen.handled, 0);
}

TEST_F(HttpServerTest, AnAbsoluteFormTargetRoutesLikeItsPath)
{
    start();
    Connection c(port);
    const QByteArray portText = QByteArray::number(port);
    c.sendRaw("POST http://127.0.0.1:" + portText +
              "/v1/chat/completions?x=1 HTTP/1.1\r\nHost: 127.0.0.1:" + portText +
              "\r\nContent-Length: 2\r\n\r\n{}");
    const Response r = c.read();
    ASSERT_EQ(r.status, 200);
    const QJsonObject o = json(r.body);
    EXPECT_EQ(o["path"].toString(), QStringLiteral("/v1/chat/completions"));
    EXPECT_EQ(o["target"].toString(), QStringLiteral("/v1/chat/completions?x=1"));
    EXPECT_EQ(o["host"].toString(), QStringLiteral("127.0.0.1:") + QString::number(port));
    EXPECT_EQ(o["admission"].toString(), QStringLiteral("admitted /v1/chat/completions"));
}

TEST_F(HttpServerTest, TrailingWhitespaceAfterExpectStillGets100Continue)
{
    start();
    Connection c(port);
    c.sendRaw("POST /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue  \r\nContent-Length: 2\r\n\r\n");
    EXPECT_EQ(c.read().status, 100); // not 417
    c.sendRaw("{}");
    const Response r = c.read();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(json(r.body)["bodySize"].toInt(), 2);
}

TEST_F(HttpServerTest, Http10KeepAliveIsAnnouncedAndKept)
{
    start();
    Connection c(port);
    for (int i = 0; i < 2; ++i) {
        c.sendRaw("GET /ten HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        const Response r = c.read();
        ASSERT_EQ(r.status, 200);
        // RFC 9112 9.3: a 1.0 client keeps the connection only when the response says so.
        EXPECT_EQ(r.header("connection"), "keep-alive");
    }
    // Without it, the connection ends after the response.
    Connection once(port);
    once.sendRaw("GET /ten HTTP/1.0\r\n\r\n");
    const Response r = once.read();
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("connection"), "close");
    EXPECT_TRUE(once.waitClosed(3000));
}

namespace {

// True when the peer's close was a FIN (read() gives 0), not a reset.
bool endsWithFin(int fd)
{
    pollfd p{fd, POLLIN, 0};
    char buffer[256];
    while (poll(&p, 1, 5000) > 0) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n == 0)
            return true;
        if (n < 0)
            return false;
    }
    return false;
}

int connectTo(quint16 port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

} // namespace

TEST_F(HttpServerTest, ResponsesCompletedWhileDrainingSayConnectionClose)
{
    start();
    // Keep-alive clients with a request in flight when the server starts draining.
    constexpr int clients = 20;
    std::vector<std::unique_ptr<Connection>> connections;
    for (int i = 0; i < clients; ++i) {
        connections.push_back(std::make_unique<Connection>(port));
        connections.back()->sendRaw("GET /hold HTTP/1.1\r\nHost: a\r\n\r\n");
    }
    {
        std::unique_lock lock(seen.mutex);
        ASSERT_TRUE(seen.heldChanged.wait_for(lock, std::chrono::seconds(10),
                                              [&] { return seen.held.size() == clients; }));
    }
    // Answered once the worker drains, on its thread.
    http::Worker* worker = server->workers().front();
    QObject::connect(
        worker, &http::Worker::drainStarted, worker,
        [this] {
            std::vector<std::shared_ptr<http::Exchange>> held;
            {
                std::lock_guard lock(seen.mutex);
                held.swap(seen.held);
            }
            for (const auto& exchange : held)
                exchange->respond(200, "application/json", "{}");
        },
        Qt::DirectConnection);
    std::thread stopper([this] { server->stop(10'000); });
    for (auto& c : connections) {
        const Response r = c->read();
        EXPECT_EQ(r.status, 200);
        // The client must not send its next request into a socket that is closing.
        EXPECT_EQ(r.header("connection"), "close");
        EXPECT_TRUE(c->waitClosed(5000));
    }
    stopper.join();
    server.reset();
}

TEST_F(HttpServerTest, DrainClosesIdleConnectionsWithAFinAndAnswersARequestAlreadySent)
{
    start();
    const int idle = connectTo(port);
    const int pipelining = connectTo(port);
    ASSERT_GE(idle, 0);
    ASSERT_GE(pipelining, 0);
    const QByteArray request = "GET /first HTTP/1.1\r\nHost: a\r\n\r\n";
    ASSERT_EQ(::send(idle, request.constData(), size_t(request.size()), MSG_NOSIGNAL),
              request.size());
    // The whole answer: the echo's JSON body ends with its closing brace.
    QByteArray first;
    char buffer[4096];
    pollfd p{idle, POLLIN, 0};
    while (!first.endsWith('}') && poll(&p, 1, 5000) > 0) {
        const ssize_t n = ::recv(idle, buffer, sizeof buffer, 0);
        ASSERT_GT(n, 0);
        first.append(buffer, n);
    }
    ASSERT_TRUE(first.endsWith('}')) << first.constData();
    // A second request, pipelined behind one in flight: fully received, not yet read.
    const QByteArray two =
        "GET /hold HTTP/1.1\r\nHost: a\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n";
    ASSERT_EQ(::send(pipelining, two.constData(), size_t(two.size()), MSG_NOSIGNAL), two.size());
    {
        std::unique_lock lock(seen.mutex);
        ASSERT_TRUE(seen.heldChanged.wait_for(lock, std::chrono::seconds(10),
                                              [&] { return seen.held.size() == 1; }));
    }
    // On the worker's thread: draining begins, and the request in flight is answered before
    // the connection could read the one behind it.
    http::Worker* worker = server->workers().front();
    QMetaObject::invokeMethod(
        worker,
        [&] {
            worker->drainLater();
            std::lock_guard lock(seen.mutex);
            seen.held.front()->respond(200, "application/json", "{\"held\":true}");
            seen.held.clear();
        },
        Qt::BlockingQueuedConnection);
    EXPECT_TRUE(endsWithFin(idle)); // no response in flight: closed at once, cleanly
    QByteArray answers;
    pollfd q{pipelining, POLLIN, 0};
    ssize_t n = 0;
    while (poll(&q, 1, 5000) > 0 && (n = ::recv(pipelining, buffer, sizeof buffer, 0)) > 0)
        answers.append(buffer, n);
    EXPECT_EQ(n, 0) << "ended with a FIN";
    const qsizetype second = answers.indexOf("HTTP/1.1 200 OK", 1);
    ASSERT_GT(second, 0) << answers.constData();
    EXPECT_TRUE(answers.left(second).endsWith("{\"held\":true}")) << answers.constData();
    // The request behind it is answered too, as the connection's last.
    const QByteArray last = answers.mid(second);
    EXPECT_TRUE(last.contains("\r\nConnection: close\r\n")) << last.constData();
    EXPECT_TRUE(last.contains("\"path\":\"/second\"")) << last.constData();
    ::close(idle);
    ::close(pipelining);
}

#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>
#include <vector>

// A small blocking HTTP/1.1 client over a raw loopback socket, for tests: it shows the bytes on
// the wire exactly (no client library smooths anything over).
namespace testhttp {

struct Response
{
    int status = 0;
    std::vector<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;                                        // de-chunked
    bool complete = false;
    QByteArray header(const char* lowerName) const;
};

class Connection
{
public:
    explicit Connection(quint16 port, int timeoutMs = 10'000);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    bool isOpen() const { return m_fd >= 0; }
    // The client's own port (what the server sees as the peer's port).
    quint16 localPort() const;
    bool sendRaw(const QByteArray& bytes);
    // Reads one response (handles Content-Length, chunked, and close-delimited bodies).
    Response read();
    // Reads whatever arrives until the peer closes or timeoutMs passes; true if it closed.
    bool waitClosed(int timeoutMs, QByteArray* rest = nullptr);
    // Reads until `needle` has arrived; returns everything read so far.
    QByteArray readUntil(const QByteArray& needle, int timeoutMs = 5000);
    void close();

private:
    bool fill(int timeoutMs);
    int m_fd = -1;
    int m_timeoutMs;
    QByteArray m_buffer;
};

// What a client that uploads a body while watching for the answer saw (as the openai npm client
// does): it writes `bodyBytes` in pieces, stops writing once a complete response has arrived,
// then reads until the connection ends.
struct UploadResult
{
    QByteArray received;                  // every byte read
    bool answered = false;                // a complete response (head and Content-Length body)
    bool writeFailedBeforeAnswer = false; // EPIPE/ECONNRESET while the answer was incomplete
    bool reset = false;                   // the connection ended with a reset, not a clean end
    bool ended = false;                   // read() returned 0 (the server's FIN)
    qint64 bodyBytesSent = 0;
};
UploadResult uploadWhileReading(quint16 port, const QByteArray& head, qint64 bodyBytes,
                                int pieceBytes = 64 * 1024, int timeoutMs = 15'000);

QByteArray postJson(const QByteArray& path, const QByteArray& body,
                    const QList<QByteArray>& extraHeaders = {});
Response post(quint16 port, const QByteArray& path, const QByteArray& body,
              const QList<QByteArray>& extraHeaders = {});
Response get(quint16 port, const QByteArray& path);

// The "data:" payloads of an SSE body.
QList<QByteArray> ssePayloads(const QByteArray& body);

} // namespace testhttp

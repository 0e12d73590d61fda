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

QByteArray postJson(const QByteArray& path, const QByteArray& body,
                    const QList<QByteArray>& extraHeaders = {});
Response post(quint16 port, const QByteArray& path, const QByteArray& body,
              const QList<QByteArray>& extraHeaders = {});
Response get(quint16 port, const QByteArray& path);

// The "data:" payloads of an SSE body.
QList<QByteArray> ssePayloads(const QByteArray& body);

} // namespace testhttp

#pragma once

#include "http/ResponseParser.h"
#include "upstream/Client.h"

#include <QByteArray>
#include <QObject>

class QSocketNotifier;
typedef struct ssl_st SSL;

namespace gateway::upstream {

// One TCP (optionally TLS) connection to an origin. It carries one call at a time and goes back
// to its pool when a response ends with keep-alive.
class UpstreamConnection : public QObject, private http::ResponseParser::Sink
{
    Q_OBJECT
public:
    enum class State { Resolving, Connecting, Handshaking, Idle, Busy, Closed };

    UpstreamConnection(Client* client, Client::Pool* pool, const Origin& origin);
    ~UpstreamConnection() override;

    // Starts connecting to one of the addresses (tried in order).
    void connectTo(const QList<QByteArray>& sockaddrs);
    void fail(ErrorKind kind, const QString& message);
    // Takes a call: sends its request and reads the response.
    void start(Client::Call* call);
    // Drops the call: the connection closes if a response was in progress.
    void abandon();
    // Stops or restarts reading the response (Client::pauseReading). Resuming processes what
    // OpenSSL holds already from the event loop, never inside the caller.
    void setReadingPaused(bool paused);
    void close();

    State state() const { return m_state; }
    Client::Pool* pool() const { return m_pool; }
    Client::Call* call() const { return m_call; }
    bool reused() const { return m_reused; }
    qint64 idleSinceMs() const { return m_idleSinceMs; }

private:
    void onReadable();
    void onWritable();
    void continueHandshake();
    void becomeReady();
    void flushOutput();
    ssize_t ioRead(char* buffer, size_t length);
    ssize_t ioWrite(const char* data, size_t length);
    void handleEof();
    void finishResponse();

    void failParse(const http::ResponseParser::Outcome& outcome);
    bool onResponseHead(int status, const http::ResponseParser::HeaderList& headers) override;
    bool onResponseBody(const char* data, size_t length) override;

    Client* m_client;
    Client::Pool* m_pool;
    Origin m_origin;
    int m_fd = -1;
    SSL* m_ssl = nullptr;
    State m_state = State::Resolving;
    QSocketNotifier* m_readNotifier = nullptr;
    QSocketNotifier* m_writeNotifier = nullptr;
    QList<QByteArray> m_addresses;
    int m_addressIndex = 0;
    Client::Call* m_call = nullptr;
    QByteArray m_out;
    qsizetype m_outOffset = 0;
    http::ResponseParser m_parser;
    bool m_gotBytes = false;
    bool m_reused = false;
    bool m_stopParsing = false; // the response is over but the connection cannot be reused
    qint64 m_idleSinceMs = 0;
};

} // namespace gateway::upstream

#pragma once

#include "http/BufferBudget.h"
#include "http/Exchange.h"
#include "http/RequestParser.h"

#include <QByteArray>
#include <QObject>

#include <memory>

class QSocketNotifier;
typedef struct ssl_st SSL;

namespace gateway::http {

class Worker;

// One accepted client socket, plain or TLS. It owns the non-blocking descriptor and drives it with
// QSocketNotifier, reading straight into its own buffer (DESIGN.md: Qt 6.4's QTcpSocket ignores
// Unbuffered on adopted descriptors, and its buffering and notifier toggling cost a third of the
// per-request CPU).
//
// Limits are enforced before anything is buffered beyond them: header bytes and count (431),
// body size (413), header and body read timeouts (408), idle keep-alive timeout (close), and
// a bound on pipelined bytes held while a request is in flight. The handler may refuse a
// request on its head (RequestHandler::admit) before the body is read. A refused request is
// answered, then the rest of its upload is read and discarded within a bound before the
// connection closes (lingering close), so that the client reads the answer, not a reset.
//
// Write side: output the kernel does not take is kept (and charged to the process's
// BufferBudget) and sent when the socket is writable. Past server.limits.maxPendingWriteBytes
// the exchange reports outputBlocked() so its writer pauses; when half of it has drained the
// exchange's drained handler runs. A client that accepts no byte for server.limits.sendTimeoutMs
// while output is pending is closed (AbortReason::SendTimeout). A hard cap far above the bound
// (a writer that ignores outputBlocked()) closes with AbortReason::OutputLimit.
class Connection : public QObject
{
    Q_OBJECT
public:
    Connection(Worker* worker, int fd);
    ~Connection() override;

    // The address and port at the other end of a socket (getpeername), IPv4 or IPv6.
    static Peer peerOf(int fd);

    // Called by the worker's sweep timer with the current monotonic time.
    void checkTimeout(qint64 nowMs);
    // Stop taking new requests: close now when idle, else after the response in flight.
    void drain();
    bool isIdle() const { return !m_exchange && !m_parser.inRequest() && m_out.isEmpty(); }
    // The server is stopping: the response in flight is this connection's last.
    bool isDraining() const { return m_draining; }

    // Used by Exchange.
    void send(const char* data, size_t length);
    void send(const QByteArray& data) { send(data.constData(), size_t(data.size())); }
    // While set, sends are queued and leave together when the loop next finds the socket
    // writable: a burst of small writes (the events of one translated upstream read) becomes
    // one write instead of a system call each. Cleared by the next request on the connection.
    void setBatching(bool batching) { m_batching = batching; }
    void finishExchange(bool keepAlive);
    void abortConnection(AbortReason reason = AbortReason::Shutdown);
    qsizetype pendingOutput() const { return m_out.size() - m_outOffset; }
    bool outputBlocked() const;

private:
    void onReadable();
    bool readOnce(); // false once nothing more can be read now
    bool hasBufferedTlsInput() const;
    void onWritable();
    void continueHandshake();
    bool isPlainHttpOnTlsPort();
    void processInput();
    size_t parse(const char* data, size_t length);
    bool admit();
    void dispatch();
    void updateReadPhase();
    void failRequest(int status, const char* message, const char* reason);
    void refuse(const QByteArray& response);
    void discardInput(ssize_t length);
    void closeWhenWritten();
    void outputGrew();
    void close(AbortReason reason = AbortReason::ClientClosed);
    void setDeadline(qint64 ms) { m_deadlineMs = ms; }

    Worker* m_worker;
    int m_fd;
    SSL* m_ssl = nullptr; // set when the listener serves HTTPS
    bool m_handshaking = false;
    QSocketNotifier* m_readNotifier;
    QSocketNotifier* m_writeNotifier;
    RequestParser m_parser;
    QByteArray m_in; // bytes read and not yet parsed start at m_inOffset
    qsizetype m_inOffset = 0;
    QByteArray m_out; // bytes the kernel did not take yet start at m_outOffset
    qsizetype m_outOffset = 0;
    BufferBudget::Reservation m_outReserved; // m_out's share of the process's budget
    qint64 m_sendDeadlineMs = 0;             // while output is pending: sendTimeoutMs ahead
    bool m_outputWasBlocked = false;         // over the bound since the last drain
    bool m_overOutputLimit = false;          // the hard cap was passed: closing
    std::shared_ptr<Exchange> m_exchange;
    std::shared_ptr<void> m_admissionState; // of the request being read, for its exchange
    HeaderList m_admissionHeaders;          // its Admission::responseHeaders
    Peer m_peer;
    enum class Phase { Idle, Headers, Body, Busy };
    Phase m_phase = Phase::Idle;
    qint64 m_deadlineMs = 0;
    bool m_closeAfterWrite = false;
    bool m_batching = false; // setBatching()
    bool m_draining = false;
    bool m_closed = false;
    bool m_continueSent = false;
    bool m_lingering = false; // a request was refused: input is discarded until close
    qint64 m_lingeredBytes = 0;
};

} // namespace gateway::http

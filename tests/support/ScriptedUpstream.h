#pragma once

#include <QByteArray>
#include <QList>

#include <atomic>
#include <mutex>
#include <thread>

// An HTTP upstream on loopback, port 0, on its own thread, that answers every request with the
// same raw response bytes (status line, headers and body as given) and closes the connection.
// Given several responses, it answers the requests with them in order, and every request after
// the last with the last (a conversation: a tool call, then the answer to its result).
// It keeps the requests it received, so a test can tell what reached the upstream. Writes are
// blocking: it waits whenever the gateway stops reading.
class ScriptedUpstream
{
public:
    explicit ScriptedUpstream(QByteArray rawResponse);
    explicit ScriptedUpstream(QList<QByteArray> rawResponses);
    ~ScriptedUpstream();
    ScriptedUpstream(const ScriptedUpstream&) = delete;
    ScriptedUpstream& operator=(const ScriptedUpstream&) = delete;

    // A complete HTTP/1.1 response with Content-Length and Connection: close.
    static QByteArray response(int status, const QByteArray& contentType, const QByteArray& body,
                               const QList<QByteArray>& extraHeaders = {});

    quint16 port() const { return m_port; }
    // The requests received so far (head and body as sent).
    QList<QByteArray> requests() const;

private:
    void serve();

    QList<QByteArray> m_responses;
    int m_listen = -1;
    quint16 m_port = 0;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    QList<QByteArray> m_requests;
};

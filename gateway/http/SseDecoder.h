#pragma once

#include <QByteArray>

#include <vector>

namespace gateway::http {

// Splits a text/event-stream into events (WHATWG HTML, "Server-sent events", 9.2.6): lines
// end in LF, CRLF or CR; "data:" lines of one event are joined with LF; a blank line
// dispatches; lines starting with ':' are comments. Bytes may arrive split anywhere.
class SseDecoder
{
public:
    struct Event
    {
        QByteArray name; // the "event:" field, empty for the default "message"
        QByteArray data;
    };

    explicit SseDecoder(qsizetype maxEventBytes = 4 * 1024 * 1024) : m_maxEventBytes(maxEventBytes)
    {}

    // Appends complete events to out. Returns false when an event exceeds the size bound.
    bool feed(const char* data, size_t length, std::vector<Event>& out);
    // At end of stream: an event without its blank line is dispatched, as browsers do not;
    // upstreams that end with "data: [DONE]" and no blank line are common enough.
    void finish(std::vector<Event>& out);

private:
    void processLine(const char* line, qsizetype length, std::vector<Event>& out);

    QByteArray m_buffer;
    QByteArray m_data;
    QByteArray m_name;
    bool m_hasData = false;
    bool m_skipLf = false; // the previous chunk ended with CR
    qsizetype m_maxEventBytes;
};

} // namespace gateway::http

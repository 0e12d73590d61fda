#pragma once

#include <QByteArray>

#include <vector>

namespace gateway::providers::ollama {

// Splits newline-delimited JSON (one JSON text a line, as Ollama streams its answers) into
// lines. Bytes may arrive split anywhere; a line ends in LF (a CR before it is dropped), and
// blank lines are skipped. A line longer than the bound is refused rather than buffered, as
// the SSE decoder refuses an event (http/SseDecoder.h).
class NdjsonDecoder
{
public:
    explicit NdjsonDecoder(qsizetype maxLineBytes = 4 * 1024 * 1024) : m_maxLineBytes(maxLineBytes)
    {}

    // Appends complete lines to out. False when a line exceeds the bound.
    bool feed(const char* data, size_t length, std::vector<QByteArray>& out);
    // At the end of the stream: the last line, if it had no line end.
    void finish(std::vector<QByteArray>& out);

private:
    void append(const char* line, qsizetype length, std::vector<QByteArray>& out);

    QByteArray m_buffer;
    qsizetype m_maxLineBytes;
};

} // namespace gateway::providers::ollama

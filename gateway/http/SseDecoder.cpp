#include "http/SseDecoder.h"

#include <cstring>

namespace gateway::http {

bool SseDecoder::feed(const char* data, size_t length, std::vector<Event>& out)
{
    const char* p = data;
    const char* end = data + length;
    if (m_skipLf && p < end && *p == '\n')
        ++p;
    m_skipLf = false;
    while (p < end) {
        // Line ends are LF, CRLF or CR. memchr (vectorised) instead of a byte loop: relayed
        // chunks are hundreds of bytes a line.
        const char* lf = static_cast<const char*>(memchr(p, '\n', size_t(end - p)));
        const char* lineEnd = lf ? lf : end;
        const char* cr = static_cast<const char*>(memchr(p, '\r', size_t(lineEnd - p)));
        const char* eol = cr ? cr : lineEnd;
        if (eol == end) {
            m_buffer.append(p, end - p);
            if (m_buffer.size() + m_data.size() > m_maxEventBytes)
                return false;
            return true;
        }
        if (m_buffer.isEmpty()) {
            processLine(p, eol - p, out);
        } else {
            m_buffer.append(p, eol - p);
            processLine(m_buffer.constData(), m_buffer.size(), out);
            m_buffer.clear();
        }
        if (*eol == '\r') {
            if (eol + 1 < end && eol[1] == '\n')
                ++eol;
            else if (eol + 1 == end)
                m_skipLf = true;
        }
        p = eol + 1;
        if (m_data.size() > m_maxEventBytes)
            return false;
    }
    return true;
}

void SseDecoder::finish(std::vector<Event>& out)
{
    if (!m_buffer.isEmpty()) {
        const QByteArray line = m_buffer;
        m_buffer.clear();
        processLine(line.constData(), line.size(), out);
    }
    processLine("", 0, out);
}

void SseDecoder::processLine(const char* line, qsizetype length, std::vector<Event>& out)
{
    if (length == 0) {
        if (m_hasData)
            out.push_back(Event{std::move(m_name), std::move(m_data)});
        m_name = QByteArray();
        m_data = QByteArray();
        m_hasData = false;
        return;
    }
    if (line[0] == ':')
        return;
    const char* colon = static_cast<const char*>(memchr(line, ':', size_t(length)));
    const qsizetype fieldLength = colon ? colon - line : length;
    const char* value = colon ? colon + 1 : line + length;
    if (colon && value < line + length && *value == ' ')
        ++value;
    const qsizetype valueLength = line + length - value;
    if (fieldLength == 4 && memcmp(line, "data", 4) == 0) {
        if (m_hasData)
            m_data += '\n';
        m_data.append(value, valueLength);
        m_hasData = true;
    } else if (fieldLength == 5 && memcmp(line, "event", 5) == 0) {
        m_name = QByteArray(value, valueLength);
    }
    // id and retry are not needed to relay LLM streams.
}

} // namespace gateway::http

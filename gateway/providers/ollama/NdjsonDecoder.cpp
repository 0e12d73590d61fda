#include "providers/ollama/NdjsonDecoder.h"

#include <cstring>

namespace gateway::providers::ollama {

void NdjsonDecoder::append(const char* line, qsizetype length, std::vector<QByteArray>& out)
{
    if (length > 0 && line[length - 1] == '\r')
        --length;
    // Whitespace alone is no JSON text; a blank line is no object.
    qsizetype at = 0;
    while (at < length && (line[at] == ' ' || line[at] == '\t' || line[at] == '\r'))
        ++at;
    if (at < length)
        out.emplace_back(line, length);
}

bool NdjsonDecoder::feed(const char* data, size_t length, std::vector<QByteArray>& out)
{
    const char* p = data;
    const char* end = data + length;
    while (p < end) {
        const char* lf = static_cast<const char*>(memchr(p, '\n', size_t(end - p)));
        if (!lf) {
            if (m_buffer.size() + (end - p) > m_maxLineBytes)
                return false;
            m_buffer.append(p, end - p);
            return true;
        }
        if (m_buffer.isEmpty()) {
            if (lf - p > m_maxLineBytes)
                return false;
            append(p, lf - p, out);
        } else {
            if (m_buffer.size() + (lf - p) > m_maxLineBytes)
                return false;
            m_buffer.append(p, lf - p);
            append(m_buffer.constData(), m_buffer.size(), out);
            m_buffer.clear();
        }
        p = lf + 1;
    }
    return true;
}

void NdjsonDecoder::finish(std::vector<QByteArray>& out)
{
    if (!m_buffer.isEmpty())
        append(m_buffer.constData(), m_buffer.size(), out);
    m_buffer.clear();
}

} // namespace gateway::providers::ollama

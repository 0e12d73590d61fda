#include "http/ResponseHead.h"

#include "http/StatusText.h"

#include <charconv>
#include <cstring>
#include <ctime>

namespace gateway::http {

namespace {

// RFC 9110 6.6.1: an origin server with a clock sends Date. Formatting it costs a few hundred
// nanoseconds, so each thread keeps the string for the current second.
const QByteArray& currentDate()
{
    thread_local time_t cachedSecond = 0;
    thread_local QByteArray cached;
    const time_t now = time(nullptr);
    if (now != cachedSecond) {
        cachedSecond = now;
        tm utc;
        gmtime_r(&now, &utc);
        char buffer[64];
        const size_t n = strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &utc);
        cached = QByteArray(buffer, qsizetype(n));
    }
    return cached;
}

} // namespace

void appendResponseHead(QByteArray& out, int status, const QByteArray& contentType,
                        const HeaderList& extra, bool close)
{
    appendParts(
        out, {"HTTP/1.1 ", Decimal(status), " ", statusText(status), "\r\nDate: ", currentDate()});
    if (!contentType.isEmpty())
        appendParts(out, {"\r\nContent-Type: ", contentType});
    for (const auto& [name, value] : extra)
        appendParts(out, {"\r\n", name, ": ", value});
    appendParts(out, {close ? "\r\nConnection: close\r\n" : "\r\n"});
}

void appendParts(QByteArray& out, std::initializer_list<QByteArrayView> parts)
{
    qsizetype total = 0;
    for (QByteArrayView part : parts)
        total += part.size();
    const qsizetype start = out.size();
    out.resize(start + total);
    char* at = out.data() + start;
    for (QByteArrayView part : parts) {
        if (!part.isEmpty())
            memcpy(at, part.data(), size_t(part.size()));
        at += part.size();
    }
}

Decimal::Decimal(qint64 n)
    : m_size(std::to_chars(m_digits, m_digits + sizeof m_digits, n).ptr - m_digits)
{}

void appendDecimal(QByteArray& out, qint64 n)
{
    out.append(Decimal(n));
}

void appendHeaderLines(QByteArray& out, const HeaderList& headers)
{
    for (const auto& [name, value] : headers)
        appendParts(out, {name, ": ", value, "\r\n"});
}

} // namespace gateway::http

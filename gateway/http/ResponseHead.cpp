#include "http/ResponseHead.h"

#include "http/StatusText.h"

#include <charconv>
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
    out += "HTTP/1.1 ";
    appendDecimal(out, status);
    out += ' ';
    out += statusText(status);
    out += "\r\nDate: ";
    out += currentDate();
    if (!contentType.isEmpty()) {
        out += "\r\nContent-Type: ";
        out += contentType;
    }
    for (const auto& [name, value] : extra) {
        out += "\r\n";
        out += name;
        out += ": ";
        out += value;
    }
    if (close)
        out += "\r\nConnection: close";
    out += "\r\n";
}

void appendDecimal(QByteArray& out, qint64 n)
{
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr - digits);
}

void appendHeaderLines(QByteArray& out, const HeaderList& headers)
{
    for (const auto& [name, value] : headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
}

} // namespace gateway::http

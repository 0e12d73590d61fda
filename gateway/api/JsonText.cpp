#include "api/JsonText.h"

namespace gateway::api {

void appendJsonEscaped(QByteArray& out, QByteArrayView s)
{
    static const char hex[] = "0123456789abcdef";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
            } else {
                out += c;
            }
        }
    }
}

QByteArray jsonString(QByteArrayView s)
{
    QByteArray out;
    out.reserve(s.size() + 2);
    out += '"';
    appendJsonEscaped(out, s);
    out += '"';
    return out;
}

} // namespace gateway::api

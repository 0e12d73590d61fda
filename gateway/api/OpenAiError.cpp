#include "api/OpenAiError.h"

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

QByteArray openAiError(QByteArrayView message, const char* type, const char* param,
                       const char* code)
{
    QByteArray out;
    out.reserve(message.size() + 96);
    out += "{\"error\":{\"message\":\"";
    appendJsonEscaped(out, message);
    out += "\",\"type\":\"";
    out += type;
    out += "\",\"param\":";
    if (param) {
        out += '"';
        out += param;
        out += '"';
    } else {
        out += "null";
    }
    out += ",\"code\":";
    if (code) {
        out += '"';
        out += code;
        out += '"';
    } else {
        out += "null";
    }
    out += "}}";
    return out;
}

const char* openAiErrorType(int status)
{
    switch (status) {
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 404: return "invalid_request_error";
    case 408: return "timeout_error";
    case 429: return "rate_limit_error";
    default: return status >= 500 ? "server_error" : "invalid_request_error";
    }
}

} // namespace gateway::api

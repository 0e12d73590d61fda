#include "api/anthropic/AnthropicError.h"

#include "api/JsonText.h"

namespace gateway::api {

QByteArray anthropicError(QByteArrayView message, const char* type)
{
    QByteArray out;
    out.reserve(message.size() + 80);
    out += "{\"type\":\"error\",\"error\":{\"type\":\"";
    out += type;
    out += "\",\"message\":\"";
    appendJsonEscaped(out, message);
    out += "\"}}";
    return out;
}

const char* anthropicErrorType(int status)
{
    switch (status) {
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 529: return "overloaded_error";
    default: return status >= 500 ? "api_error" : "invalid_request_error";
    }
}

} // namespace gateway::api

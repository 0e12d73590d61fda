#include "api/openai/OpenAiError.h"

namespace gateway::api {

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
    // Escaped too: a code can come from an upstream's bytes (an Anthropic error event's type).
    if (param) {
        out += '"';
        appendJsonEscaped(out, param);
        out += '"';
    } else {
        out += "null";
    }
    out += ",\"code\":";
    if (code) {
        out += '"';
        appendJsonEscaped(out, code);
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
    // A missing or wrong key: OpenAI answers 401 with invalid_request_error (and code
    // invalid_api_key); its SDKs raise AuthenticationError from the status alone.
    case 401: return "invalid_request_error";
    case 403: return "permission_error";
    case 404: return "invalid_request_error";
    case 408: return "timeout_error";
    case 429: return "rate_limit_error";
    default: return status >= 500 ? "server_error" : "invalid_request_error";
    }
}

} // namespace gateway::api

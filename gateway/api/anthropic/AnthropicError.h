#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gateway::api {

// An Anthropic error object: {"type":"error","error":{"type":...,"message":...}} (Anthropic API
// reference, "Errors": "Errors are always returned as JSON, with a top-level error object that
// always includes a type and message value").
QByteArray anthropicError(QByteArrayView message, const char* type);

// The error type Anthropic uses for a status ("Errors", HTTP errors): 400 invalid_request_error
// (and other 4xx not listed), 401 authentication_error, 403 permission_error, 404
// not_found_error, 413 request_too_large, 429 rate_limit_error, 529 overloaded_error, and
// api_error for 500 and the other 5xx a gateway produces (502, 503, 504).
const char* anthropicErrorType(int status);

} // namespace gateway::api

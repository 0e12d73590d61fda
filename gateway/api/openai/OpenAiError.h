#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include "api/JsonText.h"

namespace gateway::api {

// An OpenAI error object: {"error":{"message","type","param","code"}} (OpenAI API reference,
// "Error codes"). param and code may be null (pass nullptr).
QByteArray openAiError(QByteArrayView message, const char* type, const char* param = nullptr,
                       const char* code = nullptr);

// The error type OpenAI uses for a status: invalid_request_error (400, 401, 404 ...),
// permission_error, not_found_error, rate_limit_error, server_error ...
const char* openAiErrorType(int status);

} // namespace gateway::api

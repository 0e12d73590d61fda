#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gateway::api {

// An OpenAI error object: {"error":{"message","type","param","code"}} (OpenAI API reference,
// "Error codes"). param and code may be null (pass nullptr).
QByteArray openAiError(QByteArrayView message, const char* type, const char* param = nullptr,
                       const char* code = nullptr);

// The error type OpenAI uses for a status: invalid_request_error, authentication_error,
// permission_error, not_found_error, rate_limit_error, server_error ...
const char* openAiErrorType(int status);

// Appends s to out as the contents of a JSON string (without quotes), escaped per RFC 8259.
void appendJsonEscaped(QByteArray& out, QByteArrayView s);

} // namespace gateway::api

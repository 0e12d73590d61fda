#pragma once

namespace gateway::http {

// The reason phrase of an HTTP status (RFC 9110 section 15).
const char* statusText(int status);

} // namespace gateway::http

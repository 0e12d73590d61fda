#pragma once

#include "Result.h"

#include <QString>

namespace gateway::governance {

// When a key expires, as people write it (`switchboard keys create --expires`, the admin API's
// "expires"): a duration from now ("90m", "12h", "30d", "2w") or an ISO 8601 time
// ("2027-01-31T00:00:00Z"; one written without an offset is UTC, not wherever the gateway
// runs). The result is a wall-clock time in milliseconds, after nowMs.
Result<qint64> parseExpiry(const QString& text, qint64 nowMs);

} // namespace gateway::governance

#pragma once

#include "Result.h"
#include "config/Governance.h"

#include <QJsonObject>
#include <QJsonValue>

namespace gateway::config {

// Limits as JSON, with the keys of the config's `limits` objects (README, "Governance"):
// rpm, tpm, maxConcurrent, quota {tokens, period}, budget {usd, period}, alertAtPercent. The key
// store keeps each key's limits so, and the admin API and the console read and write them so.
// A limit that is not set is left out; alertAtPercent is written when it is not the default.
QJsonObject limitsToJson(const Limits& limits);

// The inverse, for JSON from a client or a file: every value is checked (the same bounds as
// the config's) and a key that is not one of the above is an error. Errors name the key's
// path under `path` ("limits.budget.usd: must be a number from 0 to 1000000000").
Result<Limits> limitsFromJson(const QJsonValue& json,
                              const QString& path = QStringLiteral("limits"));

} // namespace gateway::config

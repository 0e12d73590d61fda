#pragma once

#include "governance/KeySet.h"

#include <QJsonObject>

namespace gateway::governance {

// What a key is at nowMs: "active", "revoked" or "expired".
QString keyStatus(const KeyRecord& key, qint64 nowMs);

// A key as `switchboard keys list --json`, the admin API and the console show it: id, name,
// tenant, source ("stored" or "config"), status, sha256 (hex), prefix, models, limits
// (config::limitsToJson), metadata, createdAt, expiresAt and revokedAt (ISO 8601 UTC, null when not
// set). Never the secret, which is nowhere to be had.
QJsonObject keyToJson(const KeyRecord& key, qint64 nowMs);

// An ISO 8601 UTC time ("2027-01-31T00:00:00Z") for a wall-clock time in ms.
QString isoTime(qint64 ms);

} // namespace gateway::governance

#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace gateway::config {

// Resolves a secret reference such as "env:NAME". Returns the secret, or an error message.
// Injected into the config loader so that tests, and commands that need no secrets, control it.
using SecretResolver = std::function<Result<QByteArray>(const QString& reference)>;

// "env:NAME" reads the process environment. Anything else, a plain-text secret included, is
// refused, so a config file can be shared without leaking keys.
Result<QByteArray> resolveSecretFromEnvironment(const QString& reference);

// The default: "env:NAME" as above, or "keychain:NAME" from the OS keychain (Keychain.h).
Result<QByteArray> resolveSecret(const QString& reference);

// The two kinds of reference, built and taken apart (an empty name: not of that kind).
QString envReference(const QString& variable);
QString envVariableOf(const QString& reference);
QString keychainReference(const QString& entry);
QString keychainEntryOf(const QString& reference);

// Checks a reference's form without reading the secret (for commands that only read the
// config's non-secret parts, such as `switchboard logs`).
Result<QByteArray> checkSecretReference(const QString& reference);

} // namespace gateway::config

#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace gateway::config {

// The operating system's keychain (the Secret Service on Linux: GNOME Keyring, KWallet), through
// QtKeychain, under the service name "switchboard". Config files name an entry as
// "keychain:NAME"; the secret itself never touches the file.
//
// Calls block the calling thread until the keychain answers (it may show an unlock prompt),
// spinning a local event loop. On Linux QtKeychain talks to libsecret, whose replies arrive
// through GLib's main loop: call these on a thread whose Qt event dispatcher is GLib's (the
// main thread of `switchboard` and `switchboard serve`; engine threads use QT_NO_GLIB and would
// never see an answer, so they get an error instead of a hang).
class Keychain
{
public:
    // Entry names: 1-128 of A-Z a-z 0-9 . _ - , starting with a letter or digit.
    static bool isValidName(const QString& name);

    static Result<QByteArray> read(const QString& name);
    // Like read(), but a missing entry is an empty optional rather than an error.
    static Result<std::optional<QByteArray>> find(const QString& name);
    static Result<bool> write(const QString& name, const QByteArray& secret);
    // Removing an entry that does not exist succeeds.
    static Result<bool> remove(const QString& name);

    static const char* serviceName() { return "switchboard"; }
};

} // namespace gateway::config

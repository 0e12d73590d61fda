#pragma once

#include <QStringList>

namespace app {

// `switchboard keychain set|has|delete NAME`: manages the keys that configs refer to as
// keychain:NAME, for hosts without the console (the key is read from standard input, never
// from the command line, where other users could see it in the process list). Returns the
// exit code.
int runKeychain(const QStringList& arguments);

} // namespace app

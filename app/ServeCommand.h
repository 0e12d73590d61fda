#pragma once

#include <QStringList>

namespace app {

// `switchboard serve`: the gateway without a GUI. Returns the process exit code.
int runServe(const QStringList& arguments);

// Raises the soft open-file limit to the hard limit: thousands of client and upstream sockets
// must fit. Returns the new soft limit.
long raiseOpenFileLimit();

} // namespace app

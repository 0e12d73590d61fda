#pragma once

#include <QStringList>

namespace app {

// `switchboard logs tail|query`: prints rows of the request log. Returns the exit code.
int runLogs(const QStringList& arguments);

} // namespace app

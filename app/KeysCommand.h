#pragma once

#include <QStringList>

namespace app {

// `switchboard keys create|list|revoke|rotate`: the gateway keys kept in the data dir
// (governance.sqlite). A running gateway on the same data dir applies a change within a
// second. Returns the exit code: 2 for a usage error, 1 for a failure.
int runKeys(const QStringList& arguments);

} // namespace app

#pragma once

#include "GatewayHost.h"

// Options for a GatewayHost in a test: the given (temporary) data dir, 127.0.0.1 on a free
// port, and the embedded config (mock-fast and mock-smart on the built-in mock, body capture on).
inline ui::GatewayHost::Options testHostOptions(const QString& dataDir)
{
    ui::GatewayHost::Options options;
    options.dataDir = dataDir;
    options.listenOverride = QStringLiteral("127.0.0.1:0");
    return options;
}

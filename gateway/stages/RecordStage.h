#pragma once

#include "pipeline/Stage.h"

#include <QByteArray>
#include <QList>

namespace gateway::stages {

// Runs once at the end of every request, whatever happened: updates the worker's metrics and
// hands one LogRecord to the log writer's queue (no disk I/O here).
class RecordStage : public pipeline::Stage
{
public:
    const char* name() const override { return "record"; }
    void onComplete(pipeline::RequestContext& ctx) const override;

    // bytes with every occurrence of each secret replaced by "[redacted]".
    static QByteArray scrubbed(QByteArray bytes, const QList<QByteArray>& secrets);
};

} // namespace gateway::stages

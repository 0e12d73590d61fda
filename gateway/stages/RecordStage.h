#pragma once

#include "pipeline/Stage.h"

#include <QByteArray>
#include <QList>

namespace gateway::http {
struct Request;
}

namespace gateway::stages {

// Runs once at the end of every request, whatever happened: updates the worker's metrics and
// hands one LogRecord to the log writer's queue (no disk I/O here).
class RecordStage : public pipeline::Stage
{
public:
    const char* name() const override { return "record"; }
    void onComplete(pipeline::RequestContext& ctx) const override;

    // The header that marks a request as the console's replay. Its value must be the engine's
    // console token (Engine::consoleToken()): 128 random bits made at start-up that never leave
    // the process, so a remote client cannot mark its traffic as replay and hide it from the
    // console's figures. The header is masked in the captured headers.
    static constexpr char replayHeader[] = "x-switchboard-replay";
    // store::sourceReplay() for a request with the right token, else store::sourceApi().
    static QString sourceOf(const http::Request& request, QByteArrayView consoleToken);

    // bytes with every occurrence of each secret replaced by "[redacted]".
    static QByteArray scrubbed(QByteArray bytes, const QList<QByteArray>& secrets);
};

} // namespace gateway::stages

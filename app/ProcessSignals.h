#pragma once

#include <QObject>

class QSocketNotifier;

namespace app {

// Turns SIGINT and SIGTERM (and, when asked, SIGHUP) into Qt signals on the main thread
// (self-pipe: the handler only writes the signal's number), so that both hosts shut down in
// order (drain the gateway, flush the log) and `serve` reloads its config on SIGHUP, as
// daemons do. With Reload::OnSighup it expects main() to have blocked SIGHUP at start, and
// unblocks it on the calling thread once its handler is installed.
class ProcessSignals : public QObject
{
    Q_OBJECT
public:
    enum class Reload { Ignore, OnSighup };
    explicit ProcessSignals(Reload reload = Reload::Ignore, QObject* parent = nullptr);
    ~ProcessSignals() override;
    bool isValid() const { return m_notifier != nullptr; }

signals:
    void terminationRequested();
    void reloadRequested();

private:
    QSocketNotifier* m_notifier = nullptr;
    bool m_reload = false;
};

} // namespace app

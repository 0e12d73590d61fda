#pragma once

#include <QObject>

class QSocketNotifier;

namespace app {

// Turns SIGINT and SIGTERM into a Qt signal on the main thread (self-pipe: the handler only
// writes a byte), so that both hosts shut down in order: drain the gateway, flush the log.
class TerminationSignals : public QObject
{
    Q_OBJECT
public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;
    bool isValid() const { return m_notifier != nullptr; }

signals:
    void terminationRequested();

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace app

#pragma once

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>

// Waits until condition() holds or timeoutMs passes, and says whether it holds: for state that
// another thread changes with no signal to wait on (the key directory's poll, a worker's
// completion hook, the ledger's alert). Checked every millisecond, so it costs no fixed
// sleep; the timeout only bounds a failure. With processEvents, this thread's queued calls
// (a signal from the engine) are delivered meanwhile.
template <typename Condition>
bool eventually(Condition condition, int timeoutMs = 5000, bool processEvents = false)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        if (processEvents)
            QCoreApplication::processEvents();
        if (condition())
            return true;
        if (deadline.hasExpired())
            return false;
        QThread::msleep(1);
    }
}

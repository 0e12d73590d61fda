#include "ProcessSignals.h"

#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace app {

namespace {
int signalPipe[2] = {-1, -1};

void onSignal(int number)
{
    const char byte = char(number);
    // Only async-signal-safe calls here: the event loop reads the pipe.
    (void)!::write(signalPipe[1], &byte, 1);
}
} // namespace

ProcessSignals::ProcessSignals(Reload reload, QObject* parent)
    : QObject(parent), m_reload(reload == Reload::OnSighup)
{
    if (signalPipe[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0)
        return;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    m_notifier = new QSocketNotifier(qintptr(signalPipe[0]), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, [this] {
        char byte = 0;
        if (::read(signalPipe[0], &byte, 1) != 1)
            return;
        if (byte == SIGHUP)
            emit reloadRequested();
        else
            emit terminationRequested();
    });
    if (m_reload) {
        // main() blocked SIGHUP before anything else ran (see main.cpp): the handler is in
        // place now, so it is unblocked, here only, and one that arrived meanwhile is handled.
        sigaction(SIGHUP, &action, nullptr);
        sigset_t hangup;
        sigemptyset(&hangup);
        sigaddset(&hangup, SIGHUP);
        pthread_sigmask(SIG_UNBLOCK, &hangup, nullptr);
    }
}

ProcessSignals::~ProcessSignals()
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (m_reload) {
        // Blocked again rather than left to its default action: a reload sent while the
        // process finishes its shutdown must not kill it before the last log rows are written.
        sigset_t hangup;
        sigemptyset(&hangup);
        sigaddset(&hangup, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &hangup, nullptr);
        signal(SIGHUP, SIG_DFL);
    }
}

} // namespace app

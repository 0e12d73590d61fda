#pragma once

#include <QtGlobal>

#include <ctime>
#include <functional>

namespace gateway {

// Monotonic time for latencies and deadlines. CLOCK_MONOTONIC is a vDSO call: no system call.
inline qint64 monotonicNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Coarse monotonic time (the kernel's last tick: a few milliseconds of resolution) for
// deadlines and timeouts, which are milliseconds to minutes. A request sets and checks several
// of them; this clock costs a fraction of monotonicNs(), which measures latencies.
inline qint64 monotonicMs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// Wall-clock time in milliseconds since the epoch: what log rows, retention cut-offs and the
// rollups' minutes are measured in.
inline qint64 systemWallClockMs()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// The wall clock of a component that tests run at an anchored time (a fixed "now", or one they
// step), so that nothing depends on where in a minute or a day the test started.
using WallClock = std::function<qint64()>;

} // namespace gateway

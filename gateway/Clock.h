#pragma once

#include <QtGlobal>

#include <ctime>

namespace gateway {

// Monotonic time for latencies and deadlines. CLOCK_MONOTONIC is a vDSO call: no system call.
inline qint64 monotonicNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

inline qint64 monotonicMs()
{
    return monotonicNs() / 1'000'000;
}

} // namespace gateway

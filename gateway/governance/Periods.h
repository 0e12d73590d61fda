#pragma once

#include "config/Governance.h"

#include <QtGlobal>

namespace gateway::governance {

// The calendar period of a quota or a budget that holds a moment: [startMs, endMs) in UTC, on
// the wall clock. Days start at 00:00 UTC, weeks on Monday (ISO 8601), months on the 1st.
// Total is one period that never ends: startMs 0, endMs 0.
struct PeriodBounds
{
    qint64 startMs = 0;
    qint64 endMs = 0; // 0: never (Total)

    bool holds(qint64 nowMs) const { return nowMs >= startMs && (endMs == 0 || nowMs < endMs); }
};

PeriodBounds periodBounds(config::Period period, qint64 nowMs);

} // namespace gateway::governance

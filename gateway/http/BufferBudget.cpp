#include "http/BufferBudget.h"

namespace gateway::http {

void BufferBudget::notePendingOutput(qint64 bytes)
{
    qint64 peak = m_pendingPeak.load(std::memory_order_relaxed);
    while (bytes > peak &&
           !m_pendingPeak.compare_exchange_weak(peak, bytes, std::memory_order_relaxed)) {
    }
}

void BufferBudget::Reservation::setBudget(BufferBudget* budget)
{
    const qint64 bytes = m_bytes;
    resize(0);
    m_budget = budget;
    resize(bytes);
}

void BufferBudget::Reservation::resize(qint64 bytes)
{
    if (m_budget && bytes != m_bytes) {
        if (bytes > m_bytes)
            m_budget->add(bytes - m_bytes);
        else
            m_budget->release(m_bytes - bytes);
    }
    m_bytes = bytes;
}

} // namespace gateway::http

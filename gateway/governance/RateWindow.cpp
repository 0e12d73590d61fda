#include "governance/RateWindow.h"

#include <QtEndian>

namespace gateway::governance {

void RateWindow::advance(qint64 nowSecond)
{
    if (nowSecond <= m_head)
        return;
    if (nowSecond - m_head >= slotCount) {
        m_requests.fill(0);
        m_tokens.fill(0);
        m_requestSum = 0;
        m_tokenSum = 0;
    } else {
        for (qint64 s = m_head + 1; s <= nowSecond; ++s) {
            const int i = slotOf(s);
            m_requestSum -= m_requests[i];
            m_tokenSum -= m_tokens[i];
            m_requests[i] = 0;
            m_tokens[i] = 0;
        }
    }
    m_head = nowSecond;
}

void RateWindow::add(qint64 requests, qint64 tokens)
{
    const int i = slotOf(m_head);
    m_requests[i] += requests;
    m_tokens[i] += tokens;
    m_requestSum += requests;
    m_tokenSum += tokens;
}

void RateWindow::adjustTokens(qint64 second, qint64 delta)
{
    if (second > m_head - slotCount && second <= m_head) {
        const int i = slotOf(second);
        const qint64 applied = qMax(delta, -m_tokens[i]);
        m_tokens[i] += applied;
        m_tokenSum += applied;
    } else if (delta > 0) {
        add(0, delta);
    }
}

qint64 RateWindow::msUntilFit(const std::array<qint64, slotCount>& counts, qint64 sum, qint64 limit,
                              qint64 need, qint64 nowMs) const
{
    if (sum + need <= limit)
        return 0;
    if (need > limit)
        return -1;
    // The oldest slotCount leave first: slot s leaves the window at the start of second s + 60.
    qint64 freed = 0;
    for (qint64 s = m_head - slotCount + 1; s <= m_head; ++s) {
        freed += counts[slotOf(s)];
        if (sum - freed + need <= limit)
            return qMax<qint64>(0, (s + slotCount) * 1000 - nowMs);
    }
    return qMax<qint64>(0, (m_head + slotCount) * 1000 - nowMs);
}

qint64 RateWindow::msUntilEmpty(const std::array<qint64, slotCount>& counts, qint64 nowMs) const
{
    for (qint64 s = m_head; s > m_head - slotCount; --s)
        if (counts[slotOf(s)] != 0)
            return qMax<qint64>(0, (s + slotCount) * 1000 - nowMs);
    return 0;
}

qint64 RateWindow::msUntilRequestsFit(qint64 limit, qint64 need, qint64 nowMs) const
{
    return msUntilFit(m_requests, m_requestSum, limit, need, nowMs);
}

qint64 RateWindow::msUntilTokensFit(qint64 limit, qint64 need, qint64 nowMs) const
{
    return msUntilFit(m_tokens, m_tokenSum, limit, need, nowMs);
}

qint64 RateWindow::msUntilRequestsEmpty(qint64 nowMs) const
{
    return msUntilEmpty(m_requests, nowMs);
}

qint64 RateWindow::msUntilTokensEmpty(qint64 nowMs) const
{
    return msUntilEmpty(m_tokens, nowMs);
}

QByteArray RateWindow::toBytes() const
{
    // Slot by second, oldest first, so the layout does not depend on slotOf().
    QByteArray out(2 * slotCount * 8, Qt::Uninitialized);
    char* p = out.data();
    for (qint64 s = m_head - slotCount + 1; s <= m_head; ++s, p += 16) {
        qToLittleEndian<qint64>(m_requests[slotOf(s)], p);
        qToLittleEndian<qint64>(m_tokens[slotOf(s)], p + 8);
    }
    return out;
}

bool RateWindow::fromBytes(qint64 head, const QByteArray& bytes, RateWindow* out)
{
    if (bytes.size() != 2 * slotCount * 8)
        return false;
    RateWindow w;
    w.m_head = head;
    const char* p = bytes.constData();
    for (qint64 s = head - slotCount + 1; s <= head; ++s, p += 16) {
        const qint64 requests = qFromLittleEndian<qint64>(p);
        const qint64 tokens = qFromLittleEndian<qint64>(p + 8);
        if (requests < 0 || tokens < 0)
            return false; // not written by this class
        w.m_requests[slotOf(s)] = requests;
        w.m_tokens[slotOf(s)] = tokens;
        w.m_requestSum += requests;
        w.m_tokenSum += tokens;
    }
    *out = w;
    return true;
}

} // namespace gateway::governance

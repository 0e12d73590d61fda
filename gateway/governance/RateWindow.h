#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <array>

namespace gateway::governance {

// The requests and tokens of one scope over the last minute, as a sliding window of sixty
// one-second slots (the window of APIM's rate-limit-by-key, whose renewal-period is "the length
// in seconds of the sliding window"). Any sixty consecutive seconds hold at most the limit: a
// fixed minute would let twice the limit through across a minute's boundary (all of one
// minute's in its last second, all of the next one's in its first). One-second slots keep it
// exact to the second at a fixed 1 KiB per scope, where a log of every request would grow with
// the limit. Not thread-safe: its scope's lock guards it.
class RateWindow
{
public:
    static constexpr int slotCount = 60;

    // Moves the window to end at nowSecond (seconds since the epoch): slots that left it are
    // emptied. A clock that went back leaves the window where it is.
    void advance(qint64 nowSecond);
    qint64 requests() const { return m_requestSum; }
    qint64 tokens() const { return m_tokenSum; }
    // The second the window ends at (advance()'s last).
    qint64 head() const { return m_head; }

    // Counts into the current second's slot.
    void add(qint64 requests, qint64 tokens);
    // Corrects the tokens counted at `second` (a reservation settled on its real usage): in
    // that slot while it is still in the window; once it left, only more tokens than were
    // counted still matter, and they count now. Never below zero.
    void adjustTokens(qint64 second, qint64 delta);

    // Milliseconds from nowMs until `need` more requests (tokens) fit under limit: 0 if they do
    // now, -1 if they never can (need > limit).
    qint64 msUntilRequestsFit(qint64 limit, qint64 need, qint64 nowMs) const;
    qint64 msUntilTokensFit(qint64 limit, qint64 need, qint64 nowMs) const;
    // Milliseconds until everything counted now has left the window (OpenAI's
    // x-ratelimit-reset-*: "the time until the rate limit resets to its initial state").
    qint64 msUntilRequestsEmpty(qint64 nowMs) const;
    qint64 msUntilTokensEmpty(qint64 nowMs) const;

    // The window as stored (governance.sqlite): the head second, then the requests and tokens
    // of each slot; fromBytes() refuses anything of another size.
    QByteArray toBytes() const;
    static bool fromBytes(qint64 head, const QByteArray& bytes, RateWindow* out);

private:
    qint64 msUntilFit(const std::array<qint64, slotCount>& counts, qint64 sum, qint64 limit,
                      qint64 need, qint64 nowMs) const;
    qint64 msUntilEmpty(const std::array<qint64, slotCount>& counts, qint64 nowMs) const;
    static int slotOf(qint64 second) { return int(((second % slotCount) + slotCount) % slotCount); }

    qint64 m_head = 0;
    std::array<qint64, slotCount> m_requests{};
    std::array<qint64, slotCount> m_tokens{};
    qint64 m_requestSum = 0;
    qint64 m_tokenSum = 0;
};

} // namespace gateway::governance

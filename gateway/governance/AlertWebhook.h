#pragma once

#include "governance/LedgerView.h"

#include <QByteArray>
#include <QString>
#include <QThread>

#include <atomic>

class QNetworkAccessManager;

namespace gateway::governance {

// POSTs soft-limit alerts as JSON to governance.alertWebhookUrl, from a thread of its own: a
// request that passes a soft limit only queues the alert. At most maxPending posts wait or run
// at once (beyond, an alert is dropped with a warning), each bounded by timeoutMs; failures
// are logged and counted, never retried.
class AlertWebhook
{
public:
    explicit AlertWebhook(int maxPending = 64, int timeoutMs = 10'000);
    ~AlertWebhook(); // pending posts are abandoned
    AlertWebhook(const AlertWebhook&) = delete;
    AlertWebhook& operator=(const AlertWebhook&) = delete;

    // Queues the POST; never blocks. False when the URL is not http(s) or too many are pending.
    bool post(const QString& url, const LimitAlert& alert);
    // {"event":"limit_alert","scope":"key","name":"ci","what":"budget","used":0.8,
    //  "limit":1,"unit":"usd","time":"2026-11-29T10:00:00.000Z"}
    static QByteArray body(const LimitAlert& alert);

    quint64 sent() const { return m_sent.load(); }
    quint64 failed() const { return m_failed.load(); }

private:
    const int m_maxPending;
    const int m_timeoutMs;
    QThread m_thread;
    QObject* m_context;                     // lives in m_thread
    QNetworkAccessManager* m_nam = nullptr; // made in m_thread on first use
    std::atomic<int> m_pending{0};
    std::atomic<quint64> m_sent{0};
    std::atomic<quint64> m_failed{0};
};

} // namespace gateway::governance

#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <optional>

namespace ui {

// Runs a blocking query (SQLite reads of the request log) on a worker thread, one at a time,
// and hands its result back on the owner's thread. While a query runs, a new request replaces
// any request already waiting, and the running query's result is dropped: slow disks never
// queue refreshes up or deliver a stale range. Used by the Dashboard's and the Usage page's
// series (RollupSeries, UsageSeries).
template <typename Request, typename Result> class LatestQuery
{
public:
    // query runs on the worker thread; deliver on owner's thread, which must outlive this.
    LatestQuery(QObject* owner, std::function<Result(const Request&)> query,
                std::function<void(const Result&)> deliver)
        : m_owner(owner), m_query(std::move(query)), m_deliver(std::move(deliver))
    {
        m_pool.setMaxThreadCount(1); // a second query would only race the first
    }
    // The worker posts its result to the owner: it must be done before the owner goes.
    ~LatestQuery() { m_pool.waitForDone(); }
    LatestQuery(const LatestQuery&) = delete;
    LatestQuery& operator=(const LatestQuery&) = delete;

    void load(Request request)
    {
        if (m_running)
            m_waiting = std::move(request);
        else
            start(request);
    }
    bool isLoading() const { return m_running; }

private:
    void start(const Request& request)
    {
        m_running = true;
        m_pool.start([this, request] {
            Result result = m_query(request);
            // Back to the owner's thread; the destructor waits for the pool, so `this` is alive
            // here, and a posted call is discarded if the owner goes before it is delivered.
            QMetaObject::invokeMethod(
                m_owner, [this, result = std::move(result)] { finished(result); },
                Qt::QueuedConnection);
        });
    }
    void finished(const Result& result)
    {
        m_running = false;
        if (m_waiting) {
            // A newer request came in while this one ran: its answer is the one that counts.
            const Request next = *m_waiting;
            m_waiting.reset();
            start(next);
            return;
        }
        m_deliver(result);
    }

    QObject* m_owner;
    std::function<Result(const Request&)> m_query;
    std::function<void(const Result&)> m_deliver;
    QThreadPool m_pool;
    bool m_running = false;
    std::optional<Request> m_waiting;
};

} // namespace ui

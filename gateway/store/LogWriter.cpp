#include "store/LogWriter.h"

#include "store/Database.h"

#include <QtDebug>

#include <chrono>
#include <utility>

namespace gateway::store {

LogWriter::LogWriter() = default;
LogWriter::LogWriter(const Options& options) : m_options(options) {}

LogWriter::~LogWriter()
{
    stop();
}

Result<bool> LogWriter::start(const QString& dataDir)
{
    m_dataDir = dataDir;
    const QString name = QStringLiteral("switchboard-log-writer-%1").arg(quintptr(this));
    // Open once here so that a bad data dir is reported at start-up, not lost in a thread, and
    // so that the schema is migrated before the writer's own connection opens it.
    {
        Result<QSqlDatabase> db = Database::open(dataDir, name);
        if (!db)
            return Result<bool>::failure(db.error());
    }
    Database::close(name);
    m_queue.reserve(size_t(m_options.batchSize));
    m_started = true;
    m_stopping = false; // a writer may be started again after stop()
    if (!m_options.ownThread) {
        Result<bool> opened = m_store.open(m_dataDir);
        if (!opened)
            setHealth(false,
                      QStringLiteral("request log cannot be opened: %1").arg(opened.error()));
        return true;
    }
    m_thread = std::thread([this] { run(); });
    return true;
}

void LogWriter::stop()
{
    if (!m_started)
        return;
    if (!m_options.ownThread) {
        step(); // what is still queued
        m_store.close();
        m_started = false;
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
    m_started = false;
}

void LogWriter::setLogging(const config::LoggingConfig& logging)
{
    std::lock_guard lock(m_mutex);
    m_options.logging = logging;
}

void LogWriter::setMaxPageCount(qint64 pages)
{
    std::lock_guard lock(m_mutex);
    m_maxPageCount = qMax<qint64>(0, pages);
}

LogWriter::Health LogWriter::health() const
{
    std::lock_guard lock(m_mutex);
    return m_health;
}

void LogWriter::setHealth(bool ok, const QString& reason)
{
    bool changed = false;
    {
        std::lock_guard lock(m_mutex);
        changed = m_health.ok != ok || m_health.reason != reason;
        m_health = {ok, reason};
    }
    // Once per change, not once per failing flush (five a second).
    if (changed && !ok)
        qWarning("log writer: %s", qPrintable(reason));
    else if (changed)
        qInfo("log writer: the request log is written again");
}

void LogWriter::push(LogRecord&& record)
{
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        if (int(m_queue.size()) >= m_options.maxQueued) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            return;
        }
        m_queue.push_back(std::move(record));
        ++m_pushed;
        // Wake the writer only when a batch is full; otherwise its timer picks records up.
        // This keeps futex wake-ups off the request path.
        wake = int(m_queue.size()) == m_options.batchSize;
    }
    if (wake)
        m_wake.notify_one();
}

void LogWriter::flush()
{
    if (!m_options.ownThread) {
        if (m_started)
            step();
        return;
    }
    std::unique_lock lock(m_mutex);
    if (!m_thread.joinable())
        return;
    const qint64 target = m_pushed;
    m_flushRequested = true;
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_committed >= target || !m_thread.joinable(); });
}

bool LogWriter::step()
{
    qint64 maxPageCount = -1;
    {
        std::lock_guard lock(m_mutex);
        m_batch.swap(m_queue);
        m_flushRequested = false;
        maxPageCount = std::exchange(m_maxPageCount, -1);
    }
    if (maxPageCount >= 0)
        m_store.setMaxPageCount(maxPageCount);
    writeBatch(m_batch);
    {
        std::lock_guard lock(m_mutex);
        m_committed += qint64(m_batch.size());
    }
    m_flushed.notify_all();
    m_batch.clear();
    return upkeepStep();
}

void LogWriter::writeBatch(const std::vector<LogRecord>& batch)
{
    if (batch.empty())
        return;
    const LogStore::WriteResult result = m_store.write(batch);
    m_written.fetch_add(result.written, std::memory_order_relaxed);
    // Every lost row is counted where an operator looks (switchboard_log_dropped_total), and
    // /healthz says why until a write succeeds again.
    m_dropped.fetch_add(result.failed, std::memory_order_relaxed);
    if (!result.error.isEmpty()) {
        m_writeFailures.fetch_add(1, std::memory_order_relaxed);
        setHealth(false, QStringLiteral("request log cannot be written: %1").arg(result.error));
    } else {
        setHealth(true, QString());
    }
}

bool LogWriter::upkeepStep()
{
    const qint64 now = m_options.clock();
    config::LoggingConfig logging;
    {
        std::lock_guard lock(m_mutex);
        logging = m_options.logging;
    }
    // A clock set back makes the next pass due at once rather than in a long while.
    const auto due = [now](qint64 last, qint64 every) { return now < last || now - last >= every; };
    if (!m_retentionPending &&
        (m_retentionDue || due(m_lastRetentionMs, m_options.retentionEveryMs))) {
        m_retentionDue = false;
        m_retentionPending = true;
        m_lastRetentionMs = now;
        m_retentionNowMs = now; // one pass, one cut-off
    }
    if (m_retentionPending) {
        m_retentionPending = m_store.retentionStep(logging, m_retentionNowMs);
        return m_retentionPending || m_sizePending;
    }
    if (!m_sizePending && due(m_lastSizeCheckMs, m_options.sizeCheckEveryMs)) {
        m_sizePending = true;
        m_lastSizeCheckMs = now;
    }
    if (m_sizePending)
        m_sizePending = m_store.sizeStep(logging.maxDbBytes);
    return m_sizePending;
}

void LogWriter::run()
{
    Result<bool> opened = m_store.open(m_dataDir);
    // Not open: every write fails, and is counted and reported as such.
    if (!opened)
        setHealth(false, QStringLiteral("request log cannot be opened: %1").arg(opened.error()));
    bool upkeepPending = false;
    for (;;) {
        bool stopping = false;
        {
            std::unique_lock lock(m_mutex);
            // While upkeep remains, its next step follows at once: each step is short, and
            // the rows that came meanwhile are committed before it.
            const auto wait =
                std::chrono::milliseconds(upkeepPending ? 0 : m_options.flushIntervalMs);
            m_wake.wait_for(lock, wait, [&] {
                return m_stopping || m_flushRequested || int(m_queue.size()) >= m_options.batchSize;
            });
            stopping = m_stopping;
        }
        upkeepPending = step();
        if (stopping) {
            std::lock_guard lock(m_mutex);
            if (m_queue.empty())
                break;
        }
    }
    m_store.close();
    std::lock_guard lock(m_mutex);
    m_committed = m_pushed;
    m_flushed.notify_all();
}

} // namespace gateway::store

#include "store/LogWriter.h"

#include "store/Database.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <QtDebug>

#include <chrono>

namespace gateway::store {

namespace {
constexpr qint64 retentionEveryMs = 10 * 60 * 1000;
}

LogWriter::LogWriter() = default;
LogWriter::LogWriter(const Options& options) : m_options(options) {}

LogWriter::~LogWriter() { stop(); }

Result<bool> LogWriter::start(const QString& dataDir)
{
    m_dataDir = dataDir;
    const QString name = QStringLiteral("switchboard-log-writer-%1").arg(quintptr(this));
    // Open once here so that a bad data dir is reported at start-up, not lost in a thread.
    {
        Result<QSqlDatabase> db = Database::open(dataDir, name);
        if (!db)
            return Result<bool>::failure(db.error());
    }
    Database::close(name);
    m_queue.reserve(size_t(m_options.batchSize));
    m_thread = std::thread([this, name] { run(name); });
    return true;
}

void LogWriter::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void LogWriter::setLogging(const config::LoggingConfig& logging)
{
    std::lock_guard lock(m_mutex);
    m_options.logging = logging;
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
    std::unique_lock lock(m_mutex);
    if (!m_thread.joinable())
        return;
    const qint64 target = m_pushed;
    m_flushRequested = true;
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_committed >= target || !m_thread.joinable(); });
}

void LogWriter::run(QString connectionName)
{
    {
        Result<QSqlDatabase> opened = Database::open(m_dataDir, connectionName);
        if (!opened) {
            qWarning("log writer: %s", qPrintable(opened.error()));
            std::lock_guard lock(m_mutex);
            m_failed.fetch_add(m_pushed - m_committed);
            m_committed = m_pushed;
            m_flushed.notify_all();
            return;
        }
        QSqlDatabase db = opened.value();
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO requests (ts_ms, trace_id, key_id, tenant, route, endpoint, model, backend,"
            " upstream_model, status, error_class, latency_ms, ttft_ms, prompt_tokens,"
            " completion_tokens, cost, cache_status, stream, request_body, response_body)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
        std::vector<LogRecord> batch;
        batch.reserve(size_t(m_options.batchSize));
        qint64 lastRetentionMs = 0;
        for (;;) {
            bool stopping = false;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait_for(lock, std::chrono::milliseconds(m_options.flushIntervalMs), [&] {
                    return m_stopping || m_flushRequested ||
                           int(m_queue.size()) >= m_options.batchSize;
                });
                batch.swap(m_queue);
                m_flushRequested = false;
                stopping = m_stopping;
            }
            if (!batch.empty()) {
                db.transaction();
                for (const LogRecord& r : batch) {
                    int column = 0;
                    // Positional binds: addBindValue() keeps counting across exec() in Qt 6.
                    auto bind = [&](const QVariant& v) { insert.bindValue(column++, v); };
                    auto text = [](const QString& s) { return s.isEmpty() ? QVariant() : QVariant(s); };
                    bind(r.timeMs);
                    bind(QString::fromLatin1(r.traceId));
                    bind(text(r.keyId));
                    bind(text(r.tenant));
                    bind(text(r.route));
                    bind(r.endpoint);
                    bind(text(r.model));
                    bind(text(r.backend));
                    bind(text(r.upstreamModel));
                    bind(r.status);
                    bind(text(r.errorClass));
                    bind(r.latencyMs);
                    bind(r.ttftMs >= 0 ? QVariant(r.ttftMs) : QVariant());
                    bind(r.promptTokens);
                    bind(r.completionTokens);
                    bind(r.cost);
                    bind(text(r.cacheStatus));
                    bind(r.stream ? 1 : 0);
                    bind(r.requestBody.isNull() ? QVariant() : QVariant(QString::fromUtf8(r.requestBody)));
                    bind(r.responseBody.isNull() ? QVariant() : QVariant(QString::fromUtf8(r.responseBody)));
                    if (!insert.exec()) {
                        m_failed.fetch_add(1, std::memory_order_relaxed);
                        qWarning("log writer: insert failed: %s", qPrintable(insert.lastError().text()));
                    }
                }
                if (!db.commit()) {
                    m_failed.fetch_add(qint64(batch.size()), std::memory_order_relaxed);
                    qWarning("log writer: commit failed: %s", qPrintable(db.lastError().text()));
                } else {
                    m_written.fetch_add(qint64(batch.size()), std::memory_order_relaxed);
                }
            }
            {
                std::lock_guard lock(m_mutex);
                m_committed += qint64(batch.size());
            }
            m_flushed.notify_all();
            batch.clear();
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            if (now - lastRetentionMs >= retentionEveryMs) {
                lastRetentionMs = now;
                applyRetention(connectionName);
            }
            if (stopping) {
                std::lock_guard lock(m_mutex);
                if (m_queue.empty())
                    break;
            }
        }
    }
    Database::close(connectionName);
    std::lock_guard lock(m_mutex);
    m_committed = m_pushed;
    m_flushed.notify_all();
}

void LogWriter::applyRetention(const QString& connectionName)
{
    config::LoggingConfig logging;
    {
        std::lock_guard lock(m_mutex);
        logging = m_options.logging;
    }
    QSqlDatabase db = QSqlDatabase::database(connectionName, false);
    QSqlQuery q(db);
    if (logging.retentionDays > 0) {
        q.prepare(QStringLiteral("DELETE FROM requests WHERE ts_ms < ?"));
        q.addBindValue(QDateTime::currentMSecsSinceEpoch() - qint64(logging.retentionDays) * 86'400'000);
        q.exec();
    }
    if (logging.retentionRows > 0) {
        q.prepare(QStringLiteral("DELETE FROM requests WHERE id <= (SELECT MAX(id) FROM requests) - ?"));
        q.addBindValue(logging.retentionRows);
        q.exec();
    }
}

} // namespace gateway::store

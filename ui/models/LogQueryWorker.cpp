#include "models/LogQueryWorker.h"

#include "models/LogSource.h"

#include <QElapsedTimer>

namespace ui {

namespace {
constexpr qint64 chunkIntervalMs = 100;
}

LogQueryWorker::LogQueryWorker(const QString& dataDir,
                               std::shared_ptr<const std::atomic<quint64>> generation)
    : m_dataDir(dataDir), m_generation(std::move(generation))
{}

// Out of line: LogSource is only forward-declared in the header.
LogQueryWorker::~LogQueryWorker() = default;

LogSource& LogQueryWorker::source()
{
    if (!m_source) {
        m_source = std::make_unique<LogSource>(m_dataDir);
        m_source->setInterruptCheck([this] { return m_running != 0 && !isCurrent(m_running); });
    }
    return *m_source;
}

void LogQueryWorker::fetchRows(quint64 generation, const SqlQueryText& query, int limit)
{
    if (!isCurrent(generation))
        return;
    m_running = generation;
    QVector<LogRow> chunk;
    QElapsedTimer sinceChunk;
    sinceChunk.start();
    int read = 0;
    const LogSource::Outcome outcome = source().readRows(query, [&](LogRow&& row) {
        chunk.append(std::move(row));
        ++read;
        if (sinceChunk.hasExpired(chunkIntervalMs)) {
            if (!isCurrent(generation))
                return false;
            emit rowsFound(generation, chunk, false, QString());
            chunk.clear();
            sinceChunk.restart();
        }
        return limit <= 0 || read < limit;
    });
    if (!isCurrent(generation) || outcome == LogSource::Outcome::Interrupted)
        return;
    emit rowsFound(generation, chunk, true,
                   outcome == LogSource::Outcome::Failed ? m_source->error() : QString());
}

void LogQueryWorker::count(quint64 generation, const SqlQueryText& query)
{
    if (!isCurrent(generation))
        return;
    m_running = generation;
    qint64 value = 0;
    if (source().readInteger(query, &value) == LogSource::Outcome::Done && isCurrent(generation))
        emit counted(generation, value);
}

void LogQueryWorker::findFilterValues()
{
    m_running = 0; // not tied to a filter: nothing interrupts it
    const QStringList models = source().distinctModels();
    const QList<int> statuses = source().distinctStatuses();
    const QStringList backends = source().distinctBackends();
    emit filterValuesFound(models, backends, statuses);
}

} // namespace ui

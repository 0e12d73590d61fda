#pragma once

#include "models/LogFilter.h"
#include "models/LogRow.h"

#include <QObject>
#include <QStringList>
#include <QVector>

#include <atomic>
#include <memory>

namespace ui {

class LogSource;

// Runs the Logs page's queries that may scan (a text search in the bodies, a sort by a column
// without an index, counts, the distinct backends) on its own thread and connection, so that
// the GUI thread never waits on them.
//
// Every request carries the generation of the filter it was made for. When the model moves on
// to a newer filter it bumps the shared counter: a statement of an older generation is
// interrupted within a few microseconds of SQLite work, and queued requests of an older
// generation are skipped, so a new filter cancels the search before it.
class LogQueryWorker : public QObject
{
    Q_OBJECT
public:
    LogQueryWorker(const QString& dataDir, std::shared_ptr<const std::atomic<quint64>> generation);
    ~LogQueryWorker() override;

    // These run on the worker's thread (the model invokes them queued).
    // Reads up to `limit` rows and hands them over in chunks as they are found (every ~100 ms),
    // so that a slow search shows its first matches at once.
    void fetchRows(quint64 generation, const ui::SqlQueryText& query, int limit);
    void count(quint64 generation, const ui::SqlQueryText& query);
    void findFilterValues();

signals:
    // finished: the query has ended (ok or failed); rows: the next chunk, in order.
    void rowsFound(quint64 generation, const QVector<ui::LogRow>& rows, bool finished,
                   const QString& error);
    void counted(quint64 generation, qint64 count);
    void filterValuesFound(const QStringList& models, const QStringList& backends,
                           const QList<int>& statuses);

private:
    bool isCurrent(quint64 generation) const { return m_generation->load() == generation; }
    LogSource& source();

    QString m_dataDir;
    std::shared_ptr<const std::atomic<quint64>> m_generation;
    std::unique_ptr<LogSource> m_source; // created on the worker's thread, on first use
    quint64 m_running = 0; // the generation of the statement now running; 0: none to interrupt
};

} // namespace ui

#pragma once

#include "models/LogFilter.h"
#include "models/LogRow.h"

#include <QObject>
#include <QString>

#include <atomic>

class QThread;

namespace ui {

// Writes the rows of a filter to a CSV or JSON Lines file on a thread of its own, streaming
// them from one forward-only query (never all rows in memory), with progress and cancel. The
// file is written through QSaveFile: it appears whole when done, and not at all on cancel or
// error.
class LogExporter : public QObject
{
    Q_OBJECT
public:
    enum class Format { Csv, JsonLines };

    explicit LogExporter(QObject* parent = nullptr);
    // Cancels a running export and waits for its thread.
    ~LogExporter() override;

    // Starts exporting the rows of `filter` (its time range anchored at nowMs, in its sort
    // order) from dataDir to path. False if an export is already running.
    bool start(const QString& dataDir, const LogFilter& filter, qint64 nowMs, const QString& path,
               Format format);
    void cancel() { m_cancel.store(true); }
    bool isRunning() const;

    // One exported line each, with its newline (public for tests).
    static QByteArray csvHeader();
    static QByteArray csvLine(const LogRow& row);
    static QByteArray jsonLine(const LogRow& row);
    // The format a file name asks for (.jsonl/.ndjson/.json: JSON Lines; otherwise CSV).
    static Format formatForPath(const QString& path);

signals:
    // total is -1 until counted. Emitted from the export thread, at most every 100 ms.
    void progress(qint64 done, qint64 total);
    // ok: the file was written. Otherwise error says why, or is empty when canceled.
    void finished(bool ok, const QString& error, qint64 rows);

private:
    struct Result
    {
        bool ok = false;
        QString error;
        qint64 rows = 0;
    };
    Result run(const QString& dataDir, const LogFilter& filter, qint64 nowMs, const QString& path,
               Format format);

    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_running{false};
};

} // namespace ui

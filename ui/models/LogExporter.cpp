#include "models/LogExporter.h"

#include "models/LogSource.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QThread>

namespace ui {

namespace {
constexpr qint64 progressIntervalMs = 100;
constexpr qsizetype writeChunkBytes = 256 * 1024;

// RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled.
// Text fields hold what clients sent (the model asked for, an endpoint): one that a spreadsheet
// would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe, which
// spreadsheets show as text (OWASP "CSV injection"). Numbers are written elsewhere, unchanged.
QByteArray csvField(const QString& value)
{
    QByteArray utf8 = value.toUtf8();
    const bool formula = !utf8.isEmpty() && QByteArrayView("=+-@\t\r").contains(utf8.front());
    if (formula)
        utf8.prepend('\'');
    if (!formula && !utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') &&
        !utf8.contains('\r'))
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

// Numbers as SQLite prints them (up to 15 significant digits), so a line reads like the row.
QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 15);
}

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

LogExporter::LogExporter(QObject* parent) : QObject(parent) {}

LogExporter::~LogExporter()
{
    if (m_thread) {
        cancel();
        m_thread->wait();
        delete m_thread;
    }
}

bool LogExporter::isRunning() const
{
    return m_running.load();
}

LogExporter::Format LogExporter::formatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson") ||
                   suffix == QLatin1String("json")
               ? Format::JsonLines
               : Format::Csv;
}

QByteArray LogExporter::csvHeader()
{
    return "id,time,ts_ms,trace_id,endpoint,model,backend,upstream_model,status,error_class,"
           "latency_ms,ttft_ms,prompt_tokens,completion_tokens,cost,cache_status,stream,key,"
           "tenant\n";
}

QByteArray LogExporter::csvLine(const LogRow& r)
{
    QByteArray line;
    line.reserve(256);
    line += QByteArray::number(r.id) + ',' + isoTime(r.timeMs).toUtf8() + ',' +
            QByteArray::number(r.timeMs) + ',' + csvField(r.traceId) + ',' + csvField(r.endpoint) +
            ',' + csvField(r.model) + ',' + csvField(r.backend) + ',' + csvField(r.upstreamModel) +
            ',' + QByteArray::number(r.status) + ',' + csvField(r.errorClass) + ',' +
            number(r.latencyMs) + ',' + (r.ttftMs < 0 ? QByteArray() : number(r.ttftMs)) + ',' +
            QByteArray::number(r.promptTokens) + ',' + QByteArray::number(r.completionTokens) +
            ',' + number(r.cost) + ',' + csvField(r.cacheStatus) + ',' + (r.stream ? "1" : "0") +
            ',' + csvField(r.keyName) + ',' + csvField(r.tenant) + '\n';
    return line;
}

QByteArray LogExporter::jsonLine(const LogRow& r)
{
    auto text = [](const QString& s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    const QJsonObject o{
        {QStringLiteral("id"), r.id},
        {QStringLiteral("time"), isoTime(r.timeMs)},
        {QStringLiteral("ts_ms"), r.timeMs},
        {QStringLiteral("trace_id"), r.traceId},
        {QStringLiteral("endpoint"), text(r.endpoint)},
        {QStringLiteral("model"), text(r.model)},
        {QStringLiteral("backend"), text(r.backend)},
        {QStringLiteral("upstream_model"), text(r.upstreamModel)},
        {QStringLiteral("status"), r.status},
        {QStringLiteral("error_class"), text(r.errorClass)},
        {QStringLiteral("latency_ms"), r.latencyMs},
        {QStringLiteral("ttft_ms"), r.ttftMs < 0 ? QJsonValue() : QJsonValue(r.ttftMs)},
        {QStringLiteral("prompt_tokens"), r.promptTokens},
        {QStringLiteral("completion_tokens"), r.completionTokens},
        {QStringLiteral("cost"), r.cost},
        {QStringLiteral("cache_status"), text(r.cacheStatus)},
        {QStringLiteral("stream"), r.stream},
        {QStringLiteral("key"), text(r.keyName)},
        {QStringLiteral("tenant"), text(r.tenant)},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool LogExporter::start(const QString& dataDir, const LogFilter& filter, qint64 nowMs,
                        const QString& path, Format format)
{
    if (isRunning())
        return false;
    if (m_thread) { // it has reported; its last instructions may still be running
        m_thread->wait();
        delete m_thread;
    }
    m_cancel.store(false);
    m_running.store(true);
    m_thread = QThread::create([this, dataDir, filter, nowMs, path, format] {
        const Result result = run(dataDir, filter, nowMs, path, format);
        // Not running any more once finished() is seen: a new export may start from its slot.
        m_running.store(false);
        emit finished(result.ok, result.error, result.rows);
    });
    m_thread->setObjectName(QStringLiteral("switchboard-logs-export"));
    m_thread->start(QThread::LowPriority);
    return true;
}

// On the export thread. Signals are queued to the GUI thread's receivers.
LogExporter::Result LogExporter::run(const QString& dataDir, const LogFilter& filter, qint64 nowMs,
                                     const QString& path, Format format)
{
    QSaveFile file(path);
    // Opened first: a path that cannot be written is reported before any query runs.
    if (!file.open(QIODevice::WriteOnly)) {
        return {false, tr("Cannot write %1: %2").arg(path, file.errorString()), 0};
    }
    qint64 written = 0;
    QString error;
    {
        LogSource source(dataDir);
        source.setInterruptCheck([this] { return m_cancel.load(); });
        const auto opened = source.open();
        if (!opened) {
            file.cancelWriting();
            return {false, tr("Cannot read the request log: %1").arg(opened.error()), 0};
        }
        const qint64 snapshot = source.maxId();
        qint64 total = -1;
        if (source.readInteger(filter.countQuery(nowMs, snapshot), &total) !=
            LogSource::Outcome::Done)
            total = -1;
        emit progress(0, total);
        QByteArray buffer = format == Format::Csv ? csvHeader() : QByteArray();
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        bool writeFailed = false;
        const LogSource::Outcome outcome =
            source.readRows(filter.pageQuery(nowMs, snapshot, LogCursor(), 0), [&](LogRow&& row) {
                buffer += format == Format::Csv ? csvLine(row) : jsonLine(row);
                ++written;
                if (buffer.size() >= writeChunkBytes) {
                    writeFailed = file.write(buffer) != buffer.size();
                    buffer.clear();
                }
                if (sinceProgress.hasExpired(progressIntervalMs)) {
                    emit progress(written, total);
                    sinceProgress.restart();
                }
                return !writeFailed && !m_cancel.load();
            });
        if (!writeFailed && !buffer.isEmpty())
            writeFailed = file.write(buffer) != buffer.size();
        if (writeFailed)
            error = tr("Cannot write %1: %2").arg(path, file.errorString());
        else if (outcome == LogSource::Outcome::Failed)
            error = tr("Cannot read the request log: %1").arg(source.error());
        else
            emit progress(written, total);
    }
    if (m_cancel.load() || !error.isEmpty()) {
        file.cancelWriting();
        return {false, error, written};
    }
    if (!file.commit())
        return {false, tr("Cannot write %1: %2").arg(path, file.errorString()), written};
    return {true, QString(), written};
}

} // namespace ui

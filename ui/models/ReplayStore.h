#pragma once

#include "Result.h"
#include "models/ReplayRun.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <optional>

namespace ui {

// A logged request that can be replayed: one line of the page's "recent requests" list.
struct CapturedRequest
{
    qint64 id = 0;
    qint64 timeMs = 0;
    QString model;
    int status = 0;
    QString prompt; // the last user message, as plain text (may be cut)
};

// One row of the request log with its captured bodies, as the Replay page starts from it.
struct SourceRequest
{
    qint64 id = 0;
    bool found = false;    // the row is in the log
    bool captured = false; // its bodies were captured (logging.captureBodies)
    qint64 timeMs = 0;
    QString endpoint;
    QString model;
    int status = 0;
    double latencyMs = -1;
    double ttftMs = -1;
    qint64 promptTokens = -1;
    qint64 completionTokens = -1;
    QByteArray requestBody;
    QByteArray responseBody;
    std::vector<gateway::store::Attempt> attempts;
};

// A saved replay (the replays table) as listed and as opened.
struct SavedReplay
{
    qint64 id = 0;
    qint64 createdMs = 0;
    std::optional<qint64> sourceRequestId;
    QString title;
    QJsonObject request; // the body replayed (its model is the original's, if any)
    QList<ReplayResult> results;
    std::optional<SourceRequest> source; // when opened: the source row, if still in the log
};

// The Replay page's reads and writes of <dataDir>/switchboard.sqlite.
//
// The static functions are the queries; they block, so they run on the store's own thread,
// one at a time and in the order asked, each on a connection of its own (QtSql connections
// belong to their thread). Reads use a read-only connection; saving uses a write connection
// with a busy timeout (store::Database::open), beside the gateway's log writer on the same
// WAL-mode file. Each asynchronous call answers with one signal, on the store's thread.
class ReplayStore : public QObject
{
    Q_OBJECT
public:
    explicit ReplayStore(const QString& dataDir, QObject* parent = nullptr);
    ~ReplayStore() override;

    // The newest chat completions that can be replayed (their captured body is a JSON object
    // with messages), newest first, leaving out the calls that replays made themselves (their
    // source is "replay"). Up to limit rows are read; those that cannot be replayed are left
    // out, so fewer may come back.
    static gateway::Result<QList<CapturedRequest>> recentRequests(const QString& dataDir,
                                                                  int limit);
    // One row; found is false when it is not in the log (the result is an error only when the
    // log cannot be read).
    static gateway::Result<SourceRequest> sourceRequest(const QString& dataDir, qint64 id);
    // Inserts a replay; returns its id.
    static gateway::Result<qint64> insertReplay(const QString& dataDir, const SavedReplay& replay);
    // Saved replays, newest first, without their request and results.
    static gateway::Result<QList<SavedReplay>> replays(const QString& dataDir, int limit);
    // One replay with its results, and its source row when it is still in the log.
    static gateway::Result<SavedReplay> replay(const QString& dataDir, qint64 id);

    // The upstream attempts of the log rows with these trace ids (x-request-id), among the
    // rows logged since sinceMs (a range of the time index: trace ids have no index). A row
    // that is not written yet is missing from the answer.
    using AttemptsByTrace = QHash<QString, std::vector<gateway::store::Attempt>>;
    static gateway::Result<AttemptsByTrace> attempts(const QString& dataDir, qint64 sinceMs,
                                                     const QStringList& traceIds);

    // Whether a chat request body can be replayed: it has messages (a body cut at
    // logging.maxBodyBytes is no JSON object, so it has none).
    static bool isReplayable(const QJsonObject& body);

    // The last words a prompt preview shows.
    static QString promptOf(const QJsonObject& requestBody);

    QString dataDir() const { return m_dataDir; }
    // The gateway may move its data dir when it starts with a config that names one; later
    // calls use the new one.
    void setDataDir(const QString& dataDir) { m_dataDir = dataDir; }

    void loadRecentRequests(int limit = 50);
    void loadSourceRequest(qint64 id);
    void save(const SavedReplay& replay);
    void loadReplays(int limit = 100);
    void loadReplay(qint64 id);
    void loadAttempts(qint64 sinceMs, const QStringList& traceIds);

signals:
    void recentRequestsLoaded(const QList<ui::CapturedRequest>& requests, const QString& error);
    void sourceRequestLoaded(qint64 id, const ui::SourceRequest& request, const QString& error);
    void saved(qint64 replayId, const QString& error); // replayId 0 on error
    void replaysLoaded(const QList<ui::SavedReplay>& replays, const QString& error);
    void replayLoaded(qint64 id, const ui::SavedReplay& replay, const QString& error);
    void attemptsLoaded(const ui::ReplayStore::AttemptsByTrace& attempts, const QString& error);

private:
    // Runs job on the store's thread; its answer is delivered on this object's thread.
    template <typename Job, typename Deliver> void run(Job job, Deliver deliver);

    QString m_dataDir;
    QThreadPool m_pool;
};

} // namespace ui

Q_DECLARE_METATYPE(ui::CapturedRequest)
Q_DECLARE_METATYPE(ui::SourceRequest)
Q_DECLARE_METATYPE(ui::SavedReplay)

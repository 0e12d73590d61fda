#pragma once

#include "models/ReplayStore.h"
#include "widgets/ReplayColumn.h"

#include "Page.h"
#include <QJsonObject>
#include <QList>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QTimer;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QStackedWidget;

namespace ui {

class EmptyState;
class GatewayHost;
class ReplayRun;

// Replays a logged request (or a typed prompt) against other targets and compares the
// answers side by side. Its calls are marked as replay traffic (the engine's console token in
// X-Switchboard-Replay), so the log records them with source "replay".
//
// The source is a row of the request log with its captured bodies (picked from the newest
// ones, or handed over by replayRequest()), or a prompt typed in. The targets are the
// config's aliases and "backend/model" names, which the gateway routes straight to a backend.
// Run sends the original body to every target at once through the gateway, streamed, and
// each answer fills its own column as it arrives, with its latency, TTFT, tokens and status;
// once the log has the calls, each column says which backend answered and why any before it
// did not.
// Once the answers are in, each column shows a word diff against the original answer (or,
// without one, against the first target's). The finished replay is saved in the replays
// table and can be opened again without running it.
//
// The gateway has no response cache yet, so replays never hit one and the page offers no
// cache option. Nothing here blocks the GUI thread: HTTP is asynchronous and SQLite is read
// and written on ReplayStore's thread.
class ReplayPage : public Page
{
    Q_OBJECT
public:
    explicit ReplayPage(GatewayHost* host, QWidget* parent = nullptr);

    QString purpose() const override;
    // "Run replay" (Ctrl+Return): run().
    QAction* mainAction() const override { return m_runAction; }
    // Reads the captured requests, the saved replays and the config's targets again.
    void refresh() override;
    ~ReplayPage() override;

    // The answer columns in display order: the original first when there is one.
    QList<ReplayColumn*> columns() const { return m_columns; }
    bool isRunning() const;
    // The source request of what the page shows, 0 for a typed prompt or none.
    qint64 sourceRequestId() const;
    qint64 lastSavedReplayId() const { return m_lastSavedId; }

public slots:
    // Makes a logged request the source (its bodies are read in the background;
    // sourceLoaded() tells the outcome). The Logs page hands rows over with this.
    void replayRequest(qint64 requestId);
    // Shows a saved replay's answers and diffs, without running it again.
    void openReplay(qint64 replayId);
    // Starts with a prompt typed in: clears the source and focuses the prompt.
    void newPrompt();
    // Sends the source to every checked target; does nothing while a replay runs.
    void run();
    // Cancels the calls in flight; a stopped replay is not saved.
    void stop();

signals:
    // ok: the request can be replayed; otherwise the page says why not.
    void sourceLoaded(qint64 requestId, bool ok);
    // Every target of a run has finished (ok or not).
    void runFinished();
    void replaySaved(qint64 replayId);
    void replayOpened(qint64 replayId);
    // The list of recent captured requests was (re)read.
    void recentRequestsLoaded();

protected:
    void changeEvent(QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    // What Run sends: a logged or saved request's body, with the original answer if there is
    // one.
    struct Source
    {
        std::optional<qint64> requestId;
        QJsonObject body;
        std::optional<ReplayResult> original;
        QString originalModel;
    };

    QWidget* createSetup();
    QWidget* createActions();
    void rebuildTargets();
    void addCustomTarget();
    // Why a target typed by hand cannot be replayed to (empty: it can): an alias, or
    // "backend/model" with a backend of the config.
    QString targetProblem(const QString& name) const;
    // After a run: reads which backends answered from the request log, then saves the replay.
    void readAttempts();
    void onAttemptsLoaded(const ReplayStore::AttemptsByTrace& attempts, const QString& error);
    void save();
    QStringList checkedTargets() const;
    void refreshRecent();
    void onRecentLoaded(const QList<CapturedRequest>& requests, const QString& error);
    void onSourceLoaded(qint64 id, const SourceRequest& request, const QString& error);
    void onSaved(qint64 id, const QString& error);
    void onReplaysLoaded(const QList<SavedReplay>& replays, const QString& error);
    void onReplayLoaded(qint64 id, const SavedReplay& replay, const QString& error);
    void setSource(const std::optional<Source>& source);
    void showPrompt();
    // Removes the columns of one kind, or all, and ends the runs.
    void clearColumns(std::optional<ReplayColumn::Kind> kind = std::nullopt);
    ReplayColumn* addColumn(bool original, const QString& target = QString());
    // Where the gateway sends a target, as a column's subtitle says it.
    QString routeOf(const QString& target) const;
    void onRunFinished();
    // Shows how many answers are in; true when all are.
    bool showProgress();
    // Gives each column its diff role; retell: re-render existing diffs (language change).
    void updateDiffs(bool retell = false);
    ReplayColumn* referenceColumn() const;
    void updateState();
    // Texts that depend on state are kept as functions, so a language change re-renders them.
    void setStatus(std::function<QString()> text);
    void setNotice(std::function<QString()> text);
    void retranslate();
    void retranslateCombos();
    void updateColors();
    QString autoTitle() const;

    GatewayHost* m_host;
    ReplayStore* m_store;
    std::optional<Source> m_source;
    qint64 m_pendingRequest = 0; // replayRequest() waiting for its row
    qint64 m_pendingReplay = 0;  // openReplay() waiting for its row
    qint64 m_lastSavedId = 0;
    qint64 m_openedReplay = 0; // the saved replay shown, 0 for a new run
    QList<ReplayRun*> m_runs;
    qint64 m_runStartedMs = 0;      // wall clock: the log rows of the run are at or after it
    int m_attemptReads = 0;         // tries so far: the log writer flushes a little after an answer
    bool m_attemptsPending = false; // a read of the attempts is on its way
    QTimer* m_attemptsRetry;
    QListWidgetItem* m_pressedTarget = nullptr; // a press on a target, and its state then
    Qt::CheckState m_pressedState = Qt::Unchecked;
    QJsonObject m_runBody; // what the runs sent (the model aside), saved with their results
    QList<ReplayColumn*> m_columns;
    ReplayColumn* m_reference = nullptr; // the column the others are compared with
    bool m_stopped = false;
    QList<CapturedRequest> m_recent;
    QList<SavedReplay> m_saved;
    QStringList m_customTargets;
    std::function<QString()> m_statusText;
    std::function<QString()> m_noticeText;

    QAction* m_runAction;
    QComboBox* m_recentCombo;
    QPushButton* m_refresh;
    QPushButton* m_newPrompt;
    QLabel* m_sourceInfo;
    QPlainTextEdit* m_prompt;
    QLabel* m_notice;
    QLabel* m_targetsLabel;
    QListWidget* m_targets;
    QLineEdit* m_customTarget;
    QPushButton* m_addTarget;
    QLabel* m_targetError; // why the typed target was not added
    QLabel* m_titleLabel;
    QLineEdit* m_title;
    QCheckBox* m_showDiff;
    QComboBox* m_savedCombo;
    QPushButton* m_stop;
    QStackedWidget* m_results;
    EmptyState* m_empty;
    QScrollArea* m_scroll;
    QWidget* m_columnsHost;
    QLabel* m_status;
};

} // namespace ui

#pragma once

#include "models/ReplayRun.h"
#include "models/WordDiff.h"

#include <QFrame>

#include <optional>

class QLabel;
class QTextBrowser;

namespace ui {

// One answer of a replay, as a card: what was asked (a target, or the original request's
// model), how it went (status or error, which backend answered and why the ones before it did
// not, latency, TTFT, tokens) and the text, streamed in as it
// arrives. Once finished it can show a word diff against the reference answer instead:
// insertions on a green background, deletions struck through on a red one, in colours picked
// for the palette's lightness so that both light and dark themes stay readable.
class ReplayColumn : public QFrame
{
    Q_OBJECT
public:
    enum class Kind {
        Original, // the logged answer the replay started from
        Target,   // a replayed call
    };
    // What the column's text is compared with.
    enum class DiffRole {
        None,      // no diff (yet): the plain text
        Reference, // the other columns are compared with this one
        Compared,  // diff() holds the comparison with the reference
    };

    explicit ReplayColumn(Kind kind, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }
    // Original columns: the request the answer belongs to (shown under the title).
    void setSource(qint64 requestId, const QString& model);
    // Target columns: where the gateway sends the target (shown under the title).
    void setRoute(const QString& route);
    void setResult(const ReplayResult& result);
    const ReplayResult& result() const { return m_result; }

    // against: the reference's name for the summary line ("the original", a target).
    void setDiff(const WordDiff::Result& diff, const QString& against);
    void setReference();
    void clearDiff();
    DiffRole diffRole() const { return m_role; }
    const std::optional<WordDiff::Result>& diff() const { return m_diff; }
    // Diffs show only while this is on (the page's "Show differences").
    void setShowDiff(bool show);

    // Error text that reads on the palette's window colour, light (dark false) or dark.
    static QColor errorColor(bool dark);

    // The diff as HTML for a QTextDocument, in the colours for a dark or a light background.
    static QString diffHtml(const WordDiff::Result& diff, bool dark);

    // What the labels show, for tests and tools.
    QString titleText() const;
    QString statusText() const;
    QString answeredByText() const; // who answered: empty until the log row is read
    QString statsText() const;
    QString diffSummary() const;
    QString shownText() const; // the text view's plain text
    bool isShowingDiff() const { return m_showingDiff; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void renderLabels();
    void renderText();
    bool isDark() const;

    Kind m_kind;
    ReplayResult m_result;
    qint64 m_sourceId = 0;
    QString m_sourceModel;
    QString m_route;
    DiffRole m_role = DiffRole::None;
    std::optional<WordDiff::Result> m_diff;
    QString m_against;
    bool m_showDiff = true;
    bool m_showingDiff = false;
    qsizetype m_shownLength = -1; // of m_result.text in the view as plain text; -1: other content

    QLabel* m_title;
    QLabel* m_subtitle;
    QLabel* m_status;
    QLabel* m_answeredBy;
    QLabel* m_stats;
    QLabel* m_summary;
    QTextBrowser* m_view;
};

} // namespace ui

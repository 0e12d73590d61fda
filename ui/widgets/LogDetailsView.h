#pragma once

#include "models/LogRow.h"
#include "store/LogRecord.h"

#include <QWidget>

#include <optional>
#include <vector>

class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace ui {

// The details of one logged request: a summary (time, status, model and backend, its upstream
// attempts, latency, TTFT, tokens, trace id) beside its request, response and headers. The
// bodies are shown as sent (Raw) or indented (Pretty); the choice is remembered. The matches
// of the Logs search are marked in them. When the bodies were not captured it says so, and how
// to turn capture on.
class LogDetailsView : public QWidget
{
    Q_OBJECT
public:
    explicit LogDetailsView(QWidget* parent = nullptr);

    // bodies: nullopt when the log holds none for this request. attempts: the upstream calls
    // in order (empty when none were made: the Attempts field then shows a dash).
    void showRequest(const LogRow& row, const std::optional<LogBodies>& bodies,
                     const std::vector<gateway::store::Attempt>& attempts = {});
    void clear();

    // Raw: the bodies byte for byte as they were sent; pretty: JSON indented, a stream as its
    // events (prettyJson, prettyResponse).
    bool isPretty() const { return m_pretty; }
    void setPretty(bool pretty);
    // Marks each occurrence of text (not case-sensitive) in the bodies and headers, and
    // scrolls to the first one; empty marks nothing.
    void setHighlight(const QString& text);
    // How many occurrences are marked in the request, response and headers views.
    int highlightCount() const;

    // What the Request and Response tabs show (public for tests): JSON indented; an SSE
    // stream as its events, each one indented, after the text it streamed.
    static QString prettyJson(const QByteArray& body);
    static QString prettyResponse(const QByteArray& body);
    // The Tokens field: prompt + completion, the cached and reasoning parts, and whether the
    // gateway counted them because the backend reported none.
    static QString tokensText(const LogRow& row);

    QString requestText() const;
    QString responseText() const;
    QString headersText() const;
    QString attemptsText() const; // the Attempts field, e.g. "a/m ✗ timed out (5 ms)\n→ b/m ✓ …"
    QString noticeText() const; // the "not captured" or "select a request" text, if shown

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void render();
    void renderBodies();
    void markMatches();
    QLabel* addField(int key);

    QStackedWidget* m_stack; // the empty state, or the details
    QLabel* m_empty;
    QWidget* m_summary;
    QFormLayout* m_form;
    QList<QLabel*> m_keys; // the form's labels, in field order
    QList<QLabel*> m_values;
    QStackedWidget* m_bodyStack; // the tabs, or the "not captured" notice
    QTabWidget* m_tabs;
    QPlainTextEdit* m_request;
    QPlainTextEdit* m_response;
    QPlainTextEdit* m_headers;
    QLabel* m_notCaptured;
    QToolButton* m_raw;
    QToolButton* m_prettyButton;
    bool m_pretty = false;
    QString m_highlight;
    std::optional<LogRow> m_row;
    std::optional<LogBodies> m_bodies;
    std::vector<gateway::store::Attempt> m_attempts;
};

} // namespace ui

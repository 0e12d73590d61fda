#include "widgets/LogDetailsView.h"

#include "models/AttemptText.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSettings>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextDocument>
#include <QToolButton>

namespace ui {

namespace {
// The summary's fields, in display order.
enum Field {
    Time,
    Status,
    Model,
    Backend,
    Attempts,
    Endpoint,
    Stream,
    Latency,
    Ttft,
    Tokens,
    TraceId,
    FieldCount
};

constexpr const char* prettyKey = "logs/prettyBodies";

QSettings settings()
{
    return QSettings(QStringLiteral("switchboard"), QStringLiteral("console"));
}

// A search match: the same marker as in the Logs table (widgets/LogCellDelegate.cpp).
QColor matchColor(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128 ? QColor(0x7a, 0x5c, 0x00)
                                                           : QColor(0xff, 0xe0, 0x66);
}

// A body as it was sent: its bytes as UTF-8 text.
QString rawText(const QByteArray& body)
{
    return body.isEmpty() ? LogDetailsView::tr("(empty)") : QString::fromUtf8(body);
}

QPlainTextEdit* codeView()
{
    auto* edit = new QPlainTextEdit;
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return edit;
}

QString indented(const QJsonDocument& doc)
{
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

// The text a stream event carries: chat deltas, legacy completions, or an error.
QString streamedText(const QJsonObject& event)
{
    const QJsonObject choice = event.value(QLatin1String("choices")).toArray().at(0).toObject();
    const QJsonValue delta =
        choice.value(QLatin1String("delta")).toObject().value(QLatin1String("content"));
    if (delta.isString())
        return delta.toString();
    return choice.value(QLatin1String("text")).toString();
}
} // namespace

LogDetailsView::LogDetailsView(QWidget* parent)
    : QWidget(parent), m_stack(new QStackedWidget), m_empty(new QLabel), m_summary(new QWidget),
      m_form(new QFormLayout(m_summary)), m_bodyStack(new QStackedWidget), m_tabs(new QTabWidget),
      m_request(codeView()), m_response(codeView()), m_headers(codeView()),
      m_notCaptured(new QLabel), m_raw(new QToolButton), m_prettyButton(new QToolButton)
{
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setObjectName(QStringLiteral("detailsEmpty"));

    m_form->setLabelAlignment(Qt::AlignRight);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    for (int f = 0; f < FieldCount; ++f)
        m_values << addField(f);
    // The summary scrolls rather than clip when the pane is short.
    auto* summaryScroll = new QScrollArea;
    summaryScroll->setWidget(m_summary);
    summaryScroll->setWidgetResizable(true);
    summaryScroll->setFrameShape(QFrame::NoFrame);
    summaryScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    summaryScroll->setMinimumWidth(330);
    summaryScroll->setMaximumWidth(400);

    m_request->setObjectName(QStringLiteral("requestBody"));
    m_response->setObjectName(QStringLiteral("responseBody"));
    m_headers->setObjectName(QStringLiteral("requestHeaders"));
    m_tabs->addTab(m_request, QString());
    m_tabs->addTab(m_response, QString());
    m_tabs->addTab(m_headers, QString());
    m_tabs->setDocumentMode(true);
    // Raw or Pretty, beside the tabs they apply to.
    auto* format = new QWidget;
    auto* formatLayout = new QHBoxLayout(format);
    formatLayout->setContentsMargins(0, 0, 0, 0);
    formatLayout->setSpacing(0);
    auto* group = new QButtonGroup(this);
    for (QToolButton* button : {m_raw, m_prettyButton}) {
        button->setCheckable(true);
        button->setAutoRaise(true);
        group->addButton(button);
        formatLayout->addWidget(button);
    }
    m_raw->setObjectName(QStringLiteral("rawBodies"));
    m_prettyButton->setObjectName(QStringLiteral("prettyBodies"));
    m_tabs->setCornerWidget(format, Qt::TopRightCorner);
    m_pretty = settings().value(QLatin1String(prettyKey), false).toBool();
    (m_pretty ? m_prettyButton : m_raw)->setChecked(true);
    connect(m_prettyButton, &QToolButton::toggled, this, [this](bool pretty) {
        setPretty(pretty);
        settings().setValue(QLatin1String(prettyKey), pretty);
    });
    m_notCaptured->setObjectName(QStringLiteral("bodiesNotCaptured"));
    m_notCaptured->setWordWrap(true);
    m_notCaptured->setAlignment(Qt::AlignCenter);
    m_notCaptured->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notCaptured->setMargin(12);
    m_bodyStack->addWidget(m_tabs);
    m_bodyStack->addWidget(m_notCaptured);

    auto* details = new QWidget;
    auto* row = new QHBoxLayout(details);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(summaryScroll);
    row->addWidget(m_bodyStack, 1);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(details);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    retranslate();
    clear();
}

QLabel* LogDetailsView::addField(int key)
{
    auto* label = new QLabel;
    auto* value = new QLabel;
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    value->setObjectName(QStringLiteral("detailsField%1").arg(key));
    m_keys << label;
    m_form->addRow(label, value);
    return value;
}

void LogDetailsView::showRequest(const LogRow& row, const std::optional<LogBodies>& bodies,
                                 const std::vector<gateway::store::Attempt>& attempts)
{
    m_row = row;
    m_bodies = bodies;
    m_attempts = attempts;
    render();
}

void LogDetailsView::clear()
{
    m_row.reset();
    m_bodies.reset();
    m_attempts.clear();
    render();
}

QString LogDetailsView::prettyJson(const QByteArray& body)
{
    if (body.trimmed().isEmpty())
        return tr("(empty)");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError)
        return indented(doc);
    // Most often a body cut at logging.maxBodyBytes: show it as it is.
    return QString::fromUtf8(body) + QStringLiteral("\n\n") +
           tr("(not valid JSON at byte %1: %2; bodies longer than logging.maxBodyBytes are cut)")
               .arg(error.offset)
               .arg(error.errorString());
}

QString LogDetailsView::prettyResponse(const QByteArray& body)
{
    const QByteArray trimmed = body.trimmed();
    if (!trimmed.startsWith("data:") && !trimmed.startsWith("event:") && !trimmed.startsWith(':'))
        return prettyJson(body);
    // Server-sent events: blocks separated by a blank line, "data:" lines joined.
    QByteArray normalized = body;
    normalized.replace("\r\n", "\n");
    QList<QByteArray> blocks;
    for (qsizetype start = 0;;) {
        const qsizetype end = normalized.indexOf("\n\n", start);
        blocks << normalized.mid(start, end < 0 ? -1 : end - start);
        if (end < 0)
            break;
        start = end + 2;
    }
    QStringList events;
    QString text;
    int index = 0;
    for (const QByteArray& block : blocks) {
        QByteArray data;
        QByteArray name;
        for (const QByteArray& line : block.split('\n')) {
            if (line.startsWith("data:"))
                data += (data.isEmpty() ? QByteArray() : QByteArray("\n")) + line.mid(5).trimmed();
            else if (line.startsWith("event:"))
                name = line.mid(6).trimmed();
        }
        if (data.isEmpty() && name.isEmpty())
            continue;
        ++index;
        const QString title = name.isEmpty()
                                  ? tr("// event %1").arg(index)
                                  : tr("// event %1: %2").arg(index).arg(QString::fromUtf8(name));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
        if (error.error == QJsonParseError::NoError && doc.isObject()) {
            text += streamedText(doc.object());
            events << title + QLatin1Char('\n') + indented(doc);
        } else {
            events << title + QLatin1Char('\n') + QString::fromUtf8(data);
        }
    }
    QString out = tr("// Server-sent events: %L1. The text they streamed:").arg(index);
    out += QLatin1Char('\n');
    out += text.isEmpty() ? tr("// (none)") : text;
    return out + QStringLiteral("\n\n") + events.join(QStringLiteral("\n\n"));
}

QString LogDetailsView::requestText() const
{
    return m_request->toPlainText();
}
QString LogDetailsView::responseText() const
{
    return m_response->toPlainText();
}
QString LogDetailsView::headersText() const
{
    return m_headers->toPlainText();
}

QString LogDetailsView::attemptsText() const
{
    return m_values[Attempts]->text();
}

QString LogDetailsView::noticeText() const
{
    if (m_stack->currentWidget() == m_empty)
        return m_empty->text();
    return m_bodyStack->currentWidget() == m_notCaptured ? m_notCaptured->text() : QString();
}

void LogDetailsView::render()
{
    if (!m_row) {
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    const LogRow& r = *m_row;
    const QLocale locale;
    const QString none = tr("—");
    m_values[Time]->setText(QDateTime::fromMSecsSinceEpoch(r.timeMs).toString(
        QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t")));
    m_values[Status]->setText(r.errorClass.isEmpty()
                                  ? QString::number(r.status)
                                  : tr("%1 (%2)").arg(r.status).arg(r.errorClass));
    m_values[Model]->setText(r.model.isEmpty() ? none : r.model);
    m_values[Backend]->setText(r.backend.isEmpty() ? none
                               : r.upstreamModel.isEmpty()
                                   ? r.backend
                                   : tr("%1 · %2").arg(r.backend, r.upstreamModel));
    m_values[Attempts]->setText(m_attempts.empty() ? none : AttemptText::chain(m_attempts));
    m_values[Endpoint]->setText(r.endpoint.isEmpty() ? none : r.endpoint);
    m_values[Stream]->setText(r.stream ? tr("yes") : tr("no"));
    m_values[Latency]->setText(tr("%1 ms").arg(locale.toString(r.latencyMs, 'f', 1)));
    m_values[Ttft]->setText(r.ttftMs < 0 ? none
                                         : tr("%1 ms").arg(locale.toString(r.ttftMs, 'f', 1)));
    m_values[Tokens]->setText(tokensText(r));
    m_values[TraceId]->setText(r.traceId);
    renderBodies();
    m_stack->setCurrentIndex(1);
}

QString LogDetailsView::tokensText(const LogRow& r)
{
    const QLocale locale;
    QString text = tr("%1 prompt + %2 completion = %3")
                       .arg(locale.toString(r.promptTokens), locale.toString(r.completionTokens),
                            locale.toString(r.promptTokens + r.completionTokens));
    // The parts that providers price apart, where there are any.
    QStringList parts;
    if (r.cacheReadTokens > 0)
        parts << tr("%1 read from cache").arg(locale.toString(r.cacheReadTokens));
    if (r.cacheWriteTokens > 0)
        parts << tr("%1 written to cache").arg(locale.toString(r.cacheWriteTokens));
    if (r.reasoningTokens > 0)
        parts << tr("%1 reasoning").arg(locale.toString(r.reasoningTokens));
    if (!parts.isEmpty())
        text += tr(" (%1)").arg(parts.join(tr(", ")));
    if (r.usageEstimated)
        text += tr(", estimated: the backend reported none");
    return text;
}

void LogDetailsView::renderBodies()
{
    if (m_bodies) {
        m_request->setPlainText(m_pretty ? prettyJson(m_bodies->requestBody)
                                         : rawText(m_bodies->requestBody));
        m_response->setPlainText(m_pretty ? prettyResponse(m_bodies->responseBody)
                                          : rawText(m_bodies->responseBody));
        m_headers->setPlainText(m_bodies->requestHeaders.isEmpty()
                                    ? tr("(none recorded)")
                                    : QString::fromUtf8(m_bodies->requestHeaders).trimmed());
        m_bodyStack->setCurrentWidget(m_tabs);
    } else {
        m_request->clear();
        m_response->clear();
        m_headers->clear();
        m_bodyStack->setCurrentWidget(m_notCaptured);
    }
    markMatches();
}

void LogDetailsView::setPretty(bool pretty)
{
    if (pretty == m_pretty)
        return;
    m_pretty = pretty;
    (pretty ? m_prettyButton : m_raw)->setChecked(true);
    if (m_row)
        renderBodies();
}

void LogDetailsView::setHighlight(const QString& text)
{
    if (text == m_highlight)
        return;
    m_highlight = text;
    markMatches();
}

int LogDetailsView::highlightCount() const
{
    int count = 0;
    for (const QPlainTextEdit* view : {m_request, m_response, m_headers})
        count += int(view->extraSelections().size());
    return count;
}

void LogDetailsView::markMatches()
{
    QTextCharFormat format;
    format.setBackground(matchColor(palette()));
    format.setForeground(palette().color(QPalette::Text));
    for (QPlainTextEdit* view : {m_request, m_response, m_headers}) {
        QList<QTextEdit::ExtraSelection> marks;
        if (!m_highlight.isEmpty()) {
            QTextCursor found = view->document()->find(m_highlight);
            while (!found.isNull()) {
                marks.append({found, format});
                found = view->document()->find(m_highlight, found);
            }
        }
        view->setExtraSelections(marks);
        if (!marks.isEmpty()) {
            // The first match in view; the selection stays the user's to make.
            QTextCursor first = marks.first().cursor;
            first.clearSelection();
            view->setTextCursor(first);
            view->ensureCursorVisible();
        }
    }
}

void LogDetailsView::retranslate()
{
    const QString keys[FieldCount] = {tr("Time:"),    tr("Status:"),   tr("Model:"),
                                      tr("Backend:"), tr("Attempts:"), tr("Endpoint:"),
                                      tr("Stream:"),  tr("Latency:"),  tr("TTFT:"),
                                      tr("Tokens:"),  tr("Trace ID:")};
    for (int f = 0; f < FieldCount; ++f)
        m_keys[f]->setText(keys[f]);
    m_keys[Ttft]->setToolTip(tr("Time to first token"));
    m_keys[Attempts]->setToolTip(
        tr("Each call to a backend, in order: a failed one is followed by the next target"));
    m_tabs->setTabText(0, tr("Request"));
    m_tabs->setTabText(1, tr("Response"));
    m_tabs->setTabText(2, tr("Headers"));
    m_raw->setText(tr("Raw"));
    m_raw->setToolTip(tr("The bodies byte for byte as they were sent"));
    m_prettyButton->setText(tr("Pretty"));
    m_prettyButton->setToolTip(tr("JSON indented; a stream as its events, after the text it "
                                  "streamed"));
    m_empty->setText(tr("Select a request to see its details."));
    m_notCaptured->setText(
        tr("The request and response bodies of this request were not captured.\n\nTo capture "
           "them, set \"logging\": { \"captureBodies\": true } in the config. Bodies are "
           "stored capped at logging.maxBodyBytes, with credentials in the headers masked."));
    render();
}

void LogDetailsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    else if (event->type() == QEvent::PaletteChange)
        markMatches(); // the marker follows the palette's lightness
    QWidget::changeEvent(event);
}

} // namespace ui

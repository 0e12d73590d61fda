#include "widgets/ReplayColumn.h"

#include "models/AttemptText.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

namespace ui {

namespace {

// Diff backgrounds. The text keeps the palette's colour, so each background is light under
// dark text (light palettes) and dark under light text (dark palettes); both pairs have a
// contrast ratio above 7:1 with the palette text of Fusion's light and the console's dark
// palette.
const char* const insertLight = "#c6efce";
const char* const deleteLight = "#ffd3d1";
const char* const insertDark = "#1f5130";
const char* const deleteDark = "#6a2525";

QColor warningColor(bool dark)
{
    return dark ? QColor(0xf0, 0xb4, 0x50) : QColor(0x8a, 0x56, 0x00);
}

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c.isMark() || c == QLatin1Char('_');
}

QString formatMs(double ms)
{
    const QLocale locale;
    if (ms < 0)
        return ReplayColumn::tr("—");
    if (ms >= 10'000)
        return ReplayColumn::tr("%1 s").arg(locale.toString(ms / 1000, 'f', 1));
    return ReplayColumn::tr("%1 ms").arg(locale.toString(ms, 'f', 0));
}

QString formatTokens(qint64 tokens)
{
    return tokens < 0 ? ReplayColumn::tr("—") : QLocale().toString(tokens);
}

void setTextColor(QLabel* label, const QColor& color)
{
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText, color);
    label->setPalette(pal);
}

} // namespace

ReplayColumn::ReplayColumn(Kind kind, QWidget* parent)
    : QFrame(parent), m_kind(kind), m_title(new QLabel), m_subtitle(new QLabel),
      m_status(new QLabel), m_answeredBy(new QLabel), m_stats(new QLabel), m_summary(new QLabel),
      m_view(new QTextBrowser)
{
    setFrameShape(QFrame::StyledPanel);
    setObjectName(kind == Kind::Original ? QStringLiteral("originalColumn")
                                         : QStringLiteral("replayColumn"));
    m_title->setObjectName(QStringLiteral("columnTitle"));
    m_subtitle->setObjectName(QStringLiteral("columnSubtitle"));
    m_status->setObjectName(QStringLiteral("columnStatus"));
    m_answeredBy->setObjectName(QStringLiteral("columnAnsweredBy"));
    m_stats->setObjectName(QStringLiteral("columnStats"));
    m_summary->setObjectName(QStringLiteral("columnDiffSummary"));
    m_view->setObjectName(QStringLiteral("columnText"));

    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    for (QLabel* label : {m_title, m_subtitle, m_status, m_answeredBy, m_stats, m_summary}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_view->setReadOnly(true);
    m_view->setOpenLinks(false);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 10);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(m_status);
    layout->addWidget(m_answeredBy);
    layout->addWidget(m_stats);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    // Wide enough for the stats on one line and a readable measure of text; the page scrolls
    // sideways when the columns do not fit.
    setMinimumWidth(330);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    renderLabels();
    renderText();
}

void ReplayColumn::setSource(qint64 requestId, const QString& model)
{
    m_sourceId = requestId;
    m_sourceModel = model;
    renderLabels();
}

void ReplayColumn::setRoute(const QString& route)
{
    m_route = route;
    renderLabels();
}

void ReplayColumn::setResult(const ReplayResult& result)
{
    m_result = result;
    renderLabels();
    renderText();
}

void ReplayColumn::setDiff(const WordDiff::Result& diff, const QString& against)
{
    m_role = DiffRole::Compared;
    m_diff = diff;
    m_against = against;
    renderLabels();
    renderText();
}

void ReplayColumn::setReference()
{
    m_role = DiffRole::Reference;
    m_diff.reset();
    renderLabels();
    renderText();
}

void ReplayColumn::clearDiff()
{
    m_role = DiffRole::None;
    m_diff.reset();
    renderLabels();
    renderText();
}

void ReplayColumn::setShowDiff(bool show)
{
    if (show == m_showDiff)
        return;
    m_showDiff = show;
    renderLabels();
    renderText();
}

bool ReplayColumn::isDark() const
{
    return palette().color(QPalette::Base).lightness() < 128;
}

QString ReplayColumn::diffHtml(const WordDiff::Result& diff, bool dark)
{
    const QString insert = QStringLiteral("<span style=\"background-color:%1\">")
                               .arg(QLatin1String(dark ? insertDark : insertLight));
    const QString remove =
        QStringLiteral("<span style=\"background-color:%1; text-decoration:line-through\">")
            .arg(QLatin1String(dark ? deleteDark : deleteLight));
    QString html = QStringLiteral("<p style=\"white-space:pre-wrap; margin:0\">");
    const WordDiff::Segment* previous = nullptr;
    for (const WordDiff::Segment& s : diff.segments) {
        qsizetype start = 0;
        while (start < s.text.size() && s.text.at(start).isSpace())
            ++start;
        QString space = s.text.left(start);
        const QString words = s.text.mid(start);
        // A deletion keeps the spacing of the old text and what follows it that of the new
        // one: "a" deleted before "b" would read "ab" without a space between them.
        if (space.isEmpty() && previous && previous->op == WordDiff::Op::Delete &&
            !previous->text.isEmpty() && isWordChar(previous->text.back()) && !words.isEmpty() &&
            isWordChar(words.front()))
            space = QStringLiteral(" ");
        html += space.toHtmlEscaped();
        switch (s.op) {
        case WordDiff::Op::Equal: html += words.toHtmlEscaped(); break;
        case WordDiff::Op::Insert:
            html += insert + words.toHtmlEscaped() + QStringLiteral("</span>");
            break;
        case WordDiff::Op::Delete:
            html += remove + words.toHtmlEscaped() + QStringLiteral("</span>");
            break;
        }
        previous = &s;
    }
    return html + QStringLiteral("</p>");
}

void ReplayColumn::renderLabels()
{
    const bool dark = isDark();
    m_title->setText(m_kind == Kind::Original ? tr("Original answer") : m_result.target);
    m_title->setToolTip(m_kind == Kind::Original ? QString() : m_result.target);
    if (m_kind == Kind::Target)
        m_subtitle->setText(m_route);
    else if (m_sourceId > 0)
        m_subtitle->setText(tr("Request #%1 · %2").arg(QString::number(m_sourceId), m_sourceModel));
    else
        m_subtitle->setText(m_sourceModel);
    m_subtitle->setVisible(!m_subtitle->text().isEmpty());
    setTextColor(m_subtitle, palette().color(QPalette::PlaceholderText));

    QString status;
    QColor color = palette().color(QPalette::WindowText);
    if (!m_result.finished) {
        status = m_result.text.isEmpty() ? tr("Waiting for the first token…") : tr("Streaming…");
    } else if (m_result.error.isEmpty()) {
        status = m_kind == Kind::Original ? tr("HTTP %1").arg(m_result.status)
                                          : tr("HTTP %1 · complete").arg(m_result.status);
        if (m_result.status != 200)
            color = errorColor(dark);
    } else {
        status = m_result.status > 0
                     ? tr("HTTP %1 · %2").arg(QString::number(m_result.status), m_result.error)
                     : m_result.error;
        // A logged answer that was only cut short is still worth reading.
        color = m_kind == Kind::Original && m_result.status == 200 ? warningColor(dark)
                                                                   : errorColor(dark);
    }
    m_status->setText(status);
    setTextColor(m_status, color);

    // Which target answered, from the request log: an alias may have failed over.
    const auto& attempts = m_result.attempts;
    m_answeredBy->setText(AttemptText::outcome(attempts));
    m_answeredBy->setToolTip(AttemptText::chain(attempts));
    m_answeredBy->setVisible(!attempts.empty());
    setTextColor(m_answeredBy, attempts.empty() || !attempts.back().errorClass.isEmpty()
                                   ? errorColor(dark)
                               : AttemptText::servedByFallback(attempts)
                                   ? warningColor(dark)
                                   : palette().color(QPalette::PlaceholderText));

    const QString latency = m_result.finished ? formatMs(m_result.latencyMs) : tr("…");
    m_stats->setText(
        tr("Latency: %1 · TTFT: %2").arg(latency, formatMs(m_result.ttftMs)) + QLatin1Char('\n') +
        tr("Tokens: %1 prompt + %2 completion")
            .arg(formatTokens(m_result.promptTokens), formatTokens(m_result.completionTokens)));
    m_stats->setToolTip(tr("Latency: from sending the request to the last byte of the answer.\n"
                           "TTFT: time to the first token, the first chunk with text."));

    QString summary;
    if (m_role == DiffRole::Reference) {
        summary = tr("The other answers are compared with this one.");
    } else if (m_role == DiffRole::Compared && m_diff) {
        if (!m_diff->hasChanges())
            summary = tr("No change from %1.").arg(m_against);
        else
            summary = tr("Compared with %1: +%2 −%3 words.")
                          .arg(m_against, QLocale().toString(m_diff->inserted),
                               QLocale().toString(m_diff->deleted));
        if (!m_diff->exact)
            summary += QLatin1Char(' ') + tr("(Too long for an exact word diff: the part that "
                                             "differs is shown as replaced.)");
    }
    m_summary->setText(summary);
    m_summary->setVisible(!summary.isEmpty());
}

void ReplayColumn::renderText()
{
    const bool diff = m_showDiff && m_role == DiffRole::Compared && m_diff.has_value();
    m_showingDiff = diff;
    if (diff) {
        m_view->setHtml(diffHtml(*m_diff, isDark()));
        m_shownLength = -1;
        return;
    }
    const QString& text = m_result.text;
    QScrollBar* bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    if (m_shownLength >= 0 && m_shownLength <= text.size()) {
        // Streaming appends: only the new text goes in, so a long answer is not re-laid out
        // for every chunk.
        if (m_shownLength < text.size()) {
            QTextCursor cursor(m_view->document());
            cursor.movePosition(QTextCursor::End);
            cursor.insertText(text.mid(m_shownLength));
        }
    } else {
        m_view->setPlainText(text);
    }
    m_shownLength = text.size();
    if (atEnd && !m_result.finished)
        bar->setValue(bar->maximum());
}

QString ReplayColumn::titleText() const
{
    return m_title->text();
}
QString ReplayColumn::statusText() const
{
    return m_status->text();
}
QColor ReplayColumn::errorColor(bool dark)
{
    return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
}

QString ReplayColumn::answeredByText() const
{
    return m_answeredBy->text();
}
QString ReplayColumn::statsText() const
{
    return m_stats->text();
}
QString ReplayColumn::diffSummary() const
{
    return m_summary->text();
}
QString ReplayColumn::shownText() const
{
    return m_view->toPlainText();
}

void ReplayColumn::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        renderLabels();
    } else if (event->type() == QEvent::PaletteChange) {
        renderLabels();
        if (m_showingDiff)
            renderText(); // the diff colours follow the palette's lightness
    }
    QFrame::changeEvent(event);
}

} // namespace ui

#include "widgets/LogCellDelegate.h"

#include "models/LogTableModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace ui {

namespace {
constexpr int badgePadding = 4; // inside the badge, left and right
constexpr int badgeGap = 6;     // between the badge and the cell's text

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// A search match: a yellow marker, strong on light and dim on dark backgrounds, under the
// palette's own text colour (contrast above 7:1 in both themes).
QColor matchColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x7a, 0x5c, 0x00) : QColor(0xff, 0xe0, 0x66);
}

// The badge: an amber outline and text, darker on light and lighter on dark backgrounds.
QColor badgeColor(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xf0, 0xb4, 0x50) : QColor(0x8a, 0x56, 0x00);
}

QFont badgeFont(const QFont& font)
{
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.85);
    return small;
}
} // namespace

LogCellDelegate::LogCellDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void LogCellDelegate::setHighlight(const QString& text)
{
    m_highlight = text;
}

QString LogCellDelegate::badgeText()
{
    return tr("fallback", "a badge on a request that a fallback target served");
}

QList<QPair<qsizetype, qsizetype>> LogCellDelegate::matches(const QString& text,
                                                            const QString& needle)
{
    QList<QPair<qsizetype, qsizetype>> found;
    if (needle.isEmpty())
        return found;
    for (qsizetype at = text.indexOf(needle, 0, Qt::CaseInsensitive); at >= 0;
         at = text.indexOf(needle, at + needle.size(), Qt::CaseInsensitive))
        found.append({at, needle.size()});
    return found;
}

QSize LogCellDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(LogTableModel::FallbackRole).toBool() &&
        index.column() == int(LogColumn::Backend))
        size.rwidth() += QFontMetrics(badgeFont(option.font)).horizontalAdvance(badgeText()) +
                         2 * badgePadding + badgeGap;
    return size;
}

void LogCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    const bool badge = index.data(LogTableModel::FallbackRole).toBool() &&
                       index.column() == int(LogColumn::Backend);
    if (!badge && matches(text, m_highlight).isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The background and the selection as the style draws them, then the text by hand.
    opt.text.clear();
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    textRect.adjust(margin, 0, -margin, 0);

    painter->save();
    if (badge) {
        // On the right of the cell: the backend that answered, then that it was a fallback.
        const QFont font = badgeFont(opt.font);
        const QFontMetrics metrics(font);
        const int width = metrics.horizontalAdvance(badgeText()) + 2 * badgePadding;
        const int height = qMin(textRect.height() - 2, metrics.height() + 2);
        const QRect box(textRect.right() - width + 1, textRect.center().y() - height / 2 + 1, width,
                        height);
        // On a selected row, in the selection's text colour: amber is not made for its blue.
        const QColor color = opt.state & QStyle::State_Selected
                                 ? opt.palette.color(QPalette::HighlightedText)
                                 : badgeColor(opt.palette);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(color);
        painter->drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter->setFont(font);
        painter->drawText(box, Qt::AlignCenter, badgeText());
        textRect.setRight(box.left() - badgeGap);
    }
    painter->setFont(opt.font);
    const QFontMetrics metrics(opt.font);
    const QString shown = metrics.elidedText(text, opt.textElideMode, textRect.width());
    const int width = metrics.horizontalAdvance(shown);
    const int x =
        opt.displayAlignment & Qt::AlignRight ? textRect.right() - width + 1 : textRect.left();
    const QRect line(x, textRect.top(), width, textRect.height());
    const bool selected = opt.state & QStyle::State_Selected;
    QColor textColor = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QVariant foreground = index.data(Qt::ForegroundRole);
    if (!selected && foreground.canConvert<QColor>())
        textColor = foreground.value<QColor>();
    // The text in pieces: the matches that are still whole after eliding on a marker, in the
    // palette's text colour that the marker is picked for (also on a selected row).
    qsizetype done = 0;
    const auto draw = [&](qsizetype end, bool match) {
        if (end <= done)
            return;
        const int left = metrics.horizontalAdvance(shown.left(done));
        const int right = metrics.horizontalAdvance(shown.left(end));
        const QRect piece(line.left() + left, line.top(), right - left, line.height());
        if (match)
            painter->fillRect(QRect(piece.left(), line.center().y() - metrics.height() / 2,
                                    piece.width(), metrics.height()),
                              matchColor(opt.palette));
        painter->setPen(match ? opt.palette.color(QPalette::Text) : textColor);
        painter->drawText(piece, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextDontClip,
                          shown.mid(done, end - done));
        done = end;
    };
    for (const auto& [start, length] : matches(shown, m_highlight)) {
        draw(start, false);
        draw(start + length, true);
    }
    draw(shown.size(), false);
    painter->restore();
}

} // namespace ui

#include "widgets/UsageBarDelegate.h"

#include "models/RemainingModel.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace ui {

namespace {
constexpr int barWidth = 120;
constexpr int barHeight = 8;
constexpr int gap = 8;
} // namespace

void UsageBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString percent = opt.text;
    opt.text.clear();
    // The cell's background and selection as the style draws them, then the bar over it.
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const QRect cell = opt.rect.adjusted(gap / 2, 0, -gap / 2, 0);
    const int textWidth = opt.fontMetrics.horizontalAdvance(QStringLiteral("100 %")) + gap;
    const int width = std::max(24, std::min(barWidth, cell.width() - textWidth));
    const QRect track(cell.left(), cell.center().y() - barHeight / 2, width, barHeight);
    const auto level = RemainingModel::Level(index.data(RemainingModel::LevelRole).toInt());
    const bool selected = opt.state & QStyle::State_Selected;
    QColor fill = opt.palette.color(QPalette::Highlight);
    if (const QVariant levelColor = index.data(Qt::ForegroundRole);
        level != RemainingModel::Level::Normal && levelColor.canConvert<QColor>())
        fill = levelColor.value<QColor>();
    if (selected) // on the selection's blue, in its text colour
        fill = opt.palette.color(QPalette::HighlightedText);
    QColor trackColor = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    trackColor.setAlphaF(0.15f);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(trackColor);
    painter->drawRoundedRect(track, barHeight / 2.0, barHeight / 2.0);
    const double fraction =
        std::clamp(index.data(RemainingModel::FractionRole).toDouble(), 0.0, 1.0);
    if (fraction > 0) {
        QRect filled = track;
        filled.setWidth(std::max(barHeight, int(track.width() * fraction + 0.5)));
        painter->setBrush(fill);
        painter->drawRoundedRect(filled, barHeight / 2.0, barHeight / 2.0);
    }
    const QRect textRect(track.right() + gap, cell.top(), cell.right() - track.right() - gap,
                         cell.height());
    QColor textColor = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    if (!selected && level != RemainingModel::Level::Normal)
        textColor = fill;
    painter->setPen(textColor);
    painter->setFont(opt.font);
    painter->drawText(textRect, Qt::AlignRight | Qt::AlignVCenter, percent);
    painter->restore();
}

QSize UsageBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(barWidth + gap * 2 +
                  option.fontMetrics.horizontalAdvance(QStringLiteral("100 %")) + gap);
    return size;
}

} // namespace ui

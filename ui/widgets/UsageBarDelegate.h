#pragma once

#include <QStyledItemDelegate>

namespace ui {

// Draws RemainingModel's "Use" cell as a bar filled to the row's fraction, with the percentage
// beside it: in the highlight colour under the soft limit, in the warning colour past it, in
// the error colour at the hard limit (the colours are the model's ForegroundRole for the row).
class UsageBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace ui

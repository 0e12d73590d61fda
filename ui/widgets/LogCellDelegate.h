#pragma once

#include <QList>
#include <QStyledItemDelegate>

namespace ui {

// Paints the cells of the Logs table: the text with the matches of the search marked, and a
// "fallback" badge in the backend cell of a request that a fallback target served
// (LogTableModel::FallbackRole). Colours come from the palette, or are picked for its
// lightness, so that both themes read.
class LogCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit LogCellDelegate(QObject* parent = nullptr);

    // The text to mark (the Logs search); empty marks nothing.
    void setHighlight(const QString& text);
    QString highlight() const { return m_highlight; }

    // Where `needle` occurs in `text`, not case-sensitive: (start, length) pairs in order, not
    // overlapping.
    static QList<QPair<qsizetype, qsizetype>> matches(const QString& text, const QString& needle);
    // The badge's text ("fallback"), translated.
    static QString badgeText();

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    QString m_highlight;
};

} // namespace ui

#pragma once

#include <QFrame>

class QLabel;

namespace ui {

// A headline number of the dashboard: a caption over a large value, and the time it covers
// under it ("Error rate" / "0.4 %" / "last 15 min"). The caption and the period are cut with
// "…" (the whole text in a tooltip) rather than widen the window.
class StatTile : public QFrame
{
    Q_OBJECT
public:
    explicit StatTile(QWidget* parent = nullptr);

    void setCaption(const QString& caption);
    QString caption() const { return m_captionText; }
    void setValue(const QString& value);
    QString value() const;
    // The time the value covers.
    void setPeriod(const QString& period);
    QString period() const { return m_periodText; }

    // Wide enough for the whole caption and period where there is room; the minimum stays
    // small, so that a row of tiles shares the width by what they say.
    QSize sizeHint() const override;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void applyPalette();
    void elideTexts();

    QLabel* m_caption;
    QLabel* m_value;
    QLabel* m_period;
    QString m_captionText;
    QString m_periodText;
};

} // namespace ui

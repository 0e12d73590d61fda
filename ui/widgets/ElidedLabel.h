#pragma once

#include <QLabel>

namespace ui {

// A one-line label for text of unknown length (a path, an error, a URL): it shows what fits,
// with "…", and the whole text in its tooltip. Its size hint never asks for the whole text, so
// a long text cannot widen the window.
class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    QString fullText() const { return m_fullText; }
    // Qt::ElideMiddle (the default) keeps both ends of a path or URL; Qt::ElideRight suits prose.
    void setElideMode(Qt::TextElideMode mode);

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void elide();

    QString m_fullText;
    Qt::TextElideMode m_mode = Qt::ElideMiddle;
};

} // namespace ui

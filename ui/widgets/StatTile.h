#pragma once

#include <QFrame>

class QLabel;

namespace ui {

// A headline number of the dashboard: a caption over a large value ("Error rate" / "0.4 %").
class StatTile : public QFrame
{
    Q_OBJECT
public:
    explicit StatTile(QWidget* parent = nullptr);

    void setCaption(const QString& caption);
    void setValue(const QString& value);
    QString value() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();

    QLabel* m_caption;
    QLabel* m_value;
};

} // namespace ui

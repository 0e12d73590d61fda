#pragma once

#include <QWidget>

class QAbstractButton;
class QButtonGroup;

namespace ui {

// A row of checkable buttons, one of them chosen: the time ranges of the Dashboard and the
// Usage page. The chosen one takes the palette's highlight, because styles draw a checked tool
// button only a shade darker, which is hard to see in dark palettes.
class RangeButtons : public QWidget
{
    Q_OBJECT
public:
    // Buttons with ids 0 .. count-1, named objectNamePrefix + id; `chosen` is checked.
    RangeButtons(const QString& objectNamePrefix, int count, int chosen, QWidget* parent = nullptr);
    // The button of id (its text is the page's to set), or null.
    QAbstractButton* button(int id) const;
    // Checks id's button, as a click would, without emitting chosen().
    void choose(int id);

signals:
    // The user chose id.
    void chosen(int id);

protected:
    void changeEvent(QEvent* event) override;

private:
    void restyle();

    QButtonGroup* m_group;
};

} // namespace ui

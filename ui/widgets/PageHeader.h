#pragma once

#include <QWidget>

class QAction;
class QHBoxLayout;
class QLabel;
class QToolButton;

namespace ui {

class ElidedLabel;

// The band above every page: the page's title and, under it, one line that says what the page
// is for; on the right the gateway's status (a widget the window puts there) and, under it,
// the page's main action.
class PageHeader : public QWidget
{
    Q_OBJECT
public:
    explicit PageHeader(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setPurpose(const QString& purpose);
    // The page's main action as a button, or none (null). The action's owner keeps it current.
    void setAction(QAction* action);
    // A widget shown on the right of the title row (the status pill). The header owns it.
    void setStatusWidget(QWidget* widget);

    QString title() const;
    QString purpose() const;
    QToolButton* actionButton() const { return m_action; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyFonts();

    QLabel* m_title;
    ElidedLabel* m_purpose;
    QToolButton* m_action;
    QHBoxLayout* m_titleRow;
};

} // namespace ui

#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace ui {

// What a page shows instead of an empty view: a title, an explanation and, when there is one,
// a command to copy that gets the user going (e.g. the curl line of a first request).
class EmptyState : public QWidget
{
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setText(const QString& text);
    // An empty command hides the command box and its copy button.
    void setCommand(const QString& command);
    // The next step as a button that triggers `action` and follows its text and enabled state
    // (e.g. the page's "Add backend…"); null hides it.
    void setAction(QAction* action);
    QString title() const;
    QString text() const;
    QString command() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QLabel* m_title;
    QLabel* m_text;
    QPlainTextEdit* m_command;
    QPushButton* m_copy;
    QPushButton* m_action;
    QMetaObject::Connection m_actionChanged;
    QMetaObject::Connection m_actionClicked;
};

} // namespace ui

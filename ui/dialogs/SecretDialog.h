#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace ui {

// Shows a gateway key's secret the one time it exists outside the client that will use it
// (after Create or Rotate): selectable, with a Copy button, and a sentence that says it will not
// be shown again. The secret is held by the field only; closing the dialog forgets it.
class SecretDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Reason { Created, Rotated };
    SecretDialog(const QString& keyName, const QByteArray& secret, Reason reason,
                 QWidget* parent = nullptr);
    ~SecretDialog() override;

    QString secret() const;

private:
    QLineEdit* m_secret;
    QPushButton* m_copy;
    QLabel* m_copied;
};

} // namespace ui

#pragma once

#include "Page.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace ui {

class Appearance;
class GatewayHost;

// Listen address, HTTPS certificate, data dir, body capture, log retention and the origins whose
// web pages may call the gateway (saved in the config through GatewayHost::applyConfig), theme
// and language (saved in the user's settings).
class SettingsPage : public Page
{
    Q_OBJECT
public:
    SettingsPage(GatewayHost* host, Appearance* appearance, QWidget* parent = nullptr);

    QString purpose() const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void load();
    void applyGateway();
    void generateCertificate();
    void showCertificateInfo();
    void browse(QLineEdit* field, const QString& title);
    void addOrigin();
    void removeOrigins();
    // Why an origin was not added, or nothing; built again after a language change.
    void showOriginMessage(std::function<QString()> text);
    // What stays under the form until the next action (an error, or what to do next), built
    // again by text() after a language change. Confirmations go to transientMessage instead.
    void setStatus(std::function<QString()> text);
    void alignLabelColumns();
    void retranslate();

    GatewayHost* m_host;
    Appearance* m_appearance;
    QLabel* m_gatewayTitle;
    QLabel* m_appearanceTitle;
    QLabel* m_browserTitle;
    QLabel* m_browserNote;
    QFormLayout* m_gatewayForm;
    QFormLayout* m_appearanceForm;
    QLineEdit* m_listen;
    QLabel* m_listenNote;
    QLabel* m_captureNote; // under the check box, wrapped: a long one would widen the page
    QCheckBox* m_tlsEnabled;
    QLineEdit* m_tlsCert;
    QLineEdit* m_tlsKey;
    QPushButton* m_tlsCertBrowse;
    QPushButton* m_tlsKeyBrowse;
    QPushButton* m_tlsGenerate;
    QLabel* m_tlsInfo;
    QLineEdit* m_dataDir; // read-only: a long path scrolls instead of widening the window
    QPushButton* m_openDataDir;
    QCheckBox* m_capture;
    QSpinBox* m_maxBody;
    QSpinBox* m_retentionDays;
    QSpinBox* m_retentionRows;
    QListWidget* m_origins;
    QLineEdit* m_originInput;
    QPushButton* m_addOrigin;
    QPushButton* m_removeOrigin;
    QLabel* m_originMessage;
    QLabel* m_status;
    QPushButton* m_apply;
    QComboBox* m_theme;
    QComboBox* m_language;
    std::function<QString()> m_statusText;
    std::function<QString()> m_originMessageText;
};

} // namespace ui

#pragma once

#include "Page.h"
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace ui {

class GatewayHost;

// Model aliases and their targets (backend and upstream model), edited in place and applied
// through GatewayHost::applyConfig (the config file's own validation, then hot reload); errors
// are shown inline. "Try it" sends one request to an alias through the running gateway.
class ModelsPage : public Page
{
    Q_OBJECT
public:
    explicit ModelsPage(GatewayHost* host, QWidget* parent = nullptr);

    QString purpose() const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void reload();
    void showAlias(int row);
    void addAlias();
    void removeAlias();
    void addTarget();
    void removeTarget();
    void moveTarget(int delta);
    void apply();
    void tryIt();
    void markDirty();
    QJsonObject editedDocument() const;
    void retranslate();

    GatewayHost* m_host;
    QNetworkAccessManager* m_network;
    QListWidget* m_aliases;
    QLineEdit* m_aliasName;
    QTableWidget* m_targets;
    QLabel* m_errors;
    QPushButton* m_addAlias;
    QPushButton* m_removeAlias;
    QPushButton* m_addTarget;
    QPushButton* m_removeTarget;
    QPushButton* m_up;
    QPushButton* m_down;
    QPushButton* m_apply;
    QPushButton* m_revert;
    QLabel* m_aliasLabel;
    QLabel* m_targetsLabel;
    QLabel* m_tryTitle;
    QComboBox* m_tryAlias;
    QLineEdit* m_tryPrompt;
    QPushButton* m_trySend;
    QPlainTextEdit* m_tryAnswer;
    QLabel* m_tryStats;
    // The aliases being edited: the config's models[] array plus unapplied changes.
    QList<QJsonObject> m_edited;
    int m_current = -1;
    bool m_loading = false;
};

} // namespace ui

#pragma once

#include "Page.h"
#include <QHash>
#include <QJsonObject>
#include <QStringList>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace ui {

class BackendProbe;
class EmptyState;
class ErrorLabel;
class GatewayHost;

// Model aliases and their targets (backend and upstream model, the model picked from what the
// backend lists or typed), edited in place and applied through GatewayHost::applyConfig (the
// config file's own validation, then hot reload); errors are shown inline, in words about the
// aliases. Edits not applied yet are marked, and leaving the page with them asks first
// (confirmLeave). "Try it" sends one request to an alias through the running gateway and says
// which target answered it, and why the ones before it did not (the log row's attempts).
class ModelsPage : public Page
{
    Q_OBJECT
public:
    explicit ModelsPage(GatewayHost* host, QWidget* parent = nullptr);
    ~ModelsPage() override;

    QString purpose() const override;
    // "Add alias"; disabled while there is no backend to point it at.
    QAction* mainAction() const override { return m_addAliasAction; }
    // Asks the backends for their models again, and re-reads the config unless edits are
    // pending (those are never dropped silently).
    void refresh() override;

    // Whether the aliases differ from the applied config. The list marks each changed alias
    // (a dot, "not applied yet" in its tooltip, and true in its item's Qt::UserRole).
    bool hasUnappliedChanges() const;
    // Called before the window shows another page (or closes): with unapplied changes, asks
    // Apply / Discard / Cancel. Returns whether the switch may go on: true after a successful
    // Apply or a Discard, or when there was nothing to ask; false on Cancel or a failed Apply
    // (whose error is then shown on the page).
    bool confirmLeave() override;

signals:
    // The empty state's "Go to Backends" (there is no backend to create an alias for).
    void backendsPageRequested();

protected:
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void reload();
    void probeBackends();
    void showAlias(int row);
    void addTargetRow(const QString& backend, const QString& model);
    void fillModels(QComboBox* models, const QString& backend);
    void addAlias();
    void removeAlias();
    void addTarget();
    void removeTarget();
    void moveTarget(int delta);
    bool apply();
    void markDirty();
    // The list's markers, Apply's emphasis and the empty state, from m_edited vs m_applied.
    void updateState();
    QJsonObject editedDocument() const;
    void tryIt();
    // Reads the attempts of the request traceId from the log (it reaches the disk within the
    // log's flush interval, so a few tries may be needed) and says who answered.
    void showServedBy(const QByteArray& traceId, qint64 sentMs, int triesLeft);
    void retranslate();

    GatewayHost* m_host;
    QNetworkAccessManager* m_network;
    BackendProbe* m_probe;
    QHash<QString, QStringList> m_probedModels; // by backend name
    QStackedWidget* m_stack;
    EmptyState* m_empty;
    QWidget* m_editor;
    QAction* m_addAliasAction;
    QAction* m_goToBackends;
    QListWidget* m_aliases;
    QLineEdit* m_aliasName;
    QTableWidget* m_targets;
    ErrorLabel* m_errors;
    QLabel* m_unapplied;
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
    QLabel* m_tryRoute;
    // The aliases being edited: the config's models[] array plus unapplied changes; and the
    // config's, to tell which were changed.
    QList<QJsonObject> m_edited;
    QList<QJsonObject> m_applied;
    int m_current = -1;
    bool m_loading = false;
    QByteArray m_tryTrace; // the latest Try it request's; an older lookup stops
    QString m_connectionName;
};

} // namespace ui

#pragma once

#include "models/BackendProbe.h"

#include "Page.h"
#include <QHash>
#include <QJsonObject>

class QAction;
class QNetworkAccessManager;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTimer;

namespace ui {

class EmptyState;
class ErrorLabel;
class GatewayHost;

// The backends of the config, each with its type and health: reachable or not (a request for
// its model list in its own API, BackendProbe, when the page is shown and every 30 s while it
// is; Bedrock has none and is "not checked"), its last error and recent latency (from
// the request log's last five minutes, failed attempts that another target then answered
// included), summed up by a coloured dot. Add, edit and remove go through
// GatewayHost::applyConfig; API keys typed in the dialog go to the system keychain first.
// Removing a backend that aliases use says which, and removes their targets with it.
class BackendsPage : public Page
{
    Q_OBJECT
public:
    explicit BackendsPage(GatewayHost* host, QWidget* parent = nullptr);

    QString purpose() const override;
    // "Add backend…"
    QAction* mainAction() const override { return m_addAction; }
    // Probes every backend again and reads the log's last five minutes again.
    void refresh() override;
    ~BackendsPage() override;

    void refreshHealth();
    // Reads the last five minutes of traffic per backend from the log, then shows it.
    void refreshTraffic();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void rebuild();
    void updateButtons();
    void addBackend();
    void editBackend();
    void removeBackend();
    bool applyBackends(const QJsonArray& backends, QString* error);
    // Applies the document; on failure *error says why in words about backends and aliases.
    // On success the window is told where it was saved.
    bool apply(const QJsonObject& document, QString* error);
    // The keychain entries the backends use, but for the one in exceptRow (-1: all).
    QStringList keychainEntriesInUse(int exceptRow) const;
    void forgetUnusedSecret(const QJsonObject& formerBackend);
    void retranslate();

    GatewayHost* m_host;
    QNetworkAccessManager* m_network;
    BackendProbe* m_probe;
    QTableWidget* m_table;
    QAction* m_addAction;
    QPushButton* m_edit;
    QPushButton* m_remove;
    QPushButton* m_test;
    ErrorLabel* m_error;
    QStackedWidget* m_stack; // the table, or the empty state while there is no backend
    EmptyState* m_empty;
    QTimer* m_timer;
    QHash<QString, BackendProbe::Outcome> m_health;
    struct Traffic
    {
        qint64 requests = 0; // every call to the backend: failed attempts count too
        double latencySum = 0;
        qint64 lastErrorMs = 0; // 0: no error
        int lastErrorStatus = 0;
        QString lastErrorClass;
    };
    QHash<QString, Traffic> m_traffic; // by backend name
    QString m_connectionName;
};

} // namespace ui

#pragma once

#include "Clock.h"
#include "Page.h"
#include "governance/KeyStore.h"
#include "governance/LedgerView.h"

#include <memory>
#include <vector>

class QAction;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTimer;

namespace ui {

class EmptyState;
class ErrorLabel;
class GatewayHost;
class LimitBars;

// The gateway keys of the data dir: a table of them (name, tenant, the secret's visible start,
// models, limits in short form, expiry, status, created), created, edited, rotated and revoked
// through the data dir's KeyStore, the same operations as `switchboard keys` and the admin
// API (calls are rare and fast: they run on the GUI thread). A new or rotated secret is shown
// once (SecretDialog). Under the table, the selected key's use against its limits as bars, from
// the ledger's snapshot read once a second while the page is shown (never a signal per
// request). While the gateway runs open (no key, auth.required unset) the page says so.
class KeysPage : public Page
{
    Q_OBJECT
public:
    explicit KeysPage(GatewayHost* host, QWidget* parent = nullptr);
    ~KeysPage() override;

    QString purpose() const override;
    // "Create key…"
    QAction* mainAction() const override { return m_createAction; }
    // Reads the keys again (another process may have changed them) and the ledger.
    void refresh() override;

    // The ledger whose snapshot the bars show. Null (the default): the running engine's
    // (GatewayHost::ledger()). Tests give their own.
    void setLedger(const gateway::governance::LedgerView* ledger);
    // The wall clock for expiry and "resets in" (the system's; tests set their own).
    void setClock(gateway::WallClock clock) { m_clock = std::move(clock); }
    // Reads the ledger now and redraws the selected key's bars (the page's timer does it every
    // second while the page is shown).
    void updateUse();

    // The keys shown, in the table's order (stored keys, then the config's).
    const std::vector<gateway::governance::KeyRecord>& keys() const { return m_keys; }
    bool isShowingOpenNotice() const;

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // The data dir's store, opened once; null (and the reason shown) if it cannot be.
    gateway::governance::KeyStore* store();
    void reload();
    // The table from m_keys, with the key named `selected` selected (else the first).
    void rebuild(const QString& selected);
    void updateButtons();
    void updateOpenNotice();
    const gateway::governance::KeyRecord* selectedKey() const;
    void createKey();
    void editKey();
    void rotateKey();
    void revokeKey();
    void selectKey(const QString& name);
    void retranslate();

    GatewayHost* m_host;
    std::unique_ptr<gateway::governance::KeyStore> m_store;
    const gateway::governance::LedgerView* m_ledger = nullptr;
    gateway::WallClock m_clock;
    std::vector<gateway::governance::KeyRecord> m_keys;
    QLabel* m_openNotice;
    ErrorLabel* m_error;
    QStackedWidget* m_stack; // the keys, or the empty state while there is none
    EmptyState* m_empty;
    QTableWidget* m_table;
    QAction* m_createAction;
    QPushButton* m_edit;
    QPushButton* m_rotate;
    QPushButton* m_revoke;
    QLabel* m_useTitle;
    QLabel* m_useNote;
    LimitBars* m_bars;
    QTimer* m_timer;
};

} // namespace ui

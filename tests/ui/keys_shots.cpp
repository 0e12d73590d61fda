// Screenshots of the Keys page and its dialogs: keys_shots OUT_PREFIX. Run under Xvfb with the
// theme and language of the console's settings (XDG_CONFIG_HOME), like dialog_shots. Writes
// OUT_PREFIX-page.png (three keys, one selected, its use as bars from a fixed ledger snapshot),
// -open.png (no key: the gateway runs open), -dashboard-open.png (the window's notice),
// -create.png (the key dialog, a bad name typed), -edit.png and -secret.png.
// SCREENSHOT_QM_DIR may name a folder of switchboard_<lang>.qm files not merged yet.
#include "Appearance.h"
#include "GatewayHost.h"
#include "MainWindow.h"
#include "dialogs/KeyDialog.h"
#include "dialogs/SecretDialog.h"
#include "pages/KeysPage.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTranslator>

#include <cstdio>

using gateway::governance::KeySpec;
using gateway::governance::ScopeUsage;

namespace {

class FixedLedger : public gateway::governance::LedgerView
{
public:
    std::vector<ScopeUsage> scopes;
    std::vector<ScopeUsage> snapshot() const override { return scopes; }
};

void settle()
{
    for (int i = 0; i < 10; ++i)
        QApplication::processEvents();
}

void save(QWidget& widget, const QString& path)
{
    widget.show();
    settle();
    widget.grab().save(path, "PNG");
    printf("%s %dx%d\n", qPrintable(path), widget.width(), widget.height());
}

ui::GatewayHost::Options options(const QString& dataDir)
{
    ui::GatewayHost::Options o;
    o.dataDir = dataDir;
    o.listenOverride = QStringLiteral("127.0.0.1:0");
    return o;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc != 2) {
        fprintf(stderr, "usage: keys_shots OUT_PREFIX\n");
        return 2;
    }
    const QString prefix = QString::fromLocal8Bit(argv[1]);
    ui::Appearance appearance;
    QTranslator pending;
    if (const QString dir = qEnvironmentVariable("SCREENSHOT_QM_DIR"); !dir.isEmpty()) {
        if (pending.load(QStringLiteral("switchboard_") + appearance.language(), dir))
            QApplication::installTranslator(&pending);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    constexpr qint64 day = 86'400'000;

    { // No key yet: open mode, on the Dashboard and on the Keys page.
        QTemporaryDir dir;
        ui::GatewayHost host(options(dir.path()));
        if (!host.start()) {
            fprintf(stderr, "%s\n", qPrintable(host.lastError()));
            return 1;
        }
        ui::MainWindow window(&host, &appearance);
        window.resize(1280, 800);
        host.checkOpenMode();
        save(window, prefix + QStringLiteral("-dashboard-open.png"));
        window.showPage(QStringLiteral("keys"));
        save(window, prefix + QStringLiteral("-open.png"));
    }

    QTemporaryDir dir;
    auto store = gateway::governance::KeyStore::open(dir.path());
    if (!store) {
        fprintf(stderr, "%s\n", qPrintable(store.error()));
        return 1;
    }
    KeySpec ci;
    ci.name = QStringLiteral("ci-pipeline");
    ci.models = QStringList{QStringLiteral("mock-*")};
    gateway::config::Limits limits;
    limits.rpm = 100;
    limits.tpm = 200'000;
    limits.maxConcurrent = 4;
    limits.tokenQuota = 5'000'000;
    limits.budgetNanos = 10 * gateway::config::nanosPerUsd;
    ci.limits = limits;
    ci.metadata = QList<QPair<QString, QString>>{{QStringLiteral("team"), QStringLiteral("ml")}};
    auto created = store.value()->create(ci, now - 12 * day);
    KeySpec ana;
    ana.name = QStringLiteral("ana-laptop");
    ana.tenant = QStringLiteral("research");
    ana.expiresMs = now + 30 * day;
    gateway::config::Limits anaLimits;
    anaLimits.tpm = 50'000;
    ana.limits = anaLimits;
    store.value()->create(ana, now - 3 * day);
    KeySpec old;
    old.name = QStringLiteral("old-demo");
    store.value()->create(old, now - 40 * day);
    store.value()->revoke(QStringLiteral("old-demo"), now - 2 * day);
    if (!created) {
        fprintf(stderr, "%s\n", qPrintable(created.error()));
        return 1;
    }

    ui::GatewayHost host(options(dir.path()));
    if (!host.start()) {
        fprintf(stderr, "%s\n", qPrintable(host.lastError()));
        return 1;
    }
    ui::MainWindow window(&host, &appearance);
    window.resize(1280, 800);
    auto* page = window.findChild<ui::KeysPage*>();
    FixedLedger ledger;
    ScopeUsage usage;
    usage.kind = ScopeUsage::Kind::Key;
    usage.name = ci.name;
    usage.keyId = created->record.id;
    usage.limits = limits;
    usage.requestsThisMinute = 37;
    usage.tokensThisMinute = 52'400;
    usage.inFlight = 4;
    usage.quotaTokensUsed = 1'250'000;
    usage.quotaPeriodEndsMs = now + 12 * day;
    usage.spentNanos = 8'120'000'000;
    usage.budgetPeriodEndsMs = now + 12 * day;
    ledger.scopes = {usage};
    page->setLedger(&ledger);
    window.showPage(QStringLiteral("keys"));
    auto* table = page->findChild<QTableWidget*>(QStringLiteral("keys"));
    for (int r = 0; r < table->rowCount(); ++r)
        if (table->item(r, 0)->text() == ci.name)
            table->selectRow(r);
    save(window, prefix + QStringLiteral("-page.png"));

    ui::KeyDialog::Choices choices;
    choices.takenNames = {ci.name, ana.name};
    choices.aliases = {QStringLiteral("mock-fast"), QStringLiteral("mock-smart")};
    choices.tenants = {QStringLiteral("research")};
    {
        ui::KeyDialog create(
            nullptr, choices, [now] { return now; }, &window);
        create.findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("my key"));
        save(create, prefix + QStringLiteral("-create.png"));
    }
    {
        auto record = store.value()->find(ci.name);
        ui::KeyDialog edit(
            &record.value(), choices, [now] { return now; }, &window);
        save(edit, prefix + QStringLiteral("-edit.png"));
    }
    {
        ui::SecretDialog secret(ci.name, created->secret, ui::SecretDialog::Reason::Created,
                                &window);
        save(secret, prefix + QStringLiteral("-secret.png"));
    }
    return 0;
}

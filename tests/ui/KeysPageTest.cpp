#include "pages/KeysPage.h"

#include "GatewayHost.h"
#include "MainWindow.h"
#include "dialogs/KeyDialog.h"
#include "dialogs/SecretDialog.h"
#include "models/KeyText.h"
#include "support/TestHost.h"
#include "widgets/LimitBars.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using gateway::governance::KeySpec;
using gateway::governance::LedgerView;
using gateway::governance::ScopeUsage;

namespace {

// 2026-03-10 12:00:00 UTC: the page's "now" (expiry, "resets in").
constexpr qint64 nowMs = 1'773'144'000'000;

// Runs `handle` on the dialog named `name` once it is open (it runs in exec()'s own event loop).
void whenOpen(QObject* context, const QString& name, std::function<void(QWidget*)> handle)
{
    auto* timer = new QTimer(context);
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, context, [timer, name, handle] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (w->objectName() == name && w->isVisible()) {
                timer->stop();
                timer->deleteLater();
                handle(w);
                return;
            }
    });
    timer->start();
}

// Clicks the button named `button` of the message box named `box` once it is open.
void answer(QObject* context, const QString& box, const QString& button)
{
    whenOpen(context, box, [button](QWidget* w) { w->findChild<QPushButton*>(button)->click(); });
}

// Reads the secret the secret dialog shows, then closes it.
void readSecret(QObject* context, QString* secret, QString* text)
{
    whenOpen(context, QStringLiteral("secretDialog"), [secret, text](QWidget* w) {
        *secret = w->findChild<QLineEdit*>(QStringLiteral("secret"))->text();
        for (QLabel* l : w->findChildren<QLabel*>())
            *text += l->text() + QLatin1Char('\n');
        w->findChild<QPushButton*>(QStringLiteral("copySecret"))->click();
        w->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Close)->click();
    });
}

QByteArray sha256(const QString& secret)
{
    return QCryptographicHash::hash(secret.toLatin1(), QCryptographicHash::Sha256);
}

// A ledger the test fills in: the page reads only snapshot().
class FakeLedger : public LedgerView
{
public:
    std::vector<ScopeUsage> scopes;
    std::vector<ScopeUsage> snapshot() const override { return scopes; }
};

} // namespace

class KeysPageTest : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_host = std::make_unique<ui::GatewayHost>(testHostOptions(m_dir->path()));
        QVERIFY(m_host->start().ok());
        m_page = std::make_unique<ui::KeysPage>(m_host.get());
        m_page->setClock([] { return nowMs; });
        auto store = gateway::governance::KeyStore::open(m_dir->path());
        QVERIFY2(store.ok(), qPrintable(store.error()));
        m_store = std::move(store.value());
    }

    void cleanup()
    {
        m_page.reset();
        m_store.reset();
        m_host.reset();
    }

    void aCreatedKeysSecretIsShownOnceAndAuthenticates()
    {
        m_page->show();
        whenOpen(this, QStringLiteral("keyDialog"), [](QWidget* d) {
            d->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("ci"));
            d->findChild<QSpinBox*>(QStringLiteral("rpm"))->setValue(100);
            d->findChild<QCheckBox*>(QStringLiteral("hasBudget"))->setChecked(true);
            d->findChild<QDoubleSpinBox*>(QStringLiteral("budget"))->setValue(10);
            d->findChild<QLineEdit*>(QStringLiteral("models"))->setText(QStringLiteral("mock-*"));
            d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        QString secret, text;
        readSecret(this, &secret, &text);
        m_page->mainAction()->trigger();

        QVERIFY2(secret.startsWith(QStringLiteral("sk-sb-")), qPrintable(secret));
        QVERIFY2(text.contains(QStringLiteral("will not be shown again")), qPrintable(text));
        QCOMPARE(QApplication::clipboard()->text(), secret); // its Copy button
        // The secret authenticates: the store keeps its SHA-256, and that only.
        auto stored = m_store->find(QStringLiteral("ci"));
        QVERIFY2(stored.ok(), qPrintable(stored.error()));
        QCOMPARE(stored->sha256, sha256(secret));
        QVERIFY(secret.startsWith(stored->prefix));
        QCOMPARE(stored->limits.rpm, 100);
        QCOMPARE(stored->limits.budgetNanos, 10 * gateway::config::nanosPerUsd);
        QCOMPARE(stored->models, QStringList{QStringLiteral("mock-*")});
        QCOMPARE(stored->createdMs, nowMs);

        // The table lists the key by its prefix, never its secret.
        auto* table = m_page->findChild<QTableWidget*>(QStringLiteral("keys"));
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("ci"));
        QCOMPARE(table->item(0, 2)->text(), stored->prefix + QStringLiteral("…"));
        QCOMPARE(table->item(0, 6)->text(), QStringLiteral("active"));
        QVERIFY2(table->item(0, 4)->text().contains(QStringLiteral("100 rpm")),
                 qPrintable(table->item(0, 4)->text()));
        for (int c = 0; c < table->columnCount(); ++c)
            QVERIFY(!table->item(0, c)->text().contains(secret.mid(12)));
    }

    void theNameIsCheckedAsItIsTyped()
    {
        QVERIFY(m_store->create(spec(QStringLiteral("taken")), nowMs).ok());
        m_page->refresh();
        QStringList errors;
        bool created = true;
        whenOpen(this, QStringLiteral("keyDialog"), [&](QWidget* d) {
            auto* name = d->findChild<QLineEdit*>(QStringLiteral("name"));
            auto* error = d->findChild<QLabel*>(QStringLiteral("nameError"));
            for (const char* typed : {"bad name", "ok-name", "taken"}) {
                name->setText(QLatin1String(typed));
                errors << (error->isVisibleTo(d) ? error->text() : QString());
            }
            // OK refuses a taken name, and keeps the dialog open.
            d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
            created = !d->isVisible();
            static_cast<QDialog*>(d)->reject();
        });
        m_page->mainAction()->trigger();
        QCOMPARE(errors.size(), 3);
        QVERIFY2(errors.at(0).contains(QStringLiteral("letters, digits")), qPrintable(errors[0]));
        QCOMPARE(errors.at(1), QString());
        QCOMPARE(errors.at(2), QStringLiteral("A key named taken exists already."));
        QVERIFY(!created);
        QCOMPARE(m_store->list()->size(), size_t(1));
    }

    void revokeAsksFirstThenTheKeyIsRevoked()
    {
        QVERIFY(m_store->create(spec(QStringLiteral("old")), nowMs).ok());
        m_page->refresh();
        auto* table = m_page->findChild<QTableWidget*>(QStringLiteral("keys"));
        table->selectRow(0);
        auto* revoke = m_page->findChild<QPushButton*>(QStringLiteral("revoke"));
        QVERIFY(revoke->isEnabled());

        whenOpen(this, QStringLiteral("confirmRevoke"),
                 [](QWidget* box) { static_cast<QMessageBox*>(box)->reject(); }); // Cancel
        revoke->click();
        QCOMPARE(m_store->find(QStringLiteral("old"))->revokedMs, 0);

        answer(this, QStringLiteral("confirmRevoke"), QStringLiteral("confirmRevokeButton"));
        revoke->click();
        QCOMPARE(m_store->find(QStringLiteral("old"))->revokedMs, nowMs);
        QCOMPARE(table->item(0, 6)->text(), QStringLiteral("revoked"));
        QVERIFY(!revoke->isEnabled());
        QVERIFY(!m_page->findChild<QPushButton*>(QStringLiteral("rotate"))->isEnabled());
    }

    void rotateShowsTheNewSecretOnceAndTheOldOneStopsWorking()
    {
        auto issued = m_store->create(spec(QStringLiteral("rot")), nowMs);
        QVERIFY(issued.ok());
        const QByteArray oldHash = issued->record.sha256;
        m_page->refresh();
        m_page->findChild<QTableWidget*>(QStringLiteral("keys"))->selectRow(0);

        answer(this, QStringLiteral("confirmRotate"), QStringLiteral("confirmRotateButton"));
        QString secret, text;
        readSecret(this, &secret, &text);
        m_page->findChild<QPushButton*>(QStringLiteral("rotate"))->click();

        QVERIFY2(secret.startsWith(QStringLiteral("sk-sb-")), qPrintable(secret));
        QVERIFY(secret.toLatin1() != issued->secret);
        QVERIFY2(text.contains(QStringLiteral("old secret no longer works")), qPrintable(text));
        auto stored = m_store->find(QStringLiteral("rot"));
        QCOMPARE(stored->sha256, sha256(secret));
        QVERIFY(stored->sha256 != oldHash);
        QCOMPARE(stored->id, issued->record.id); // the same key
    }

    void editChangesLimitsModelsAndTenant()
    {
        QVERIFY(m_store->create(spec(QStringLiteral("ed")), nowMs).ok());
        m_page->refresh();
        m_page->findChild<QTableWidget*>(QStringLiteral("keys"))->selectRow(0);
        whenOpen(this, QStringLiteral("keyDialog"), [](QWidget* d) {
            QVERIFY(d->findChild<QLineEdit*>(QStringLiteral("name"))->isReadOnly());
            QCOMPARE(d->findChild<QSpinBox*>(QStringLiteral("rpm"))->value(), 60);
            d->findChild<QSpinBox*>(QStringLiteral("tpm"))->setValue(5000);
            d->findChild<QLineEdit*>(QStringLiteral("models"))
                ->setText(QStringLiteral("mock-fast"));
            d->findChild<QComboBox*>(QStringLiteral("tenant"))
                ->setCurrentText(QStringLiteral("acme"));
            d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        m_page->findChild<QPushButton*>(QStringLiteral("edit"))->click();
        auto stored = m_store->find(QStringLiteral("ed"));
        QCOMPARE(stored->limits.rpm, 60);
        QCOMPARE(stored->limits.tpm, 5000);
        QCOMPARE(stored->tenant, QStringLiteral("acme"));
        QCOMPARE(stored->models, QStringList{QStringLiteral("mock-fast")});
        QCOMPARE(m_page->findChild<QTableWidget*>(QStringLiteral("keys"))->item(0, 1)->text(),
                 QStringLiteral("acme"));
    }

    void theBarsShowTheLedgersSnapshot()
    {
        KeySpec s = spec(QStringLiteral("ci"));
        gateway::config::Limits limits;
        limits.rpm = 100;
        limits.maxConcurrent = 4;
        limits.tokenQuota = 1'000'000;
        limits.budgetNanos = 10 * gateway::config::nanosPerUsd;
        s.limits = limits;
        auto issued = m_store->create(s, nowMs);
        QVERIFY(issued.ok());
        FakeLedger ledger;
        ScopeUsage usage;
        usage.kind = ScopeUsage::Kind::Key;
        usage.name = QStringLiteral("ci");
        usage.keyId = issued->record.id;
        usage.limits = limits;
        usage.requestsThisMinute = 25;
        usage.inFlight = 4;
        usage.quotaTokensUsed = 120'000;
        usage.quotaPeriodEndsMs = nowMs + 12 * 86'400'000LL;
        usage.spentNanos = 8'100'000'000; // $8.10: past the 80% alert
        usage.budgetPeriodEndsMs = nowMs + 41'000;
        ledger.scopes = {usage};
        m_page->setLedger(&ledger);
        m_page->refresh();
        m_page->findChild<QTableWidget*>(QStringLiteral("keys"))->selectRow(0);
        m_page->updateUse();

        auto* bars = m_page->findChild<ui::LimitBars*>(QStringLiteral("bars"));
        using B = ui::LimitBars;
        QCOMPARE(bars->bar(B::Requests)->value(), 250);
        QCOMPARE(bars->text(B::Requests), QStringLiteral("25 of 100"));
        QVERIFY(!bars->bar(B::Tokens)->isVisibleTo(bars)); // no tpm limit: no bar
        QCOMPARE(bars->bar(B::InFlight)->value(), 1000);
        QCOMPARE(bars->text(B::Quota), QStringLiteral("120,000 of 1,000,000 · resets in 12 days"));
        QCOMPARE(bars->bar(B::Budget)->value(), 810);
        QCOMPARE(bars->text(B::Budget), QStringLiteral("$8.10 of $10.00 · resets in 41 s"));
        // At the limit, and past the alert, a bar is drawn in the error red.
        const QColor normal = bars->palette().color(QPalette::Highlight);
        QVERIFY(bars->bar(B::InFlight)->palette().color(QPalette::Highlight) != normal);
        QVERIFY(bars->bar(B::Budget)->palette().color(QPalette::Highlight) != normal);
        QCOMPARE(bars->bar(B::Requests)->palette().color(QPalette::Highlight), normal);

        // The next snapshot moves the bars.
        ledger.scopes[0].requestsThisMinute = 50;
        m_page->updateUse();
        QCOMPARE(bars->bar(B::Requests)->value(), 500);
    }

    // The bars read the running engine's own ledger by default.
    void theBarsFollowTheEnginesLedger()
    {
        auto issued = m_store->create(spec(QStringLiteral("live")), nowMs);
        QVERIFY(issued.ok());
        QTRY_VERIFY_WITH_TIMEOUT(!m_host->runsOpen(), 3000); // the engine has read the key
        m_page->refresh();
        m_page->findChild<QTableWidget*>(QStringLiteral("keys"))->selectRow(0);
        QNetworkAccessManager network;
        QNetworkRequest request = m_host->gatewayRequest(QStringLiteral("/chat/completions"));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + issued->secret);
        QNetworkReply* reply = network.post(
            request, R"({"model":"mock-fast","messages":[{"role":"user","content":"hi"}]})");
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();
        auto* bars = m_page->findChild<ui::LimitBars*>(QStringLiteral("bars"));
        m_page->updateUse();
        QCOMPARE(bars->text(ui::LimitBars::Requests), QStringLiteral("1 of 60"));
        QCOMPARE(bars->bar(ui::LimitBars::Requests)->value(), 1000 / 60);
    }

    void openModeIsShownUntilAKeyExists()
    {
        ui::MainWindow window(m_host.get());
        auto* page = window.findChild<ui::KeysPage*>();
        page->setClock([] { return nowMs; });
        auto* notice =
            window.findChild<QLabel*>(QStringLiteral("openNotice"), Qt::FindDirectChildrenOnly);
        if (!notice) // the window's own, not the page's
            for (QLabel* l : window.findChildren<QLabel*>(QStringLiteral("openNotice")))
                if (!page->isAncestorOf(l))
                    notice = l;
        QVERIFY(notice);
        window.show();
        m_host->checkOpenMode();
        QVERIFY(m_host->runsOpen());  // the embedded config: no key, auth.required unset
        QVERIFY(notice->isVisible()); // on the Dashboard
        QVERIFY(window.showPage(QStringLiteral("keys")));
        QVERIFY(page->isShowingOpenNotice());
        QVERIFY(!notice->isVisible()); // the page says it itself

        // A key made elsewhere (the CLI, another console): gone within a second or so.
        QVERIFY(m_store->create(spec(QStringLiteral("first")), nowMs).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!m_host->runsOpen(), 3000);
        QVERIFY(!page->isShowingOpenNotice());
        QVERIFY(window.showPage(QStringLiteral("dashboard")));
        QVERIFY(!notice->isVisible());
    }

    void aKeyMadeOnThePageEndsOpenModeAtOnce()
    {
        m_host->checkOpenMode();
        m_page->refresh();
        QVERIFY(m_page->isShowingOpenNotice());
        whenOpen(this, QStringLiteral("keyDialog"), [](QWidget* d) {
            d->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("first"));
            d->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        QString secret, text;
        readSecret(this, &secret, &text);
        m_page->mainAction()->trigger();
        QVERIFY(!m_page->isShowingOpenNotice());
        QTRY_VERIFY_WITH_TIMEOUT(!m_host->runsOpen(), 3000);
    }

    void alertsAreWordedForPeople()
    {
        gateway::governance::LimitAlert alert;
        alert.kind = ScopeUsage::Kind::Key;
        alert.name = QStringLiteral("ci");
        alert.what = QStringLiteral("budget");
        alert.used = 8.1;
        alert.limit = 10;
        QCOMPARE(ui::KeyText::alert(alert, gateway::config::Period::Month),
                 QStringLiteral("Key ci has used 81% of its $10.00 monthly budget."));
        alert.kind = ScopeUsage::Kind::Tenant;
        alert.name = QStringLiteral("acme");
        alert.what = QStringLiteral("quota");
        alert.used = 900'000;
        alert.limit = 1'000'000;
        QCOMPARE(ui::KeyText::alert(alert, gateway::config::Period::Day),
                 QStringLiteral("Tenant acme has used 90% of its daily quota of 1,000,000 "
                                "tokens."));
        QCOMPARE(ui::KeyText::alert(alert, std::nullopt),
                 QStringLiteral("Tenant acme has used 90% of its quota of 1,000,000 tokens."));
    }

    void aSoftLimitAlertIsShownInTheWindow()
    {
        ui::MainWindow window(m_host.get());
        gateway::governance::LimitAlert alert;
        alert.kind = ScopeUsage::Kind::Key;
        alert.name = QStringLiteral("ci");
        alert.what = QStringLiteral("budget");
        alert.used = 8.1;
        alert.limit = 10;
        emit m_host->limitAlert(alert);
        // No such scope in the engine's ledger: the budget's period goes unnamed.
        QCOMPARE(window.statusBar()->currentMessage(),
                 QStringLiteral("Key ci has used 81% of its $10.00 budget."));
    }

    void limitsInShortForm()
    {
        gateway::config::Limits l;
        QCOMPARE(ui::KeyText::limitsSummary(l), QStringLiteral("no limits"));
        l.rpm = 60;
        l.tpm = 125'000;
        l.maxConcurrent = 4;
        l.tokenQuota = 2'000'000;
        l.quotaPeriod = gateway::config::Period::Week;
        l.budgetNanos = 10 * gateway::config::nanosPerUsd;
        QCOMPARE(ui::KeyText::limitsSummary(l),
                 QStringLiteral("60 rpm · 125K tpm · 4 at once · 2M tokens per week · $10.00 "
                                "per month"));
    }

private:
    static KeySpec spec(const QString& name)
    {
        KeySpec s;
        s.name = name;
        gateway::config::Limits limits;
        limits.rpm = 60;
        s.limits = limits;
        return s;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::GatewayHost> m_host;
    std::unique_ptr<ui::KeysPage> m_page;
    std::unique_ptr<gateway::governance::KeyStore> m_store;
};

QTEST_MAIN(KeysPageTest)
#include "KeysPageTest.moc"

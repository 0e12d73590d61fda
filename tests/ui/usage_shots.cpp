// Screenshots of the Usage page's three tabs and its price dialog, with a month of generated
// use in the request log and a ledger with a quota and budgets in each state: usage_shots
// OUT_PREFIX [WIDTHxHEIGHT]. Run under Xvfb (tests/ui/screenshots.sh, or xvfb-run) with the
// theme and language of the console's settings (XDG_CONFIG_HOME); SCREENSHOT_QM_DIR may name a
// folder of switchboard_<lang>.qm files not merged into translations/*.ts yet. Writes
// OUT_PREFIX-spend.png, -remaining.png, -prices.png and -price-dialog.png.
#include "Appearance.h"
#include "GatewayHost.h"
#include "MainWindow.h"
#include "dialogs/PriceDialog.h"
#include "governance/LedgerView.h"
#include "pages/UsagePage.h"
#include "store/LogWriter.h"
#include "widgets/PricesPanel.h"

#include <QApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

using gateway::governance::ScopeUsage;

namespace {

class ShotLedger : public gateway::governance::LedgerView
{
public:
    std::vector<ScopeUsage> scopes;
    std::vector<ScopeUsage> snapshot() const override { return scopes; }
};

ScopeUsage scope(ScopeUsage::Kind kind, const QString& name, double budgetUsd, double spentUsd,
                 qint64 quota, qint64 used, gateway::config::Period period, qint64 endsMs)
{
    ScopeUsage s;
    s.kind = kind;
    s.name = name;
    s.limits.budgetNanos = budgetUsd < 0 ? -1 : gateway::config::usdToNanos(budgetUsd);
    s.limits.budgetPeriod = period;
    s.limits.tokenQuota = quota;
    s.limits.quotaPeriod = period;
    s.spentNanos = gateway::config::usdToNanos(spentUsd);
    s.quotaTokensUsed = used;
    s.budgetPeriodEndsMs = s.quotaPeriodEndsMs = endsMs;
    return s;
}

// A month of use: three tenants' keys on three models, busier in working hours.
void seed(const QString& dataDir, qint64 nowMs)
{
    struct Key
    {
        const char* tenant;
        const char* id;
        const char* name;
        const char* model;
        double usdPer1kTokens;
        int weight;
    };
    const Key keys[] = {
        {"acme", "key_00000000000000a1", "acme-ci", "gpt-4o", 0.006, 5},
        {"acme", "key_00000000000000a2", "acme-support-bot", "claude-sonnet-4-5", 0.009, 8},
        {"globex", "key_00000000000000b1", "globex-web", "gpt-4o-mini", 0.0004, 12},
        {"globex", "key_00000000000000b2", "globex-batch", "gpt-4o", 0.006, 3},
        {"initech", "key_00000000000000c1", "initech-dev", "claude-sonnet-4-5", 0.009, 2},
    };
    gateway::store::LogWriter::Options options;
    options.clock = [nowMs] { return nowMs; };
    gateway::store::LogWriter writer(options);
    if (!writer.start(dataDir).ok())
        return;
    QRandomGenerator random(12);
    constexpr qint64 step = 10 * 60'000;
    int trace = 0;
    for (qint64 t = nowMs - 30LL * 86'400'000; t < nowMs; t += step) {
        const int hour = QDateTime::fromMSecsSinceEpoch(t).time().hour();
        const int busy = hour >= 8 && hour < 19 ? 3 : 1;
        for (const Key& k : keys) {
            const int requests = int(random.bounded(k.weight * busy + 1));
            if (requests == 0)
                continue;
            gateway::store::LogRecord r;
            r.timeMs = t + random.bounded(step);
            r.traceId = QByteArray::number(++trace).rightJustified(32, '0');
            r.endpoint = QStringLiteral("chat.completions");
            r.tenant = QString::fromLatin1(k.tenant);
            r.keyId = QString::fromLatin1(k.id);
            r.keyName = QString::fromLatin1(k.name);
            r.model = QString::fromLatin1(k.model);
            r.backend = QStringLiteral("openai");
            r.status = 200;
            r.latencyMs = 400;
            r.promptTokens = requests * (300 + random.bounded(900));
            r.completionTokens = requests * (100 + random.bounded(400));
            r.cost = double(r.promptTokens + r.completionTokens) / 1000 * k.usdPer1kTokens;
            writer.push(std::move(r));
        }
    }
    writer.flush();
    writer.stop();
}

void settle()
{
    for (int i = 0; i < 20; ++i) {
        QApplication::processEvents();
        QThread::msleep(10);
    }
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        fprintf(stderr, "usage: usage_shots OUT_PREFIX [WIDTHxHEIGHT]\n");
        return 2;
    }
    const QString prefix = QString::fromLocal8Bit(argv[1]);
    QSize size(1280, 800);
    if (argc > 2) {
        const QStringList wh = QString::fromLatin1(argv[2]).split(QLatin1Char('x'));
        size = QSize(wh.value(0).toInt(), wh.value(1).toInt());
    }
    ui::Appearance appearance; // theme and language from the settings, as the console has them
    QTranslator pending;
    if (const QString dir = qEnvironmentVariable("SCREENSHOT_QM_DIR"); !dir.isEmpty()) {
        if (pending.load(QStringLiteral("switchboard_") + appearance.language(), dir))
            QApplication::installTranslator(&pending);
    }

    QTemporaryDir data;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    seed(data.path(), now);
    // The aliases of the generated use, one with a price of its own.
    const QByteArray config = R"({
      "schemaVersion": 1,
      "backends": [ { "name": "mock", "type": "mock" } ],
      "models": [
        { "alias": "gpt-4o", "targets": [ { "backend": "mock", "model": "gpt-4o" } ] },
        { "alias": "gpt-4o-mini", "targets": [ { "backend": "mock", "model": "gpt-4o-mini" } ] },
        { "alias": "claude-sonnet-4-5", "targets": [ { "backend": "mock", "model": "claude-sonnet-4-5" } ],
          "pricing": { "inputPer1M": 2.7, "outputPer1M": 13.5, "cachedInputPer1M": 0.27 } },
        { "alias": "mock-fast", "targets": [ { "backend": "mock", "model": "mock-fast" } ] }
      ]
    })";
    QFile file(data.filePath(QStringLiteral("config.json")));
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size())
        return 1;
    file.close();
    ui::GatewayHost::Options options;
    options.dataDir = data.path();
    options.configPath = file.fileName();
    options.listenOverride = QStringLiteral("127.0.0.1:0");
    ui::GatewayHost host(options);
    if (!host.start().ok()) {
        fprintf(stderr, "%s\n", qPrintable(host.lastError()));
        return 1;
    }

    const qint64 dayEnds =
        QDateTime(QDate::currentDate().addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 monthEnds =
        QDateTime(QDate(QDate::currentDate().year(), QDate::currentDate().month(), 1).addMonths(1),
                  QTime(0, 0), Qt::UTC)
            .toMSecsSinceEpoch();
    using P = gateway::config::Period;
    ShotLedger ledger;
    ledger.scopes = {
        scope(ScopeUsage::Kind::Tenant, QStringLiteral("acme"), 500, 312.4, 0, 0, P::Month,
              monthEnds),
        scope(ScopeUsage::Kind::Tenant, QStringLiteral("globex"), 100, 86.9, 0, 0, P::Month,
              monthEnds),
        scope(ScopeUsage::Kind::Key, QStringLiteral("acme-ci"), 20, 20, 0, 0, P::Day, dayEnds),
        scope(ScopeUsage::Kind::Key, QStringLiteral("globex-web"), -1, 0, 5'000'000, 1'240'500,
              P::Day, dayEnds),
        scope(ScopeUsage::Kind::Key, QStringLiteral("initech-dev"), 50, 0.0421, 0, 0, P::Total, 0),
        scope(ScopeUsage::Kind::Model, QStringLiteral("claude-sonnet-4-5"), 1000, 402.17,
              80'000'000, 71'900'000, P::Month, monthEnds),
    };

    ui::MainWindow window(&host, &appearance);
    window.resize(size);
    window.show();
    window.showPage(QStringLiteral("usage"));
    auto* page = window.findChild<ui::UsagePage*>();
    page->setLedger(&ledger);
    page->setRange(ui::UsagePage::Range::SevenDays);
    page->setGroupBy(ui::UsageSeries::GroupBy::Tenant);
    QSignalSpy updated(page, &ui::UsagePage::updated);
    updated.wait(5000);
    if (updated.isEmpty() || page->lastResult().groupBy != ui::UsageSeries::GroupBy::Tenant)
        updated.wait(5000);
    settle();
    window.grab().save(prefix + QStringLiteral("-spend.png"), "PNG");
    page->showTab(ui::UsagePage::RemainingTab);
    settle();
    window.grab().save(prefix + QStringLiteral("-remaining.png"), "PNG");
    page->showTab(ui::UsagePage::PricesTab);
    page->prices()->aliases()->selectRow(2);
    settle();
    window.grab().save(prefix + QStringLiteral("-prices.png"), "PNG");
    QTimer::singleShot(300, &app, [&prefix] {
        if (auto* dialog = qobject_cast<ui::PriceDialog*>(QApplication::activeModalWidget())) {
            dialog->grab().save(prefix + QStringLiteral("-price-dialog.png"), "PNG");
            dialog->reject();
        }
    });
    page->prices()->editSelected();
    page->setLedger(nullptr);
    return 0;
}

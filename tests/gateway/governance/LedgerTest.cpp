#include "governance/Ledger.h"

#include "governance/Reservation.h"

#include <QDateTime>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace gateway;
using governance::Demand;
using governance::Ledger;
using governance::LimitKind;
using governance::Reservation;
using governance::ScopeUsage;

namespace {

// 2026-11-29T12:00:10.250Z: a Sunday, ten seconds and a quarter into a minute.
const qint64 anchorMs =
    QDateTime(QDate(2026, 11, 29), QTime(12, 0, 10, 250), Qt::UTC).toMSecsSinceEpoch();

struct Clock
{
    std::atomic<qint64> nowMs{anchorMs};
    WallClock wall()
    {
        return [this] { return nowMs.load(); };
    }
};

Demand demand(ScopeUsage::Kind kind, const QString& id, const config::Limits& limits, bool request,
              qint64 tokens = 0, config::Nanos cost = 0)
{
    Demand d;
    d.kind = kind;
    d.id = id;
    d.limits = &limits;
    d.request = request;
    d.slot = request;
    d.tokens = tokens;
    d.cost = cost;
    return d;
}

class LedgerTest : public ::testing::Test
{
protected:
    std::unique_ptr<Ledger> open(std::vector<governance::LimitAlert>* alerts = nullptr)
    {
        Ledger::Options options;
        options.clock = clock.wall();
        options.ownThread = false;
        if (alerts)
            options.onAlert = [alerts](const governance::LimitAlert& a) { alerts->push_back(a); };
        auto ledger = std::make_unique<Ledger>(options);
        const Result<bool> opened = ledger->open(dir.path());
        EXPECT_TRUE(opened.ok()) << qPrintable(opened.error());
        return ledger;
    }

    // Admits one request against one scope; the reservation is kept (in flight) until reset.
    std::optional<governance::Refusal> admitOne(Ledger& ledger, const Demand& d,
                                                std::shared_ptr<Reservation>* kept = nullptr)
    {
        auto r = std::make_shared<Reservation>(ledger);
        auto refused = ledger.admit(*r, &d, 1);
        if (kept)
            *kept = r;
        else
            ledger.settle(*r, d.tokens, d.cost);
        return refused;
    }

    ScopeUsage usage(const Ledger& ledger, const QString& name)
    {
        for (const ScopeUsage& u : ledger.snapshot())
            if (u.name == name)
                return u;
        ADD_FAILURE() << "no scope " << qPrintable(name);
        return {};
    }

    QTemporaryDir dir;
    Clock clock;
};

} // namespace

TEST_F(LedgerTest, RequestsPerMinuteSlideOverOneSecondSlots)
{
    auto ledger = open();
    config::Limits limits;
    limits.rpm = 3;
    const Demand d = demand(ScopeUsage::Kind::Key, "k1", limits, true);
    for (int i = 0; i < 3; ++i)
        EXPECT_FALSE(admitOne(*ledger, d));
    clock.nowMs += 30'000;
    const auto refused = admitOne(*ledger, d);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->limit, LimitKind::Requests);
    EXPECT_EQ(refused->limitValue, 3);
    EXPECT_EQ(refused->used, 3);
    // The three were counted at second 10 (10.25 s): they leave the window at 70 s.
    EXPECT_EQ(refused->retryAfterMs, 70'000 - 40'250);
    clock.nowMs = anchorMs - 250 + 59'999;
    EXPECT_TRUE(admitOne(*ledger, d));
    clock.nowMs = anchorMs - 250 + 60'000;
    EXPECT_FALSE(admitOne(*ledger, d));
}

TEST_F(LedgerTest, AdmissionIsAllOrNothingAcrossScopes)
{
    auto ledger = open();
    config::Limits key;
    key.rpm = 10;
    config::Limits alias;
    alias.rpm = 1;
    const Demand both[2] = {demand(ScopeUsage::Kind::Key, "k1", key, true),
                            demand(ScopeUsage::Kind::Model, "gpt", alias, true)};
    Reservation first(*ledger);
    EXPECT_FALSE(ledger->admit(first, both, 2));
    Reservation second(*ledger);
    const auto refused = ledger->admit(second, both, 2);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->kind, ScopeUsage::Kind::Model);
    // The key counted the first request only: the refused one reserved nothing anywhere.
    EXPECT_EQ(usage(*ledger, "k1").requestsThisMinute, 1);
    EXPECT_EQ(usage(*ledger, "k1").inFlight, 0); // no maxConcurrent: no slot counted
}

TEST_F(LedgerTest, SixteenThreadsAgainstOneHundredRequestsPerMinuteAdmitExactlyOneHundred)
{
    auto ledger = open();
    config::Limits limits;
    limits.rpm = 100;
    limits.maxConcurrent = 1000;
    const Demand d = demand(ScopeUsage::Kind::Key, "hammered", limits, true);
    std::atomic<int> admitted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                Reservation r(*ledger);
                if (!ledger->admit(r, &d, 1))
                    admitted.fetch_add(1);
                ledger->settle(r, 0, 0);
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(admitted.load(), 100);
    EXPECT_EQ(usage(*ledger, "hammered").requestsThisMinute, 100);
    EXPECT_EQ(usage(*ledger, "hammered").inFlight, 0);
}

TEST_F(LedgerTest, AOneDollarBudgetAdmitsExactlyOneHundredCentRequestsAtOnce)
{
    auto ledger = open();
    config::Limits tenant;
    tenant.budgetNanos = config::nanosPerUsd;
    tenant.budgetPeriod = config::Period::Total;
    config::Limits key; // no budget of its own
    key.maxConcurrent = 1000;
    const config::Nanos cent = config::nanosPerUsd / 100;
    std::atomic<int> admitted{0};
    std::vector<std::shared_ptr<Reservation>> held[16];
    std::vector<std::thread> threads;
    for (int t = 0; t < 16; ++t) {
        threads.emplace_back([&, t] {
            const Demand d[2] = {
                demand(ScopeUsage::Kind::Key, "key" + QString::number(t), key, true, 100, cent),
                demand(ScopeUsage::Kind::Tenant, "acme", tenant, false, 100, cent)};
            for (int i = 0; i < 20; ++i) {
                auto r = std::make_shared<Reservation>(*ledger);
                if (!ledger->admit(*r, d, 2)) {
                    admitted.fetch_add(1);
                    held[t].push_back(r); // all in flight at once
                }
            }
        });
    }
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(admitted.load(), 100);
    EXPECT_EQ(usage(*ledger, "acme").spentNanos, config::nanosPerUsd);
    // Settled at exactly what was reserved: the spend stays exactly $1.00.
    for (auto& list : held)
        for (auto& r : list)
            ledger->settle(*r, 100, cent);
    EXPECT_EQ(usage(*ledger, "acme").spentNanos, config::nanosPerUsd);
}

TEST_F(LedgerTest, SettlementReplacesTheEstimateBothWays)
{
    auto ledger = open();
    config::Limits limits;
    limits.tpm = 100'000;
    limits.tokenQuota = 1'000'000;
    limits.budgetNanos = 10 * config::nanosPerUsd;
    const Demand d = demand(ScopeUsage::Kind::Model, "m", limits, true, 4096, 50'000'000);
    auto lower = std::make_shared<Reservation>(*ledger);
    ASSERT_FALSE(ledger->admit(*lower, &d, 1));
    EXPECT_EQ(usage(*ledger, "m").spentNanos, 50'000'000);
    EXPECT_EQ(usage(*ledger, "m").tokensThisMinute, 4096);
    ledger->settle(*lower, 120, 1'000'000);
    EXPECT_EQ(usage(*ledger, "m").spentNanos, 1'000'000);
    EXPECT_EQ(usage(*ledger, "m").tokensThisMinute, 120);
    EXPECT_EQ(usage(*ledger, "m").quotaTokensUsed, 120);
    ledger->settle(*lower, 999, 999); // once only
    EXPECT_EQ(usage(*ledger, "m").spentNanos, 1'000'000);

    auto raise = std::make_shared<Reservation>(*ledger);
    ASSERT_FALSE(ledger->admit(*raise, &d, 1));
    ledger->settle(*raise, 5000, 70'000'000); // more than reserved (no max_tokens honoured)
    EXPECT_EQ(usage(*ledger, "m").spentNanos, 71'000'000);
    EXPECT_EQ(usage(*ledger, "m").quotaTokensUsed, 5120);
}

TEST_F(LedgerTest, AScopeAdmittedOnTheHeadAndOnTheBodySettlesItsTokensOnce)
{
    auto ledger = open();
    config::Limits limits;
    limits.rpm = 10;
    limits.tpm = 10'000;
    const Demand head = demand(ScopeUsage::Kind::Key, "k", limits, true);
    const Demand body = demand(ScopeUsage::Kind::Key, "k", limits, false, 900);
    Reservation r(*ledger);
    ASSERT_FALSE(ledger->admit(r, &head, 1));
    ASSERT_FALSE(ledger->admit(r, &body, 1));
    EXPECT_EQ(r.status().requestRemaining, 9);
    EXPECT_EQ(r.status().tokenRemaining, 9100);
    ledger->settle(r, 300, 0);
    EXPECT_EQ(usage(*ledger, "k").tokensThisMinute, 300);
    EXPECT_EQ(usage(*ledger, "k").requestsThisMinute, 1);
}

TEST_F(LedgerTest, NoBudgetIsNeverRefusedForBudget)
{
    auto ledger = open();
    config::Limits limits; // budgetNanos -1
    limits.rpm = 1'000'000;
    const Demand d = demand(ScopeUsage::Kind::Key, "free", limits, true, 1'000'000,
                            1'000'000 * config::nanosPerUsd);
    for (int i = 0; i < 100; ++i)
        ASSERT_FALSE(admitOne(*ledger, d));
}

TEST_F(LedgerTest, QuotaAndBudgetRefuseWithTheirPeriodsEnd)
{
    auto ledger = open();
    config::Limits limits;
    limits.tokenQuota = 1000;
    limits.quotaPeriod = config::Period::Day;
    const Demand d = demand(ScopeUsage::Kind::Tenant, "t", limits, false, 600);
    EXPECT_FALSE(admitOne(*ledger, d));
    const auto refused = admitOne(*ledger, d);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->limit, LimitKind::Quota);
    EXPECT_EQ(refused->periodEndsMs,
              QDateTime(QDate(2026, 11, 30), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    // The next day the quota is whole again.
    clock.nowMs = refused->periodEndsMs;
    EXPECT_FALSE(admitOne(*ledger, d));
    EXPECT_EQ(usage(*ledger, "t").quotaTokensUsed, 600);
}

TEST_F(LedgerTest, ConcurrencySlotsComeBackOnEveryEnding)
{
    auto ledger = open();
    config::Limits limits;
    limits.maxConcurrent = 2;
    const Demand d = demand(ScopeUsage::Kind::Key, "k", limits, true);
    std::shared_ptr<Reservation> a, b, c;
    ASSERT_FALSE(admitOne(*ledger, d, &a));
    ASSERT_FALSE(admitOne(*ledger, d, &b));
    const auto refused = admitOne(*ledger, d, &c);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->limit, LimitKind::Concurrency);
    ledger->settle(*a, 10, 0); // completed
    ASSERT_FALSE(admitOne(*ledger, d, &c));
    b.reset(); // dropped unsettled (its body never came)
    EXPECT_EQ(usage(*ledger, "k").inFlight, 1);
    c.reset();
    EXPECT_EQ(usage(*ledger, "k").inFlight, 0);
}

TEST_F(LedgerTest, CountersSurviveARestartInTheMiddleOfAWindow)
{
    config::Limits limits;
    limits.rpm = 5;
    limits.tpm = 1000;
    limits.budgetNanos = config::nanosPerUsd;
    limits.budgetPeriod = config::Period::Month;
    const Demand d = demand(ScopeUsage::Kind::Key, "k", limits, true, 100, 1000);
    {
        auto ledger = open();
        for (int i = 0; i < 3; ++i)
            ASSERT_FALSE(admitOne(*ledger, d));
        std::shared_ptr<Reservation> inFlight;
        ASSERT_FALSE(admitOne(*ledger, d, &inFlight));
        // A crash now: what was written includes the reservation in flight.
        ASSERT_TRUE(ledger->flush().ok());
        // (inFlight is settled when this ledger goes; the row on disk is the crash's.)
        clock.nowMs += 20'000;
        auto crashed = open();
        EXPECT_EQ(usage(*crashed, "k").requestsThisMinute, 4);
        EXPECT_EQ(usage(*crashed, "k").tokensThisMinute, 400);
        EXPECT_EQ(usage(*crashed, "k").spentNanos, 4000);
        EXPECT_EQ(usage(*crashed, "k").inFlight, 0);
        ledger->settle(*inFlight, 100, 1000);
        ledger->stop();
    }
    // A clean restart 30 s into the window: the four requests still count.
    auto ledger = open();
    EXPECT_FALSE(admitOne(*ledger, d));
    const auto refused = admitOne(*ledger, d);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->limit, LimitKind::Requests);
    EXPECT_EQ(usage(*ledger, "k").spentNanos, 5000);
    // And leave with their window.
    clock.nowMs = anchorMs - 250 + 60'000;
    EXPECT_FALSE(admitOne(*ledger, d));
}

TEST_F(LedgerTest, ASoftLimitAlertsOncePerPeriod)
{
    std::vector<governance::LimitAlert> alerts;
    auto ledger = open(&alerts);
    config::Limits limits;
    limits.budgetNanos = config::nanosPerUsd;
    limits.budgetPeriod = config::Period::Day;
    limits.alertAtPercent = 80;
    const config::Nanos tenCents = config::nanosPerUsd / 10;
    const Demand d = demand(ScopeUsage::Kind::Key, "k", limits, false, 1, tenCents);
    for (int i = 0; i < 7; ++i)
        ASSERT_FALSE(admitOne(*ledger, d));
    EXPECT_TRUE(alerts.empty());
    ASSERT_FALSE(admitOne(*ledger, d)); // $0.80
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].what, "budget");
    EXPECT_DOUBLE_EQ(alerts[0].used, 0.8);
    EXPECT_DOUBLE_EQ(alerts[0].limit, 1.0);
    ASSERT_FALSE(admitOne(*ledger, d));
    EXPECT_EQ(alerts.size(), 1u);
    EXPECT_EQ(ledger->alertCount(), 1u);
    EXPECT_TRUE(ledger->exposition().contains(
        "switchboard_limit_alerts_total{kind=\"key\",what=\"budget\"} 1"));
    // The next day: a new period, a new alert when it passes 80 % again.
    clock.nowMs += 86'400'000;
    for (int i = 0; i < 8; ++i)
        ASSERT_FALSE(admitOne(*ledger, d));
    EXPECT_EQ(alerts.size(), 2u);
}

TEST_F(LedgerTest, ALedgerWithoutLimitsKeepsNoScopes)
{
    auto ledger = open();
    Reservation r(*ledger);
    EXPECT_FALSE(ledger->admit(r, nullptr, 0));
    EXPECT_TRUE(ledger->snapshot().empty());
}

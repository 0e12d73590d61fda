// A micro-benchmark of the ledger of limits: what admission and settlement cost a request
// with a key, a tenant and an alias, each limited (two admit() calls, on the head and on the
// body, as the limits stage makes them, then a settlement), on one thread and on two threads
// sharing the tenant and the alias. Not a test: it asserts nothing and is not registered with
// ctest.
//
//   build/tests/ledger_bench [requests per thread]
#include "Clock.h"
#include "governance/Ledger.h"
#include "governance/Reservation.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <cstdio>
#include <thread>
#include <vector>

using namespace gateway;
using governance::Demand;
using governance::Ledger;
using governance::Reservation;
using governance::ScopeUsage;

namespace {

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

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int n = argc > 1 ? atoi(argv[1]) : 200'000;
    QTemporaryDir dir;
    Ledger::Options options;
    options.ownThread = false;
    Ledger ledger(options);
    if (const Result<bool> opened = ledger.open(dir.path()); !opened) {
        fprintf(stderr, "ledger_bench: %s\n", qPrintable(opened.error()));
        return 1;
    }
    config::Limits limits;
    limits.rpm = 1LL << 40;
    limits.tpm = 1LL << 50;
    limits.maxConcurrent = 1'000'000;
    limits.budgetNanos = 1LL << 60;
    const auto run = [&](const QString& key) {
        const Demand head[2] = {demand(ScopeUsage::Kind::Key, key, limits, true),
                                demand(ScopeUsage::Kind::Tenant, "acme", limits, true)};
        const Demand body[3] = {demand(ScopeUsage::Kind::Key, key, limits, false, 500, 1000),
                                demand(ScopeUsage::Kind::Tenant, "acme", limits, false, 500, 1000),
                                demand(ScopeUsage::Kind::Model, "gpt", limits, true, 500, 1000)};
        for (int i = 0; i < n; ++i) {
            auto r = std::make_shared<Reservation>(ledger);
            ledger.admit(*r, head, 2);
            ledger.admit(*r, body, 3);
            ledger.settle(*r, 400, 800);
        }
    };
    for (int threads : {1, 2}) {
        const qint64 start = monotonicNs();
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back(run, "key" + QString::number(t));
        for (auto& t : pool)
            t.join();
        printf("%d thread(s): %.0f ns per request (admit head + admit body + settle)\n", threads,
               double(monotonicNs() - start) / n);
    }
    return 0;
}

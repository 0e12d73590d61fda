#include "models/KeyText.h"

#include <QLocale>
#include <QStringList>

#include <cmath>

namespace ui {

using gateway::config::Limits;
using gateway::config::Nanos;
using gateway::config::Period;
using gateway::governance::KeyRecord;
using gateway::governance::LimitAlert;
using gateway::governance::ScopeUsage;

KeyText::Status KeyText::status(const KeyRecord& key, qint64 nowMs)
{
    if (key.revokedMs != 0)
        return Status::Revoked;
    if (key.expiresMs != 0 && nowMs >= key.expiresMs)
        return Status::Expired;
    return Status::Active;
}

QString KeyText::statusName(Status status)
{
    switch (status) {
    case Status::Active: return tr("active");
    case Status::Revoked: return tr("revoked");
    case Status::Expired: return tr("expired");
    }
    return QString();
}

QString KeyText::prefix(const QString& prefix)
{
    return prefix.isEmpty() ? QStringLiteral("–") : prefix + QStringLiteral("…");
}

QString KeyText::perPeriod(Period period)
{
    switch (period) {
    case Period::Day: return tr("per day");
    case Period::Week: return tr("per week");
    case Period::Month: return tr("per month");
    case Period::Total: return tr("in total");
    }
    return QString();
}

QString KeyText::usd(Nanos nanos)
{
    const QLocale locale;
    const double usd = gateway::config::nanosToUsd(nanos);
    // Cents, unless that would show a small amount spent as $0.00.
    const int decimals = (nanos != 0 && std::abs(usd) < 0.01) ? 4 : 2;
    return tr("$%1", "US dollars").arg(locale.toString(usd, 'f', decimals));
}

QString KeyText::shortCount(qint64 n)
{
    const QLocale locale;
    const auto scaled = [&](double divisor, const QString& unit) {
        const double v = double(n) / divisor;
        // One decimal below 100 (12.5K), none above (250K); no ".0".
        QString text = locale.toString(v, 'f', v < 100 && std::fmod(v, 1.0) >= 0.05 ? 1 : 0);
        return unit.arg(text);
    };
    if (n >= 1'000'000'000)
        return scaled(1e9, tr("%1B", "billions"));
    if (n >= 1'000'000)
        return scaled(1e6, tr("%1M", "millions"));
    if (n >= 10'000)
        return scaled(1e3, tr("%1K", "thousands"));
    return locale.toString(n);
}

QString KeyText::limitsSummary(const Limits& limits)
{
    QStringList parts;
    if (limits.rpm > 0)
        parts << tr("%1 rpm").arg(shortCount(limits.rpm));
    if (limits.tpm > 0)
        parts << tr("%1 tpm").arg(shortCount(limits.tpm));
    if (limits.maxConcurrent > 0)
        parts << tr("%1 at once").arg(QLocale().toString(limits.maxConcurrent));
    if (limits.tokenQuota > 0)
        parts
            << tr("%1 tokens %2").arg(shortCount(limits.tokenQuota), perPeriod(limits.quotaPeriod));
    if (limits.budgetNanos >= 0)
        parts << tr("%1 %2", "amount, period")
                     .arg(usd(limits.budgetNanos), perPeriod(limits.budgetPeriod));
    return parts.isEmpty() ? tr("no limits") : parts.join(QStringLiteral(" · "));
}

QString KeyText::resetsIn(qint64 msLeft)
{
    if (msLeft < 0)
        return tr("never resets");
    const qint64 s = (msLeft + 999) / 1000;
    if (s < 120)
        return tr("resets in %n s", nullptr, int(s));
    if (s < 2 * 3600)
        return tr("resets in %n min", nullptr, int((s + 59) / 60));
    if (s < 2 * 86400)
        return tr("resets in %n h", nullptr, int((s + 3599) / 3600));
    return tr("resets in %n days", nullptr, int((s + 86399) / 86400));
}

QString KeyText::alert(const LimitAlert& alert, std::optional<Period> period)
{
    QString who;
    switch (alert.kind) {
    case ScopeUsage::Kind::Key: who = tr("Key %1").arg(alert.name); break;
    case ScopeUsage::Kind::Tenant: who = tr("Tenant %1").arg(alert.name); break;
    case ScopeUsage::Kind::Model: who = tr("Model %1").arg(alert.name); break;
    }
    const QLocale locale;
    const QString percent =
        alert.limit > 0 ? locale.toString(qint64(std::floor(100 * alert.used / alert.limit)))
                        : QStringLiteral("100");
    if (alert.what == QLatin1String("quota")) {
        const QString tokens = locale.toString(qint64(alert.limit));
        if (!period)
            return tr("%1 has used %2% of its quota of %3 tokens.").arg(who, percent, tokens);
        switch (*period) {
        case Period::Day:
            return tr("%1 has used %2% of its daily quota of %3 tokens.").arg(who, percent, tokens);
        case Period::Week:
            return tr("%1 has used %2% of its weekly quota of %3 tokens.")
                .arg(who, percent, tokens);
        case Period::Month:
            return tr("%1 has used %2% of its monthly quota of %3 tokens.")
                .arg(who, percent, tokens);
        case Period::Total:
            return tr("%1 has used %2% of its total quota of %3 tokens.").arg(who, percent, tokens);
        }
    }
    const QString amount = usd(gateway::config::usdToNanos(alert.limit));
    if (!period)
        return tr("%1 has used %2% of its %3 budget.").arg(who, percent, amount);
    switch (*period) {
    case Period::Day:
        return tr("%1 has used %2% of its %3 daily budget.").arg(who, percent, amount);
    case Period::Week:
        return tr("%1 has used %2% of its %3 weekly budget.").arg(who, percent, amount);
    case Period::Month:
        return tr("%1 has used %2% of its %3 monthly budget.").arg(who, percent, amount);
    case Period::Total:
        return tr("%1 has used %2% of its %3 total budget.").arg(who, percent, amount);
    }
    return QString();
}

QString KeyText::alert(const LimitAlert& alert, const gateway::governance::LedgerView* ledger)
{
    std::optional<Period> period;
    if (ledger)
        for (const ScopeUsage& s : ledger->snapshot())
            if (s.kind == alert.kind && s.name == alert.name)
                period = alert.what == QLatin1String("quota") ? s.limits.quotaPeriod
                                                              : s.limits.budgetPeriod;
    return KeyText::alert(alert, period);
}

} // namespace ui

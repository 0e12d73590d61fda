#include "models/AttemptText.h"

#include <QLocale>
#include <QStringList>

namespace ui {

QString AttemptText::error(const QString& errorClass, int status)
{
    if (errorClass.isEmpty())
        return status > 0 ? tr("HTTP %1").arg(status) : tr("no error");
    if (errorClass == QLatin1String("upstream_connect"))
        return tr("connection refused or failed");
    if (errorClass == QLatin1String("upstream_timeout"))
        return tr("timed out");
    if (errorClass == QLatin1String("upstream_reset"))
        return tr("connection reset");
    if (errorClass == QLatin1String("upstream_tls"))
        return tr("TLS handshake failed");
    if (errorClass == QLatin1String("upstream_auth_error"))
        return tr("backend rejected its key");
    if (errorClass == QLatin1String("upstream_429"))
        return tr("rate limited (HTTP 429)");
    if (errorClass == QLatin1String("upstream_5xx") || errorClass == QLatin1String("upstream_4xx"))
        return status > 0 ? tr("HTTP %1").arg(status) : tr("HTTP error");
    if (errorClass == QLatin1String("upstream_protocol"))
        return tr("not a valid HTTP answer");
    if (errorClass == QLatin1String("upstream_too_large"))
        return tr("answer too large");
    if (errorClass == QLatin1String("client_closed"))
        return tr("client went away");
    return status > 0 ? tr("HTTP %1 (%2)").arg(status).arg(errorClass) : errorClass;
}

QString AttemptText::chain(const std::vector<gateway::store::Attempt>& attempts)
{
    const QLocale locale;
    QStringList lines;
    for (const gateway::store::Attempt& a : attempts) {
        const QString target = AttemptText::target(a);
        const QString duration =
            tr("%1 ms").arg(locale.toString(a.durationMs, 'f', a.durationMs < 10 ? 1 : 0));
        const QString line =
            a.errorClass.isEmpty()
                ? tr("%1 ✓ (%2)", "target, check mark, duration").arg(target, duration)
                : tr("%1 ✗ %2 (%3)", "target, cross, cause, duration")
                      .arg(target, error(a.errorClass, a.status), duration);
        lines << (lines.isEmpty() ? line : QStringLiteral("→ ") + line);
    }
    return lines.join(QLatin1Char('\n'));
}

QString AttemptText::target(const gateway::store::Attempt& attempt)
{
    return attempt.model.isEmpty() ? attempt.backend
                                   : attempt.backend + QLatin1Char('/') + attempt.model;
}

bool AttemptText::servedByFallback(const std::vector<gateway::store::Attempt>& attempts)
{
    return attempts.size() > 1 && attempts.back().errorClass.isEmpty();
}

QString AttemptText::outcome(const std::vector<gateway::store::Attempt>& attempts)
{
    if (attempts.empty())
        return QString();
    const bool answered = attempts.back().errorClass.isEmpty();
    QStringList failures;
    for (size_t i = 0; i < attempts.size() - (answered ? 1 : 0); ++i)
        failures << tr("%1: %2", "target: cause")
                        .arg(target(attempts[i]),
                             error(attempts[i].errorClass, attempts[i].status));
    const QString failed = failures.join(QStringLiteral("; "));
    if (!answered)
        return tr("No target answered: %1").arg(failed);
    return failed.isEmpty() ? tr("Answered by %1").arg(target(attempts.back()))
                            : tr("Answered by %1 after %2").arg(target(attempts.back()), failed);
}

} // namespace ui

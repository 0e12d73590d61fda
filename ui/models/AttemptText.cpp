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
        const QString target =
            a.model.isEmpty() ? a.backend : a.backend + QLatin1Char('/') + a.model;
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

} // namespace ui

#include "store/Attempts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace gateway::store {

namespace {

// A JSON string (RFC 8259, section 7): quote, backslash and control characters escaped; the
// rest is UTF-8 as it is.
void appendString(QByteArray& out, const QString& text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (char c : text.toUtf8()) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

// JSON has no NaN or infinity; a negative duration is a clock gone backwards.
double finiteDuration(double ms)
{
    return std::isfinite(ms) && ms > 0 ? ms : 0;
}

} // namespace

QByteArray attemptsToJson(const std::vector<Attempt>& attempts)
{
    QByteArray out;
    if (attempts.empty())
        return out;
    out.reserve(qsizetype(attempts.size()) * 96);
    out += '[';
    int written = 0;
    for (const Attempt& a : attempts) {
        if (written == maxAttempts)
            break;
        if (written++ > 0)
            out += ',';
        out += "{\"backend\":";
        appendString(out, a.backend);
        out += ",\"model\":";
        appendString(out, a.model);
        out += ",\"status\":";
        out += QByteArray::number(a.status);
        out += ",\"errorClass\":";
        appendString(out, a.errorClass);
        out += ",\"durationMs\":";
        // Microsecond precision is all a duration needs; 'g' drops trailing zeros.
        out += QByteArray::number(std::round(finiteDuration(a.durationMs) * 1000) / 1000, 'g', 15);
        out += '}';
    }
    out += ']';
    return out;
}

std::vector<Attempt> attemptsFromJson(const QByteArray& json)
{
    std::vector<Attempt> attempts;
    if (json.isEmpty() || json.size() > maxAttemptsJsonBytes)
        return attempts;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        return attempts;
    const QJsonArray array = doc.array();
    for (const QJsonValue& value : array) {
        if (!value.isObject())
            return {};
        if (int(attempts.size()) == maxAttempts)
            break;
        const QJsonObject o = value.toObject();
        Attempt a;
        a.backend = o.value(QLatin1String("backend")).toString();
        a.model = o.value(QLatin1String("model")).toString();
        const double status = o.value(QLatin1String("status")).toDouble();
        a.status = status >= 100 && status <= 999 ? int(status) : 0;
        a.errorClass = o.value(QLatin1String("errorClass")).toString();
        a.durationMs = finiteDuration(o.value(QLatin1String("durationMs")).toDouble());
        attempts.push_back(std::move(a));
    }
    return attempts;
}

AttemptOutcome outcomeOf(const std::vector<Attempt>& attempts)
{
    AttemptOutcome outcome;
    for (const Attempt& a : attempts)
        if (a.errorClass.startsWith(QLatin1String("upstream_")))
            ++outcome.failedAttempts;
    outcome.servedByFallback = outcome.failedAttempts > 0 && attempts.back().errorClass.isEmpty();
    return outcome;
}

} // namespace gateway::store

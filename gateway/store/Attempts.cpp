#include "store/Attempts.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace gateway::store {

namespace {

void appendEscaped(QByteArray& out, char c)
{
    static const char hex[] = "0123456789abcdef";
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

// A JSON string (RFC 8259, section 7): quote, backslash and control characters escaped; the
// rest is UTF-8 as it is. Names are ASCII in practice: those are copied without a conversion
// (this runs per row on the log writer's thread, which shares the gateway's core).
void appendString(QByteArray& out, const QString& text)
{
    out += '"';
    const bool ascii =
        std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
    if (ascii) {
        for (QChar c : text)
            appendEscaped(out, char(c.unicode()));
    } else {
        for (char c : text.toUtf8())
            appendEscaped(out, c);
    }
    out += '"';
}

// JSON has no NaN or infinity; a negative duration is a clock gone backwards.
double finiteDuration(double ms)
{
    return std::isfinite(ms) && ms > 0 ? ms : 0;
}

// Milliseconds to microsecond precision, without trailing zeros ("12", "0.4", "1.234"): what
// QByteArray::number(x, 'g', 15) printed for these values, without its double conversion.
// Beyond about 31 years a duration is a broken clock: it is capped there.
void appendDuration(QByteArray& out, double ms)
{
    constexpr double maxMs = 1e12;
    const auto micros = std::llround(std::min(finiteDuration(ms), maxMs) * 1000);
    out += QByteArray::number(micros / 1000);
    int fraction = int(micros % 1000);
    if (fraction == 0)
        return;
    char digits[4] = {char('0' + fraction / 100), char('0' + fraction / 10 % 10),
                      char('0' + fraction % 10), 0};
    int length = 3;
    while (digits[length - 1] == '0')
        --length;
    out += '.';
    out.append(digits, length);
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
        appendDuration(out, a.durationMs);
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
